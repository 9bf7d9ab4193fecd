"""The refresh's calendar: which months a scheduled run lands, and when a release is overdue.

Pure functions, importable and unit-tested without a scheduler.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAG_ID = "customs_monthly_refresh"
WAREHOUSE_ASSET_NAME = "customs_wh_warehouse"
# Scheduled on the warehouse Asset the refresh's publish emits.
REPORT_DAG_ID = "customs_report"
DBT_POOL = "dbt_build"
# One run per reference month: the run of a month starts when it ends (its data interval is the month).
MONTHLY_CRON = "0 0 1 * *"
# Monthly Bulletins revise the previous months: each run re-lists this many months before its own.
REVISION_LOOKBACK_MONTHS = 2


@dataclass(frozen=True)
class RunWindow:
    from_month: str | None
    through_month: str | None
    skip_reason: str | None = None


def month_of(day: dt.date | dt.datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, delta: int) -> str:
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def run_window(data_interval_start: dt.datetime | None, params: dict | None) -> RunWindow:
    """Which reference months a run lands.

    Explicit ``from_month``/``through_month`` params win (manual runs, ``make run``).
    Otherwise the run's data interval is its reference month; January is released
    together with February, so a January run has nothing of its own to land.
    """
    params = params or {}
    if params.get("from_month") or params.get("through_month"):
        return RunWindow(params.get("from_month") or None, params.get("through_month") or None)
    if data_interval_start is None:
        return RunWindow(None, None)
    reference = month_of(data_interval_start)
    if data_interval_start.month == 1:
        return RunWindow(
            None,
            None,
            skip_reason=(
                f"{reference}: GACC releases January together with February; "
                f"the {add_months(reference, 1)} run lands the combined January-February release"
            ),
        )
    return RunWindow(add_months(reference, -REVISION_LOOKBACK_MONTHS), reference)


def release_overdue(reference_month: str, now: dt.datetime) -> str | None:
    """Why waiting longer for ``reference_month`` is pointless, or None while it is not.

    GACC publishes a month between the 7th and the 20th of the next one; by the end of
    that next month a missing release means something is wrong, on their side or ours.
    """
    deadline = dt.datetime.fromisoformat(add_months(reference_month, 2) + "-01").replace(tzinfo=dt.UTC)
    if now < deadline:
        return None
    return (
        f"GACC has not listed the {reference_month} release by {deadline:%Y-%m-%d}, the end of the month after it; "
        "check the index pages at GACC_BASE_URL"
    )


def beyond_the_source(through_month: str | None, source_last_month: str | None) -> str | None:
    """Why a run for ``through_month`` can never land it from a site that ends at
    ``source_last_month`` (``GACC_LAST_MONTH``: the sample site's last month), or None.

    GACC keeps publishing, so the real site has no last month and this never stops a run there.
    """
    if not through_month or not source_last_month or through_month <= source_last_month:
        return None
    return (
        f"the site at GACC_BASE_URL lists months up to {source_last_month} and no later (GACC_LAST_MONTH), "
        f"so {through_month} will never appear there; land from GACC's site (unset GACC_LAST_MONTH and set "
        f"GACC_BASE_URL), or ask for months up to {source_last_month}"
    )
