-- The current number of every item of the Bulletin's breakdowns (products, regimes, enterprises,
-- places): from pages that passed
-- gate 1, the newest accepted page of each release (table and month). Values only, in USD.
with observations as (

    select * from {{ ref('stg_gacc__breakdown_observations') }}

),

accepted_pages as (

    {{ accepted_pages() }}

),

final as (

    select
        observations.table_code,
        observations.classification,
        coalesce(observations.partner_code, 'WORLD') as partner_code,
        -- All enterprise types but on (6)/(7), whose columns are the types.
        coalesce(observations.enterprise_code, 'TOTAL') as enterprise_code,
        observations.item_code,
        observations.item_level,
        observations.item_label,
        observations.parent_code,
        observations.flow,
        observations.measure,
        observations.period_kind,
        observations.reference_month,
        observations.period_start_month,
        observations.months_covered,
        observations.amount,
        observations.yoy_pct,
        observations.publication_date

    from observations
    inner join accepted_pages
        on
            observations.release_key = accepted_pages.release_key
            and observations.page_sha256 = accepted_pages.page_sha256
    where accepted_pages.newest_first = 1 and observations.currency = 'USD'

)

select * from final
