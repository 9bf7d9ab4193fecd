-- Groups of commodities that analysts define (seed commodity_groups), traded over the
-- windows of commodity_trade. A group has a figure for a window only where every member has
-- one: a missing member never makes a group silently smaller. Quantities add up only where
-- every member prints one, in one unit.
with commodity_trade as (

    select * from {{ ref('commodity_trade') }}

),

groups as (

    select * from {{ ref('commodity_groups') }}

),

group_sizes as (

    select
        group_code,
        flow,
        count(*) as members

    from groups
    group by group_code, flow

),

member_figures as (

    select
        groups.group_code,
        commodity_trade.*

    from groups
    inner join commodity_trade
        on
            groups.commodity_code = commodity_trade.commodity_code
            and groups.flow = commodity_trade.flow

),

summed as (

    select
        group_code,
        flow,
        period_end_month,
        "window",
        months_covered,
        min(period_start_month) as period_start_month,
        count(*) as members_present,
        count(value_prior_usd) as members_with_prior,
        count(quantity) as members_with_quantity,
        count(quantity_prior) as members_with_quantity_prior,
        count(distinct lower(quantity_unit)) as quantity_units,
        max(quantity_unit) as quantity_unit,
        sum(value_usd) as value_usd,
        sum(value_prior_usd) as value_prior_usd,
        sum(quantity) as quantity,
        sum(quantity_prior) as quantity_prior

    from member_figures
    -- Members covering different months (one with January–February, one without) never add up.
    group by group_code, flow, period_end_month, "window", months_covered

),

complete as (

    select
        summed.group_code,
        summed.flow,
        summed.period_end_month,
        summed."window",
        summed.period_start_month,
        summed.months_covered,
        group_sizes.members as member_count,
        case when summed.quantity_units = 1 then summed.quantity_unit end as quantity_unit,
        summed.value_usd,
        case when summed.members_with_prior = group_sizes.members then summed.value_prior_usd end as value_prior_usd,
        case
            when summed.members_with_quantity = group_sizes.members and summed.quantity_units = 1
                then summed.quantity
        end as quantity,
        case
            when summed.members_with_quantity_prior = group_sizes.members and summed.quantity_units = 1
                then summed.quantity_prior
        end as quantity_prior

    from summed
    inner join group_sizes
        on
            summed.group_code = group_sizes.group_code
            and summed.flow = group_sizes.flow
    where summed.members_present = group_sizes.members

),

with_unit_values as (

    select
        *,
        value_usd / nullif(quantity, 0) as unit_value_usd,
        value_prior_usd / nullif(quantity_prior, 0) as unit_value_prior_usd

    from complete

),

final as (

    select
        group_code,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        member_count,
        quantity_unit,
        value_usd,
        quantity,
        unit_value_usd,
        value_prior_usd,
        quantity_prior,
        unit_value_prior_usd,
        {{ pct_change('value_usd', 'value_prior_usd') }} as value_yoy_pct,
        {{ pct_change('quantity', 'quantity_prior') }} as quantity_yoy_pct,
        {{ pct_change('unit_value_usd', 'unit_value_prior_usd') }} as unit_value_yoy_pct

    from with_unit_values

)

select * from final
