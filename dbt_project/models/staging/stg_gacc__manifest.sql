with source as (

    select * from {{ source('gacc', 'manifest') }}

),

renamed as (

    select
        release_key,
        sha256 as page_sha256,
        url as page_url,
        section,
        currency,
        {{ month_to_date('reference_month') }} as reference_month,
        release_kind,
        case release_kind when 'preliminary' then 1 when 'monthly_bulletin' then 2 end as release_kind_rank,
        vintage as release_vintage,
        published_on,
        fetched_at,
        byte_size,
        status as page_status,
        reason as quarantine_reason,
        gated_at,
        run_id as landed_by_run_id

    from source

)

select * from renamed
