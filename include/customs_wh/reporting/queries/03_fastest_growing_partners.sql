-- Fastest-growing export markets in the latest full year: countries and territories China sold at
-- least USD 1 bn to the year before (below that, growth rates of tiny markets swamp the list)
with yearly as (
    select partner_code, period_end_month, exports_usd
    from marts.trade_balance_summary
    where "window" = 'calendar_year'
),

latest as (
    select
        cur.partner_code,
        cur.exports_usd,
        prior.exports_usd as prior_exports_usd
    from yearly as cur
    inner join yearly as prior
        on prior.partner_code = cur.partner_code
        and prior.period_end_month = cur.period_end_month - interval 1 year
    where cur.period_end_month = (select max(period_end_month) from yearly)
)

select
    latest.partner_code,
    partner.partner_name,
    round(latest.exports_usd / 1e9, 1)                                 as exports_bn,
    round(100 * (latest.exports_usd / latest.prior_exports_usd - 1), 1) as exports_growth_pct
from latest
inner join marts.dim_partner as partner using (partner_code)
where partner.partner_type in ('country', 'territory')
    and latest.prior_exports_usd >= 1e9
order by exports_growth_pct desc
limit 5
