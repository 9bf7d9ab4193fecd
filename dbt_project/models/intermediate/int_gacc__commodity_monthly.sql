-- Each commodity's trade month by month, per flow, from the numbers the marts use of the USD edition
-- (the marts' currency; gate 1 has held the CNY edition to it): the Bulletin's row of a commodity
-- once published, else the preliminary's (int_gacc__commodity_current_values).
--
-- GACC's January has been published three ways, and each gives the months it can:
-- * 2018-2019: a January release, then February with its own month column: both printed.
-- * 2020-2025: January and February together, cumulative only: one row on February
--   covering two months (months_covered = 2), never a January row.
-- * From 2026: an ordinary February (month and January-February), no January release:
--   February is printed, January is January-February minus February.
-- Any other month without a month column is this month's cumulative figure minus last
-- month's (value_source = 'ytd_difference'). A quantity is differenced only within one
-- quantity unit: across a change of unit it is null, never a mix of units.
with current_numbers as (

    select * from {{ ref('int_gacc__commodity_current_values') }}
    where
        currency = 'USD'
        and not is_year_earlier
        and measure in ('value', 'quantity')

),

figures as (

    select
        currency,
        commodity_code,
        flow,
        period_kind,
        period_start_month,
        period_end_month,
        max(months_covered) as months_covered,
        max(quantity_unit) as quantity_unit,
        max(amount) as amount,
        max(quantity) as quantity,
        -- Every number of a row comes from one page; min() keeps reruns deterministic.
        min(release_kind) as release_kind,
        min(publication_date) as publication_date

    from current_numbers
    group by currency, commodity_code, flow, period_kind, period_start_month, period_end_month

),

printed_months as (

    select * from figures
    where period_kind = 'month'

),

year_to_date as (

    select * from figures
    where period_kind = 'ytd'

),

-- A month column printed by the release: the month itself.
printed as (

    select
        currency,
        commodity_code,
        flow,
        period_end_month as period_month,
        period_start_month,
        1 as months_covered,
        quantity_unit,
        amount,
        quantity,
        'printed' as value_source,
        release_kind,
        publication_date

    from printed_months

),

-- January-February released together, with neither month printed on its own.
january_february as (

    select
        february.currency,
        february.commodity_code,
        february.flow,
        february.period_end_month as period_month,
        february.period_start_month,
        2 as months_covered,
        february.quantity_unit,
        february.amount,
        february.quantity,
        'printed' as value_source,
        february.release_kind,
        february.publication_date

    from year_to_date as february
    left join figures as january
        on
            february.currency = january.currency
            and february.commodity_code = january.commodity_code
            and february.flow = january.flow
            and january.period_end_month = {{ add_months('february.period_end_month', -1) }}
    left join printed_months as february_month
        on
            february.currency = february_month.currency
            and february.commodity_code = february_month.commodity_code
            and february.flow = february_month.flow
            and february.period_end_month = february_month.period_end_month
    where
        month(february.period_end_month) = 2
        and january.period_end_month is null
        and february_month.period_end_month is null

),

-- A month without its own column: this month's January-to-month minus last month's.
differenced as (

    select
        this_month.currency,
        this_month.commodity_code,
        this_month.flow,
        this_month.period_end_month as period_month,
        this_month.period_end_month as period_start_month,
        1 as months_covered,
        this_month.quantity_unit,
        this_month.amount - last_month.amount as amount,
        case
            when lower(this_month.quantity_unit) = lower(last_month.quantity_unit)
                then this_month.quantity - last_month.quantity
        end as quantity,
        'ytd_difference' as value_source,
        this_month.release_kind,
        this_month.publication_date

    from year_to_date as this_month
    inner join year_to_date as last_month
        on
            this_month.currency = last_month.currency
            and this_month.commodity_code = last_month.commodity_code
            and this_month.flow = last_month.flow
            and last_month.period_end_month = {{ add_months('this_month.period_end_month', -1) }}
    left join printed_months
        on
            this_month.currency = printed_months.currency
            and this_month.commodity_code = printed_months.commodity_code
            and this_month.flow = printed_months.flow
            and this_month.period_end_month = printed_months.period_end_month
    where
        month(this_month.period_end_month) > 1
        and printed_months.period_end_month is null

),

-- January of a year whose February prints its month beside January-February, and which
-- has no January release: January-February minus February.
january_from_february as (

    select
        february.currency,
        february.commodity_code,
        february.flow,
        february.period_start_month as period_month,
        february.period_start_month,
        1 as months_covered,
        february.quantity_unit,
        february.amount - february_month.amount as amount,
        case
            when lower(february.quantity_unit) = lower(february_month.quantity_unit)
                then february.quantity - february_month.quantity
        end as quantity,
        'ytd_difference' as value_source,
        february.release_kind,
        february.publication_date

    from year_to_date as february
    inner join printed_months as february_month
        on
            february.currency = february_month.currency
            and february.commodity_code = february_month.commodity_code
            and february.flow = february_month.flow
            and february.period_end_month = february_month.period_end_month
    left join figures as january
        on
            february.currency = january.currency
            and february.commodity_code = january.commodity_code
            and february.flow = january.flow
            and february.period_start_month = january.period_end_month
    where
        month(february.period_end_month) = 2
        and january.period_end_month is null

),

final as (

    select * from printed
    union all
    select * from january_february
    union all
    select * from differenced
    union all
    select * from january_from_february

)

select * from final
