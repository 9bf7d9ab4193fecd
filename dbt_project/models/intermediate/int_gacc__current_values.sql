-- One number per (currency, partner, flow, measure, period): the one the marts use.
--
-- The newest page of each table (int_gacc__release_vintages) prints it, and of the tables that
-- print the same numbers (seed gacc_number_tables), the newest release kind's: once a Monthly
-- Bulletin table has numbers for a month and currency, the Bulletin replaces the Preliminary
-- Release's numbers of that month whole. A number the Bulletin no longer prints is then gone
-- from the marts, never kept from the older vintage: gate 2 stops the run for it until a person
-- accepts the loss. Where one release prints a number twice (the world in table (1) and in the
-- Total row of (4) or (2)), the table of lowest priority wins: the headline table (1) (gate 1
-- checks that the two agree).
with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}
    where is_current

),

number_tables as (

    select * from {{ ref('gacc_number_tables') }}

),

prints as (

    select
        vintaged.*,
        {{ number_family() }} as number_family,
        {{ table_priority() }} as table_priority

    from vintaged
    left join number_tables
        on
            vintaged.release_kind = number_tables.release_kind
            and vintaged.section = number_tables.section

),

newest_release_kind as (

    select *
    from prints
    qualify {{ of_the_newest_release_kind(['number_family', 'currency', 'period_end_month']) }}

),

ranked as (

    select *
    from newest_release_kind
    qualify row_number() over (
        partition by number_family, currency, partner_code, flow, measure, period_kind, period_end_month
        -- Of tables alike (the Bulletin's (1) A and B), the first by its key: every build names the same page.
        order by table_priority asc, publication_date desc, release_key asc
    ) = 1

),

final as (

    select * exclude (number_family, table_priority)
    from ranked
    where number_family = 'partner_trade'

)

select * from final
