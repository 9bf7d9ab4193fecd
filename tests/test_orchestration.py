"""The run window: which reference months a scheduled or manual run lands."""

from __future__ import annotations

import datetime as dt

import pytest

from customs_wh.orchestration.schedule import REVISION_LOOKBACK_MONTHS, add_months, release_overdue, run_window


def utc(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def test_scheduled_run_lands_its_month_and_rechecks_recent_ones_for_revisions():
    window = run_window(utc(2026, 10), {})
    assert window.through_month == "2026-10"
    assert window.from_month == add_months("2026-10", -REVISION_LOOKBACK_MONTHS) == "2026-08"
    assert window.skip_reason is None


def test_january_run_is_skipped_with_a_reason():
    window = run_window(utc(2026, 1), {})
    assert window.skip_reason and "January" in window.skip_reason and "2026-02" in window.skip_reason


def test_explicit_params_win_over_the_data_interval():
    window = run_window(utc(2026, 1), {"from_month": "2018-01", "through_month": "2026-10"})
    assert (window.from_month, window.through_month, window.skip_reason) == ("2018-01", "2026-10", None)


@pytest.mark.parametrize(
    "month, delta, expected",
    [("2026-03", -2, "2026-01"), ("2026-01", -1, "2025-12"), ("2025-12", 1, "2026-01"), ("2018-01", 105, "2026-10")],
)
def test_add_months(month, delta, expected):
    assert add_months(month, delta) == expected


def test_a_release_is_waited_for_until_the_end_of_the_following_month():
    assert release_overdue("2026-10", dt.datetime(2026, 11, 20, tzinfo=dt.UTC)) is None
    assert release_overdue("2026-10", dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC)) is None
    reason = release_overdue("2026-10", dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert reason and "2026-10" in reason and "2026-12-01" in reason
    assert release_overdue("2025-12", dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
