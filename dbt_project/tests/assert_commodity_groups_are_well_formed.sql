-- A commodity group adds its members up, so it must not count anything twice or mix flows.
-- Refused: a group with both export and import commodities; a group holding a commodity
-- together with one it is printed under (at any depth, on any page: soya beans under grain
-- food); a group holding one of the starred aggregates with anything else: GACC's note says
-- they "include relevant products listed in the table" without saying which (integrated
-- circuits are in both mechanical and electrical and hi-tech products), so an aggregate
-- together with any other commodity may count one of its own members twice.
with recursive

groups as (

    select * from {{ ref('commodity_groups') }}

),

commodities as (

    select * from {{ ref('dim_commodity') }}

),

printed_under as (

    select distinct commodity_code, flow, parent_code
    from {{ ref('int_gacc__commodity_observations_vintaged') }}
    where parent_code is not null

),

ancestors as (

    select commodity_code, flow, parent_code as ancestor_code
    from printed_under
    union
    select ancestors.commodity_code, ancestors.flow, printed_under.parent_code as ancestor_code
    from ancestors
    inner join printed_under
        on printed_under.commodity_code = ancestors.ancestor_code
        and printed_under.flow = ancestors.flow

),

mixed_flows as (

    select group_code, 'both flows: ' || string_agg(distinct flow, ', ' order by flow) as problem
    from groups
    group by group_code
    having count(distinct flow) > 1

),

counted_twice as (

    select
        member.group_code,
        member.commodity_code || ' is printed under ' || ancestor.commodity_code || ', also in the group' as problem

    from groups as member
    inner join ancestors
        on ancestors.commodity_code = member.commodity_code
        and ancestors.flow = member.flow
    inner join groups as ancestor
        on ancestor.group_code = member.group_code
        and ancestor.flow = member.flow
        and ancestor.commodity_code = ancestors.ancestor_code

),

aggregates_with_others as (

    select
        groups.group_code,
        string_agg(groups.commodity_code, ', ' order by groups.commodity_code)
            filter (where commodities.is_aggregate)
            || ' (aggregate) with other commodities: they may include one another' as problem

    from groups
    left join commodities
        on commodities.commodity_code = groups.commodity_code
        and commodities.flow = groups.flow
    group by groups.group_code
    having count(*) filter (where commodities.is_aggregate) > 0
        and count(*) > 1

)

select * from mixed_flows
union all
select * from counted_twice
union all
select * from aggregates_with_others
