with source as (

    select * from {{ source('gacc', 'observations') }}

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
        partner as partner_label,
        partner_code,
        parent_code,
        flow,
        measure,
        period_kind,
        {{ month_to_date('period_start') }} as period_start_month,
        -- Every number ends at the release's reference month: the month itself or January..month.
        {{ month_to_date('reference_month') }} as period_end_month,
        value as printed_value,
        decimals as printed_decimals,
        is_derived,
        loaded_at

    from source

),

typed as (

    select
        *,
        date_diff('month', period_start_month, period_end_month) + 1 as months_covered,
        -- Page units to currency units; printed values carry one decimal, so the product is
        -- rounded back to whole cents to shed the binary floating-point residue.
        case when measure = 'value' then round(printed_value * unit_scale, 2) end as amount,
        case when measure = 'yoy_pct' then printed_value end as yoy_pct,
        -- How far the printed figure may be from the number through rounding alone: half a unit
        -- of its last printed digit, in currency units for values (in points for yoy_pct).
        0.5 * power(10, -printed_decimals) * case when measure = 'value' then unit_scale else 1 end
            as rounding_half_unit

    from renamed

)

select * from typed
