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
