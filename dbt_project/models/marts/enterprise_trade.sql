-- Exports (table (6)) and imports (table (7)) by type of enterprise and customs regime: state-owned,
-- foreign-invested, private and other enterprises, each by regime, over the windows of
-- trade_balance_summary. regime_code TOTAL is the type's whole flow; enterprise_code TOTAL is all
-- types.
with structure as (

    {{ structure_windows(['6', '7']) }}

),

final as (

    select
        enterprise_code,
        item_code as regime_code,
        item_label as regime_label,
        item_level,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        value_usd,
        total_value_usd as enterprise_value_usd,
        share_pct as share_of_enterprise_pct,
        world_value_usd,
        share_of_world_pct,
        value_prior_usd,
        value_yoy_pct

    from structure

)

select * from final
