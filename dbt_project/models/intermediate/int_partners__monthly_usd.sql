-- Partner-reported trade in US dollars, converted month by month at the ECB's monthly average before any
-- sum: euros at the dollar's rate, pounds through the euro (dollars per euro ÷ pounds per euro). A month
-- without its rate has no row here, and a suppressed value none either: never a guess, never a zero.
with trade as (

    select * from {{ ref('int_partners__monthly_trade') }}

),

rates as (

    select * from {{ ref('stg_partners__exchange_rates') }}

),

usd_per_unit as (

    select
        period_month,
        'EUR' as currency,
        units_per_eur as usd_per_unit
    from rates
    where currency = 'USD'
    union all
    select
        usd.period_month,
        'GBP' as currency,
        usd.units_per_eur / gbp.units_per_eur as usd_per_unit
    from rates as usd
    inner join rates as gbp
        on usd.period_month = gbp.period_month
    where usd.currency = 'USD' and gbp.currency = 'GBP'
    union all
    select distinct
        period_month,
        'USD' as currency,
        1.0 as usd_per_unit
    from trade
    where currency = 'USD'

),

final as (

    select
        trade.source,
        trade.reporter,
        trade.partner_code,
        trade.flow,
        trade.product,
        trade.period_month,
        trade.currency,
        trade.valuation,
        trade.amount,
        usd_per_unit.usd_per_unit,
        trade.vintage,
        trade.amount * usd_per_unit.usd_per_unit as amount_usd
    from trade
    inner join usd_per_unit
        on
            trade.currency = usd_per_unit.currency
            and trade.period_month = usd_per_unit.period_month
    where trade.amount is not null

)

select * from final
