"""Downloads are bounded: a deadline per page and a budget per run, both configurable; a slow
body is aborted with a reason naming the URL; ``Retry-After`` is honoured on 429 and 503.

Every test talks to a real HTTP server on 127.0.0.1 (tests/support/http_server.py). Waits between
attempts go to a list instead of the clock; the deadlines are real, and short.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from customs_wh import sample_site
from customs_wh.config import Settings, load_settings
from customs_wh.gacc.fetch import Fetcher, FetchError, retry_after_seconds
from http_server import RouteTable, serve


def settings_for(base_url: str, tmp_path: Path, **deadlines: float) -> Settings:
    return Settings(home=tmp_path / "home", base_url=base_url, **deadlines)


def quick_fetcher(settings: Settings, **overrides) -> Fetcher:
    """Waits between attempts go to ``fetcher.waits``; the deadlines still run on the real clock."""
    waits: list[float] = []
    options = dict(timeout=(2.0, 2.0), retries=3, sleep=waits.append, jitter=lambda: 0.5)
    options.update(overrides)
    fetcher = Fetcher(settings, **options)
    fetcher.waits = waits  # type: ignore[attr-defined]
    return fetcher


# --- deadlines -------------------------------------------------------------------------------


def test_a_body_trickling_past_the_page_deadline_is_aborted_with_the_url(tmp_path):
    routes = RouteTable()
    # One byte every 0.2 s: every read arrives well within the read timeout, so only an
    # overall deadline can stop it (a 31 kB page would take almost two hours).
    routes.add("/trickle.html", body=b"x" * 31_000, trickle_s=0.2)
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path, fetch_page_deadline_s=1.0)
        with quick_fetcher(settings, timeout=(2.0, 5.0)) as fetcher:
            with pytest.raises(FetchError) as raised:
                fetcher.get(f"{base_url}/trickle.html")
    failure = raised.value
    assert failure.url == f"{base_url}/trickle.html" and failure.url in str(failure)
    assert "deadline" in failure.reason and "1 s" in failure.reason, failure.reason
    assert "of 31000 bytes" in failure.reason, failure.reason
    assert "\n" not in str(failure)
    assert routes.hits("/trickle.html") == 1, "a deadline is not retried"


def test_the_run_budget_stops_every_later_download_without_a_request(tmp_path):
    routes = RouteTable({"/a.html": b"a", "/b.html": b"b"})
    routes.add("/slow.html", body=b"y" * 10_000, trickle_s=0.2)  # 2,000 s: past any budget here
    with serve(routes) as base_url:
        # The budget starts with the fetcher: it must leave the first page (a few milliseconds
        # when the machine is idle) time enough on a busy one, and the slow page none.
        settings = settings_for(base_url, tmp_path, fetch_page_deadline_s=60.0, fetch_run_budget_s=5.0)
        with quick_fetcher(settings, timeout=(2.0, 5.0)) as fetcher:
            assert fetcher.get(f"{base_url}/a.html") == b"a"
            with pytest.raises(FetchError, match="budget"):
                fetcher.get(f"{base_url}/slow.html")
            with pytest.raises(FetchError, match="budget") as later:
                fetcher.get(f"{base_url}/b.html")
    assert "CUSTOMS_WH_FETCH_RUN_BUDGET_S" in later.value.reason
    assert routes.hits("/b.html") == 0


def test_the_deadlines_come_from_the_environment():
    settings = load_settings({"CUSTOMS_WH_FETCH_PAGE_DEADLINE_S": "7.5", "CUSTOMS_WH_FETCH_RUN_BUDGET_S": "90"})
    assert (settings.fetch_page_deadline_s, settings.fetch_run_budget_s) == (7.5, 90.0)
    defaults = load_settings({})
    assert 0 < defaults.fetch_page_deadline_s <= defaults.fetch_run_budget_s
    with pytest.raises(ValueError, match="CUSTOMS_WH_FETCH_PAGE_DEADLINE_S"):
        load_settings({"CUSTOMS_WH_FETCH_PAGE_DEADLINE_S": "soon"})
    with pytest.raises(ValueError, match="CUSTOMS_WH_FETCH_RUN_BUDGET_S"):
        load_settings({"CUSTOMS_WH_FETCH_RUN_BUDGET_S": "-1"})


# --- Retry-After --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(status, tmp_path):
    routes = RouteTable()
    routes.add("/busy.html", body=b"served", fail_first=1, fail_status=status, fail_headers={"Retry-After": "7"})
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        assert fetcher.get(f"{base_url}/busy.html") == b"served"
        assert fetcher.waits == [7.0]
    assert routes.hits("/busy.html") == 2


def test_a_retry_after_beyond_the_page_deadline_fails_at_once(tmp_path):
    routes = RouteTable()
    routes.add("/later.html", body=b"x", fail_first=5, fail_status=503, fail_headers={"Retry-After": "3600"})
    with serve(routes) as base_url:
        with quick_fetcher(settings_for(base_url, tmp_path, fetch_page_deadline_s=30.0)) as fetcher:
            with pytest.raises(FetchError) as raised:
                fetcher.get(f"{base_url}/later.html")
            assert fetcher.waits == []
    assert "Retry-After 3600 s" in raised.value.reason and "deadline" in raised.value.reason, raised.value.reason
    assert routes.hits("/later.html") == 1


def test_a_429_without_retry_after_is_retried_with_backoff(tmp_path):
    routes = RouteTable()
    routes.add("/busy.html", body=b"ok", fail_first=2, fail_status=429)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), backoff_base_s=1.0) as fetcher:
        assert fetcher.get(f"{base_url}/busy.html") == b"ok"
        assert fetcher.waits == [0.75, 1.5]


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_in_seconds(seconds):
    assert retry_after_seconds(str(seconds), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == float(seconds)


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(min_value=-86_400, max_value=86_400),
)
def test_retry_after_as_an_http_date(now, offset):
    now = now.replace(microsecond=0, tzinfo=dt.UTC)
    header = email.utils.format_datetime(now + dt.timedelta(seconds=offset), usegmt=True)
    assert retry_after_seconds(header, now=now) == float(max(offset, 0))


@pytest.mark.parametrize("header", ["", "soon", "-5", "1.5e400", "Mon, 99 Foo 2026"])
def test_an_unreadable_retry_after_is_ignored(header):
    assert retry_after_seconds(header, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) is None


# --- a whole refresh ----------------------------------------------------------------------------


def add_site(routes: RouteTable, site: Path, base_url: str) -> None:
    """The sample site as routes, so one page can misbehave; its absolute links point at this
    server, as the sample site's own server writes them."""
    origin = sample_site.ORIGIN_PLACEHOLDER.encode()
    for path in site.rglob("*"):
        if path.is_file():
            body = path.read_bytes().replace(origin, base_url.encode())
            routes.add("/" + path.relative_to(site).as_posix(), body=body)


@pytest.mark.slow
def test_a_refresh_with_a_trickling_page_fails_with_an_alert_naming_the_url(tmp_path):
    site = tmp_path / "site"
    sample_site.build_site(site, first_month="2026-08", last_month="2026-10")
    routes = RouteTable()
    slow_page = sample_site.Release("2026-10", 4, "USD", "preliminary").page_path
    home = tmp_path / "home"
    with serve(routes) as base_url:
        add_site(routes, site, base_url)
        routes.add(slow_page, body=(site / slow_page.lstrip("/")).read_bytes(), trickle_s=0.2)
        env = dict(
            os.environ,
            CUSTOMS_WH_HOME=str(home),
            GACC_BASE_URL=base_url,
            CUSTOMS_WH_FETCH_PAGE_DEADLINE_S="2",
        )
        proc = subprocess.run(
            [str(Path(sys.executable).with_name("customs-wh")), "refresh", "--from", "2026-10", "--through", "2026-10"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert not (home / "warehouse.duckdb").exists()
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        alerts = con.execute("select severity, observed, message from ops.alerts where check_name = 'fetch'").fetchall()
    finally:
        con.close()
    assert any(
        severity == "critical" and "deadline" in observed and slow_page in message
        for severity, observed, message in alerts
    ), alerts
