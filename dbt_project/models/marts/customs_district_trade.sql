-- China's trade by customs district (the Bulletin's table (10)): where goods were declared.
with structure as (

    {{ structure_windows(['10']) }}

),

final as (

    select
        item_code as district_code,
        item_label as district_label,
        item_level,
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
