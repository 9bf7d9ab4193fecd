-- China's trade by province on the Bulletin's two bases, kept apart: trader_location (table (8),
-- where the importer or exporter is registered, with its main cities as "of which" rows) and
-- goods_location (table (9), where imports are consumed and exports produced).
with structure as (

    {{ structure_windows(['8', '9']) }}

),

final as (

    select
        case table_code when '8' then 'trader_location' when '9' then 'goods_location' end as basis,
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
        world_value_usd,
        share_of_world_pct,
        value_prior_usd,
        value_yoy_pct,
        gacc_yoy_pct

    from structure

)

select * from final
