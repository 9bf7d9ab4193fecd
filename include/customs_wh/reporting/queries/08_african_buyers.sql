-- Which African countries buy the most from China, and how fast is it growing? (January to the latest month)
with latest as (
    select max(period_end_month) as month
    from marts.trade_balance_summary
    where partner_code = 'WORLD' and "window" = 'ytd'
)

select
    partner.partner_name,
    round(summary.exports_usd / 1e9, 2)   as exports_bn,
    round(summary.exports_yoy_pct, 1)     as exports_growth_pct,
    summary.release_kind                  as vintage
from marts.trade_balance_summary as summary
inner join latest on summary.period_end_month = latest.month
inner join marts.dim_partner as partner using (partner_code)
where summary."window" = 'ytd'
  and partner.continent_code = 'AFRICA'
  and partner.partner_type in ('country', 'territory')
order by summary.exports_usd desc
limit 10
