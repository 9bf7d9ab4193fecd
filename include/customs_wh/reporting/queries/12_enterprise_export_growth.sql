-- How fast are private enterprises' exports growing compared with state-owned and foreign-invested
-- ones? Each type's exports over each calendar year against the year before, and the private
-- enterprises' share of China's exports (the Monthly Bulletin's table (6)).
select
    year(period_end_month)                                                      as year,
    round(max(value_yoy_pct) filter (where enterprise_code = 'PRI'), 1)         as private_pct,
    round(max(value_yoy_pct) filter (where enterprise_code = 'SOE'), 1)         as state_owned_pct,
    round(max(value_yoy_pct) filter (where enterprise_code = 'FIE'), 1)         as foreign_invested_pct,
    round(max(share_of_world_pct) filter (where enterprise_code = 'PRI'), 1)    as private_share_pct
from marts.enterprise_trade
where flow = 'export' and "window" = 'calendar_year' and regime_code = 'TOTAL'
group by year
order by year
