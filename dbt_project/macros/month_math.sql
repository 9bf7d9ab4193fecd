{#- First day of a "YYYY-MM" month string, as a DATE. -#}
{% macro month_to_date(column) -%}
    cast({{ column }} || '-01' as date)
{%- endmacro %}

{#- A first-of-month DATE moved by a whole number of months (DuckDB's date ± interval is a TIMESTAMP). -#}
{% macro add_months(column, months) -%}
    cast({{ column }} + to_months({{ months }}) as date)
{%- endmacro %}

{#- Percent change of `current` on `prior`; null when the base is zero or missing (never a silent 0).
    The base is taken in absolute value so a shrinking deficit reads as growth of the balance. -#}
{% macro pct_change(current, prior) -%}
    case when {{ prior }} is not null and {{ prior }} <> 0
         then 100.0 * ({{ current }} - {{ prior }}) / abs({{ prior }}) end
{%- endmacro %}
