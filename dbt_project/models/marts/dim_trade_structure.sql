-- The codes of how China trades, one row an item: customs regimes, enterprise types, kinds of
-- foreign-invested enterprise, provinces (ISO 3166-2:CN), cities, customs districts, kinds of
-- special area and the areas, with the name and the parent each has in the reference.
with labels as (

    select * from {{ ref('gacc_structure_labels') }}

),

final as (

    select
        dimension,
        item_code,
        any_value(item_name) as item_name,
        any_value(nullif(parent_code, '')) as parent_code,
        count(*) as labels_known

    from labels
    group by dimension, item_code

)

select * from final
