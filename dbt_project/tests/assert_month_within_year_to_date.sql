-- A single month can never exceed January-to-that-month.
with current_values as (

    select * from {{ ref('int_gacc__current_values') }}
    where measure = 'value'

),

single_months as (

    select * from current_values
    where period_kind = 'month'

),

year_to_date as (

    select * from current_values
    where period_kind = 'ytd'

)

select
    single_months.currency,
    single_months.partner_code,
    single_months.flow,
    single_months.period_end_month,
    single_months.printed_value as month_value,
    year_to_date.printed_value as ytd_value

from single_months
inner join year_to_date
    on year_to_date.currency = single_months.currency
    and year_to_date.partner_code = single_months.partner_code
    and year_to_date.flow = single_months.flow
    and year_to_date.period_end_month = single_months.period_end_month
where single_months.printed_value > year_to_date.printed_value + 1e-9
