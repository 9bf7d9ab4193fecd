-- Exports, imports and the balance over four windows ending in each month:
--   month          the month itself (January–February as one row on February)
--   ytd            January to the month, as GACC prints it cumulatively
--   rolling_12m    the twelve months to the month; only where all twelve are present
--   calendar_year  January to December (December rows only)
with monthly as (

    select * from {{ ref('trade_balance_monthly') }}

),

ytd_flows as (

    select * from {{ ref('int_gacc__ytd_flows') }}
    where currency = 'USD'

),

printed_year_to_date as (

    select
        partner_code,
        period_end_month,
        max(period_start_month) as period_start_month,
        max(months_covered) as months_covered,
        {{ flow_pivot('amount') }},
        {{ flow_pivot('gacc_yoy_pct', prefix='gacc_', suffix='_yoy_pct') }},
        {{ least_verified_release_kind('release_kind') }} as release_kind,
        max(publication_date) as publication_date

    from ytd_flows
    group by partner_code, period_end_month

),

-- January to January is January: a January with no cumulative figure printed (one derived
-- from an ordinary February) has its year-to-date window all the same.
year_to_date as (

    select * from printed_year_to_date

    union all

    select
        monthly.partner_code,
        monthly.period_month as period_end_month,
        monthly.period_month as period_start_month,
        monthly.months_covered,
        monthly.exports_usd,
        monthly.imports_usd,
        monthly.total_trade_usd,
        cast(null as double) as gacc_exports_yoy_pct,
        cast(null as double) as gacc_imports_yoy_pct,
        cast(null as double) as gacc_total_trade_yoy_pct,
        monthly.release_kind,
        monthly.publication_date

    from monthly
    anti join printed_year_to_date
        on
            monthly.partner_code = printed_year_to_date.partner_code
            and monthly.period_month = printed_year_to_date.period_end_month
    where month(monthly.period_month) = 1

),

month_window as (

    select
        partner_code,
        period_month as period_end_month,
        'month' as "window",
        {{ add_months('period_month', '1 - months_covered') }} as period_start_month,
        months_covered,
        exports_usd,
        imports_usd,
        total_trade_usd,
        cast(null as double) as gacc_exports_yoy_pct,
        cast(null as double) as gacc_imports_yoy_pct,
        cast(null as double) as gacc_total_trade_yoy_pct,
        release_kind,
        publication_date

    from monthly

),

ytd_window as (

    select
        partner_code,
        period_end_month,
        'ytd' as "window",
        period_start_month,
        months_covered,
        exports_usd,
        imports_usd,
        total_trade_usd,
        gacc_exports_yoy_pct,
        gacc_imports_yoy_pct,
        gacc_total_trade_yoy_pct,
        release_kind,
        publication_date

    from year_to_date

),

calendar_year_window as (

    select * replace ('calendar_year' as "window")
    from ytd_window
    where month(period_end_month) = 12

),

trailing_twelve as (

    select
        partner_code,
        period_month as period_end_month,
        sum(months_covered) over last_twelve_months as months_present,
        sum(exports_usd) over last_twelve_months as exports_usd,
        sum(imports_usd) over last_twelve_months as imports_usd,
        sum(total_trade_usd) over last_twelve_months as total_trade_usd,
        {{ least_verified_release_kind('release_kind', over='over last_twelve_months') }} as release_kind,
        max(publication_date) over last_twelve_months as publication_date

    from monthly
    window last_twelve_months as (
        partition by partner_code
        order by period_month
        range between interval 11 months preceding and current row
    )

),

rolling_window as (

    select
        partner_code,
        period_end_month,
        'rolling_12m' as "window",
        {{ add_months('period_end_month', -11) }} as period_start_month,
        12 as months_covered,
        exports_usd,
        imports_usd,
        total_trade_usd,
        cast(null as double) as gacc_exports_yoy_pct,
        cast(null as double) as gacc_imports_yoy_pct,
        cast(null as double) as gacc_total_trade_yoy_pct,
        release_kind,
        publication_date

    from trailing_twelve
    -- A window that starts in January would split the January–February row: never complete.
    where months_present = 12

),

windows as (

    select * from month_window
    union all
    select * from ytd_window
    union all
    select * from calendar_year_window
    union all
    select * from rolling_window

),

with_balance as (

    select
        *,
        exports_usd - imports_usd as balance_usd

    from windows

),

with_prior_year as (

    {{ with_year_earlier(
        'with_balance',
        keys=['partner_code', '"window"', 'months_covered'],
        month_column='period_end_month',
        columns={
            'exports_usd': 'exports_prior_usd',
            'imports_usd': 'imports_prior_usd',
            'balance_usd': 'balance_prior_usd',
        },
    ) }}

),

final as (

    select
        partner_code,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        exports_usd,
        imports_usd,
        total_trade_usd,
        balance_usd,
        exports_prior_usd,
        imports_prior_usd,
        balance_prior_usd,
        {{ pct_change('exports_usd', 'exports_prior_usd') }} as exports_yoy_pct,
        {{ pct_change('imports_usd', 'imports_prior_usd') }} as imports_yoy_pct,
        {{ pct_change('balance_usd', 'balance_prior_usd') }} as balance_yoy_pct,
        gacc_exports_yoy_pct,
        gacc_imports_yoy_pct,
        gacc_total_trade_yoy_pct,
        release_kind,
        publication_date

    from with_prior_year

)

select * from final
