-- Each partner's share of China's exports, imports and total trade, per window.
-- Continents and groups (EU, ASEAN, RCEP, Belt and Road ...) overlap each other and contain
-- countries: they get a share but no rank, and must never be added to their members.
with summary as (

    select * from {{ ref('trade_balance_summary') }}

),

partners as (

    select * from {{ ref('dim_partner') }}

),

flows as (

    select
        partner_code,
        period_end_month,
        "window",
        'export' as flow,
        exports_usd as value_usd,
        release_kind,
        publication_date
    from summary
    union all
    select
        partner_code,
        period_end_month,
        "window",
        'import' as flow,
        imports_usd as value_usd,
        release_kind,
        publication_date
    from summary
    union all
    select
        partner_code,
        period_end_month,
        "window",
        'total' as flow,
        total_trade_usd as value_usd,
        release_kind,
        publication_date
    from summary

),

world as (

    select
        period_end_month,
        "window",
        flow,
        value_usd as world_value_usd
    from flows
    where partner_code = 'WORLD'

),

shares as (

    select
        flows.partner_code,
        flows.period_end_month,
        flows."window",
        flows.flow,
        flows.value_usd,
        world.world_value_usd,
        100.0 * flows.value_usd / nullif(world.world_value_usd, 0) as share_pct,
        partners.partner_type,
        partners.is_aggregate,
        flows.release_kind,
        flows.publication_date

    from flows
    inner join world
        on
            flows.period_end_month = world.period_end_month
            and flows."window" = world."window"
            and flows.flow = world.flow
    inner join partners
        on flows.partner_code = partners.partner_code
    where flows.partner_code <> 'WORLD'

),

ranked as (

    select
        *,
        -- Countries and territories rank; the world's parts that are not one (the trade of unknown
        -- destination) and the aggregates do not.
        case
            when partner_type in ('country', 'territory')
                then
                    rank() over (
                        partition by period_end_month, "window", flow, partner_type in ('country', 'territory')
                        order by value_usd desc
                    )
        end as rank

    from shares

),

with_prior_year as (

    {{ with_year_earlier(
        'ranked',
        keys=['partner_code', '"window"', 'flow'],
        month_column='period_end_month',
        columns={'share_pct': 'share_pct_prior'},
    ) }}

),

final as (

    select
        partner_code,
        period_end_month,
        "window",
        flow,
        value_usd,
        world_value_usd,
        share_pct,
        share_pct_prior,
        share_pct - share_pct_prior as share_change_pp,
        rank,
        partner_type,
        is_aggregate,
        release_kind,
        publication_date

    from with_prior_year

)

select * from final
