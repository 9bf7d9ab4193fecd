-- Foreign-invested enterprises' trade by kind (the Bulletin's table (12)): joint ventures, wholly
-- foreign-owned enterprises, ... and, "of which", their processing and general trade (item_code
-- TOTAL/PA, ...: subsets of TOTAL, never added to the kinds). TOTAL is all foreign-invested
-- enterprises, a part of China's trade.
with structure as (

    {{ structure_windows(['12']) }}

),

final as (

    select
        item_code,
        item_label,
        item_level,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        value_usd,
        total_value_usd as foreign_invested_value_usd,
        share_pct as share_of_foreign_invested_pct,
        world_value_usd,
        share_of_world_pct,
        value_prior_usd,
        value_yoy_pct,
        gacc_yoy_pct

    from structure

)

select * from final
