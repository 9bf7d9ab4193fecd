{#- The windows of trade_balance_summary over a product breakdown (int_gacc__breakdown_current)
    for the tables `table_codes`: month, ytd, rolling_12m (only where twelve months are present)
    and calendar_year (December's ytd), each with the same window a year earlier, the share of
    the page's TOTAL in the same column (the world; the partner's whole trade on (15)/(16); the
    enterprise type's on (6)/(7); the special areas' on (11); foreign-invested enterprises' on (12))
    and GACC's printed %.
    months_from_ytd: where a table prints January to the month only ((6)/(7)), a month is the year
    to date less the previous month's of the same year (no month where that page is missing).
    Keys: table_code, partner_code, enterprise_code, item_code, flow, period_end_month, "window". -#}
{% macro breakdown_windows(table_codes, months_from_ytd=false) -%}
with current_values as (

    select * from {{ ref('int_gacc__breakdown_current') }}
    where table_code in ({{ "'" ~ table_codes | join("', '") ~ "'" }})

),

items as (

    select distinct on (table_code, partner_code, item_code)
        table_code, classification, partner_code, item_code, item_level, item_label, parent_code

    from current_values
    order by table_code, partner_code, item_code, reference_month desc

),

monthly as (

    select table_code, partner_code, enterprise_code, item_code, flow, reference_month as period_end_month, amount
    from current_values
    where measure = 'value' and period_kind = 'month'
    {%- if months_from_ytd %}
    union all
    select
        ytd.table_code, ytd.partner_code, ytd.enterprise_code, ytd.item_code, ytd.flow,
        ytd.reference_month as period_end_month, ytd.amount - previous.amount as amount
    from current_values as ytd
    inner join current_values as previous
        on
            ytd.table_code = previous.table_code
            and ytd.partner_code = previous.partner_code
            and ytd.enterprise_code = previous.enterprise_code
            and ytd.item_code = previous.item_code
            and ytd.flow = previous.flow
            and ytd.period_start_month = previous.period_start_month
            and previous.reference_month = {{ add_months('ytd.reference_month', -1) }}
            and previous.measure = 'value'
            and previous.period_kind = 'ytd'
    where
        ytd.measure = 'value' and ytd.period_kind = 'ytd'
        and not exists (
            select 1 from current_values as printed
            where
                printed.table_code = ytd.table_code
                and printed.partner_code = ytd.partner_code
                and printed.enterprise_code = ytd.enterprise_code
                and printed.item_code = ytd.item_code
                and printed.flow = ytd.flow
                and printed.reference_month = ytd.reference_month
                and printed.measure = 'value'
                and printed.period_kind = 'month'
        )
    {%- endif %}

),

year_to_date as (

    select
        values_.table_code, values_.partner_code, values_.enterprise_code, values_.item_code, values_.flow,
        values_.reference_month as period_end_month, values_.months_covered, values_.amount,
        printed.yoy_pct as gacc_yoy_pct

    from current_values as values_
    left join current_values as printed
        on
            printed.table_code = values_.table_code
            and printed.partner_code = values_.partner_code
            and printed.enterprise_code = values_.enterprise_code
            and printed.period_kind = values_.period_kind
            and printed.item_code = values_.item_code
            and printed.flow = values_.flow
            and printed.reference_month = values_.reference_month
            and printed.measure = 'yoy_pct'
    where values_.measure = 'value' and values_.period_kind = 'ytd'

),

trailing_twelve as (

    select
        *,
        count(*) over last_twelve_months as months_present,
        sum(amount) over last_twelve_months as amount_12m

    from monthly
    window last_twelve_months as (
        partition by table_code, partner_code, enterprise_code, item_code, flow
        order by period_end_month
        range between interval 11 months preceding and current row
    )

),

windows as (

    select
        table_code, partner_code, enterprise_code, item_code, flow, period_end_month, 'month' as "window",
        period_end_month as period_start_month, 1 as months_covered, amount as value_usd,
        cast(null as double) as gacc_yoy_pct
    from monthly
    union all
    select
        table_code, partner_code, enterprise_code, item_code, flow, period_end_month, 'ytd' as "window",
        {{ add_months('period_end_month', '1 - months_covered') }} as period_start_month, months_covered,
        amount as value_usd, gacc_yoy_pct
    from year_to_date
    union all
    select
        table_code, partner_code, enterprise_code, item_code, flow, period_end_month, 'calendar_year' as "window",
        {{ add_months('period_end_month', -11) }} as period_start_month, 12 as months_covered,
        amount as value_usd, gacc_yoy_pct
    from year_to_date
    where month(period_end_month) = 12
    union all
    select
        table_code, partner_code, enterprise_code, item_code, flow, period_end_month, 'rolling_12m' as "window",
        {{ add_months('period_end_month', -11) }} as period_start_month, 12 as months_covered,
        amount_12m as value_usd, cast(null as double) as gacc_yoy_pct
    from trailing_twelve
    where months_present = 12

),

with_prior as (

    {{ with_year_earlier('windows', ['table_code', 'partner_code', 'enterprise_code', 'item_code', 'flow', '"window"'],
        'period_end_month', {'value_usd': 'value_prior_usd'}) }}

),

with_total as (

    select
        with_prior.*,
        totals.value_usd as total_value_usd

    from with_prior
    left join windows as totals
        on
            totals.table_code = with_prior.table_code
            and totals.partner_code = with_prior.partner_code
            and totals.enterprise_code = with_prior.enterprise_code
            and totals.item_code = 'TOTAL'
            and totals.flow = with_prior.flow
            and totals.period_end_month = with_prior.period_end_month
            and totals."window" = with_prior."window"

)

select
    with_total.table_code,
    items.classification,
    with_total.partner_code,
    with_total.enterprise_code,
    with_total.item_code,
    items.item_level,
    items.item_label,
    items.parent_code,
    with_total.flow,
    with_total.period_end_month,
    with_total."window",
    with_total.period_start_month,
    with_total.months_covered,
    with_total.value_usd,
    with_total.total_value_usd,
    100.0 * with_total.value_usd / nullif(with_total.total_value_usd, 0) as share_pct,
    with_total.value_prior_usd,
    {{ pct_change('with_total.value_usd', 'with_total.value_prior_usd') }} as value_yoy_pct,
    with_total.gacc_yoy_pct

from with_total
inner join items
    on
        items.table_code = with_total.table_code
        and items.partner_code = with_total.partner_code
        and items.item_code = with_total.item_code
{%- endmacro %}
