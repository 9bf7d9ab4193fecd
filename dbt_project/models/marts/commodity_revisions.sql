-- Every number of a commodity table that changed from one vintage to the next beyond the rounding
-- of the coarser print (typically the Preliminary Release's (5)/(6) → the Monthly Bulletin's
-- (13)/(14)), as revisions does for the partner tables: values in currency units, quantities in what
-- they measure (never across quantity units the seed gacc_quantity_units cannot convert), % in points.
with number_vintages as (

    select * from {{ ref('int_gacc__commodity_number_vintages') }}

),

final as (

    {{ vintage_revisions(
        'number_vintages',
        number_key=[
            'number_family', 'currency', 'reference_month', 'commodity_code', 'measure', 'period_kind',
            'period_end_month', 'comparable_unit',
        ],
        number_columns=[
            'reference_month', 'section', 'currency', 'commodity_code', 'flow', 'measure', 'period_kind',
            'period_start_month', 'period_end_month', 'comparable_unit', 'unit_label', 'unit_scale', 'quantity_unit',
            'previous_section', 'previous_unit_label', 'previous_unit_scale', 'previous_quantity_unit',
        ],
        value_column='number_value',
        order_by='number_vintage_order',
        rounding_column='revision_rounding',
        extra_columns=['revision_rounding as rounding_allowance'],
    ) }}

)

select * from final
