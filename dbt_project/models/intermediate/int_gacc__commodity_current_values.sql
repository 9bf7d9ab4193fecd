-- The numbers of each commodity the marts use: for every month and currency, the row of the newest
-- release kind that printed the commodity. Once the Monthly Bulletin's (13)/(14) print a commodity for
-- a month and currency, its row (value, quantity, changes, in the Bulletin's quantity unit) replaces the
-- Preliminary Release's (5)/(6) row whole; a commodity the Bulletin does not print that month keeps the
-- preliminary row, and one only the Bulletin prints has only its row. Of each release kind, the newest
-- page of the table (int_gacc__release_vintages) prints it. A row is never made of two products' numbers:
-- its quantity and value are always in one print, its quantity unit the one printed beside them.
with vintaged as (

    select * from {{ ref('int_gacc__commodity_observations_vintaged') }}
    where is_current

),

number_tables as (

    select * from {{ ref('gacc_number_tables') }}

),

prints as (

    select
        vintaged.*,
        {{ number_family() }} as number_family

    from vintaged
    left join number_tables
        on
            vintaged.release_kind = number_tables.release_kind
            and vintaged.section = number_tables.section

),

final as (

    select * exclude (number_family)
    from prints
    qualify {{ of_the_newest_release_kind(['number_family', 'currency', 'reference_month', 'commodity_code']) }}

)

select * from final
