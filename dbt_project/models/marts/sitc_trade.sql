-- China's exports and imports by SITC section and division (table (3)) over the windows of
-- trade_balance_summary, with the share of the world (the page's TOTAL row) and the change on
-- the same window a year earlier.
with breakdown as (

    {{ breakdown_windows(['3']) }}

),

final as (

    select
        item_code,
        item_level,
        item_label,
        parent_code,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        value_usd,
        total_value_usd as world_value_usd,
        share_pct as share_of_world_pct,
        value_prior_usd,
        value_yoy_pct,
        gacc_yoy_pct

    from breakdown

)

select * from final
