-- Every member of a commodity group is a commodity GACC prints in the group's table. A
-- warning: a code GACC stops printing (or renames) leaves its groups without rows until the
-- seed is updated; it does not make the group silently smaller.
{{ config(severity='warn') }}
with groups as (

    select * from {{ ref('commodity_groups') }}

),

commodities as (

    select * from {{ ref('dim_commodity') }}

)

select groups.*
from groups
left join commodities
    on
        groups.commodity_code = commodities.commodity_code
        and groups.flow = commodities.flow
where commodities.commodity_code is null
-- Nothing is known of a table before its first page has landed.
and exists (
    select 1 from commodities as landed
    where landed.flow = groups.flow
)
