-- Selected commodities by the four major customs regimes (the Bulletin's tables (17) exports and
-- (18) imports): each commodity's January-to-month value and quantity under Ordinary Trade,
-- Processing Trade, Bonded logistics and Other, the month's value by differencing within the year
-- where the previous month's page landed and printed the commodity, the regime's share of the
-- commodity, GACC's printed year-on-year changes, and the page (vintage) each row comes from. Only
-- pages that passed gate 1, the newest of each month.
with observations as (

    select * from {{ ref('stg_gacc__commodity_regime_observations') }}
    where currency = 'USD'

),

accepted_pages as (

    {{ accepted_pages() }}

),

current_numbers as (

    select observations.*
    from observations
    inner join accepted_pages
        on
            observations.release_key = accepted_pages.release_key
            and observations.page_sha256 = accepted_pages.page_sha256
    where accepted_pages.newest_first = 1

),

cells as (

    select
        commodity_code,
        flow,
        regime_code,
        reference_month as period_end_month,
        any_value(table_code) as table_code,
        any_value(commodity_label) as commodity_label,
        any_value(parent_code) as parent_code,
        any_value(period_start_month) as period_start_month,
        any_value(months_covered) as months_covered,
        any_value(quantity_unit) as quantity_unit,
        max(case when measure = 'value' then amount end) as value_usd_ytd,
        max(case when measure = 'quantity' then quantity end) as quantity_ytd,
        max(case when measure = 'value_yoy_pct' then yoy_pct end) as gacc_value_yoy_pct,
        max(case when measure = 'quantity_yoy_pct' then yoy_pct end) as gacc_quantity_yoy_pct,
        any_value(release_key) as release_key,
        any_value(page_sha256) as page_sha256,
        any_value(release_vintage) as release_vintage,
        any_value(publication_date) as publication_date

    from current_numbers
    group by commodity_code, flow, regime_code, reference_month

),

-- The commodities each month's page printed: a regime absent from a commodity's row traded
-- nothing; a commodity absent from the page is not known to have traded nothing (no month value).
printed_commodities as (

    select distinct
        table_code,
        commodity_code,
        reference_month as period_end_month
    from current_numbers

),

with_month as (

    select
        cells.*,
        case
            when cells.months_covered = 1 then cells.value_usd_ytd
            when previous_page.period_end_month is not null
                then cells.value_usd_ytd - coalesce(previous.value_usd_ytd, 0)
        end as value_usd_month,
        100 * cells.value_usd_ytd / nullif(
            sum(cells.value_usd_ytd) over (partition by cells.commodity_code, cells.flow, cells.period_end_month), 0
        ) as share_of_commodity_pct

    from cells
    left join printed_commodities as previous_page
        on
            cells.table_code = previous_page.table_code
            and cells.commodity_code = previous_page.commodity_code
            and cells.period_end_month - interval 1 month = previous_page.period_end_month
            and year(cells.period_end_month) = year(previous_page.period_end_month)
    left join cells as previous
        on
            cells.commodity_code = previous.commodity_code
            and cells.flow = previous.flow
            and cells.regime_code = previous.regime_code
            and cells.period_end_month - interval 1 month = previous.period_end_month

),

final as (

    select
        commodity_code,
        commodity_label,
        parent_code,
        flow,
        regime_code,
        cast(period_end_month as date) as period_end_month,
        cast(period_start_month as date) as period_start_month,
        months_covered,
        value_usd_ytd,
        value_usd_month,
        quantity_ytd,
        quantity_unit,
        share_of_commodity_pct,
        gacc_value_yoy_pct,
        gacc_quantity_yoy_pct,
        table_code,
        release_key,
        page_sha256,
        release_vintage,
        publication_date

    from with_month

)

select * from final
