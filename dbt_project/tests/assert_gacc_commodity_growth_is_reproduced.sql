-- The year-earlier figure the marts pair with each cumulative figure is the one GACC's printed
-- year-on-year % was computed from (the parser has checked that arithmetic on the page; this
-- guards the models' choice of vintage and year-earlier row). A warning. Tolerance in percentage
-- points:
-- the printed % is rounded (half the rounding tolerance), and so is each value (in page
-- units), which moves the % by up to 100 × that × (this + prior) / prior².
{{ config(severity='warn') }}
with year_to_date as (

    select * from {{ ref('int_gacc__commodity_ytd') }}
    where
        gacc_value_yoy_pct is not null
        and printed_year_earlier_value > 0

),

compared as (

    select
        currency,
        commodity_code,
        flow,
        period_end_month,
        gacc_value_yoy_pct,
        100.0 * (amount / printed_year_earlier_amount - 1) as computed_yoy_pct,
        {{ rounding_allowance(1) }} + 100.0 * {{ rounding_allowance(1) }} * (printed_value + printed_year_earlier_value)
        / (printed_year_earlier_value * printed_year_earlier_value) + 1e-6 as tolerance_pp

    from year_to_date

)

select *
from compared
where abs(computed_yoy_pct - gacc_value_yoy_pct) > tolerance_pp
