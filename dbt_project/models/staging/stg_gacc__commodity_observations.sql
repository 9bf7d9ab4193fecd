with source as (

    select * from {{ source('gacc_commodities', 'commodity_observations') }}

),

renamed as (

    select
        release_key,
        sha256 as page_sha256,
        vintage as release_vintage,
        release_kind,
        section,
        currency,
        unit as unit_label,
        scale as unit_scale,
        {{ month_to_date('reference_month') }} as reference_month,
        publication_date,
        commodity as commodity_label,
        commodity_code,
        parent_code,
        is_aggregate,
        flow,
        quantity_unit,
        measure,
        period_kind,
        {{ month_to_date('period_start') }} as period_start_month,
        {{ month_to_date('period_end') }} as period_end_month,
        value as printed_value,
        decimals as printed_decimals,
        loaded_at

    from source

),

typed as (

    select
        *,
        date_diff('month', period_start_month, period_end_month) + 1 as months_covered,
        -- The January-to-month of a year earlier, printed beside this year's for comparison.
        period_end_month < reference_month as is_year_earlier,
        -- Page units to currency units, rounded to whole cents to shed floating-point residue.
        case when measure = 'value' then round(printed_value * unit_scale, 2) end as amount,
        case when measure = 'quantity' then printed_value end as quantity,
        case when measure in ('value_yoy_pct', 'quantity_yoy_pct') then printed_value end as yoy_pct,
        -- How far the printed figure may be from the number through rounding alone: half a unit of
        -- its last printed digit, in currency units for values (quantity units, points otherwise).
        0.5 * power(10, -printed_decimals) * case when measure = 'value' then unit_scale else 1 end
            as rounding_half_unit

    from renamed

)

select * from typed
