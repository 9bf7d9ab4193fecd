with monthly_flows as (

    select * from {{ ref('int_gacc__monthly_flows') }}
    where currency = 'USD'

),

monthly as (

    select
        partner_code,
        period_month,
        max(months_covered) as months_covered,
        max(case when flow = 'export' then amount end) as exports_usd,
        max(case when flow = 'import' then amount end) as imports_usd,
        max(case when flow = 'total' then amount end) as total_trade_usd,
        -- Every flow of a partner-month comes from the same page; min() keeps reruns deterministic.
        min(release_kind) as release_kind,
        min(publication_date) as publication_date,
        min(value_source) as value_source

    from monthly_flows
    group by partner_code, period_month

),

with_balance as (

    select
        *,
        exports_usd - imports_usd as balance_usd

    from monthly

),

-- The same period a year earlier: February compares January–February with January–February.
with_prior_year as (

    select
        this_year.*,
        prior_year.exports_usd as exports_prior_usd,
        prior_year.imports_usd as imports_prior_usd,
        prior_year.balance_usd as balance_prior_usd

    from with_balance as this_year
    left join with_balance as prior_year
        on prior_year.partner_code = this_year.partner_code
        and prior_year.period_month = {{ add_months('this_year.period_month', -12) }}
        and prior_year.months_covered = this_year.months_covered

),

final as (

    select
        period_month,
        partner_code,
        exports_usd,
        imports_usd,
        total_trade_usd,
        balance_usd,
        months_covered,
        {{ pct_change('exports_usd', 'exports_prior_usd') }} as exports_yoy_pct,
        {{ pct_change('imports_usd', 'imports_prior_usd') }} as imports_yoy_pct,
        {{ pct_change('balance_usd', 'balance_prior_usd') }} as balance_yoy_pct,
        balance_prior_usd,
        release_kind,
        publication_date,
        value_source

    from with_prior_year

)

select * from final
