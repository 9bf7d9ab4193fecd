-- At December, the twelve months to date are the calendar year (to the rounding of the months).
with summary as (

    select * from {{ ref('trade_balance_summary') }}

),

page_unit as (

    select max(unit_scale) as usd_scale
    from {{ ref('stg_gacc__observations') }}
    where currency = 'USD'

)

select
    rolling.partner_code,
    rolling.period_end_month,
    rolling.exports_usd as rolling_exports_usd,
    calendar.exports_usd as calendar_exports_usd

from summary as rolling
inner join summary as calendar
    on calendar.partner_code = rolling.partner_code
    and calendar.period_end_month = rolling.period_end_month
    and calendar."window" = 'calendar_year'
cross join page_unit
where rolling."window" = 'rolling_12m'
    -- Eleven monthly rows (January–February is one) and the annual figure, each within 0.05.
    and greatest(
        abs(rolling.exports_usd - calendar.exports_usd),
        abs(rolling.imports_usd - calendar.imports_usd)
    ) > 0.05 * 12 * page_unit.usd_scale + 1e-6
