-- Every number GACC has published, in every vintage, with the dates it was the latest
-- figure: [valid_from, valid_to). "As published on D" is
--   where valid_from <= D and (valid_to is null or valid_to > D)
with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

),

final as (

    select
        currency,
        section,
        partner_code,
        flow,
        measure,
        period_kind,
        period_start_month,
        period_end_month,
        months_covered,
        printed_value,
        unit_label,
        amount,
        yoy_pct,
        release_kind,
        vintage_order,
        valid_from,
        valid_to,
        is_current,
        release_key,
        page_sha256

    from vintaged

)

select * from final
