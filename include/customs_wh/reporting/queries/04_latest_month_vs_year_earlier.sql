-- The latest month's surplus against the same month a year earlier (USD bn)
select
    period_end_month                 as month,
    round(balance_usd / 1e9, 1)      as balance_bn,
    round(balance_prior_usd / 1e9, 1) as balance_year_earlier_bn,
    round(balance_yoy_pct, 1)        as balance_yoy_pct
from marts.trade_balance_summary
where partner_code = 'WORLD'
  and "window" = 'month'
order by period_end_month desc
limit 1
