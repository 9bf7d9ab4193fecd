-- One number per (currency, partner, flow, measure, period): its newest vintage's print, across
-- the tables that print it (int_gacc__number_vintages): the Monthly Bulletin's once published,
-- the Preliminary Release's until then; the world total from the headline table (1) where a
-- vintage prints it twice (gate 1 checks that the two agree).
with number_vintages as (

    select * from {{ ref('int_gacc__number_vintages') }}
    where is_current and number_family = 'partner_trade'

),

final as (

    select
        * exclude (
            number_family, table_priority, number_vintage_order, number_vintage_count, number_value,
            previous_section, previous_unit_label, previous_unit_scale, previous_rounding_half_unit,
            revision_rounding
        )
    from number_vintages

)

select * from final
