"""The expectation suites of both gates, as code: frames (SQL) and the checks on them.

A *frame* is a query over build.duckdb whose rows are the things a check judges (one
page's partner-flow, one pair of currency editions, one partner-year ...). Gate 1 frames
read the temporary relations ``gate_scope`` (pages awaiting gate 1) and ``gate_numbers``
(their numbers plus every accepted number they may be compared with), which
``gates.py`` creates first. Gate 2 frames read the marts and ``changed_months`` (the
partner-months this build changes against the published warehouse).

Frames of gate 1 carry ``release`` (how alerts name a release, e.g. "2025-06 section 4
USD (preliminary)") and ``page`` (release_key|sha256 of the page to quarantine when the
row fails); frames that compare two pages also carry ``counterpart``, the other page.
Every check lists the columns that describe a failing row to a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from customs_wh.contracts import ROUNDING_TOLERANCE

CRITICAL = "critical"
WARNING = "warning"

# The partners every GACC "by country/region" table has printed since 2018.
CORE_PARTNERS = ("WORLD", "EU", "USA", "ASEAN", "JPN", "HKG", "KOR", "TWN")
# CNY per USD implied by the two editions of a table: the yuan traded between 6.1 and 7.35
# over 2018-2026; outside this band one edition's unit or numbers are wrong.
CNY_PER_USD_BAND = (5.8, 7.9)
# A partner's implied rate may differ from the table's world rate through the mix of months
# in a cumulative figure and through rounding; more than this is a wrong number.
RATE_DEVIATION_PCT = 2.0
# Partners this small in either edition carry too few digits for a rate comparison.
RATE_MIN_PAGE_VALUE = 100.0
# A month's year-on-year change this many robust standard deviations from the partner's own
# history is an "unexplained jump" worth a person's look.
JUMP_ROBUST_Z = 6.0
# Calendar year vs the sum of its months: beyond rounding is a warning, beyond this a defect.
CALENDAR_GAP_CRITICAL_PCT = 1.0


@dataclass(frozen=True)
class Frame:
    name: str
    description: str
    sql: str


@dataclass(frozen=True)
class Check:
    """One expectation on one frame.

    ``expectation`` builds the GX expectation from the ``great_expectations.expectations``
    module (passed in: GX takes seconds to import, so nothing here imports it).
    ``describe`` lists the frame columns that tell a person which row failed.
    """

    name: str
    frame: str
    severity: str
    expected: str
    expectation: Callable[[Any], Any]
    describe: tuple[str, ...] = ()


# --- gate 1: the numbers of newly parsed pages ---------------------------------------------
# raw.observations declares every contract column NOT NULL and typed, so presence and type
# need no check here; what the database cannot know (allowed values, arithmetic between
# numbers, pages against pages) is checked.

GATE1_SCOPE_SQL = """
create or replace temp table gate_scope as
select
    manifest.release_key,
    manifest.sha256,
    manifest.url,
    manifest.reference_month || ' section ' || manifest.section || ' ' || manifest.currency
        || ' (' || manifest.release_kind || ')' as release
from raw.manifest as manifest
where manifest.status = 'landed'
    and manifest.gated_at is null
    and exists (
        select 1 from raw.observations as o
        where o.release_key = manifest.release_key and o.sha256 = manifest.sha256
    );

-- The pages in scope and every page already accepted: what new numbers are compared with.
create or replace temp table gate_numbers as
select
    observations.* exclude (loaded_at),
    manifest.reference_month || ' section ' || manifest.section || ' ' || manifest.currency
        || ' (' || manifest.release_kind || ')' as release,
    observations.release_key || '|' || observations.sha256 as page,
    gate_scope.release_key is not null as in_scope
from raw.observations as observations
inner join raw.manifest as manifest
    on manifest.release_key = observations.release_key and manifest.sha256 = observations.sha256
left join gate_scope
    on gate_scope.release_key = observations.release_key and gate_scope.sha256 = observations.sha256
where manifest.status = 'landed'
    and (manifest.gated_at is not null or gate_scope.release_key is not null);

-- One row per page of gate_numbers, and for each the newest accepted page of the same table.
create or replace temp table gate_pages as
select distinct
    release_key, sha256, page, release, in_scope, section, currency, release_kind, reference_month,
    publication_date, vintage
from gate_numbers;
"""

# For an in-scope page P, the newest other page Q matching a join condition (another
# currency edition, the other section, the previous release of the series ...).
_COUNTERPART = """
select p.page, arg_max(q.page, (q.reference_month, q.publication_date, q.vintage)) as counterpart
from gate_pages as p
inner join gate_pages as q on {condition}
where p.in_scope
group by p.page
"""

GATE1_FRAMES = (
    Frame(
        "observations",
        "Every number of the pages awaiting gate 1, as the parser produced it (the observation contract).",
        """
        select release, page, section, currency, unit, scale, reference_month, publication_date,
               partner, partner_code, parent_code, flow, measure, period_kind, period_start, value
        from gate_numbers
        where in_scope
        """,
    ),
    Frame(
        "trade_values",
        "The trade values (not the percentages) of the pages awaiting gate 1.",
        """
        select release, page, partner_code, flow, period_kind, value
        from gate_numbers
        where in_scope and measure = 'value'
        """,
    ),
    Frame(
        "growth_rates",
        "The year-on-year percentages of the pages awaiting gate 1.",
        """
        select release, page, partner_code, flow, period_kind, value as yoy_pct
        from gate_numbers
        where in_scope and measure = 'yoy_pct'
        """,
    ),
    Frame(
        "flow_identities",
        "Export & Import against Export + Import, per page, partner and period.",
        """
        select
            release, page, partner_code, period_kind,
            max(value) filter (where flow = 'total') as printed_total,
            max(value) filter (where flow = 'export') as printed_exports,
            max(value) filter (where flow = 'import') as printed_imports,
            printed_total - printed_exports - printed_imports as residual
        from gate_numbers
        where in_scope and measure = 'value'
        group by release, page, partner_code, period_kind
        """,
    ),
    Frame(
        "month_within_year_to_date",
        "The single month against January-to-month, per page, partner and flow.",
        """
        select
            release, page, partner_code, flow,
            max(value) filter (where period_kind = 'month') as month_value,
            max(value) filter (where period_kind = 'ytd') as ytd_value,
            ytd_value - month_value as headroom
        from gate_numbers
        where in_scope and measure = 'value'
        group by release, page, partner_code, flow
        having month_value is not null and ytd_value is not null
        """,
    ),
    Frame(
        "partner_within_world",
        "Each partner's trade against the world's on the same page.",
        """
        select
            partner.release, partner.page, partner.partner_code, partner.flow, partner.period_kind,
            partner.value as partner_value, world.value as world_value,
            world.value - partner.value as headroom
        from gate_numbers as partner
        inner join gate_numbers as world
            on world.page = partner.page
            and world.partner_code = 'WORLD'
            and world.measure = 'value'
            and world.flow = partner.flow
            and world.period_kind = partner.period_kind
        where partner.in_scope and partner.measure = 'value' and partner.partner_code <> 'WORLD'
        """,
    ),
    Frame(
        "members_within_group",
        'The "of which" members printed under a group against the group, per page.',
        """
        with members as (
            select
                release, page, parent_code, flow, period_kind,
                sum(value) as members_value,
                count(*) as member_count,
                string_agg(partner_code, ',' order by partner_code) as members
            from gate_numbers
            where in_scope and measure = 'value' and parent_code is not null
            group by release, page, parent_code, flow, period_kind
        )
        select
            members.release, members.page, members.parent_code as group_code, members.flow,
            members.period_kind, members.members, members.members_value, grp.value as group_value,
            -- each printed member and the group may be rounded by half a unit
            grp.value - members.members_value + 0.05 * (members.member_count + 1) as headroom
        from members
        inner join gate_numbers as grp
            on grp.page = members.page
            and grp.partner_code = members.parent_code
            and grp.measure = 'value'
            and grp.flow = members.flow
            and grp.period_kind = members.period_kind
        """,
    ),
    Frame(
        "partner_coverage",
        "Per page by country/region: core partners missing, and partners the previous release "
        "of the same table printed that this one does not.",
        """
        with pages as (
            select * from gate_pages where in_scope and section = 4
        ),
        core as (
            select unnest({core}) as partner_code
        ),
        present as (
            select distinct page, partner_code from gate_numbers where section = 4
        ),
        missing_core as (
            select pages.page, string_agg(core.partner_code, ',' order by core.partner_code) as missing
            from pages
            cross join core
            left join present on present.page = pages.page and present.partner_code = core.partner_code
            where present.partner_code is null
            group by pages.page
        ),
        previous as (
            {previous}
        ),
        dropped as (
            select previous.page, string_agg(before.partner_code, ',' order by before.partner_code) as dropped
            from previous
            inner join present as before on before.page = previous.counterpart
            left join present as now
                on now.page = previous.page and now.partner_code = before.partner_code
            where now.partner_code is null
            group by previous.page
        )
        select
            pages.release, pages.page,
            coalesce(missing_core.missing, '') as missing_core_partners,
            coalesce(len(string_split(missing_core.missing, ',')), 0) as missing_core_count,
            coalesce(dropped.dropped, '') as dropped_partners,
            coalesce(len(string_split(dropped.dropped, ',')), 0) as dropped_count
        from pages
        left join missing_core on missing_core.page = pages.page
        left join dropped on dropped.page = pages.page
        """.format(
            core="[" + ", ".join(f"'{code}'" for code in CORE_PARTNERS) + "]",
            previous=_COUNTERPART.format(
                condition="q.section = p.section and q.currency = p.currency and q.reference_month < p.reference_month"
            ),
        ),
    ),
    Frame(
        "currency_editions",
        "Each page against the newest accepted edition of the same table in the other currency: "
        "the CNY/USD rate each partner's figures imply, and the table's world rate.",
        """
        with pairs as (
            {pairs}
        ),
        compared as (
            select
                this.release, this.page, pairs.counterpart, this.partner_code, this.flow, this.period_kind,
                case when this.currency = 'CNY' then this.value * this.scale else other.value * other.scale end
                / nullif(
                    case when this.currency = 'USD' then this.value * this.scale else other.value * other.scale end, 0
                )
                    as cny_per_usd,
                least(this.value, other.value) as smaller_page_value
            from pairs
            inner join gate_numbers as this on this.page = pairs.page
            inner join gate_numbers as other
                on other.page = pairs.counterpart
                and other.partner_code = this.partner_code
                and other.flow = this.flow
                and other.measure = this.measure
                and other.period_kind = this.period_kind
            where this.measure = 'value'
        )
        select
            compared.*,
            world.cny_per_usd as world_cny_per_usd,
            100.0 * (compared.cny_per_usd / world.cny_per_usd - 1) as deviation_pct
        from compared
        inner join compared as world
            on world.page = compared.page
            and world.partner_code = 'WORLD'
            and world.flow = compared.flow
            and world.period_kind = compared.period_kind
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.reference_month = p.reference_month and q.section = p.section "
                "and q.release_kind = p.release_kind and q.currency <> p.currency"
            )
        ),
    ),
    Frame(
        "section_totals",
        "The world total of the totals table (1) against the Total row of the table by country (4).",
        """
        with pairs as (
            {pairs}
        )
        select
            this.release, this.page, pairs.counterpart, this.flow, this.period_kind,
            this.value as this_value, other.value as other_value,
            this.value - other.value as difference
        from pairs
        inner join gate_numbers as this on this.page = pairs.page
        inner join gate_numbers as other
            on other.page = pairs.counterpart
            and other.partner_code = 'WORLD'
            and other.flow = this.flow
            and other.measure = this.measure
            and other.period_kind = this.period_kind
        where this.partner_code = 'WORLD' and this.measure = 'value'
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.reference_month = p.reference_month and q.currency = p.currency "
                "and q.release_kind = p.release_kind and q.section <> p.section"
            )
        ),
    ),
    Frame(
        "growth_consistency",
        "The year-on-year % each page prints against its own figure and the same figure a year "
        "earlier (newest accepted page of that table).",
        """
        with pairs as (
            {pairs}
        )
        select
            growth.release, growth.page, pairs.counterpart, growth.partner_code, growth.flow, growth.period_kind,
            growth.value as printed_yoy_pct,
            100.0 * (this.value * this.scale / (prior.value * prior.scale) - 1) as computed_yoy_pct,
            -- the printed % is rounded (0.05), and so is each figure (0.05 page units)
            0.05 + 100.0 * 0.05 * (this.value + prior.value) / (prior.value * prior.value) as tolerance_pp,
            abs(computed_yoy_pct - printed_yoy_pct) - tolerance_pp as excess_pp
        from pairs
        inner join gate_numbers as growth on growth.page = pairs.page and growth.measure = 'yoy_pct'
        inner join gate_numbers as this
            on this.page = growth.page
            and this.measure = 'value'
            and this.partner_code = growth.partner_code
            and this.flow = growth.flow
            and this.period_kind = growth.period_kind
        inner join gate_numbers as prior
            on prior.page = pairs.counterpart
            and prior.measure = 'value'
            and prior.partner_code = growth.partner_code
            and prior.flow = growth.flow
            and prior.period_kind = growth.period_kind
        where prior.value > 0
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.section = p.section and q.currency = p.currency and q.reference_month = "
                "strftime(try_cast(p.reference_month || '-01' as date) - interval 12 month, '%Y-%m')"
            )
        ),
    ),
)

_ROW = ("release", "partner_code", "flow", "period_kind")

GATE1_CHECKS: tuple[Check, ...] = (
    *(
        Check(
            f"{column}_allowed",
            "observations",
            CRITICAL,
            f"{column} in {list(values)}",
            lambda gxe, column=column, values=values: gxe.ExpectColumnValuesToBeInSet(
                column=column, value_set=list(values)
            ),
            ("release", "partner_code", column),
        )
        for column, values in (
            ("section", (1, 4)),
            ("currency", ("CNY", "USD")),
            ("flow", ("export", "import", "total")),
            ("measure", ("value", "yoy_pct")),
            ("period_kind", ("month", "ytd")),
        )
    ),
    *(
        Check(
            f"{column}_is_a_month",
            "observations",
            CRITICAL,
            f"{column} like 2025-06",
            lambda gxe, column=column: gxe.ExpectColumnValuesToMatchRegex(
                column=column, regex=r"^\d{4}-(?:0[1-9]|1[0-2])$"
            ),
            ("release", "partner_code", column),
        )
        for column in ("reference_month", "period_start")
    ),
    Check(
        "trade_value_not_negative",
        "trade_values",
        CRITICAL,
        "trade values ≥ 0",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0),
        (*_ROW, "value"),
    ),
    Check(
        "growth_above_minus_100",
        "growth_rates",
        CRITICAL,
        "year-on-year % ≥ -100 (trade cannot fall by more than all of it)",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="yoy_pct", min_value=-100),
        (*_ROW, "yoy_pct"),
    ),
    Check(
        "export_plus_import_is_total",
        "flow_identities",
        CRITICAL,
        f"|Export & Import − Export − Import| ≤ {ROUNDING_TOLERANCE}",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="residual", min_value=-ROUNDING_TOLERANCE, max_value=ROUNDING_TOLERANCE
        ),
        ("release", "partner_code", "period_kind", "printed_total", "printed_exports", "printed_imports"),
    ),
    Check(
        "month_within_year_to_date",
        "month_within_year_to_date",
        CRITICAL,
        "month ≤ January-to-month",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=-1e-9),
        ("release", "partner_code", "flow", "month_value", "ytd_value"),
    ),
    Check(
        "partner_within_world",
        "partner_within_world",
        CRITICAL,
        "no partner above the world total",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=-1e-9),
        ("release", "partner_code", "flow", "period_kind", "partner_value", "world_value"),
    ),
    Check(
        "members_within_group",
        "members_within_group",
        CRITICAL,
        "members printed under a group add up to no more than the group",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=-1e-9),
        ("release", "group_code", "flow", "period_kind", "members", "members_value", "group_value"),
    ),
    Check(
        "core_partners_present",
        "partner_coverage",
        CRITICAL,
        f"the table lists {', '.join(CORE_PARTNERS)}",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="missing_core_count", max_value=0),
        ("release", "missing_core_partners"),
    ),
    Check(
        "no_partner_dropped",
        "partner_coverage",
        WARNING,
        "every partner of the previous release of the table is still listed",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="dropped_count", max_value=0),
        ("release", "dropped_partners"),
    ),
    Check(
        "cny_usd_rate_plausible",
        "currency_editions",
        CRITICAL,
        f"the CNY and USD editions imply {CNY_PER_USD_BAND[0]}–{CNY_PER_USD_BAND[1]} CNY per USD",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="world_cny_per_usd", min_value=CNY_PER_USD_BAND[0], max_value=CNY_PER_USD_BAND[1]
        ),
        ("release", "flow", "period_kind", "world_cny_per_usd"),
    ),
    Check(
        "cny_usd_editions_agree",
        "currency_editions",
        CRITICAL,
        f"each partner's CNY/USD ratio within {RATE_DEVIATION_PCT}% of the world's (figures ≥ "
        f"{RATE_MIN_PAGE_VALUE:g} page units)",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="deviation_pct",
            min_value=-RATE_DEVIATION_PCT,
            max_value=RATE_DEVIATION_PCT,
            row_condition=f"smaller_page_value >= {RATE_MIN_PAGE_VALUE}",
            condition_parser="pandas",
        ),
        ("release", "partner_code", "flow", "period_kind", "cny_per_usd", "world_cny_per_usd"),
    ),
    Check(
        "section_totals_agree",
        "section_totals",
        CRITICAL,
        f"totals table = Total row of the table by country (±{ROUNDING_TOLERANCE})",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="difference", min_value=-ROUNDING_TOLERANCE, max_value=ROUNDING_TOLERANCE
        ),
        ("release", "flow", "period_kind", "this_value", "other_value"),
    ),
    Check(
        "growth_matches_prior_year",
        "growth_consistency",
        WARNING,
        "printed year-on-year % = change on the figure a year earlier, within rounding",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="excess_pp", max_value=0),
        ("release", "partner_code", "flow", "period_kind", "printed_yoy_pct", "computed_yoy_pct"),
    ),
)


# --- gate 2: the marts dbt built ----------------------------------------------------------

GATE2_FRAMES = (
    Frame(
        "trade_balance_monthly",
        "marts.trade_balance_monthly as built.",
        "select period_month, partner_code, months_covered, exports_usd, imports_usd, total_trade_usd, balance_usd "
        "from marts.trade_balance_monthly",
    ),
    Frame(
        "trade_balance_summary",
        "marts.trade_balance_summary as built.",
        'select partner_code, period_end_month, "window", exports_usd, imports_usd, balance_usd '
        "from marts.trade_balance_summary",
    ),
    Frame(
        "partner_share",
        "marts.partner_share as built.",
        'select partner_code, period_end_month, "window", flow, share_pct, rank, is_aggregate from marts.partner_share',
    ),
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
        "Every month from the first to the last, for the world (January is always in February).",
        """
        with bounds as (
            select min(period_month) as first_month, max(period_month) as last_month
            from marts.trade_balance_monthly where partner_code = 'WORLD'
        ),
        expected as (
            select cast(month as date) as period_month
            from bounds, range(bounds.first_month, bounds.last_month + interval 1 month, interval 1 month) as t(month)
            where month(month) <> 1
        )
        select
            expected.period_month,
            monthly.period_month is not null as is_present
        from expected
        left join marts.trade_balance_monthly as monthly
            on monthly.partner_code = 'WORLD' and monthly.period_month = expected.period_month
        """,
    ),
    Frame(
        "calendar_year_reconciliation",
        "Per partner and complete year: the calendar-year figure against the sum of its months.",
        """
        with years as (
            select
                partner_code, year(period_month) as calendar_year,
                sum(months_covered) as months_present, count(*) as monthly_rows,
                sum(exports_usd) as exports_usd, sum(imports_usd) as imports_usd
            from marts.trade_balance_monthly
            group by partner_code, year(period_month)
        ),
        page_unit as (
            select max(unit_scale) as usd_scale from staging.stg_gacc__observations where currency = 'USD'
        )
        select
            years.partner_code, years.calendar_year,
            years.exports_usd as months_exports_usd, summary.exports_usd as calendar_exports_usd,
            years.imports_usd as months_imports_usd, summary.imports_usd as calendar_imports_usd,
            greatest(
                abs(years.exports_usd - summary.exports_usd), abs(years.imports_usd - summary.imports_usd)
            ) as gap_usd,
            100.0 * gap_usd / nullif(greatest(summary.exports_usd, summary.imports_usd), 0) as gap_pct,
            -- each monthly row and the annual figure may be rounded by half a page unit
            gap_usd - 0.05 * (years.monthly_rows + 1) * page_unit.usd_scale as gap_beyond_rounding_usd
        from years
        inner join marts.trade_balance_summary as summary
            on summary.partner_code = years.partner_code
            and summary."window" = 'calendar_year'
            and year(summary.period_end_month) = years.calendar_year
        cross join page_unit
        where years.months_present = 12
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
)

GATE2_CHECKS: tuple[Check, ...] = (
    Check(
        "monthly_grain_unique",
        "trade_balance_monthly",
        CRITICAL,
        "one row per (period_month, partner_code)",
        lambda gxe: gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_month", "partner_code"]),
        ("period_month", "partner_code"),
    ),
    *(
        Check(
            f"monthly_{column}_present",
            "trade_balance_monthly",
            CRITICAL,
            f"{column} on every row",
            lambda gxe, column=column: gxe.ExpectColumnValuesToNotBeNull(column=column),
            ("period_month", "partner_code"),
        )
        for column in ("exports_usd", "imports_usd", "balance_usd")
    ),
    *(
        Check(
            f"monthly_{column}_not_negative",
            "trade_balance_monthly",
            CRITICAL,
            f"{column} ≥ 0",
            lambda gxe, column=column: gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0),
            ("period_month", "partner_code", column),
        )
        for column in ("exports_usd", "imports_usd")
    ),
    Check(
        "summary_grain_unique",
        "trade_balance_summary",
        CRITICAL,
        "one row per (partner_code, period_end_month, window)",
        lambda gxe: gxe.ExpectCompoundColumnsToBeUnique(column_list=["partner_code", "period_end_month", "window"]),
        ("partner_code", "period_end_month", "window"),
    ),
    Check(
        "share_grain_unique",
        "partner_share",
        CRITICAL,
        "one row per (partner_code, period_end_month, window, flow)",
        lambda gxe: gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["partner_code", "period_end_month", "window", "flow"]
        ),
        ("partner_code", "period_end_month", "window", "flow"),
    ),
    Check(
        "share_within_0_100",
        "partner_share",
        CRITICAL,
        "0 ≤ share_pct ≤ 100",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="share_pct", min_value=0, max_value=100),
        ("partner_code", "period_end_month", "window", "flow", "share_pct"),
    ),
    Check(
        "windows_complete",
        "window_completeness",
        CRITICAL,
        "month and ytd windows for every month, calendar_year for every December",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="windows_complete", value_set=[True]),
        ("partner_code", "period_month"),
    ),
    Check(
        "no_month_missing",
        "world_month_coverage",
        WARNING,
        "every month from the first to the last",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="is_present", value_set=[True]),
        ("period_month",),
    ),
    Check(
        "calendar_year_is_sum_of_months",
        "calendar_year_reconciliation",
        CRITICAL,
        f"calendar year within {CALENDAR_GAP_CRITICAL_PCT}% of the sum of its months",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="gap_pct", max_value=CALENDAR_GAP_CRITICAL_PCT),
        ("partner_code", "calendar_year", "months_exports_usd", "calendar_exports_usd"),
    ),
    Check(
        "calendar_year_within_rounding",
        "calendar_year_reconciliation",
        WARNING,
        "calendar year = sum of its months, within the rounding of the printed figures",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="gap_beyond_rounding_usd", max_value=1e-6),
        ("partner_code", "calendar_year", "gap_usd"),
    ),
    Check(
        "no_unexplained_jump",
        "monthly_jumps",
        WARNING,
        f"change on a year earlier within {JUMP_ROBUST_Z:g} robust standard deviations of the partner's history",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="robust_z", min_value=-JUMP_ROBUST_Z, max_value=JUMP_ROBUST_Z
        ),
        ("partner_code", "period_month", "flow", "change_pct", "robust_z"),
    ),
)
