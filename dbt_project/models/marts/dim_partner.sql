-- Every partner the warehouse knows: GACC's reference list (seeds gacc_partners and
-- gacc_bulletin_partners: the continents, groups, Antarctica and the unknown destination), plus
-- every country and territory an accepted page has printed (the Monthly Bulletin's table (2)
-- prints about 230), under GACC's name for it.
with reference_partners as (

    select
        partner_code,
        partner_name,
        partner_type,
        parent_code,
        is_aggregate
    from {{ ref('gacc_partners') }}

),

bulletin_partners as (

    select * from {{ ref('gacc_bulletin_partners') }}

),

continents as (

    select partner_code as continent_code
    from bulletin_partners
    where partner_type = 'continent'

),

observations as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

),

observed_partners as (

    select
        partner_code,
        -- GACC's name as the newest page prints it, the Monthly Bulletin's before the preliminary's
        arg_max(partner_label, (reference_month, release_kind = 'monthly_bulletin')) as latest_label,
        arg_max(parent_code, (reference_month, release_kind = 'monthly_bulletin')) as latest_parent_code,
        min(period_start_month) as first_month,
        max(period_end_month) as last_month

    from observations
    group by partner_code

),

-- The continent each country is printed under: the Bulletin's table (2) prints every country
-- under one; the preliminary table (4) prints a few under Africa or Latin America.
printed_continents as (

    select
        observations.partner_code,
        arg_max(
            observations.parent_code,
            (observations.reference_month, observations.release_kind = 'monthly_bulletin')
        ) as continent_code

    from observations
    semi join continents on observations.parent_code = continents.continent_code
    group by observations.partner_code

),

codes as (

    select partner_code from reference_partners
    union
    select partner_code from bulletin_partners
    union
    select partner_code from observed_partners

),

final as (

    select
        codes.partner_code,
        coalesce(
            bulletin_partners.partner_name, reference_partners.partner_name, observed_partners.latest_label
        ) as partner_name,
        -- The parser only resolves unlisted labels through ISO 3166 country names.
        coalesce(bulletin_partners.partner_type, reference_partners.partner_type, 'country') as partner_type,
        coalesce(reference_partners.parent_code, observed_partners.latest_parent_code) as parent_code,
        printed_continents.continent_code,
        coalesce(bulletin_partners.is_aggregate, reference_partners.is_aggregate, false) as is_aggregate,
        observed_partners.first_month,
        observed_partners.last_month

    from codes
    left join reference_partners on codes.partner_code = reference_partners.partner_code
    left join bulletin_partners on codes.partner_code = bulletin_partners.partner_code
    left join observed_partners on codes.partner_code = observed_partners.partner_code
    left join printed_continents on codes.partner_code = printed_continents.partner_code

)

select * from final
