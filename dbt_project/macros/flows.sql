{#- The three flows of a partner's trade side by side, from rows with a `flow` column:
    exports, imports and total trade (GACC's "Export & Import"). `column` is what each
    flow's row holds; the output columns are `<prefix>exports<suffix>` ... -#}
{% macro flow_pivot(column, prefix='', suffix='_usd') -%}
    max(case when flow = 'export' then {{ column }} end) as {{ prefix }}exports{{ suffix }},
    max(case when flow = 'import' then {{ column }} end) as {{ prefix }}imports{{ suffix }},
    max(case when flow = 'total' then {{ column }} end) as {{ prefix }}total_trade{{ suffix }}
{%- endmacro %}
