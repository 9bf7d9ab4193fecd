-- China's side by HS chapter: GACC's trade with each partner by chapter, from the Monthly Bulletin's tables
-- (15) and (16) (partners × HS chapter). Until the Bulletin mart that lands them (partner_hs_trade) exists,
-- this model has no rows and the mirror has totals only. When it does, replace the final select with
--   select partner_code, flow, hs_chapter, period_month, months_covered, value_usd, publication_date
--   from {{ "{{" }} ref('partner_hs_trade') {{ "}}" }}
-- keeping these columns: partner_code (GACC's: USA, EU, GBR …), flow (export | import, China's view),
-- hs_chapter ('01' … '99'), period_month (date), months_covered (1, or 2 for January–February),
-- value_usd, publication_date (the vintage).
with final as (

    select
        cast(null as varchar) as partner_code,
        cast(null as varchar) as flow,
        cast(null as varchar) as hs_chapter,
        cast(null as date) as period_month,
        cast(null as integer) as months_covered,
        cast(null as double) as value_usd,
        cast(null as date) as publication_date
    where false

)

select * from final
