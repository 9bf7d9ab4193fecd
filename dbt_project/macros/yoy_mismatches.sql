{#- Year-to-date growth GACC prints that the warehouse cannot reproduce from the prior year's
    figures. Stated tolerance, in percentage points: the printed % is rounded (0.05), and so
    are both values it compares (each ±0.05 page units), which moves the % by up to
    100 × 0.05 × (this + prior) / prior². -#}
{% macro yoy_mismatches(partner_condition) %}
with ytd_flows as (

    select * from {{ ref('int_gacc__ytd_flows') }}

),

compared as (

    select
        this_year.currency,
        this_year.partner_code,
        this_year.flow,
        this_year.period_end_month,
        this_year.gacc_yoy_pct,
        100.0 * (this_year.amount / prior_year.amount - 1) as computed_yoy_pct,
        0.05 + 100.0 * 0.05 * (this_year.printed_value + prior_year.printed_value) / (prior_year.printed_value * prior_year.printed_value)
            + 1e-6 as tolerance_pp

    from ytd_flows as this_year
    inner join ytd_flows as prior_year
        on prior_year.currency = this_year.currency
        and prior_year.partner_code = this_year.partner_code
        and prior_year.flow = this_year.flow
        and prior_year.period_end_month = {{ add_months('this_year.period_end_month', -12) }}
    where this_year.gacc_yoy_pct is not null
        and prior_year.printed_value > 0
        and {{ partner_condition }}

)

select *
from compared
where abs(computed_yoy_pct - gacc_yoy_pct) > tolerance_pp
{% endmacro %}
