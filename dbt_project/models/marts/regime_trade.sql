-- China's trade by customs regime (the Bulletin's table (5)): general trade, processing and
-- assembling, processing with imported materials, bonded logistics, ... over the windows of
-- trade_balance_summary, with the share of the world and the change a year earlier.
with structure as (

    {{ structure_windows(['5']) }}

),

final as (

    select
        item_code as regime_code,
        item_label as regime_label,
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
