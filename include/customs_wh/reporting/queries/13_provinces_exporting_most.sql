-- Which provinces export the most, and how did each move in 2025? The ten largest by where the
-- exporter is registered (the Monthly Bulletin's table (8)), with the change on 2024 and the share
-- of China's exports.
select
    area_code                           as province,
    area_label                          as label,
    round(value_usd / 1e9, 1)           as exports_bn,
    round(value_yoy_pct, 1)             as change_pct,
    round(share_of_world_pct, 1)        as share_pct
from marts.province_trade
where basis = 'trader_location'
  and flow = 'export'
  and "window" = 'calendar_year'
  and item_level = 'item'
  and period_end_month = date '2025-12-01'
order by value_usd desc
limit 10
