-- Every partner the warehouse knows: GACC's reference list (seed), plus any partner an
-- accepted page has printed that the list does not have yet (an ISO 3166 country GACC
-- started to show).
with reference_partners as (

    select * from {{ ref('gacc_partners') }}

),

observations as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

),

observed_partners as (

    select
        partner_code,
        arg_max(partner_label, reference_month) as latest_label,
        arg_max(parent_code, reference_month) as latest_parent_code,
        min(period_start_month) as first_month,
        max(period_end_month) as last_month

    from observations
    group by partner_code

),

final as (

    select
        coalesce(reference_partners.partner_code, observed_partners.partner_code) as partner_code,
        coalesce(reference_partners.partner_name, observed_partners.latest_label) as partner_name,
        -- The parser only resolves unlisted labels through ISO 3166 country names.
        coalesce(reference_partners.partner_type, 'country') as partner_type,
        coalesce(reference_partners.parent_code, observed_partners.latest_parent_code) as parent_code,
        coalesce(reference_partners.is_aggregate, false) as is_aggregate,
        observed_partners.first_month,
        observed_partners.last_month

    from reference_partners
    full outer join observed_partners
        on reference_partners.partner_code = observed_partners.partner_code

)

select * from final
