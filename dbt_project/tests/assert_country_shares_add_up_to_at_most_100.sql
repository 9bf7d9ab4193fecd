-- Countries and territories (and the trade of unknown destination) do not overlap: together
-- they trade no more than the world, to the rounding of the printed figures (a partner's
-- window sums up to twelve monthly rows, each at most two printed figures).
with shares as (

    select * from {{ ref('partner_share') }}
    where not is_aggregate

),

page_unit as (

    -- a unit printed with no decimal (the Bulletin's US$1,000) rounds like ten of one decimal
    select max(unit_scale * power(10, 1 - printed_decimals)) as usd_scale
    from {{ ref('stg_gacc__observations') }}
    where currency = 'USD'

),

windows as (

    select
        period_end_month,
        "window",
        flow,
        sum(share_pct) as country_share_pct,
        sum(value_usd) as countries_value_usd,
        max(world_value_usd) as world_value_usd,
        count(*) * case "window" when 'rolling_12m' then 24 else 2 end + 1 as printed_figures

    from shares
    group by period_end_month, "window", flow

)

select windows.*
from windows
cross join page_unit
where
    windows.countries_value_usd
    > windows.world_value_usd + {{ rounding_allowance('windows.printed_figures', 'page_unit.usd_scale') }}
