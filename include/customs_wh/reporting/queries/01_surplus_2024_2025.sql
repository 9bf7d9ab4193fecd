-- China's trade surplus in 2024 and 2025 (USD bn) and its growth
select
    year(period_end_month)          as year,
    round(exports_usd / 1e9, 1)     as exports_bn,
    round(imports_usd / 1e9, 1)     as imports_bn,
    round(balance_usd / 1e9, 1)     as balance_bn,
    round(balance_yoy_pct, 1)       as balance_yoy_pct
from marts.trade_balance_summary
where partner_code = 'WORLD'
  and "window" = 'calendar_year'
  and year(period_end_month) in (2024, 2025)
order by year
