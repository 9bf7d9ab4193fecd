{#- How far `figures` printed figures, added or subtracted, may stray from the exact result
    through rounding alone, in the units of `scale` (1 = page units).

    The one rounding tolerance is the project variable `rounding_tolerance`
    (customs_wh.contracts.ROUNDING_TOLERANCE, passed by every dbt invocation of the
    warehouse): how far two printed figures may disagree. Each figure is off by at most half
    of it. There is no default: dbt stops with "Required var 'rounding_tolerance' not
    found" rather than check against a tolerance nobody chose. -#}
{% macro rounding_allowance(figures, scale=1) -%}
    (({{ figures }}) * {{ var('rounding_tolerance') }} / 2.0 * ({{ scale }}))
{%- endmacro %}
