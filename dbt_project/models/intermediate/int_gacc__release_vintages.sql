with manifest as (

    select * from {{ ref('stg_gacc__manifest') }}

),

observations as (

    select release_key, page_sha256, publication_date from {{ ref('stg_gacc__observations') }}
    union all
    -- The commodity tables (5) and (6) are release tables like the others: same vintages.
    select release_key, page_sha256, publication_date from {{ ref('stg_gacc__commodity_observations') }}

),

page_contents as (

    select
        release_key,
        page_sha256,
        count(*) as observation_count,
        min(publication_date) as publication_date

    from observations
    group by release_key, page_sha256

),

pages as (

    select
        manifest.release_key,
        manifest.page_sha256,
        manifest.page_url,
        manifest.reference_month,
        manifest.section,
        manifest.currency,
        manifest.release_kind,
        manifest.release_kind_rank,
        manifest.release_vintage,
        coalesce(page_contents.publication_date, manifest.published_on) as publication_date,
        manifest.fetched_at,
        manifest.page_status,
        manifest.quarantine_reason,
        coalesce(page_contents.observation_count, 0) as observation_count,
        -- Only numbers that were parsed and passed gate 1 may reach the marts.
        manifest.page_status = 'landed'
            and manifest.gated_at is not null
            and page_contents.observation_count > 0 as is_accepted

    from manifest
    left join page_contents
        on page_contents.release_key = manifest.release_key
        and page_contents.page_sha256 = manifest.page_sha256

),

-- The vintages of one table (month, section, currency) in the order GACC published them:
-- the Preliminary Release, then the Monthly Bulletin; a re-landed page after the one it replaces.
ordered_vintages as (

    select
        release_key,
        page_sha256,
        row_number() over vintage_window as vintage_order,
        count(*) over (partition by reference_month, section, currency) as vintage_count,
        lead(publication_date) over vintage_window as superseded_on

    from pages
    where is_accepted
    window vintage_window as (
        partition by reference_month, section, currency
        order by publication_date, release_kind_rank, release_vintage
    )

),

final as (

    select
        pages.* exclude (release_kind_rank),
        ordered_vintages.vintage_order,
        coalesce(ordered_vintages.vintage_order = ordered_vintages.vintage_count, false) as is_current,
        ordered_vintages.superseded_on,
        case
            when pages.is_accepted and ordered_vintages.vintage_order = ordered_vintages.vintage_count then 'current'
            when pages.is_accepted then 'superseded'
            when pages.page_status = 'quarantined' then 'quarantined'
            else 'pending'
        end as vintage_status

    from pages
    left join ordered_vintages
        on ordered_vintages.release_key = pages.release_key
        and ordered_vintages.page_sha256 = pages.page_sha256

)

select * from final
