-- Every commodity of GACC's catalogues of major exports and imports, the Preliminary Release's
-- (5)/(6) and the Monthly Bulletin's (13)/(14), as the accepted pages print it. A code may appear
-- in both flows (refined petroleum products, hi-tech products ...): the grain is code and flow. A
-- commodity both products print under one label is one commodity, one row: its label, hierarchy
-- and quantity unit are the newest Bulletin page's (the verified vintage, whose catalogue holds
-- every parent it names), a commodity the Bulletin never printed the newest preliminary page's.
with observations as (

    select
        *,
        -- The Bulletin's pages first, then the newest page.
        (release_kind = 'monthly_bulletin', reference_month, valid_from, vintage_order) as recency

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
        max(period_end_month) as last_month,
        -- Which products print it: preliminary, monthly_bulletin, or both.
        string_agg(distinct release_kind, ', ' order by release_kind) as printed_by

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
        last_month,
        printed_by

    from commodities

)

select * from final
