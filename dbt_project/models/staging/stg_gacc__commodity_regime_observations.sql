with source as (

    select * from {{ source('gacc_commodity_regimes', 'commodity_regime_observations') }}

),

renamed as (

    select
        release_key,
        sha256 as page_sha256,
        vintage as release_vintage,
        release_kind,
        table_code,
        currency,
        unit as unit_label,
        scale as unit_scale,
        {{ month_to_date('reference_month') }} as reference_month,
        publication_date,
        commodity as commodity_label,
        commodity_code,
        parent_code,
        flow,
        regime_code,
        quantity_unit,
        measure,
        period_kind,
        {{ month_to_date('period_start') }} as period_start_month,
        value as printed_value,
        decimals as printed_decimals,
        loaded_at

    from source

),

typed as (

    select
        *,
        date_diff('month', period_start_month, reference_month) + 1 as months_covered,
        -- Page units to currency units, rounded to whole cents to shed floating-point residue.
        case when measure = 'value' then round(printed_value * unit_scale, 2) end as amount,
        case when measure = 'quantity' then printed_value end as quantity,
        case when measure in ('value_yoy_pct', 'quantity_yoy_pct') then printed_value end as yoy_pct

    from renamed

)

select * from typed
