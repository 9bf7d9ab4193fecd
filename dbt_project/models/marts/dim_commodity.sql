-- Every commodity of GACC's catalogue of major exports (5) and imports (6), as the accepted
-- pages print it: the newest label, hierarchy and quantity unit. A code may appear in both
-- tables (refined petroleum products, hi-tech products ...): the grain is code and flow.
with observations as (

    select
        *,
        -- Newest page first.
        (reference_month, valid_from, vintage_order) as recency

    from {{ ref('int_gacc__commodity_observations_vintaged') }}
    -- The USD edition, which the marts are built from (gate 1 holds the CNY edition to it).
    where
        currency = 'USD'
        and not is_year_earlier

),

commodities as (

    select
        commodity_code,
        flow,
        -- As the newest page prints it (arg_max_null: a null there is the answer, not a gap).
        arg_max_null(commodity_label, recency) as commodity_name,
        arg_max_null(parent_code, recency) as parent_code,
        arg_max_null(is_aggregate, recency) as is_aggregate,
        arg_max_null(quantity_unit, recency) as quantity_unit,
        string_agg(distinct quantity_unit, '; ' order by quantity_unit) as quantity_units_seen,
        min(period_start_month) as first_month,
        max(period_end_month) as last_month

    from observations
    group by commodity_code, flow

),

final as (

    select
        commodity_code,
        flow,
        commodity_name,
        parent_code,
        is_aggregate,
        quantity_unit,
        quantity_units_seen,
        first_month,
        last_month

    from commodities

)

select * from final
