-- The United States' share of China's exports, year by year
select
    year(period_end_month)          as year,
    round(share_pct, 2)             as us_share_of_exports_pct,
    round(share_change_pp, 2)       as change_pp,
    rank                            as rank_among_countries
from marts.partner_share
where partner_code = 'USA'
  and flow = 'export'
  and "window" = 'calendar_year'
order by year
