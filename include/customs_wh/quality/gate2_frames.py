"""Gate 2's frames: what the marts dbt built cannot show about themselves.

dbt tests every invariant of the marts themselves (keys, not-null amounts, bounds, the
calendar year against its months); gate 2 judges only what needs more than the marts: a
partner-month against the partner's own history, months and windows missing from the
series, and the new marts against the warehouse already published (nothing published may go
missing without a person deciding so).

Frames read the marts of build.duckdb and temporary relations ``run_gate2`` creates first:
``changed_months`` (partner-months whose figures differ from the published warehouse) and
``published_monthly``, ``published_windows``, ``published_tables`` (what the published
warehouse holds; empty before the first publish), from ``PUBLISHED_SQL``.
"""

from __future__ import annotations

from customs_wh.quality.suite import Frame

# Partners named in an alert about rows gone missing; the Data Docs list them all.
PARTNERS_NAMED = 8

# What the published warehouse (attached as ``published``) holds, and which partner-months
# this build changes. ``NOTHING_PUBLISHED_SQL`` makes the same relations empty.
PUBLISHED_SQL = """
create or replace temp table published_monthly as
select partner_code, period_month from published.marts.trade_balance_monthly;

create or replace temp table published_windows as
select partner_code, period_end_month, "window" from published.marts.trade_balance_summary;

create or replace temp table published_tables as
select distinct period_end_month as reference_month, release_kind, section, currency
from published.marts.published_numbers
where is_current;

create or replace temp table changed_months as
select partner_code, period_month, exports_usd, imports_usd from marts.trade_balance_monthly
except
select partner_code, period_month, exports_usd, imports_usd from published.marts.trade_balance_monthly;
"""

NOTHING_PUBLISHED_SQL = """
create or replace temp table published_monthly as
select partner_code, period_month from marts.trade_balance_monthly limit 0;

create or replace temp table published_windows as
select partner_code, period_end_month, "window" from marts.trade_balance_summary limit 0;

create or replace temp table published_tables as
select reference_month, release_kind, section, currency from marts.release_vintages limit 0;

create or replace temp table changed_months as
select partner_code, period_month, exports_usd, imports_usd from marts.trade_balance_monthly;
"""

# For a table (reference_month, release_kind, section, currency) of ``missing``: why it has nothing
# in the build.
_WHY = """
        coalesce(
            gaps.release_key || ' (page ' || left(gaps.page_sha256, 12) || ') ' || gaps.gap_kind || ': '
                || gaps.gap_reason,
            'not on the current page ' || current_page.release_key || ' (page '
                || left(current_page.page_sha256, 12) || ')',
            'no page of ' || strftime(missing.reference_month, '%Y-%m') || ' ' || missing.release_kind
                || ' table ' || missing.section || ' ' || coalesce(missing.currency, '') || ' is in the build'
        )"""

# A published partner row (of ``rows``, its month in ``month``) that a loss of
# ops.accepted_losses (``accepted``) covers. The marts' rows are USD; a partner's rows come from
# a table by country (4 on the preliminary, 2 on the Bulletin: either names them), the world's
# from table (1).
_ACCEPTED = """accepted.partner_code = {rows}.partner_code
                and (accepted.currency is null or accepted.currency = 'USD')
                and (accepted.section is null
                    or accepted.section = 1 and {rows}.partner_code = 'WORLD'
                    or accepted.section in (2, 4) and {rows}.partner_code <> 'WORLD')
                and (accepted.first_month is null or {rows}.{month} >= cast(accepted.first_month || '-01' as date))
                and (accepted.last_month is null or {rows}.{month} <= cast(accepted.last_month || '-01' as date))"""

GATE2_FRAMES = (
    Frame(
        "window_completeness",
        "For every partner-month: the windows trade_balance_summary must have.",
        """
        with windows as (
            select
                partner_code, period_end_month,
                bool_or("window" = 'month') as has_month,
                bool_or("window" = 'ytd') as has_ytd,
                bool_or("window" = 'calendar_year') as has_calendar_year
            from marts.trade_balance_summary
            group by partner_code, period_end_month
        )
        select
            monthly.partner_code, monthly.period_month,
            coalesce(windows.has_month and windows.has_ytd
                and (month(monthly.period_month) <> 12 or windows.has_calendar_year), false) as windows_complete
        from marts.trade_balance_monthly as monthly
        left join windows
            on windows.partner_code = monthly.partner_code and windows.period_end_month = monthly.period_month
        """,
    ),
    Frame(
        "world_month_coverage",
        "Every month from the first to the last, for the world: January may only be missing where "
        "February covers January–February.",
        """
        with monthly as (
            select * from marts.trade_balance_monthly where partner_code = 'WORLD'
        ),
        bounds as (
            select min(period_month) as first_month, max(period_month) as last_month from monthly
        ),
        expected as (
            select cast(t.month as date) as period_month
            from bounds, range(bounds.first_month, bounds.last_month + interval 1 month, interval 1 month) as t(month)
        ),
        covered_by_february as (
            select cast(period_month - interval 1 month as date) as period_month
            from monthly
            where months_covered = 2
        )
        select
            expected.period_month,
            monthly.period_month is not null as is_present
        from expected
        left join monthly on monthly.period_month = expected.period_month
        anti join covered_by_february on covered_by_february.period_month = expected.period_month
        """,
    ),
    Frame(
        "monthly_jumps",
        "Partner-months this build changes: the change on the same month a year earlier, in robust "
        "standard deviations of the partner's own history of such changes.",
        """
        with monthly as (
            select * from marts.trade_balance_monthly
        ),
        growth as (
            select this.partner_code, this.period_month, flows.flow, ln(flows.value / flows.prior) as log_change
            from monthly as this
            inner join monthly as prior
                on prior.partner_code = this.partner_code
                and prior.period_month = cast(this.period_month - interval 12 month as date)
                and prior.months_covered = this.months_covered
            cross join lateral (
                values ('export', this.exports_usd, prior.exports_usd), ('import', this.imports_usd, prior.imports_usd)
            ) as flows(flow, value, prior)
            where flows.value > 0 and flows.prior > 0
        ),
        centre as (
            select partner_code, flow, median(log_change) as median_change, count(*) as history
            from growth group by partner_code, flow
        ),
        spread as (
            select growth.partner_code, growth.flow, median(abs(growth.log_change - centre.median_change)) as mad
            from growth inner join centre using (partner_code, flow)
            group by growth.partner_code, growth.flow
        )
        select
            growth.partner_code, growth.period_month, growth.flow,
            round(100 * (exp(growth.log_change) - 1), 1) as change_pct,
            (growth.log_change - centre.median_change) / nullif(1.4826 * spread.mad, 0) as robust_z
        from growth
        inner join centre using (partner_code, flow)
        inner join spread using (partner_code, flow)
        inner join changed_months
            on changed_months.partner_code = growth.partner_code and changed_months.period_month = growth.period_month
        -- two years of history before a partner's changes are judged against it
        where centre.history >= 24
        """,
    ),
    Frame(
        "published_coverage",
        "What the published warehouse holds and the new marts do not: months, partners' rows, windows "
        "and tables (month, release kind, section, currency), each with the table responsible and why.",
        f"""
        with built_monthly as (
            select partner_code, period_month from marts.trade_balance_monthly
        ),
        built_windows as (
            select partner_code, period_end_month, "window" from marts.trade_balance_summary
        ),
        built_tables as (
            select distinct reference_month, release_kind, section, currency from marts.release_vintages
            where is_current
        ),
        -- The table a month's partner rows come from: the Bulletin's (2) once it is in, else the
        -- preliminary (4), and (1) for the world.
        bulletin_months as (
            select distinct reference_month from built_tables
            where release_kind = 'monthly_bulletin' and section = 2
        ),
        -- A loss a person accepted (customs-wh accept-loss) is no longer missing: exactly that
        -- partner, and where it names them, that table, currency and span of months.
        accepted as (
            select * from ops.accepted_losses
        ),
        missing_rows as (
            select published_monthly.*
            from published_monthly
            anti join built_monthly using (partner_code, period_month)
            anti join accepted
                on {_ACCEPTED.format(rows="published_monthly", month="period_month")}
        ),
        missing_windows as (
            select published_windows.*
            from published_windows
            anti join built_windows using (partner_code, period_end_month, "window")
            -- a window lost with its month is reported as the month's rows
            semi join built_monthly
                on built_monthly.partner_code = published_windows.partner_code
                and built_monthly.period_month = published_windows.period_end_month
            anti join accepted
                on {_ACCEPTED.format(rows="published_windows", month="period_end_month")}
        ),
        missing as (
            select
                case when partner_code = 'WORLD' then 'month' else 'partner rows' end as missing_kind,
                period_month as reference_month,
                case when bulletin.reference_month is null then 'preliminary' else 'monthly_bulletin' end
                    as release_kind,
                case when bulletin.reference_month is not null then 2 when partner_code = 'WORLD' then 1 else 4 end
                    as section,
                'USD' as currency,
                list(partner_code order by partner_code) as codes
            from missing_rows
            left join bulletin_months as bulletin on bulletin.reference_month = missing_rows.period_month
            group by all
            union all
            select
                'window ' || "window", period_end_month,
                case when bulletin.reference_month is null then 'preliminary' else 'monthly_bulletin' end,
                case when bulletin.reference_month is null then 4 else 2 end,
                'USD',
                list(partner_code order by partner_code)
            from missing_windows
            left join bulletin_months as bulletin on bulletin.reference_month = missing_windows.period_end_month
            group by all
            union all
            select 'table', reference_month, release_kind, section, currency, []
            from published_tables
            anti join built_tables using (reference_month, release_kind, section, currency)
        )
        select
            missing.missing_kind,
            missing.reference_month,
            missing.section,
            missing.currency,
            len(missing.codes) as missing_count,
            array_to_string(missing.codes[1:{PARTNERS_NAMED}], ',')
                || case when len(missing.codes) > {PARTNERS_NAMED}
                    then ' (+' || (len(missing.codes) - {PARTNERS_NAMED}) || ' more)' else '' end as missing,
            {_WHY} as why,
            false as is_kept
        from missing
        left join marts.release_gaps as gaps
            on gaps.reference_month = missing.reference_month
            and gaps.release_kind = missing.release_kind
            and gaps.section = missing.section
            and gaps.currency is not distinct from missing.currency
        left join marts.release_vintages as current_page
            on current_page.is_current
            and current_page.reference_month = missing.reference_month
            and current_page.release_kind = missing.release_kind
            and current_page.section = missing.section
            and current_page.currency is not distinct from missing.currency
        """,
    ),
    Frame(
        "newest_month_partners",
        "The newest month of the marts: how many partners' rows it has, and why when it has none.",
        f"""
        with newest as (
            select max(period_month) as reference_month
            from marts.trade_balance_monthly
            where partner_code = 'WORLD'
        ),
        partner_rows as (
            select count(*) as partner_rows
            from marts.trade_balance_monthly
            inner join newest on marts.trade_balance_monthly.period_month = newest.reference_month
            where marts.trade_balance_monthly.partner_code <> 'WORLD'
        ),
        missing as (
            select newest.reference_month, 'preliminary' as release_kind, 4 as section, 'USD' as currency
            from newest
            where newest.reference_month is not null
        )
        select
            missing.reference_month,
            partner_rows.partner_rows,
            -- a table GACC published as an image is a known gap, alerted when it was landed
            partner_rows.partner_rows > 0 or coalesce(gaps.gap_kind = 'published_as_image', false) as is_covered,
            {_WHY} as why
        from missing
        cross join partner_rows
        left join marts.release_gaps as gaps
            on gaps.reference_month = missing.reference_month
            and gaps.release_kind = missing.release_kind
            and gaps.section = missing.section
            and gaps.currency is not distinct from missing.currency
        left join marts.release_vintages as current_page
            on current_page.is_current
            and current_page.reference_month = missing.reference_month
            and current_page.release_kind = missing.release_kind
            and current_page.section = missing.section
            and current_page.currency is not distinct from missing.currency
        """,
    ),
)
