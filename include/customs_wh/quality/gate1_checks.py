"""Gate 1's checks: one expectation each on a frame of ``gate1_frames``.

The observation contract's values (the vocabularies, months written as months) and the rules
across rows, pages and tables. A critical finding quarantines the page it points at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from customs_wh.contracts import CNY_PER_USD_BAND, CURRENCIES, OBSERVATION_SECTIONS, ROUNDING_TOLERANCE
from customs_wh.quality.gate1_frames import CORE_PARTNERS, PLAUSIBLE_REVISION_AMOUNT, PLAUSIBLE_REVISION_PCT
from customs_wh.quality.suite import CRITICAL, WARNING, Check
from customs_wh.words import YEAR_MONTH_PATTERN

# A partner's implied rate may differ from the table's world rate through the mix of months
# in a cumulative figure and through rounding; more than this is a wrong number.
RATE_DEVIATION_PCT = 2.0
# Partners this small in either edition carry too few digits for a rate comparison.
RATE_MIN_PAGE_VALUE = 100.0


def _in_set(column: str, values: Iterable[object]) -> Callable[[Any], Any]:
    return lambda gxe: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values))


def _a_month(column: str) -> Callable[[Any], Any]:
    return lambda gxe: gxe.ExpectColumnValuesToMatchRegex(column=column, regex=YEAR_MONTH_PATTERN)


def _no_excess_where(condition: str) -> Callable[[Any], Any]:
    return lambda gxe: gxe.ExpectColumnValuesToBeBetween(
        column="excess", max_value=0, row_condition=condition, condition_parser="pandas"
    )


GATE1_CHECKS: tuple[Check, ...] = (
    *(
        Check(
            f"{column}_allowed",
            "observations",
            CRITICAL,
            f"{column} in {list(values)}",
            _in_set(column, values),
            ("release", "partner_code", column),
        )
        for column, values in (
            ("section", OBSERVATION_SECTIONS),
            ("currency", CURRENCIES),
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
            _a_month(column),
            ("release", "partner_code", column),
        )
        for column in ("reference_month", "period_start")
    ),
    Check(
        "partner_within_world",
        "partner_within_world",
        CRITICAL,
        f"no partner above the world total (±{ROUNDING_TOLERANCE}, rounding)",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=0),
        ("release", "partner_code", "flow", "period_kind", "partner_value", "world_value"),
    ),
    Check(
        "members_within_group",
        "members_within_group",
        CRITICAL,
        "members printed under a group add up to no more than the group, within rounding",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=0),
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
        "totals table (1) = Total row of the table by country ((4); the Bulletin's (2)), within the rounding of each",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0),
        ("release", "flow", "period_kind", "this_value", "this_unit", "other_value", "other_unit"),
    ),
    Check(
        "world_growth_matches_prior_year",
        "growth_consistency",
        CRITICAL,
        "China's printed year-on-year % = the change on the world figure a year earlier, within rounding",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="excess_pp", max_value=0, row_condition='partner_code == "WORLD"', condition_parser="pandas"
        ),
        ("release", "flow", "period_kind", "printed_yoy_pct", "computed_yoy_pct"),
    ),
    Check(
        "growth_matches_prior_year",
        "growth_consistency",
        WARNING,
        # A warning: GACC computes partners' growth on its own revised prior-year figures (and
        # re-bases groups, e.g. the EU without the United Kingdom from February 2020).
        "a partner's printed year-on-year % = the change on its figure a year earlier, within rounding",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="excess_pp", max_value=0, row_condition='partner_code != "WORLD"', condition_parser="pandas"
        ),
        ("release", "partner_code", "flow", "period_kind", "printed_yoy_pct", "computed_yoy_pct"),
    ),
    *(
        Check(
            name,
            "vintage_agreement",
            # A warning: the Bulletin is the verified vintage and its number is published; the
            # alert names the number so that a person sees every revision larger than plausible.
            WARNING,
            f"{what} within a plausible revision of the Preliminary Release's (the larger of "
            f"{PLAUSIBLE_REVISION_PCT:g}% and {PLAUSIBLE_REVISION_AMOUNT / 1e6:g} million in currency units)",
            _no_excess_where(condition),
            (
                "release",
                "partner_code",
                "flow",
                "period_kind",
                "reference_month",
                "preliminary_amount",
                "bulletin_amount",
                "plausible_revision",
            ),
        )
        for name, what, condition in (
            (
                "bulletin_total_agrees_with_preliminary",
                "the Bulletin's TOTAL",
                'partner_code == "WORLD"',
            ),
            (
                "bulletin_partner_agrees_with_preliminary",
                "each partner's Bulletin figure",
                'partner_code != "WORLD"',
            ),
        )
    ),
)
