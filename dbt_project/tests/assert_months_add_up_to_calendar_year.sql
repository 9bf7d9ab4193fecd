-- The monthly rows of a complete year add up to the calendar-year figure, within the rounding
-- of the printed figures: each monthly figure and the annual one are rounded to half a page unit.
with monthly as (

    select * from {{ ref('trade_balance_monthly') }}

),

summary as (

    select * from {{ ref('trade_balance_summary') }}
    where "window" = 'calendar_year'

),

page_unit as (

    select max(unit_scale) as usd_scale
    from {{ ref('stg_gacc__observations') }}
    where currency = 'USD'

),

years as (

    select
        partner_code,
        year(period_month) as calendar_year,
        sum(months_covered) as months_present,
        count(*) as monthly_rows,
        sum(exports_usd) as exports_usd,
        sum(imports_usd) as imports_usd

    from monthly
    group by partner_code, year(period_month)

)

select
    years.*,
    summary.exports_usd as calendar_exports_usd,
    summary.imports_usd as calendar_imports_usd

from years
inner join summary
    on summary.partner_code = years.partner_code
    and year(summary.period_end_month) = years.calendar_year
cross join page_unit
where years.months_present = 12
    and greatest(
        abs(years.exports_usd - summary.exports_usd),
        abs(years.imports_usd - summary.imports_usd)
    ) > 0.05 * (years.monthly_rows + 1) * page_unit.usd_scale + 1e-6
