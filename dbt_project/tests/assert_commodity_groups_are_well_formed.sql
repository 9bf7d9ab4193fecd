-- A commodity group adds its members up, so it must not count anything twice or mix flows.
-- Refused: a group with both export and import commodities; a group holding a commodity
-- together with one it is printed under (at any depth, on any page: soya beans under grain
-- food); a group holding one of the starred aggregates with anything else: GACC's note says
-- they "include relevant products listed in the table" without saying which (integrated
-- circuits are in both mechanical and electrical and hi-tech products), so an aggregate
-- together with any other commodity may count one of its own members twice, unless a person
-- reviewed it for the group (seed commodity_group_reviewed_aggregates: the Bulletin stars electric
-- vehicles, which its own New trio row adds to lithium-ion batteries and photovoltaic products).
with recursive

groups as (

    select * from {{ ref('commodity_groups') }}

),

commodities as (

    select * from {{ ref('dim_commodity') }}

),

printed_under as (

    select distinct
        commodity_code,
        flow,
        parent_code
    from {{ ref('int_gacc__commodity_observations_vintaged') }}
    where parent_code is not null

),

ancestors as (

    select
        commodity_code,
        flow,
        parent_code as ancestor_code
    from printed_under
    union
    select
        ancestors.commodity_code,
        ancestors.flow,
        printed_under.parent_code as ancestor_code
    from ancestors
    inner join printed_under
        on
            ancestors.ancestor_code = printed_under.commodity_code
            and ancestors.flow = printed_under.flow

),

group_sizes as (

    select
        group_code,
        count(*) as members,
        count(distinct flow) as flows
    from groups
    group by group_code

),

mixed_flows as (

    select
        group_code,
        'both flows: export and import commodities in one group' as problem
    from group_sizes
    where flows > 1

),

counted_twice as (

    select
        member.group_code,
        member.commodity_code || ' is printed under ' || ancestor.commodity_code || ', also in the group' as problem

    from groups as member
    inner join ancestors
        on
            member.commodity_code = ancestors.commodity_code
            and member.flow = ancestors.flow
    inner join groups as ancestor
        on
            member.group_code = ancestor.group_code
            and member.flow = ancestor.flow
            and ancestors.ancestor_code = ancestor.commodity_code

),

aggregates_with_others as (

    select
        groups.group_code,
        groups.commodity_code || ' (aggregate) with other commodities: they may include one another' as problem

    from groups
    inner join commodities
        on
            groups.commodity_code = commodities.commodity_code
            and groups.flow = commodities.flow
    inner join group_sizes
        on groups.group_code = group_sizes.group_code
    where
        commodities.is_aggregate
        and group_sizes.members > 1
        -- A person checked that this aggregate includes none of the group's other members.
        and not exists (
            select 1 from {{ ref('commodity_group_reviewed_aggregates') }} as reviewed
            where
                reviewed.group_code = groups.group_code
                and reviewed.commodity_code = groups.commodity_code
        )

)

select * from mixed_flows
union all
select * from counted_twice
union all
select * from aggregates_with_others
