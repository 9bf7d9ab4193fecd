-- The vintages of every commodity number across the tables that print it (seed gacc_number_tables):
-- the Preliminary Release's (5)/(6), then the Monthly Bulletin's (13)/(14). A number is what the
-- release of one month prints of one commodity (one code: the same label, gacc/commodities.py):
-- currency, measure and period, the month, January to the month, or (preliminary only) the same
-- months a year earlier. Values compare in currency units, percentages in points, and quantities
-- only in one thing measured (seed gacc_quantity_units: "10,000 Tons" and "10000T" are both ten
-- thousand tons; a unit it does not list compares only with itself as printed).
{% set number_key = [
    'number_family', 'currency', 'reference_month', 'commodity_code', 'measure', 'period_kind', 'period_end_month',
    'comparable_unit'
] %}

with vintaged as (

    select * from {{ ref('int_gacc__commodity_observations_vintaged') }}

),

number_tables as (

    select * from {{ ref('gacc_number_tables') }}

),

quantity_units as (

    select * from {{ ref('gacc_quantity_units') }}

),

prints as (

    select
        vintaged.*,
        -- A table the seed does not list yet is a family of its own and ranks after the listed ones.
        {{ number_family() }} as number_family,
        {{ table_priority() }} as table_priority,
        case
            when vintaged.measure = 'value' then vintaged.currency
            when vintaged.measure = 'quantity'
                then coalesce(quantity_units.measured_in, 'printed ' || lower(vintaged.quantity_unit))
            else 'percent'
        end as comparable_unit,
        case when vintaged.measure = 'quantity' then coalesce(quantity_units.units_per, 1) else 1 end
            as comparable_per_unit

    from vintaged
    left join number_tables
        on
            vintaged.release_kind = number_tables.release_kind
            and vintaged.section = number_tables.section
    left join quantity_units
        on
            vintaged.measure = 'quantity'
            and lower(vintaged.quantity_unit) = lower(quantity_units.quantity_unit)

),

vintage_prints as (

    select *
    from prints
    {{ one_print_per_vintage(number_key) }}

),

comparable as (

    select
        *,
        -- The number in comparable units: currency units, points, or the quantity in what it measures.
        coalesce(amount, yoy_pct, quantity * comparable_per_unit) as number_value,
        rounding_half_unit * comparable_per_unit as comparable_rounding

    from vintage_prints

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
        lag(quantity_unit) over number_history as previous_quantity_unit,
        lag(comparable_rounding) over number_history as previous_comparable_rounding

    from comparable
    {{ number_history_windows(number_key) }}

),

final as (

    select
        * exclude (is_current, previous_comparable_rounding),
        number_vintage_order = number_vintage_count as is_latest_vintage,
        -- How far this print and the one before may differ through rounding alone: the coarser
        -- print's half unit (the preliminary's USD 0.1 million against the Bulletin's US$1,000).
        greatest(comparable_rounding, previous_comparable_rounding) as revision_rounding

    from ordered

)

select * from final
