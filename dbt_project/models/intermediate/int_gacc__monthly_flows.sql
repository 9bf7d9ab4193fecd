-- Trade in each month, per currency, partner and flow.
--
-- * A single-month column, where the release prints one.
-- * January and February: GACC releases them together, so the January–February cumulative
--   figure is one row on February with months_covered = 2; there is never a January row.
-- * A month whose release prints only year-to-date figures: this month's cumulative figure
--   minus last month's (value_source = 'ytd_difference').
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

printed_months as (

    select
        currency,
        partner_code,
        flow,
        period_end_month as period_month,
        period_start_month,
        months_covered,
        amount,
        'printed' as value_source,
        release_kind,
        publication_date

    from current_values
    where period_kind = 'month'
        or (period_kind = 'ytd' and month(period_end_month) = 2)

),

year_to_date as (

    select * from current_values
    where period_kind = 'ytd'

),

differenced_months as (

    select
        this_month.currency,
        this_month.partner_code,
        this_month.flow,
        this_month.period_end_month as period_month,
        this_month.period_end_month as period_start_month,
        1 as months_covered,
        this_month.amount - last_month.amount as amount,
        'ytd_difference' as value_source,
        this_month.release_kind,
        this_month.publication_date

    from year_to_date as this_month
    inner join year_to_date as last_month
        on last_month.currency = this_month.currency
        and last_month.partner_code = this_month.partner_code
        and last_month.flow = this_month.flow
        and last_month.period_end_month = {{ add_months('this_month.period_end_month', -1) }}
    left join printed_months
        on printed_months.currency = this_month.currency
        and printed_months.partner_code = this_month.partner_code
        and printed_months.flow = this_month.flow
        and printed_months.period_month = this_month.period_end_month
    where month(this_month.period_end_month) > 2
        and printed_months.period_month is null

),

final as (

    select * from printed_months
    union all
    select * from differenced_months

)

select * from final
