-- Every number of a commodity table that changed from one vintage to the next (typically
-- the Preliminary Release → the Monthly Bulletin), as revisions does for the other tables.
with vintaged as (

    select * from {{ ref('int_gacc__commodity_observations_vintaged') }}

),

final as (

    {{ vintage_revisions(
        'vintaged',
        number_key=[
            'currency', 'section', 'reference_month', 'commodity_code', 'measure', 'period_kind', 'period_end_month',
        ],
        number_columns=[
            'reference_month', 'section', 'currency', 'commodity_code', 'flow', 'measure', 'period_kind',
            'period_start_month', 'period_end_month', 'unit_label', 'unit_scale', 'quantity_unit',
        ],
    ) }}

)

select * from final
