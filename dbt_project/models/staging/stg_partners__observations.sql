-- The numbers of the newest landed answer to each request: a revised answer (a new vintage) replaces the
-- one before it; quarantined answers and months not yet published have no rows.
with manifest as (

    select * from {{ source('partners', 'partner_manifest') }}

),

observations as (

    select * from {{ source('partners', 'partner_observations') }}

),

current_answers as (

    select
        source,
        request_key,
        sha256,
        vintage,
        fetched_at
    from manifest
    where status = 'landed'
    qualify row_number() over (partition by source, request_key order by vintage desc) = 1

),

final as (

    select
        observations.source,
        observations.reporter,
        observations.partner,
        observations.partner_code,
        observations.flow,
        observations.product,
        observations.measure,
        observations.value,
        observations.currency,
        observations.valuation,
        observations.suppressed,
        observations.is_aggregate,
        current_answers.vintage,
        current_answers.fetched_at,
        cast(observations.period_month || '-01' as date) as period_month
    from observations
    inner join current_answers
        on
            observations.source = current_answers.source
            and observations.request_key = current_answers.request_key
            and observations.sha256 = current_answers.sha256

)

select * from final
