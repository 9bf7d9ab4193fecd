-- No commodity, aggregate or group of commodities trades more than China's total exports or
-- imports over the same window (to the rounding of the world's printed figure).
with commodity_share as (

    select * from {{ ref('commodity_share') }}

),

group_trade as (

    select * from {{ ref('commodity_group_trade') }}

),

world_summary as (

    select * from {{ ref('trade_balance_summary') }}
    where partner_code = 'WORLD'

),

page_unit as (

    select max(unit_scale) as usd_scale
    from {{ ref('stg_gacc__observations') }}
    where currency = 'USD'

),

groups_against_world as (

    select
        group_trade.group_code as code,
        group_trade.flow,
        group_trade.period_end_month,
        group_trade."window",
        group_trade.value_usd,
        case group_trade.flow when 'export' then world_summary.exports_usd else world_summary.imports_usd end
            as world_value_usd

    from group_trade
    inner join world_summary
        on
            group_trade.period_end_month = world_summary.period_end_month
            and group_trade."window" = world_summary."window"
            and group_trade.months_covered = world_summary.months_covered

),

compared as (

    select
        commodity_code as code,
        flow,
        period_end_month,
        "window",
        value_usd,
        world_value_usd
    from commodity_share
    union all
    select * from groups_against_world

)

select compared.*
from compared
cross join page_unit
-- the commodity's and the world's printed figures, each in its own unit, at most the larger
where compared.value_usd > compared.world_value_usd + {{ rounding_allowance(2, 'page_unit.usd_scale') }}
