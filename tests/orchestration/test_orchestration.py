"""The run window: which reference months a scheduled or manual run lands, and when it stops waiting."""

from __future__ import annotations

import datetime as dt

import pytest

from customs_wh.config import Settings, load_settings
from customs_wh.orchestration import alerts, stages
from customs_wh.orchestration.schedule import (
    REVISION_LOOKBACK_MONTHS,
    add_months,
    beyond_the_source,
    release_overdue,
    run_window,
)
from receivers import dead_url


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


# --- a site that ends: the sample site ----------------------------------------------------------


def test_a_month_beyond_the_sites_last_is_named_at_once_and_never_on_the_real_site():
    reason = beyond_the_source("2026-11", "2026-10")
    assert reason and "2026-11 will never appear" in reason and "GACC_LAST_MONTH" in reason
    assert beyond_the_source("2026-10", "2026-10") is None
    assert beyond_the_source("2030-05", None) is None, "GACC's own site has no last month"
    assert beyond_the_source(None, "2026-10") is None, "a run with no last month asks for what is listed"


def test_the_sites_last_month_is_configuration(tmp_path):
    assert load_settings({"GACC_LAST_MONTH": "2026-10"}).source_last_month == "2026-10"
    assert load_settings({}).source_last_month is None
    with pytest.raises(ValueError, match="GACC_LAST_MONTH"):
        load_settings({"GACC_LAST_MONTH": "October 2026"})


def test_a_run_for_a_month_the_site_never_lists_stops_before_asking_it(tmp_path):
    # Nothing listens at the base URL: the run must stop before any request.
    settings = Settings(home=tmp_path, base_url=dead_url().removesuffix("/hook"), source_last_month="2026-10")
    with pytest.raises(stages.RefreshFailed, match="2026-11 will never appear"):
        stages.stage_discover(settings, "scheduled__2026-11", from_month="2026-09", through_month="2026-11")
    (alert,) = alerts.take_journal(settings, "scheduled__2026-11")
    assert (alert.severity, alert.check_name, alert.stops_run) == ("critical", "discover: month beyond the site", True)
