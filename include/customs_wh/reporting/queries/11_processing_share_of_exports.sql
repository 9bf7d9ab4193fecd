-- What share of exports is processing trade, year by year? Processing and assembling (PA) plus
-- processing with imported materials (PIM) over China's exports of each calendar year, beside
-- ordinary trade (the Monthly Bulletin's table (5)).
select
    year(period_end_month)                                                          as year,
    round(max(world_value_usd) / 1e9, 1)                                            as exports_bn,
    round(sum(value_usd) filter (where regime_code in ('PA', 'PIM')) / 1e9, 1)      as processing_bn,
    round(sum(share_of_world_pct) filter (where regime_code in ('PA', 'PIM')), 1)   as processing_pct,
    round(sum(share_of_world_pct) filter (where regime_code = 'GT'), 1)             as ordinary_pct
from marts.regime_trade
where flow = 'export' and "window" = 'calendar_year' and item_level = 'item'
group by year
order by year
