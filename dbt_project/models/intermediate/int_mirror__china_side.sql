-- China's side of the mirror: what GACC records of its trade with the United States, the EU and the United
-- Kingdom, as the published marts hold it (USD; January–February one row on February), the total from
-- trade_balance_monthly and the chapters from int_mirror__china_side_by_chapter.
with monthly as (

    select * from {{ ref('trade_balance_monthly') }}

),

by_chapter as (

    select * from {{ ref('int_mirror__china_side_by_chapter') }}

),

totals as (

    select
        partner_code,
        'china_exports' as direction,
        'TOTAL' as product,
        period_month,
        months_covered,
        exports_usd as china_value_usd,
        publication_date
    from monthly
    where partner_code in ('USA', 'EU', 'GBR')
    union all
    select
        partner_code,
        'china_imports' as direction,
        'TOTAL' as product,
        period_month,
        months_covered,
        imports_usd as china_value_usd,
        publication_date
    from monthly
    where partner_code in ('USA', 'EU', 'GBR')

),

chapters as (

    select
        partner_code,
        case flow when 'export' then 'china_exports' else 'china_imports' end as direction,
        hs_chapter as product,
        period_month,
        months_covered,
        value_usd as china_value_usd,
        publication_date
    from by_chapter
    where partner_code in ('USA', 'EU', 'GBR')

),

final as (

    select * from totals
    union all
    select * from chapters

)

select * from final
