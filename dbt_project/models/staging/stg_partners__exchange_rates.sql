-- The ECB's monthly averages from the newest landed answer of each request: US dollars and pounds per euro.
with manifest as (

    select * from {{ source('partners', 'partner_manifest') }}

),

rates as (

    select * from {{ source('partners', 'exchange_rates') }}

),

current_answers as (

    select
        source,
        request_key,
        sha256,
        vintage
    from manifest
    where status = 'landed' and source = 'ecb'
    qualify row_number() over (partition by source, request_key order by vintage desc) = 1

),

final as (

    select
        rates.currency,
        rates.rate as units_per_eur,
        current_answers.vintage,
        cast(rates.period_month || '-01' as date) as period_month
    from rates
    inner join current_answers
        on
            rates.source = current_answers.source
            and rates.request_key = current_answers.request_key
            and rates.sha256 = current_answers.sha256

)

select * from final
