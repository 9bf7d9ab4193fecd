-- China's side by HS chapter: GACC's trade with each selected partner by chapter, from the Monthly
-- Bulletin's tables (15) exports and (16) imports (the current vintage of each page). Those tables
-- print the year to date; a month's value is the year to date less the previous page's of the
-- same year. Where that page is missing (no January Bulletin in 2020, or a gap), the row covers
-- every month since the previous page (months_covered), as trade_balance_monthly's
-- January–February row does.
with year_to_date as (

    select
        partner_code,
        flow,
        item_code as hs_chapter,
        period_start_month,
        reference_month,
        amount,
        publication_date

    from {{ ref('int_gacc__breakdown_current') }}
    where
        table_code in ('15', '16')
        and item_level = 'chapter'
        and measure = 'value'
        and period_kind = 'ytd'
        and amount is not null

),

with_previous_page as (

    select
        *,
        lag(reference_month) over same_year as previous_month,
        lag(amount) over same_year as previous_amount

    from year_to_date
    window same_year as (
        partition by partner_code, flow, hs_chapter, period_start_month
        order by reference_month
    )

),

final as (

    select
        partner_code,
        flow,
        hs_chapter,
        reference_month as period_month,
        cast(
            date_diff('month', coalesce(previous_month, {{ add_months('period_start_month', -1) }}), reference_month)
            as integer
        ) as months_covered,
        amount - coalesce(previous_amount, 0) as value_usd,
        publication_date

    from with_previous_page

)

select * from final
