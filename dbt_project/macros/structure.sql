{#- breakdown_windows over tables of how China trades (`table_codes`), with China's whole trade
    over the same window and flow (table (5)'s TOTAL, which gate 1 holds to table (2)) and the
    row's share of it. The macro's own share (share_pct) is of the table's TOTAL in the same
    column: the world on (5), (8)-(10); the enterprise type on (6)/(7); the special areas on
    (11); the foreign-invested enterprises on (12). A table that prints January to the month
    only ((6)/(7)) has its months from the differences of its pages. -#}
{% macro structure_windows(table_codes) -%}
with breakdown as (

    {{ breakdown_windows(table_codes, months_from_ytd=true) }}

),

world as (

    select flow, period_end_month, "window", value_usd as world_value_usd
    from ({{ breakdown_windows(['5']) }}) as regimes
    where item_code = 'TOTAL'

)

select
    breakdown.*,
    world.world_value_usd,
    100.0 * breakdown.value_usd / nullif(world.world_value_usd, 0) as share_of_world_pct

from breakdown
left join world
    on
        world.flow = breakdown.flow
        and world.period_end_month = breakdown.period_end_month
        and world."window" = breakdown."window"
{%- endmacro %}
