"""The main flows with the clock years ahead (2030-06-15): a backfill, an incremental refresh,
the DAG's run window, the wait for a release and when it is overdue, and the report's headlines.

Nothing may depend on the day the tests run: customs_wh.clock is pinned with time-machine
(``tick=True``: time still moves, from the pinned instant), and every date the flows write or
compare comes from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from airflow.sdk import PokeReturnValue
from airflow.timetables.interval import CronDataIntervalTimetable

from customs_wh import clock, sample_site
from customs_wh.config import Settings, load_settings
from customs_wh.orchestration import airflow_tasks, alerts, schedule, stages
from customs_wh.orchestration.refresh import refresh
from customs_wh.reporting.report import build_report
from databases import query_rows
from receivers import webhook_receiver

pytestmark = pytest.mark.slow

IN_2030 = dt.datetime(2030, 6, 15, 9, 30, tzinfo=dt.UTC)
SCHEDULE = CronDataIntervalTimetable(schedule.MONTHLY_CRON, timezone="UTC")  # the DAG's timetable


@pytest.fixture(scope="module")
def sites(built_once) -> dict[str, Path]:
    def build(directory: Path) -> dict[str, Path]:
        old, new = directory / "old", directory / "new"
        sample_site.build_site(old, first_month="2026-01", last_month="2026-09")
        sample_site.build_site(new, first_month="2026-01", last_month="2026-10")
        return {"old": old, "new": new}

    return built_once("calendar-sites", build)


@pytest.fixture(scope="module")
def in_2030(sites, built_once) -> dict:
    """A backfill, then the next month's incremental refresh, both run on 2030-06-15."""
    return built_once("calendar-in-2030", lambda directory: runs_in_2030(sites, directory / "home"))


def runs_in_2030(sites: dict[str, Path], home: Path) -> dict:
    with time_machine.travel(IN_2030, tick=True), webhook_receiver() as (hook, posts):
        with sample_site.serve(sites["old"]) as url:
            backfill = refresh(Settings(home=home, base_url=url, alert_webhook_url=hook), through_month="2026-09")
        with sample_site.serve(sites["new"]) as url:
            incremental = refresh(
                Settings(home=home, base_url=url, alert_webhook_url=hook), from_month="2026-08", through_month="2026-10"
            )
        report = build_report(Settings(home=home, base_url="http://127.0.0.1:9"))
    return {"home": home, "backfill": backfill, "incremental": incremental, "report": report, "posts": list(posts)}


def rows(home: Path, database: str, sql: str) -> list[tuple]:
    return query_rows(home / database, sql)


def test_a_backfill_and_an_incremental_refresh_publish_in_2030(in_2030):
    home = in_2030["home"]
    assert in_2030["backfill"].run_id.startswith("20300615T") and in_2030["incremental"].run_id.startswith("20300615T")
    assert in_2030["incremental"].published == home / "warehouse.duckdb"
    assert rows(home, "warehouse.duckdb", "select max(period_month) from marts.trade_balance_monthly") == [
        (dt.date(2026, 10, 1),)
    ]
    statuses = rows(home, "build.duckdb", "select status, started_at::date, finished_at::date from ops.runs")
    assert statuses == [("published", dt.date(2030, 6, 15), dt.date(2030, 6, 15))] * 2
    stamps = rows(
        home,
        "build.duckdb",
        "select min(fetched_at)::date, max(gated_at)::date from raw.manifest where status = 'landed'",
    )
    assert stamps == [(dt.date(2030, 6, 15), dt.date(2030, 6, 15))]
    assert len(in_2030["posts"]) == 2, "one message per run"
    assert in_2030["posts"][1]["text"].startswith("customs-wh published China's trade through October 2026")


def test_the_reports_headlines_are_the_datas_not_the_clocks(in_2030):
    lines = {line.key: line.text for line in in_2030["report"].headlines}
    assert lines["latest_month"].startswith("In October 2026 China exported USD ")
    report = in_2030["report"]
    page = report.index.read_text(encoding="utf-8")
    assert "Report built 2030-06-15 " in page and "Data through October 2026" in page


def test_the_dags_run_window_on_2030_06_15_is_may_2030_with_two_months_of_revisions():
    with time_machine.travel(IN_2030, tick=False):
        interval = SCHEDULE.infer_manual_data_interval(run_after=clock.now())
        window = schedule.run_window(interval.start, {})
    assert (window.from_month, window.through_month, window.skip_reason) == ("2030-03", "2030-05", None)
    with time_machine.travel(dt.datetime(2031, 2, 10, tzinfo=dt.UTC), tick=False):
        january = schedule.run_window(SCHEDULE.infer_manual_data_interval(run_after=clock.now()).start, {})
    assert january.skip_reason and "2031-02 run lands the combined January-February release" in january.skip_reason


def test_a_release_not_yet_listed_is_waited_for_then_overdue(sites, tmp_path, monkeypatch):
    """The sensor's body against a site that does not list May 2030: it waits in June, and from
    1 July (the end of the month after May) it fails as overdue."""
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GACC_LAST_MONTH", raising=False)
    may = dt.datetime(2030, 5, 1, tzinfo=dt.UTC)
    with sample_site.serve(sites["new"]) as url:
        monkeypatch.setenv("GACC_BASE_URL", url)
        with time_machine.travel(IN_2030, tick=True):
            waiting = airflow_tasks.discover_or_wait(may, {}, "scheduled__2030-05-01")
        with time_machine.travel(dt.datetime(2030, 7, 1, 0, 1, tzinfo=dt.UTC), tick=True):
            with pytest.raises(airflow_tasks.ReleaseOverdue, match="by 2030-07-01"):
                airflow_tasks.discover_or_wait(may, {}, "scheduled__2030-05-01")
    assert isinstance(waiting, PokeReturnValue) and waiting.is_done is False


def test_on_the_sample_site_a_month_it_never_lists_stops_the_run_at_once(sites, tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GACC_LAST_MONTH", "2026-10")
    with sample_site.serve(sites["new"]) as url, time_machine.travel(IN_2030, tick=True):
        monkeypatch.setenv("GACC_BASE_URL", url)
        with pytest.raises(stages.RefreshFailed, match="2030-05 will never appear"):
            airflow_tasks.discover_or_wait(dt.datetime(2030, 5, 1, tzinfo=dt.UTC), {}, "scheduled__2030-05-01")
    (alert,) = alerts.take_journal(load_settings(), "scheduled__2030-05-01")
    assert alert.raised_at.date() == dt.date(2030, 6, 15) and alert.stops_run
    assert load_settings().source_last_month == "2026-10"
