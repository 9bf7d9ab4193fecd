-- Every printed "Export & Import" equals Export + Import, to the rounding of the page
-- (each of the three is rounded to one decimal, so they may disagree by 0.1).
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

by_flow as (

    select
        currency,
        partner_code,
        period_kind,
        period_end_month,
        max(case when flow = 'total' then printed_value end) as printed_total,
        max(case when flow = 'export' then printed_value end) as printed_exports,
        max(case when flow = 'import' then printed_value end) as printed_imports

    from current_values
    group by currency, partner_code, period_kind, period_end_month

)

select *
from by_flow
where abs(printed_total - printed_exports - printed_imports) > 0.1 + 1e-9
