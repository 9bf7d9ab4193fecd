-- What each partner reports of its trade with China, Hong Kong and Macao, per month, flow and product (TOTAL
-- or an HS chapter), in its own currency. The world row and the EU27's member states are not read here, so
-- no aggregate is ever added to its detail. HMRC prints a row per commodity code: its chapters and totals
-- are their sums, and a chapter or total holding a suppressed row has no value (never a sum that counts the
-- withheld row as zero).
with observations as (

    select * from {{ ref('stg_partners__observations') }}

),

compared as (

    select * from observations
    where
        partner_code in ('CHN', 'HKG', 'MAC')
        and reporter in ('USA', 'EU27_2020', 'GBR')
        -- US general imports and total exports; Comext's and HMRC's statistical value.
        and measure in ('GEN_VAL_MO', 'ALL_VAL_MO', 'VALUE_IN_EUROS', 'Value')

),

printed as (

    select
        source,
        reporter,
        partner_code,
        flow,
        product,
        period_month,
        currency,
        valuation,
        value as amount,
        suppressed as has_suppressed,
        vintage
    from compared
    where source <> 'hmrc'

),

hmrc_chapters as (

    select
        source,
        reporter,
        partner_code,
        flow,
        product,
        period_month,
        currency,
        valuation,
        bool_or(suppressed) as has_suppressed,
        max(vintage) as vintage,
        case when bool_or(suppressed) then null else sum(value) end as amount
    from compared
    where source = 'hmrc'
    group by source, reporter, partner_code, flow, product, period_month, currency, valuation

),

hmrc_totals as (

    select
        source,
        reporter,
        partner_code,
        flow,
        'TOTAL' as product,
        period_month,
        currency,
        valuation,
        bool_or(has_suppressed) as has_suppressed,
        max(vintage) as vintage,
        case when bool_or(has_suppressed) then null else sum(amount) end as amount
    from hmrc_chapters
    group by source, reporter, partner_code, flow, period_month, currency, valuation

),

final as (

    select
        source,
        reporter,
        partner_code,
        flow,
        product,
        period_month,
        currency,
        valuation,
        amount,
        has_suppressed,
        vintage
    from printed
    union all
    select
        source,
        reporter,
        partner_code,
        flow,
        product,
        period_month,
        currency,
        valuation,
        amount,
        has_suppressed,
        vintage
    from hmrc_chapters
    union all
    select
        source,
        reporter,
        partner_code,
        flow,
        product,
        period_month,
        currency,
        valuation,
        amount,
        has_suppressed,
        vintage
    from hmrc_totals

)

select * from final
