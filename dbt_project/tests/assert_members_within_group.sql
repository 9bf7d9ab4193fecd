-- The members GACC prints under a group ("of which: Germany", ...) add up to no more than
-- the group, allowing each printed figure its rounding of 0.05.
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

members as (

    select
        currency,
        parent_code as group_code,
        flow,
        period_kind,
        period_end_month,
        sum(printed_value) as members_value,
        count(*) as member_count

    from current_values
    where parent_code is not null
    group by currency, parent_code, flow, period_kind, period_end_month

)

select
    members.*,
    groups.printed_value as group_value

from members
inner join current_values as groups
    on groups.currency = members.currency
    and groups.partner_code = members.group_code
    and groups.flow = members.flow
    and groups.period_kind = members.period_kind
    and groups.period_end_month = members.period_end_month
where members.members_value > groups.printed_value + 0.05 * (members.member_count + 1) + 1e-9
