-- Which HS chapters drive the surplus? The ten largest chapter balances of the latest calendar year.
with chapters as (
    select
        item_code,
        item_label,
        period_end_month,
        max(case when flow = 'export' then value_usd end) as exports_usd,
        max(case when flow = 'import' then value_usd end) as imports_usd
    from marts.hs_trade
    where item_level = 'chapter'
      and "window" = 'calendar_year'
      and period_end_month = (
          select max(period_end_month) from marts.hs_trade where "window" = 'calendar_year'
      )
    group by item_code, item_label, period_end_month
)
select
    year(period_end_month)                                           as year,
    item_code                                                        as chapter,
    left(item_label, 40)                                             as label,
    round(coalesce(exports_usd, 0) / 1e9, 1)                         as exports_bn,
    round(coalesce(imports_usd, 0) / 1e9, 1)                         as imports_bn,
    round((coalesce(exports_usd, 0) - coalesce(imports_usd, 0)) / 1e9, 1) as balance_bn
from chapters
order by balance_bn desc
limit 10
