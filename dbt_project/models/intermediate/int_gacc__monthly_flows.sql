-- Trade in each month, per currency, partner and flow. GACC's January has taken three forms:
--
-- * 2018-2019: January has a release of its own, like any other month.
-- * 2020-2025: January and February are released together; the January–February cumulative
--   figure is one row on February with months_covered = 2, and there is no January row.
-- * 2026: February is an ordinary release (the month and January–February) and January has
--   none; January is January–February minus February (value_source = 'ytd_difference').
--
-- Any other month whose release prints only year-to-date figures is this month's cumulative
-- figure minus last month's (value_source = 'ytd_difference').
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

printed_months as (

    select * from current_values
    where period_kind = 'month'

),

year_to_date as (

    select * from current_values
    where period_kind = 'ytd'

),

single_months as (

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

    from printed_months

),

-- Cumulative figures with no printed month column, each beside last month's cumulative figure
-- of the same year (null in January, and in February when January has no figure).
unprinted_months as (

    select
        this_month.*,
        last_month.amount as last_month_amount

    from year_to_date as this_month
    left join year_to_date as last_month
        on
            this_month.currency = last_month.currency
            and this_month.partner_code = last_month.partner_code
            and this_month.flow = last_month.flow
            and last_month.period_end_month = {{ add_months('this_month.period_end_month', -1) }}
            and month(this_month.period_end_month) > 1
    anti join printed_months
        on
            this_month.currency = printed_months.currency
            and this_month.partner_code = printed_months.partner_code
            and this_month.flow = printed_months.flow
            and this_month.period_end_month = printed_months.period_end_month

),

-- The cumulative figure is the month itself in January, and January–February together
-- where January has no figure of its own.
opening_months as (

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

    from unprinted_months
    where last_month_amount is null and months_covered <= 2

),

differenced_months as (

    select
        currency,
        partner_code,
        flow,
        period_end_month as period_month,
        period_end_month as period_start_month,
        1 as months_covered,
        amount - last_month_amount as amount,
        'ytd_difference' as value_source,
        release_kind,
        publication_date

    from unprinted_months
    where last_month_amount is not null

),

-- An ordinary February (its month and January–February) with nothing printed for January.
derived_januaries as (

    select
        february_ytd.currency,
        february_ytd.partner_code,
        february_ytd.flow,
        february_ytd.period_start_month as period_month,
        february_ytd.period_start_month,
        1 as months_covered,
        february_ytd.amount - february.amount as amount,
        'ytd_difference' as value_source,
        february_ytd.release_kind,
        february_ytd.publication_date

    from year_to_date as february_ytd
    inner join printed_months as february
        on
            february_ytd.currency = february.currency
            and february_ytd.partner_code = february.partner_code
            and february_ytd.flow = february.flow
            and february_ytd.period_end_month = february.period_end_month
    anti join current_values as january
        on
            february_ytd.currency = january.currency
            and february_ytd.partner_code = january.partner_code
            and february_ytd.flow = january.flow
            and february_ytd.period_start_month = january.period_end_month
    where month(february_ytd.period_end_month) = 2 and february_ytd.months_covered = 2

),

final as (

    select * from single_months
    union all
    select * from opening_months
    union all
    select * from differenced_months
    union all
    select * from derived_januaries

)

select * from final
