-- How large is the US–China mirror gap, and when did it change sign?
with yearly as (
    select
        year(period_end_month)                                  as year,
        china_value_usd,
        partner_value_usd,
        gap_usd
    from marts.mirror_trade
    where partner_code = 'USA'
      and direction = 'china_exports'
      and product = 'TOTAL'
      and envelope = 'china'
      and "window" = 'calendar_year'
)

select
    year,
    round(china_value_usd / 1e9, 1)                             as china_reported_exports_bn,
    round(partner_value_usd / 1e9, 1)                           as us_reported_imports_bn,
    round(gap_usd / 1e9, 1)                                     as gap_bn,
    round(100 * gap_usd / china_value_usd, 1)                   as gap_pct,
    sign(gap_usd) <> sign(lag(gap_usd) over (order by year))    as sign_changed
from yearly
order by year
