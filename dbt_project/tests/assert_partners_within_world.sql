-- No partner, group or aggregate trades more with China than the world does.
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

world as (

    select * from current_values
    where partner_code = 'WORLD'

)

select
    partners.currency,
    partners.partner_code,
    partners.flow,
    partners.period_kind,
    partners.period_end_month,
    partners.printed_value as partner_value,
    world.printed_value as world_value

from current_values as partners
inner join world
    on world.currency = partners.currency
    and world.flow = partners.flow
    and world.period_kind = partners.period_kind
    and world.period_end_month = partners.period_end_month
where partners.partner_code <> 'WORLD'
    and partners.printed_value > world.printed_value + 1e-9
