-- Every release table (month × product × table × currency) with pages landed and no numbers in the
-- marts, once, and why: its newest page was published as an image, was quarantined, or is
-- still waiting for gate 1.
with release_vintages as (

    select * from {{ ref('int_gacc__release_vintages') }}
    where not table_has_numbers

),

ranked_pages as (

    select
        *,
        count(*) over same_table as pages_landed,
        row_number() over (same_table order by release_vintage desc) as newest_first

    from release_vintages
    window same_table as (partition by release_key)

),

final as (

    select
        reference_month,
        release_kind,
        section,
        table_code,
        currency,
        case vintage_status
            when 'no_numbers' then 'published_as_image'
            when 'quarantined' then 'quarantined'
            else 'pending'
        end as gap_kind,
        gap_reason,
        image_url,
        pages_landed,
        release_key,
        page_sha256,
        page_url

    from ranked_pages
    where newest_first = 1

)

select * from final
