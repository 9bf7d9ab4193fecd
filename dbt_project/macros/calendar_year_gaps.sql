{#- Per partner and complete year: the calendar-year figure GACC prints (December's
    January-to-December) against the sum of the year's monthly rows, and how far rounding
    alone could set them apart (each monthly row is one printed figure, or two where it is
    the difference of two cumulative figures, and the annual figure is one more). -#}
{% macro calendar_year_gaps() %}
with monthly as (

    select * from {{ ref('trade_balance_monthly') }}

),

calendar_years as (

    select * from {{ ref('trade_balance_summary') }}
    where "window" = 'calendar_year'

),

-- The unit each partner's figures are printed in (the world's totals table and the tables by
-- country may print different ones).
partner_units as (

    select
        partner_code,
        -- a unit printed with no decimal (the Bulletin's US$1,000) rounds like ten of one decimal
        max(unit_scale * power(10, 1 - printed_decimals)) as usd_scale

    from {{ ref('int_gacc__current_values') }}
    where currency = 'USD' and measure = 'value'
    group by partner_code

),

years as (

    select
        partner_code,
        year(period_month) as calendar_year,
        sum(months_covered) as months_present,
        sum(case when value_source = 'ytd_difference' then 2 else 1 end) as printed_figures,
        sum(exports_usd) as months_exports_usd,
        sum(imports_usd) as months_imports_usd

    from monthly
    group by partner_code, year(period_month)

),

compared as (

    select
        years.partner_code,
        years.calendar_year,
        years.months_exports_usd,
        calendar_years.exports_usd as calendar_exports_usd,
        years.months_imports_usd,
        calendar_years.imports_usd as calendar_imports_usd,
        greatest(
            abs(years.months_exports_usd - calendar_years.exports_usd),
            abs(years.months_imports_usd - calendar_years.imports_usd)
        ) as gap_usd,
        100.0 * greatest(
            abs(years.months_exports_usd - calendar_years.exports_usd),
            abs(years.months_imports_usd - calendar_years.imports_usd)
        ) / nullif(greatest(calendar_years.exports_usd, calendar_years.imports_usd), 0) as gap_pct,
        {{ rounding_allowance('years.printed_figures + 1', 'partner_units.usd_scale') }} as rounding_usd

    from years
    inner join calendar_years
        on
            years.partner_code = calendar_years.partner_code
            and years.calendar_year = year(calendar_years.period_end_month)
    inner join partner_units
        on years.partner_code = partner_units.partner_code
    where years.months_present = 12

)

select * from compared
{% endmacro %}
