-- Every published number that changed from one vintage of a table to the next
-- (typically the Preliminary Release → the Monthly Bulletin).
with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}

),

final as (

    {{ vintage_revisions(
        'vintaged',
        number_key=['currency', 'section', 'reference_month', 'partner_code', 'flow', 'measure', 'period_kind'],
        number_columns=[
            'reference_month', 'section', 'currency', 'partner_code', 'flow', 'measure', 'period_kind',
            'period_start_month', 'unit_label', 'unit_scale',
        ],
    ) }}

)

select * from final
