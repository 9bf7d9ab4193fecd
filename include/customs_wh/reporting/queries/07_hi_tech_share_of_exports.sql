-- What share of China's exports are hi-tech products, year by year?
select
    year(share.period_end_month)        as year,
    round(share.value_usd / 1e9, 1)     as hi_tech_exports_bn,
    round(trade.value_yoy_pct, 1)       as growth_pct,
    round(share.share_pct, 1)           as share_of_exports_pct,
    round(share.share_change_pp, 1)     as change_pp
from marts.commodity_share as share
inner join marts.commodity_trade as trade
    using (commodity_code, flow, period_end_month, "window")
where share.commodity_code = 'hi_tech_products'
  and share.flow = 'export'
  and share."window" = 'calendar_year'
order by year
