-- How fast did the "new three" (electric vehicles, lithium-ion batteries, solar cells) grow in 2025?
with members as (
    select
        commodity.commodity_name        as exports,
        trade.value_usd,
        trade.value_prior_usd,
        trade.value_yoy_pct
    from marts.commodity_trade as trade
    inner join marts.dim_commodity as commodity using (commodity_code, flow)
    where trade.commodity_code in ('electric_vehicles', 'lithium_ion_batteries', 'solar_cells')
      and trade.flow = 'export'
      and trade."window" = 'calendar_year'
      and trade.period_end_month = date '2025-12-01'
),

together as (
    select
        'The new three together'        as exports,
        value_usd,
        value_prior_usd,
        value_yoy_pct
    from marts.commodity_group_trade
    where group_code = 'new_three'
      and "window" = 'calendar_year'
      and period_end_month = date '2025-12-01'
)

select
    exports,
    round(value_prior_usd / 1e9, 1)     as exports_2024_bn,
    round(value_usd / 1e9, 1)           as exports_2025_bn,
    round(value_yoy_pct, 1)             as growth_pct
from (select * from members union all select * from together)
order by exports = 'The new three together', value_usd desc
