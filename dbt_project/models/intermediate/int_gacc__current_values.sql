-- One number per (currency, partner, flow, measure, period): the newest vintage's.
-- The world total is printed twice, in the totals table (1) and as the "Total" row of (4);
-- the totals table is GACC's headline, so it wins (gate 1 checks that the two agree).
with vintaged as (

    select * from {{ ref('int_gacc__observations_vintaged') }}
    where is_current

),

ranked as (

    select
        *,
        row_number() over (
            partition by currency, partner_code, flow, measure, period_kind, period_end_month
            order by section
        ) as section_preference

    from vintaged

),

final as (

    select * exclude (section_preference)
    from ranked
    where section_preference = 1

)

select * from final
