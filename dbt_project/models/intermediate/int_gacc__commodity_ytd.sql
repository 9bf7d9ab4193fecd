-- January to each reference month, per commodity and flow, from the numbers the marts use of the
-- month in USD (the Bulletin's row once published, else the preliminary's; the marts' currency, gate 1
-- has held the CNY edition to it): value,
-- quantity, and the same January-to-month a year earlier as the page prints it beside them
-- (GACC restates it on the current basis and computes its printed year-on-year % from it). A
-- year-earlier quantity is printed on the same row, in the same unit.
with current_numbers as (

    select * from {{ ref('int_gacc__commodity_current_values') }}
    where
        currency = 'USD'
        and period_kind = 'ytd'

),

this_year as (

    select
        currency,
        commodity_code,
        flow,
        period_end_month,
        min(period_start_month) as period_start_month,
        max(months_covered) as months_covered,
        max(quantity_unit) as quantity_unit,
        max(amount) as amount,
        max(quantity) as quantity,
        max(case when measure = 'value' then printed_value end) as printed_value,
        max(unit_scale) as unit_scale,
        max(case when measure = 'value_yoy_pct' then yoy_pct end) as gacc_value_yoy_pct,
        max(case when measure = 'quantity_yoy_pct' then yoy_pct end) as gacc_quantity_yoy_pct,
        -- Every number of a row comes from one page; min() keeps reruns deterministic.
        min(release_kind) as release_kind,
        min(publication_date) as publication_date

    from current_numbers
    where not is_year_earlier
    group by currency, commodity_code, flow, period_end_month

),

year_earlier as (

    select
        currency,
        commodity_code,
        flow,
        reference_month,
        max(amount) as amount,
        max(quantity) as quantity,
        max(case when measure = 'value' then printed_value end) as printed_value

    from current_numbers
    where is_year_earlier
    group by currency, commodity_code, flow, reference_month

),

final as (

    select
        this_year.currency,
        this_year.commodity_code,
        this_year.flow,
        this_year.period_start_month,
        this_year.period_end_month,
        this_year.months_covered,
        this_year.quantity_unit,
        this_year.amount,
        this_year.quantity,
        this_year.printed_value,
        this_year.unit_scale,
        year_earlier.amount as printed_year_earlier_amount,
        year_earlier.quantity as printed_year_earlier_quantity,
        year_earlier.printed_value as printed_year_earlier_value,
        this_year.gacc_value_yoy_pct,
        this_year.gacc_quantity_yoy_pct,
        this_year.release_kind,
        this_year.publication_date

    from this_year
    left join year_earlier
        on
            this_year.currency = year_earlier.currency
            and this_year.commodity_code = year_earlier.commodity_code
            and this_year.flow = year_earlier.flow
            and this_year.period_end_month = year_earlier.reference_month

)

select * from final
