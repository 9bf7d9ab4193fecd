-- Trade through special customs supervision areas (the Bulletin's table (11)): comprehensive
-- bonded zones, bonded port areas, ... and the areas under each kind. TOTAL is all the areas,
-- a part of China's trade: share_of_special_areas_pct is of it, share_of_world_pct of the world.
with structure as (

    {{ structure_windows(['11']) }}

),

final as (

    select
        item_code as area_code,
        item_label as area_label,
        item_level,
        parent_code,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        value_usd,
        total_value_usd as special_areas_value_usd,
        share_pct as share_of_special_areas_pct,
        world_value_usd,
        share_of_world_pct,
        value_prior_usd,
        value_yoy_pct,
        gacc_yoy_pct

    from structure

)

select * from final
