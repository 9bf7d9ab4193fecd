{#- The vintage of a figure made of several printed numbers (the flows of a month, the months of
    a window): the least verified of theirs, 'preliminary' while any of them is preliminary,
    'monthly_bulletin' once every one is the Bulletin's. An aggregate; `over` makes it a window
    aggregate ("over last_twelve_months"). -#}
{% macro least_verified_release_kind(column, over='') -%}
    case
        when bool_or({{ column }} = 'preliminary') {{ over }} then 'preliminary'
        else max({{ column }}) {{ over }}
    end
{%- endmacro %}
