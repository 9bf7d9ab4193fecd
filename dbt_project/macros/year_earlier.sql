{#- Every row of `relation` beside the same row a year earlier: the same values of `keys`
    and `month_column` twelve months back. `columns` maps a column of the earlier row to the
    name it gets (`{'exports_usd': 'exports_prior_usd'}`). A row without a year-earlier twin
    keeps null there (a left join: never a silent zero). -#}
{% macro with_year_earlier(relation, keys, month_column, columns) -%}
    select
        this_year.*,
    {%- for column, alias in columns.items() %}
        prior_year.{{ column }} as {{ alias }}{{ ',' if not loop.last }}
    {%- endfor %}

    from {{ relation }} as this_year
    left join {{ relation }} as prior_year
        on
    {%- for key in keys %}
            prior_year.{{ key }} = this_year.{{ key }} and
    {%- endfor %}
            prior_year.{{ month_column }} = {{ add_months('this_year.' ~ month_column, -12) }}
{%- endmacro %}
