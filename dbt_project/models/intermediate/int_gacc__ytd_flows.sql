-- Cumulative trade from January to each reference month, per currency, partner and flow,
-- with the year-on-year % GACC prints for it (null where the release prints none).
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where period_kind = 'ytd'

),

amounts as (

    select * from current_values
    where measure = 'value'

),

printed_growth as (

    select * from current_values
    where measure = 'yoy_pct'

),

final as (

    select
        amounts.currency,
        amounts.partner_code,
        amounts.flow,
        amounts.period_start_month,
        amounts.period_end_month,
        amounts.months_covered,
        amounts.amount,
        amounts.printed_value,
        amounts.unit_scale,
        printed_growth.yoy_pct as gacc_yoy_pct,
        amounts.release_kind,
        amounts.publication_date

    from amounts
    left join printed_growth
        on
            amounts.currency = printed_growth.currency
            and amounts.partner_code = printed_growth.partner_code
            and amounts.flow = printed_growth.flow
            and amounts.period_end_month = printed_growth.period_end_month

)

select * from final
