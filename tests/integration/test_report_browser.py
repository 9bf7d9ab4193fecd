"""The report in a real browser: what `make run` writes opens in headless Chromium with no network.

`customs-wh dag-test --sample-site` (what `make run` runs) publishes the warehouse and runs the
customs_report DAG; Chromium (Debian's, installed when missing, driven by Playwright) then
opens var/report/index.html from disk. Every request the page makes is recorded and any that
is not the report's own file is refused; the console must stay free of errors; every chart
must be drawn (its marks counted in the SVG), and the headline must be the marts' figure. A
screenshot is kept at var/report-screenshot.png for people to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from repo_paths import REPO_ROOT

from .chromium import CHROMIUM_FLAGS, chromium_processes, ensure_chromium

pytestmark = pytest.mark.integration

SCREENSHOT = REPO_ROOT / "var" / "report-screenshot.png"
DRAW_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def chromium(timings) -> Path:
    path, install_seconds = ensure_chromium()
    if install_seconds is not None:
        timings["chromium: apt-get install"] = install_seconds
    return path


@pytest.fixture(scope="module")
def make_run_home(tmp_path_factory, timings) -> Path:
    """A CUSTOMS_WH_HOME after `make run`'s command."""
    home = tmp_path_factory.mktemp("make-run") / "var"
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home))
    env.pop("GACC_BASE_URL", None)
    started = time.perf_counter()
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("customs-wh")), "dag-test", "--sample-site"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    timings["customs-wh dag-test --sample-site (make run)"] = time.perf_counter() - started
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    assert f"Report (charts, headlines, CSV): {home / 'report' / 'index.html'}" in proc.stdout
    return home


def _marts_balance_2025(home: Path) -> float:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(
            "select balance_usd / 1e9 from marts.trade_balance_summary where partner_code = 'WORLD' "
            "and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'"
        ).fetchone()[0]
    finally:
        con.close()


def test_the_report_opens_offline_in_chromium_with_every_chart_drawn(make_run_home, chromium, tmp_path, timings):
    from playwright.sync_api import sync_playwright

    report_dir = make_run_home / "report"
    index = report_dir / "index.html"
    own_prefix = index.as_uri().rsplit("/", 1)[0] + "/"
    requests: list[str] = []
    refused: list[str] = []
    console_errors: list[str] = []
    profile = tmp_path / "chromium-profile"

    def only_the_report(route) -> None:
        url = route.request.url
        if url.startswith(own_prefix):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    started = time.perf_counter()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1100, "height": 900},
            service_workers="block",
        )
        try:
            context.route("**/*", only_the_report)
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
            page.on("pageerror", lambda error: console_errors.append(str(error)))
            page.goto(index.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.chart').length > 0 && "
                "document.querySelectorAll('.chart').length === document.querySelectorAll('.chart[data-drawn]').length",
                timeout=DRAW_TIMEOUT_MS,
            )
            charts = page.eval_on_selector_all(".chart", "els => els.map(e => e.dataset.chart)")
            bars = {key: page.locator(f"#chart-{key} g.mark-rect.role-mark path").count() for key in charts}
            lines = {key: page.locator(f"#chart-{key} g.mark-line.role-mark path").count() for key in charts}
            year_balance = page.locator("#headlines li[data-key='year_balance']").inner_text()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            context.close()
    timings["report: open in chromium, draw, screenshot"] = time.perf_counter() - started

    assert refused == [], f"the page asked the network for {refused}"
    assert all(url.startswith(own_prefix) for url in requests), requests
    assert console_errors == []
    assert len(charts) >= 4, charts
    for key in charts:
        assert bars[key] + lines[key] > 0, f"chart {key} drew no mark"
    csv_rows = {key: len((report_dir / "data" / f"{key}.csv").read_text().splitlines()) - 1 for key in charts}
    assert bars["bilateral_balances"] == csv_rows["bilateral_balances"]
    assert bars["monthly_trade"] == csv_rows["monthly_trade"], "a bar per month"
    assert lines["export_shares"] == 5, "a line per partner"
    balance = _marts_balance_2025(make_run_home)
    assert f"USD {balance:,.1f} bn" in year_balance
    assert "USD 1,188.0 bn" in year_balance
    assert SCREENSHOT.stat().st_size > 10_000
    assert chromium_processes(profile) == [], "Chromium left running"


def test_the_kept_vega_bundle_is_what_the_pinned_vl_convert_makes():
    import vl_convert

    from customs_wh.reporting import vega_bundle

    from .make_vega_bundle import made_script

    kept = vega_bundle.bundle().split("\n", 1)[1].rstrip("\n")
    assert kept == made_script()
    assert vega_bundle.versions()["vega"] == vl_convert.get_vega_version()
    assert vega_bundle.versions()["vega_embed"] == vl_convert.get_vega_embed_version()


def test_chromium_is_debians_and_the_test_downloads_no_browser(chromium):
    # Playwright's own browser download is never used: the executable is the distribution's.
    assert str(chromium).startswith("/usr/bin/")
    version = subprocess.run([str(chromium), "--version"], capture_output=True, text=True, timeout=60).stdout
    assert "Chromium" in version
