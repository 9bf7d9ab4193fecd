"""Gate 2's checks: one expectation each on a frame of ``gate2_frames``.

A critical finding stops the publish; the published warehouse stays as it was.
"""

from __future__ import annotations

from customs_wh.quality.suite import CRITICAL, WARNING, Check

# A month's year-on-year change this many robust standard deviations from the partner's own
# history is an "unexplained jump" worth a person's look.
JUMP_ROBUST_Z = 6.0

GATE2_CHECKS: tuple[Check, ...] = (
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
        "every month from the first to the last (January inside a January–February row)",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="is_present", value_set=[True]),
        ("period_month",),
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
    Check(
        "nothing_published_goes_missing",
        "published_coverage",
        CRITICAL,
        "every month, partner row, window and table (month, release kind, table, currency) of the published warehouse "
        "is still in the new marts",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="is_kept", value_set=[True]),
        ("missing_kind", "reference_month", "section", "currency", "missing", "why"),
    ),
    Check(
        "newest_month_has_partners",
        "newest_month_partners",
        CRITICAL,
        "the newest month has partners' rows (or its table by country is a known gap: published as an image)",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="is_covered", value_set=[True]),
        ("reference_month", "partner_rows", "why"),
    ),
)
