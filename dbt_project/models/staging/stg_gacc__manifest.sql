with source as (

    select * from {{ source('gacc', 'manifest') }}

),

renamed as (

    select
        release_key,
        sha256 as page_sha256,
        url as page_url,
        section,
        table_code,
        currency,
        {{ month_to_date('reference_month') }} as reference_month,
        release_kind,
        case release_kind when 'preliminary' then 1 when 'monthly_bulletin' then 2 end as release_kind_rank,
        vintage as release_vintage,
        published_on,
        fetched_at,
        byte_size,
        status as page_status,
        -- Why the page's numbers are not used: the quarantine reason, or the known gap (no_numbers).
        reason as status_reason,
        image_url,
        gated_at,
        run_id as landed_by_run_id

    from source

)

select * from renamed
