-- Every published number that changed from one vintage to the next beyond the rounding of the
-- coarser print (typically the Preliminary Release → the Monthly Bulletin), across the tables that
-- print it: the preliminary (1) and (4) → the Bulletin's (1) A and B and its (2).
with number_vintages as (

    select * from {{ ref('int_gacc__number_vintages') }}

),

final as (

    {{ vintage_revisions(
        'number_vintages',
        number_key=[
            'number_family', 'currency', 'partner_code', 'flow', 'measure', 'period_kind', 'period_end_month',
        ],
        number_columns=[
            'reference_month', 'section', 'currency', 'partner_code', 'flow', 'measure', 'period_kind',
            'period_start_month', 'unit_label', 'unit_scale', 'previous_section', 'previous_unit_label',
            'previous_unit_scale',
        ],
        value_column='number_value',
        order_by='number_vintage_order',
        rounding_column='revision_rounding',
        extra_columns=['revision_rounding as rounding_allowance'],
    ) }}

)

select * from final
