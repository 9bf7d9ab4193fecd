-- Each selected partner's trade with China by HS section and chapter (tables (15) exports and
-- (16) imports) over the windows of trade_balance_summary, with the chapter's share of the
-- partner's trade and the change on the same window a year earlier.
with breakdown as (

    {{ breakdown_windows(['15', '16']) }}

),

final as (

    select
        partner_code,
        item_code,
        item_level,
        item_label,
        parent_code,
        flow,
        period_end_month,
        "window",
        period_start_month,
        months_covered,
        value_usd,
        total_value_usd as partner_value_usd,
        share_pct as share_of_partner_pct,
        value_prior_usd,
        value_yoy_pct

    from breakdown

)

select * from final
