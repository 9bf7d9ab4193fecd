-- hs_trade and sitc_trade: on every printed window the chapters (divisions) add up to the world
-- within the rounding of the integers GACC prints (half of US$1,000 each, the world's included).
-- A chapter not printed (nothing traded) adds nothing.
with items as (

    select
        'hs' as classification,
        item_level,
        item_code,
        flow,
        period_end_month,
        "window",
        value_usd,
        world_value_usd
    from {{ ref('hs_trade') }}
    where "window" in ('month', 'ytd')
    union all
    select
        'sitc' as classification,
        item_level,
        item_code,
        flow,
        period_end_month,
        "window",
        value_usd,
        world_value_usd
    from {{ ref('sitc_trade') }}
    where "window" in ('month', 'ytd')

),

summed as (

    select
        classification,
        flow,
        period_end_month,
        "window",
        sum(value_usd) as chapters_usd,
        count(*) as chapters,
        max(world_value_usd) as world_usd

    from items
    where item_level in ('chapter', 'division')
    group by classification, flow, period_end_month, "window"

)

select *
from summed
where world_usd is null or abs(chapters_usd - world_usd) > (chapters + 1) * 500
