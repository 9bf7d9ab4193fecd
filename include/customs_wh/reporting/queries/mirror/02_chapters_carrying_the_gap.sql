-- Which HS chapters carry most of the gap? (the latest full year, the United States and the EU)
with latest as (
    select max(period_end_month) as period_end_month
    from marts.mirror_trade
    where "window" = 'calendar_year' and product <> 'TOTAL'
)

select
    mirror.partner_code,
    mirror.direction,
    mirror.product                                              as hs_chapter,
    round(mirror.china_value_usd / 1e9, 1)                      as china_bn,
    round(mirror.partner_value_usd / 1e9, 1)                    as partner_bn,
    round(mirror.gap_usd / 1e9, 1)                              as gap_bn
from marts.mirror_trade as mirror
inner join latest using (period_end_month)
where mirror."window" = 'calendar_year'
  and mirror.product <> 'TOTAL'
  and mirror.envelope = 'china'
order by abs(mirror.gap_usd) desc
limit 10
