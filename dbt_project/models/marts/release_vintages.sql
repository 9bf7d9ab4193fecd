-- Every page landed for every release, in publication order, and what became of it; for a
-- table (its release key) with no numbers in the marts, why.
with release_vintages as (

    select * from {{ ref('int_gacc__release_vintages') }}

),

revisions as (

    select
        revised_release_key,
        revised_page_sha256
    from {{ ref('revisions') }}
    union all
    select
        revised_release_key,
        revised_page_sha256
    from {{ ref('commodity_revisions') }}

),

revised_counts as (

    select
        revised_release_key as release_key,
        revised_page_sha256 as page_sha256,
        count(*) as numbers_revised

    from revisions
    group by revised_release_key, revised_page_sha256

),

final as (

    select
        release_vintages.release_key,
        release_vintages.reference_month,
        release_vintages.section,
        release_vintages.currency,
        release_vintages.release_kind,
        release_vintages.release_vintage,
        release_vintages.vintage_order,
        release_vintages.vintage_status,
        release_vintages.is_current,
        release_vintages.publication_date,
        release_vintages.superseded_on,
        release_vintages.observation_count,
        -- A later vintage of its table, or a Bulletin page (whose numbers the preliminary printed first).
        case
            when release_vintages.vintage_order > 1 or release_vintages.release_kind = 'monthly_bulletin'
                then coalesce(revised_counts.numbers_revised, 0)
        end as numbers_revised,
        case when release_vintages.page_status = 'quarantined' then release_vintages.status_reason end
            as quarantine_reason,
        release_vintages.table_has_numbers,
        release_vintages.gap_reason,
        release_vintages.image_url,
        release_vintages.page_sha256,
        release_vintages.page_url,
        release_vintages.fetched_at

    from release_vintages
    left join revised_counts
        on
            release_vintages.release_key = revised_counts.release_key
            and release_vintages.page_sha256 = revised_counts.page_sha256

)

select * from final
