with monthly_flows as (

    select * from {{ ref('int_gacc__monthly_flows') }}
    where currency = 'USD'

),

monthly as (

    select
        partner_code,
        period_month,
        max(months_covered) as months_covered,
        {{ flow_pivot('amount') }},
        -- The flows of a partner-month come from one page, unless a vintage printed only some of
        -- them: the month is then as verified as its least verified flow, and as new as its newest.
        {{ least_verified_release_kind('release_kind') }} as release_kind,
        max(publication_date) as publication_date,
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

-- The same period a year earlier: a January–February row compares with January–February only.
with_prior_year as (

    {{ with_year_earlier(
        'with_balance',
        keys=['partner_code', 'months_covered'],
        month_column='period_month',
        columns={
            'exports_usd': 'exports_prior_usd',
            'imports_usd': 'imports_prior_usd',
            'balance_usd': 'balance_prior_usd',
        },
    ) }}

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
