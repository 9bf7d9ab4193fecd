-- Every number of every accepted page, with the span of time during which it was the
-- latest published figure: valid from its page's publication date until the next vintage.
with observations as (

    select * from {{ ref('stg_gacc__observations') }}

),

release_vintages as (

    select * from {{ ref('int_gacc__release_vintages') }}
    where is_accepted

),

final as (

    select
        -- columns of observations (EXCLUDE takes bare names)
        observations.* exclude (release_vintage, release_kind),  -- noqa: RF02
        release_vintages.release_kind,
        release_vintages.vintage_order,
        release_vintages.is_current,
        release_vintages.publication_date as valid_from,
        release_vintages.superseded_on as valid_to

    from observations
    inner join release_vintages
        on
            observations.release_key = release_vintages.release_key
            and observations.page_sha256 = release_vintages.page_sha256

)

select * from final
