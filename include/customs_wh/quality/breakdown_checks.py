"""Gate 1 on the Monthly Bulletin's breakdowns: (3) SITC, (4) HS, (15)/(16) partners by HS, and
(5)-(12) customs regimes, enterprise types, provinces, customs districts, special areas.

Their numbers land in ``raw.breakdown_observations``; :data:`SCOPE_SQL` adds their pages to
``gate_scope`` (pages awaiting gate 1) and builds ``breakdown_numbers``. The page's own arithmetic
(chapters add up to sections, sections to TOTAL) is the parser's; here the contract's words and
periods are checked, one row a number, and each page's TOTAL against table (2) of the same month:
the world's trade for (3)-(10), the partner's for (15) and (16), within the rounding of each
((11) special areas and (12) foreign-invested enterprises are parts of the world: not compared).
"""

from __future__ import annotations

from customs_wh.contracts import (
    BREAKDOWN_ITEM_LEVELS,
    BREAKDOWN_TABLES,
    PART_OF_WORLD_TABLES,
    STRUCTURE_TABLES,
)
from customs_wh.quality.gate1_frames import figure_rounding
from customs_wh.quality.suite import CRITICAL, Check, Frame, all_true, currency_allowed, page_scope_sql

SCOPE_SQL = page_scope_sql("breakdown_observations", "breakdown_numbers")


def _table_words(code: str, classification: str, flow: str | None) -> str:
    """What a number of table ``code`` must say: its classification, its one flow where it has
    one, and the column it lies in (a partner on (15)/(16), an enterprise type on (6)/(7))."""
    words = f"when '{code}' then classification = '{classification}'"
    if flow:
        words += f" and flow = '{flow}'"
    partner, enterprise = (
        (flow is not None and code not in STRUCTURE_TABLES),
        (flow is not None and code in STRUCTURE_TABLES),
    )
    words += f" and partner_code is {'not ' if partner else ''}null"
    words += f" and enterprise_code is {'not ' if enterprise else ''}null"
    if flow is None and code not in STRUCTURE_TABLES:
        words += " and flow in ('export', 'import')"
    return words


_TABLE_WORDS = " ".join(_table_words(code, *meaning) for code, meaning in BREAKDOWN_TABLES.items())
_PART_OF_WORLD = ", ".join(f"'{code}'" for code in sorted(PART_OF_WORLD_TABLES))
# The structure tables print the month's change too (the shaded row under each row of values).
_STRUCTURE = ", ".join(f"'{code}'" for code in sorted(STRUCTURE_TABLES))
_LEVELS = " ".join(
    f"when '{classification}' then item_level in ({', '.join(repr(level) for level in levels)})"
    for classification, levels in BREAKDOWN_ITEM_LEVELS.items()
)

FRAMES = (
    Frame(
        "breakdown_observations",
        "Every number of the breakdown pages awaiting gate 1, with whether its table, level and period "
        "are ones its table and month can print.",
        f"""
        select
            release, page, table_code, classification, item_code, item_level, partner_code, flow, measure,
            period_kind, period_start, reference_month, currency,
            coalesce(case table_code {_TABLE_WORDS} end, false) as words_match_table,
            coalesce(case classification {_LEVELS} end, false) as level_allowed,
            coalesce(
                case
                    when period_kind = 'month' then period_start = reference_month
                        and (measure = 'value' or table_code in ({_STRUCTURE}))
                    when period_kind = 'ytd' then period_start = left(reference_month, 4) || '-01'
                end,
                false
            ) as period_consistent
        from breakdown_numbers
        """,
    ),
    Frame(
        "breakdown_totals",
        "Each breakdown page's TOTAL (month and year to date, per flow) beside the same partner's row "
        "of table (2) of the month (the world's for (3) and (4)), from its newest page landed.",
        f"""
        with totals as (
            select
                release, page, table_code, coalesce(partner_code, 'WORLD') as partner_code, flow,
                period_kind, reference_month, value, scale, decimals
            from breakdown_numbers
            where item_level = 'total' and measure = 'value' and coalesce(enterprise_code, 'TOTAL') = 'TOTAL'
                and table_code not in ({_PART_OF_WORLD})
        ),
        country_table as (
            select
                partner_code, flow, period_kind, reference_month, value, scale, decimals,
                row_number() over (
                    partition by partner_code, flow, period_kind, reference_month order by vintage desc
                ) as newest_first
            from gate_numbers
            where release_kind = 'monthly_bulletin' and section = 2 and measure = 'value'
        )
        select
            totals.release, totals.page, totals.table_code, totals.partner_code, totals.flow,
            totals.period_kind, totals.value as breakdown_total, country.value as country_table_value,
            abs(totals.value * totals.scale - country.value * country.scale)
                - {figure_rounding("totals")} * totals.scale - {figure_rounding("country")} * country.scale
                as excess
        from totals
        inner join country_table as country
            on country.partner_code = totals.partner_code
            and country.flow = totals.flow
            and country.period_kind = totals.period_kind
            and country.reference_month = totals.reference_month
            and country.newest_first = 1
        """,
    ),
)

_ROW = ("release", "table_code", "item_code", "partner_code")


def _true(name: str, column: str, expected: str, describe: tuple[str, ...]) -> Check:
    return all_true(name, "breakdown_observations", column, expected, (*_ROW, *describe))


CHECKS: tuple[Check, ...] = (
    currency_allowed("breakdown_currency_allowed", "breakdown_observations", _ROW),
    _true(
        "breakdown_words_match_table",
        "words_match_table",
        "(3) SITC, (4) HS, (15)/(16) HS by partner, (5)-(12) regimes, enterprise types (by column), places",
        ("classification", "flow"),
    ),
    _true(
        "breakdown_level_allowed",
        "level_allowed",
        "HS chapters, SITC divisions; groups, items and 'of which' rows",
        ("item_level",),
    ),
    Check(
        "breakdown_total_agrees_with_country_table",
        "breakdown_totals",
        CRITICAL,
        "a breakdown's TOTAL = the same partner's (the world's) row in table (2) of the month, within the "
        "rounding of each",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0),
        ("release", "table_code", "partner_code", "flow", "period_kind", "breakdown_total", "country_table_value"),
    ),
    _true(
        "breakdown_periods_consistent",
        "period_consistent",
        "the month's value (or, on (5)-(12), its change), or January to the month",
        ("measure", "period_kind", "period_start"),
    ),
)
