-- Each commodity's exports or imports over four windows ending in each month (the windows
-- of trade_balance_summary): month, ytd, rolling_12m (only where all twelve months are
-- present) and calendar_year (December rows), with the same window a year earlier.
--
-- The year earlier of a ytd or calendar_year window is the figure GACC prints beside it
-- (restated on the current basis, the one its printed % uses), else the figure landed a
-- year earlier. Quantities are compared only within one quantity unit: where the unit of
-- the year earlier differs (GACC has switched "Ton" and "10,000 Tons"), the year-earlier
-- quantity, unit value and their % are null, never a 10,000-fold jump.
with monthly as (

    select * from {{ ref('int_gacc__commodity_monthly') }}
    where currency = 'USD'

),

year_to_date as (

    select * from {{ ref('int_gacc__commodity_ytd') }}
    where currency = 'USD'

),

month_window as (

    select
        commodity_code,
        flow,
        period_month as period_end_month,
        'month' as "window",
        {{ add_months('period_month', '1 - months_covered') }} as period_start_month,
        months_covered,
        quantity_unit,
        amount as value_usd,
        quantity,
        cast(null as double) as printed_prior_usd,
        cast(null as double) as printed_prior_quantity,
        cast(null as double) as gacc_value_yoy_pct,
        cast(null as double) as gacc_quantity_yoy_pct

    from monthly

),

ytd_window as (

    select
        commodity_code,
        flow,
        period_end_month,
        'ytd' as "window",
        period_start_month,
        months_covered,
        quantity_unit,
        amount as value_usd,
        quantity,
        printed_year_earlier_amount as printed_prior_usd,
        printed_year_earlier_quantity as printed_prior_quantity,
        gacc_value_yoy_pct,
        gacc_quantity_yoy_pct

    from year_to_date

),

calendar_year_window as (

    select * replace ('calendar_year' as "window")
    from ytd_window
    where month(period_end_month) = 12

),

trailing_twelve as (

    select
        commodity_code,
        flow,
        period_month as period_end_month,
        quantity_unit,
        sum(months_covered) over last_twelve_months as months_present,
        sum(amount) over last_twelve_months as value_usd,
        sum(quantity) over last_twelve_months as quantity_sum,
        count(quantity) over last_twelve_months as months_with_quantity,
        count(*) over last_twelve_months as monthly_rows,
        count(distinct lower(quantity_unit)) over last_twelve_months as quantity_units

    from monthly
    window last_twelve_months as (
        partition by commodity_code, flow
        order by period_month
        range between interval 11 months preceding and current row
    )

),

rolling_window as (

    select
        commodity_code,
        flow,
        period_end_month,
        'rolling_12m' as "window",
        {{ add_months('period_end_month', -11) }} as period_start_month,
        12 as months_covered,
        quantity_unit,
        value_usd,
        -- Only a quantity every month printed, in one unit, adds up.
        case when months_with_quantity = monthly_rows and quantity_units = 1 then quantity_sum end as quantity,
        cast(null as double) as printed_prior_usd,
        cast(null as double) as printed_prior_quantity,
        cast(null as double) as gacc_value_yoy_pct,
        cast(null as double) as gacc_quantity_yoy_pct

    from trailing_twelve
    -- A window that starts in January would split a January–February row: never complete.
    where months_present = 12

),

windows as (

    select * from month_window
    union all
    select * from ytd_window
    union all
    select * from calendar_year_window
    union all
    select * from rolling_window

),

with_landed_year_earlier as (

    {{ with_year_earlier(
        'windows',
        ['commodity_code', 'flow', '"window"', 'months_covered'],
        'period_end_month',
        {'value_usd': 'landed_prior_usd', 'quantity': 'landed_prior_quantity', 'quantity_unit': 'landed_prior_unit'}
    ) }}

),

with_prior_year as (

    select
        *,
        coalesce(printed_prior_usd, landed_prior_usd) as value_prior_usd,
        case
            -- Printed on the same row as this year's: the same unit.
            when printed_prior_usd is not null then printed_prior_quantity
            when lower(landed_prior_unit) = lower(quantity_unit) then landed_prior_quantity
        end as quantity_prior

    from with_landed_year_earlier

),

with_unit_values as (

    select
        *,
        value_usd / nullif(quantity, 0) as unit_value_usd,
        value_prior_usd / nullif(quantity_prior, 0) as unit_value_prior_usd

    from with_prior_year

),

final as (

    select
        commodity_code,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        quantity_unit,
        value_usd,
        quantity,
        unit_value_usd,
        value_prior_usd,
        quantity_prior,
        unit_value_prior_usd,
        {{ pct_change('value_usd', 'value_prior_usd') }} as value_yoy_pct,
        {{ pct_change('quantity', 'quantity_prior') }} as quantity_yoy_pct,
        {{ pct_change('unit_value_usd', 'unit_value_prior_usd') }} as unit_value_yoy_pct,
        gacc_value_yoy_pct,
        gacc_quantity_yoy_pct

    from with_unit_values

)

select * from final
