-- Each commodity's share of China's total exports or imports (the totals table, as in
-- trade_balance_summary) over each window, a year earlier, the change, and its rank.
-- The starred aggregates (agricultural, mechanical and electrical, hi-tech products) overlap
-- everything and get a share but no rank; a commodity printed under another (indented) is
-- part of it: shares are not additive.
with commodity_trade as (

    select * from {{ ref('commodity_trade') }}

),

commodities as (

    select * from {{ ref('dim_commodity') }}

),

world_summary as (

    select * from {{ ref('trade_balance_summary') }}
    where partner_code = 'WORLD'

),

world as (

    select
        period_end_month,
        "window",
        months_covered,
        'export' as flow,
        exports_usd as value_usd,
        exports_prior_usd as value_prior_usd
    from world_summary
    union all
    select
        period_end_month,
        "window",
        months_covered,
        'import' as flow,
        imports_usd as value_usd,
        imports_prior_usd as value_prior_usd
    from world_summary

),

shares as (

    select
        commodity_trade.commodity_code,
        commodity_trade.flow,
        commodity_trade.period_end_month,
        commodity_trade."window",
        commodity_trade.value_usd,
        world.value_usd as world_value_usd,
        100.0 * commodity_trade.value_usd / nullif(world.value_usd, 0) as share_pct,
        100.0 * commodity_trade.value_prior_usd / nullif(world.value_prior_usd, 0) as share_pct_prior,
        commodities.is_aggregate

    from commodity_trade
    inner join commodities
        on
            commodity_trade.commodity_code = commodities.commodity_code
            and commodity_trade.flow = commodities.flow
    -- Like with like: the world over the same window, covering the same months.
    left join world
        on
            commodity_trade.period_end_month = world.period_end_month
            and commodity_trade."window" = world."window"
            and commodity_trade.months_covered = world.months_covered
            and commodity_trade.flow = world.flow

),

ranked as (

    select
        *,
        case
            when not is_aggregate
                then
                    rank() over (
                        partition by period_end_month, "window", flow, is_aggregate
                        order by value_usd desc
                    )
        end as rank

    from shares

),

final as (

    select
        commodity_code,
        flow,
        period_end_month,
        "window",
        value_usd,
        world_value_usd,
        share_pct,
        share_pct_prior,
        share_pct - share_pct_prior as share_change_pp,
        rank,
        is_aggregate

    from ranked

)

select * from final
