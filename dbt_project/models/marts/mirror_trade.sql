-- Mirror statistics: China's reported trade with a partner against the partner's reported trade with China.
-- China's exports are the partner's imports from China, China's imports the partner's exports to China.
-- Grain: partner × direction × product (TOTAL or an HS chapter) × window × period_end_month × envelope
-- (china: the partner's trade with China alone; china_hk_macao: with China, Hong Kong and Macao together,
-- China's side being GACC's figure either way). A China month (January–February as one) is compared only
-- when the partner has every month it covers, in dollars at the month's rate: a missing month or rate on
-- either side is no row, never a zero.
with china as (

    select * from {{ ref('int_mirror__china_side') }}

),

partner_usd as (

    select * from {{ ref('int_partners__monthly_usd') }}

),

allowances as (

    select * from {{ ref('cif_fob_allowance') }}

),

envelopes as (

    select
        envelope_members.envelope,
        envelope_members.partner_code,
        envelope_members.envelope_size
    from (
        values
        ('china', 'CHN', 1),
        ('china_hk_macao', 'CHN', 3),
        ('china_hk_macao', 'HKG', 3),
        ('china_hk_macao', 'MAC', 3)
    ) as envelope_members (envelope, partner_code, envelope_size)

),

partner_months as (

    select
        partner_usd.reporter,
        case partner_usd.reporter when 'EU27_2020' then 'EU' else partner_usd.reporter end as partner_code,
        case partner_usd.flow when 'import' then 'china_exports' else 'china_imports' end as direction,
        partner_usd.product,
        partner_usd.period_month,
        envelopes.envelope,
        any_value(partner_usd.currency) as partner_currency,
        any_value(partner_usd.valuation) as partner_valuation,
        sum(partner_usd.amount) as partner_value_local,
        sum(partner_usd.amount_usd) as partner_value_usd,
        max(partner_usd.vintage) as partner_vintage
    from partner_usd
    inner join envelopes on partner_usd.partner_code = envelopes.partner_code
    group by
        partner_usd.reporter,
        partner_usd.flow,
        partner_usd.product,
        partner_usd.period_month,
        envelopes.envelope,
        envelopes.envelope_size
    -- every member of the envelope present in the month
    having count(*) = envelopes.envelope_size

),

monthly as (

    select
        china.partner_code,
        china.direction,
        china.product,
        'month' as "window",
        china.period_month as period_end_month,
        partner_months.envelope,
        china.months_covered,
        china.china_value_usd,
        china.publication_date as china_vintage,
        any_value(partner_months.reporter) as reporter,
        any_value(partner_months.partner_currency) as partner_currency,
        any_value(partner_months.partner_valuation) as partner_valuation,
        sum(partner_months.partner_value_local) as partner_value_local,
        sum(partner_months.partner_value_usd) as partner_value_usd,
        max(partner_months.partner_vintage) as partner_vintage
    from china
    inner join partner_months
        on
            china.partner_code = partner_months.partner_code
            and china.direction = partner_months.direction
            and china.product = partner_months.product
            and partner_months.period_month
            between {{ add_months('china.period_month', '1 - china.months_covered') }} and china.period_month
    group by
        china.partner_code,
        china.direction,
        china.product,
        china.period_month,
        partner_months.envelope,
        china.months_covered,
        china.china_value_usd,
        china.publication_date
    having count(*) = china.months_covered

),

calendar_years as (

    select
        partner_code,
        direction,
        product,
        'calendar_year' as "window",
        make_date(year(period_end_month), 12, 1) as period_end_month,
        envelope,
        sum(months_covered) as months_covered,
        sum(china_value_usd) as china_value_usd,
        max(china_vintage) as china_vintage,
        any_value(reporter) as reporter,
        any_value(partner_currency) as partner_currency,
        any_value(partner_valuation) as partner_valuation,
        sum(partner_value_local) as partner_value_local,
        sum(partner_value_usd) as partner_value_usd,
        max(partner_vintage) as partner_vintage
    from monthly
    group by partner_code, direction, product, year(period_end_month), envelope
    having sum(months_covered) = 12

),

compared as (

    select * from monthly
    union all
    select * from calendar_years

),

final as (

    select
        compared.partner_code,
        compared.direction,
        compared.product,
        compared."window",
        compared.period_end_month,
        compared.envelope,
        cast(compared.months_covered as integer) as months_covered,
        compared.china_value_usd,
        compared.partner_value_local,
        compared.partner_currency,
        compared.partner_value_usd,
        compared.partner_valuation,
        compared.partner_value_usd - compared.china_value_usd as gap_usd,
        compared.partner_value_usd / compared.china_value_usd - 1 as gap_ratio,
        compared.china_vintage,
        cast(compared.partner_vintage as integer) as partner_vintage,
        -- dollars per unit of the partner's currency, weighted by the months' values (1 for dollars)
        compared.partner_value_usd / compared.partner_value_local as usd_per_partner_unit,
        case compared.direction when 'china_exports' then 'fob' else 'cif' end as china_valuation,
        -- China's exports are FOB: a partner valuing its imports CIF records them higher by the allowance; a
        -- partner's FOB (or FAS) exports are lower than China's CIF imports by it.
        case
            when compared.direction = 'china_exports' then allowances.cif_fob_allowance
            else 1 / (1 + allowances.cif_fob_allowance) - 1
        end as expected_ratio,
        compared.partner_value_usd / compared.china_value_usd - 1
        - case
            when compared.direction = 'china_exports' then allowances.cif_fob_allowance
            else 1 / (1 + allowances.cif_fob_allowance) - 1
        end as excess_ratio,
        concat_ws(
            ',',
            case when compared.partner_currency <> 'USD' then 'converted_at_ecb_monthly_rates' end,
            case when compared.months_covered = 2 and compared."window" = 'month' then 'january_february_together' end,
            case
                when compared.partner_code = 'EU' and compared.period_end_month < date '2020-02-01'
                    then 'eu27_against_gacc_eu28'
            end,
            case when compared.envelope = 'china_hk_macao' then 'partner_side_includes_hk_macao' end
        ) as caveat_codes
    from compared
    inner join allowances
        on
            compared.reporter = allowances.reporter
            and allowances.flow = case compared.direction when 'china_exports' then 'import' else 'export' end

)

select * from final
