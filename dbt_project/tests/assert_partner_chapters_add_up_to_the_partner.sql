-- partner_hs_trade: each selected partner's chapters add up to its TOTAL row on the page within
-- the rounding of the integers GACC prints (half of US$1,000 each, the partner's total included).
select
    partner_code,
    flow,
    period_end_month,
    "window",
    sum(value_usd) as chapters_usd,
    max(partner_value_usd) as partner_usd

from {{ ref('partner_hs_trade') }}
where item_level = 'chapter' and "window" in ('month', 'ytd')
group by partner_code, flow, period_end_month, "window"
having max(partner_value_usd) is null or abs(sum(value_usd) - max(partner_value_usd)) > (count(*) + 1) * 500
