-- Shares are between 0 and 100, and countries and territories (which do not overlap)
-- add up to at most the whole.
with shares as (

    select * from {{ ref('partner_share') }}

),

out_of_range as (

    select partner_code, period_end_month, "window", flow, share_pct as offending_share
    from shares
    where share_pct < 0 or share_pct > 100

),

overfull as (

    select 'countries' as partner_code, period_end_month, "window", flow, sum(share_pct) as offending_share
    from shares
    where not is_aggregate
    group by period_end_month, "window", flow
    having sum(share_pct) > 100 + 1e-9

)

select * from out_of_range
union all
select * from overfull
