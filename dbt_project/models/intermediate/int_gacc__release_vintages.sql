with manifest as (

    select * from {{ ref('stg_gacc__manifest') }}

),

observations as (

    select
        release_key,
        page_sha256,
        publication_date
    from {{ ref('stg_gacc__observations') }}
    union all
    -- The commodity tables (5) and (6) are release tables like the others: same vintages.
    select
        release_key,
        page_sha256,
        publication_date
    from {{ ref('stg_gacc__commodity_observations') }}
    union all
    -- The Bulletin's product breakdowns (3), (4), (15) and (16): same vintages.
    select
        release_key,
        page_sha256,
        publication_date
    from {{ ref('stg_gacc__breakdown_observations') }}
    union all
    -- The Bulletin's selected commodities by major customs regimes (17) and (18): same vintages.
    select
        release_key,
        page_sha256,
        publication_date
    from {{ ref('stg_gacc__commodity_regime_observations') }}

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
        manifest.table_code,
        manifest.currency,
        manifest.release_kind,
        manifest.release_kind_rank,
        manifest.release_vintage,
        coalesce(page_contents.publication_date, manifest.published_on) as publication_date,
        manifest.fetched_at,
        manifest.page_status,
        manifest.status_reason,
        manifest.image_url,
        coalesce(page_contents.observation_count, 0) as observation_count,
        -- Only numbers that were parsed and passed gate 1 may reach the marts.
        coalesce(
            manifest.page_status = 'landed'
            and manifest.gated_at is not null
            and page_contents.observation_count > 0,
            false
        ) as is_accepted

    from manifest
    left join page_contents
        on
            manifest.release_key = page_contents.release_key
            and manifest.page_sha256 = page_contents.page_sha256

),

-- The vintages of one table in the order GACC published them: a re-landed page after the one it
-- replaces. A table is a release key (month, product, table, currency): the Bulletin prints
-- tables of its own, never the Preliminary Release's again, so a Bulletin page never supersedes
-- a preliminary page here; the Bulletin's revisions of single numbers are int_gacc__number_vintages'.
ordered_vintages as (

    select
        release_key,
        page_sha256,
        row_number() over vintage_window as vintage_order,
        count(*) over (partition by release_key) as vintage_count,
        lead(publication_date) over vintage_window as superseded_on

    from pages
    where is_accepted
    window vintage_window as (
        partition by release_key
        order by publication_date, release_vintage
    )

),

tables_with_numbers as (

    select distinct release_key
    from pages
    where is_accepted
    union
    -- The Bulletin's table (2) prints every partner and the total in USD: a month whose (2) is
    -- accepted has the numbers of the preliminary tables (1) and (4) in USD, whatever became
    -- of their pages (the rule that lets a run publish over such a bad page, held_back_pages).
    select preliminary.release_key
    from pages as preliminary
    inner join pages as bulletin
        on
            preliminary.reference_month = bulletin.reference_month
            and bulletin.release_kind = 'monthly_bulletin'
            and bulletin.table_code = '2'
            and bulletin.currency = 'USD'
            and bulletin.is_accepted
    where
        preliminary.release_kind = 'preliminary'
        and preliminary.section in (1, 4)
        and preliminary.currency = 'USD'

),

final as (

    select
        -- release_kind_rank is a column of pages (EXCLUDE takes bare names)
        pages.* exclude (release_kind_rank),  -- noqa: RF02
        ordered_vintages.vintage_order,
        ordered_vintages.superseded_on,
        tables_with_numbers.release_key is not null as table_has_numbers,
        coalesce(ordered_vintages.vintage_order = ordered_vintages.vintage_count, false) as is_current,
        case
            when pages.is_accepted and ordered_vintages.vintage_order = ordered_vintages.vintage_count then 'current'
            when pages.is_accepted then 'superseded'
            when pages.page_status = 'quarantined' then 'quarantined'
            when pages.page_status = 'no_numbers' then 'no_numbers'
            else 'pending'
        end as vintage_status,
        -- Why the numbers of a table with none in the marts are missing, page by page.
        case
            when tables_with_numbers.release_key is not null then null
            when pages.page_status = 'landed' then 'landed, not yet through gate 1'
            else pages.status_reason
        end as gap_reason

    from pages
    left join ordered_vintages
        on
            pages.release_key = ordered_vintages.release_key
            and pages.page_sha256 = ordered_vintages.page_sha256
    left join tables_with_numbers
        on pages.release_key = tables_with_numbers.release_key

)

select * from final
