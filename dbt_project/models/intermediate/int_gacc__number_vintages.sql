-- The vintages of every number (currency, partner, flow, measure, period) across the tables that
-- print it (seed gacc_number_tables): the Preliminary Release's tables (1) and (4), then the
-- Monthly Bulletin's (1) A and B and its (2). A vintage is one release kind's publication on one date;
-- where several of its tables print the number (the world total in (1) and in the Total row of
-- (4) or (2)), the table with the lowest priority is the vintage's print. is_latest_vintage marks
-- the newest (int_gacc__current_values picks what the marts use).
{% set number_key = [
    'number_family', 'currency', 'partner_code', 'flow', 'measure', 'period_kind', 'period_end_month'
] %}

with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

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

vintage_prints as (

    select *
    from prints
    {{ one_print_per_vintage(number_key) }}

),

ordered as (

    select
        *,
        row_number() over number_history as number_vintage_order,
        count(*) over number_key as number_vintage_count,
        -- The print of the vintage before, for revisions.
        lag(section) over number_history as previous_section,
        lag(unit_label) over number_history as previous_unit_label,
        lag(unit_scale) over number_history as previous_unit_scale,
        lag(rounding_half_unit) over number_history as previous_rounding_half_unit

    from vintage_prints
    {{ number_history_windows(number_key) }}

),

final as (

    select
        * exclude (is_current),
        number_vintage_order = number_vintage_count as is_latest_vintage,
        -- The number in comparable units across tables: currency units for values, % for yoy_pct.
        coalesce(amount, yoy_pct) as number_value,
        -- How far this print and the one before may differ through rounding alone: the coarser
        -- print's half unit (the finer print's digits refine the coarser one's, so the same number
        -- printed both ways differs by at most that; printed alike, by nothing).
        greatest(rounding_half_unit, previous_rounding_half_unit) as revision_rounding

    from ordered

)

select * from final
