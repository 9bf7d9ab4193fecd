-- Every published number that changed from one vintage of a table to the next
-- (typically the Preliminary Release → the Monthly Bulletin).
with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

),

with_previous as (

    select
        *,
        lag(printed_value) over number_history as previous_value,
        lag(release_kind) over number_history as previous_release_kind,
        lag(publication_date) over number_history as previous_publication_date,
        lag(release_key) over number_history as previous_release_key,
        lag(page_sha256) over number_history as previous_page_sha256,
        lag(vintage_order) over number_history as previous_vintage_order

    from vintaged
    window number_history as (
        partition by currency, section, reference_month, partner_code, flow, measure, period_kind
        order by vintage_order
    )

),

final as (

    select
        reference_month,
        section,
        currency,
        partner_code,
        flow,
        measure,
        period_kind,
        period_start_month,
        unit_label,
        unit_scale,
        previous_value,
        printed_value as revised_value,
        printed_value - previous_value as revision,
        {{ pct_change('printed_value', 'previous_value') }} as revision_pct,
        previous_release_kind,
        release_kind as revised_release_kind,
        previous_publication_date,
        publication_date as revised_publication_date,
        previous_vintage_order,
        vintage_order as revised_vintage_order,
        previous_release_key,
        previous_page_sha256,
        release_key as revised_release_key,
        page_sha256 as revised_page_sha256

    from with_previous
    where
        previous_value is not null
        and printed_value <> previous_value

)

select * from final
