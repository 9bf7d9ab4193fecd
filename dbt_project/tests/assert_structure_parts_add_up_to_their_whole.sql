-- The marts of how China trades: on every printed window, the rows GACC adds up add up to their
-- whole within the rounding of the integers printed (half of US$1,000 each, the whole's included;
-- twice that for a month (6)/(7) give as the difference of two printed years to date): regimes,
-- customs districts and provinces (either basis) to the world; each enterprise type's regimes to
-- the type, the types to all of them, and (2018-2019) the kinds of foreign-invested enterprise to
-- FIE; special areas to their kind; the foreign-invested kinds to all foreign-invested
-- enterprises. "Of which" rows (cities, a regime of the foreign-invested) are never summed.
with parts as (

    select
        'regime_trade' as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('regime_trade') }}
    where item_level = 'item' and "window" in ('month', 'ytd')
    union all
    select
        'customs_district_trade' as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('customs_district_trade') }}
    where item_level = 'item' and "window" in ('month', 'ytd')
    union all
    select
        'province_trade/' || basis as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('province_trade') }}
    where item_level = 'item' and "window" in ('month', 'ytd')
    union all
    select
        'enterprise_trade/' || enterprise_code as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where item_level = 'item' and "window" in ('month', 'ytd')
    union all
    select
        'enterprise_trade/types/' || regime_code as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where enterprise_code != 'TOTAL' and enterprise_code not like '%/%' and "window" in ('month', 'ytd')
    union all
    select
        'enterprise_trade/foreign_invested_kinds/' || regime_code as mart,
        'FIE' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where enterprise_code like 'FIE/%' and "window" in ('month', 'ytd')
    union all
    select
        'special_area_trade' as mart,
        parent_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('special_area_trade') }}
    where item_level in ('group', 'item') and "window" in ('month', 'ytd')
    union all
    select
        'foreign_invested_trade' as mart,
        'TOTAL' as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('foreign_invested_trade') }}
    where item_level = 'item' and "window" in ('month', 'ytd')

),

wholes as (

    select
        'regime_trade' as mart,
        regime_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('regime_trade') }}
    where item_level = 'total'
    union all
    select
        'customs_district_trade' as mart,
        district_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('customs_district_trade') }}
    where item_level = 'total'
    union all
    select
        'province_trade/' || basis as mart,
        area_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('province_trade') }}
    where item_level = 'total'
    union all
    select
        'enterprise_trade/' || enterprise_code as mart,
        regime_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where item_level = 'total'
    union all
    select
        'enterprise_trade/types/' || regime_code as mart,
        enterprise_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where enterprise_code = 'TOTAL'
    union all
    select
        'enterprise_trade/foreign_invested_kinds/' || regime_code as mart,
        enterprise_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('enterprise_trade') }}
    where enterprise_code = 'FIE'
    union all
    select
        'special_area_trade' as mart,
        area_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('special_area_trade') }}
    where item_level in ('total', 'group')
    union all
    select
        'foreign_invested_trade' as mart,
        item_code as whole_code,
        flow,
        period_end_month,
        "window",
        value_usd
    from {{ ref('foreign_invested_trade') }}
    where item_level = 'total'

),

summed as (

    select
        mart,
        whole_code,
        flow,
        period_end_month,
        "window",
        sum(value_usd) as parts_usd,
        count(*) as parts
    from parts
    group by mart, whole_code, flow, period_end_month, "window"

)

select
    summed.*,
    wholes.value_usd as whole_usd
from summed
left join wholes
    on
        summed.mart = wholes.mart
        and summed.whole_code = wholes.whole_code
        and summed.flow = wholes.flow
        and summed.period_end_month = wholes.period_end_month
        and summed."window" = wholes."window"
where wholes.value_usd is null or abs(summed.parts_usd - wholes.value_usd) > (summed.parts + 1) * 1000
