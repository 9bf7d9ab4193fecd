-- Is the EU gap more than freight and insurance explain?
select
    year(period_end_month)                                      as year,
    direction,
    round(china_value_usd / 1e9, 1)                             as china_reported_bn,
    round(partner_value_usd / 1e9, 1)                           as eu_reported_bn,
    round(100 * gap_ratio, 1)                                   as gap_pct,
    round(100 * expected_ratio, 1)                              as freight_insurance_pct,
    round(100 * excess_ratio, 1)                                as excess_pct
from marts.mirror_trade
where partner_code = 'EU'
  and product = 'TOTAL'
  and envelope = 'china'
  and "window" = 'calendar_year'
order by direction, year
