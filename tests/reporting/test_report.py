"""The HTML report, the summary and the "published" notice, on a warehouse published from the sample site.

One refresh (the whole sample site, 2018-01..2026-10, through the real HTTP landing path, with a
webhook receiver listening; shared by the session, tests/conftest.py) publishes the warehouse;
the report and the notice come from that refresh. Variants
of the warehouse (marts dropped, emptied or added) check that every part copes and says so.
Charts are drawn without a browser here by Vega itself (vl-convert); the browser test is in
tests/integration/test_report_browser.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import report_warehouses as variants
from customs_wh.config import Settings
from customs_wh.reporting import report, summary
from databases import warehouse_rows
from receivers import webhook_receiver

pytestmark = pytest.mark.slow

CHART_MARTS = {
    "monthly_trade": ("trade_balance_monthly", "trade_balance_summary"),
    "bilateral_balances": ("trade_balance_summary", "dim_partner"),
    "export_shares": ("partner_share", "dim_partner"),
    "latest_revisions": ("revisions",),
    "new_three_exports": ("commodity_group_trade",),
    "hi_tech_trade": ("commodity_trade", "dim_commodity"),
    "exports_by_enterprise_and_regime": ("enterprise_trade", "regime_trade"),
    "mirror_trade": ("mirror_trade",),
}
COMMODITY_MARTS = ("commodity_group_trade", "commodity_trade", "dim_commodity")


@pytest.fixture(scope="module")
def published(published_sample_site) -> dict:
    """The home of a warehouse published by an in-process refresh, and what its webhook received:
    the session's one full backfill (tests/conftest.py), read here and copied by the tests that change it."""
    return published_sample_site


@pytest.fixture(scope="module")
def page(published) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((published["home"] / "report" / "index.html").read_bytes())


def one(home: Path, sql: str, params: list | None = None):
    return warehouse_rows(home, sql, params)[0][0]


def specs(page: lxml.html.HtmlElement) -> dict[str, dict]:
    return {el.get("data-chart"): json.loads(el.text) for el in page.xpath("//script[@class='chart-spec']")}


def mark_counts(spec: dict) -> list[tuple[str, int]]:
    """The marks Vega draws for a spec: (mark type, items), found in its scenegraph."""
    import vl_convert

    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("role") == "mark" and node.get("marktype"):
                found.append((node["marktype"], len(node.get("items", []))))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vl_convert.vegalite_to_scenegraph(spec))
    return found


# --- after a refresh ----------------------------------------------------------------------------


def test_a_refresh_writes_the_report_and_sends_one_published_notice(published):
    home = published["home"]
    assert published["result"].report == home / "report" / "index.html"
    notices = [post["text"] for post in published["posts"] if "customs-wh published" in post["text"]]
    assert len(notices) == 1 and len(published["posts"]) == 1, published["posts"]  # the run's one message
    balance = one(
        home,
        "select balance_usd / 1e9 from marts.trade_balance_summary "
        "where partner_code = 'WORLD' and \"window\" = 'month' order by period_end_month desc limit 1",
    )
    text = notices[0]
    assert text.startswith("customs-wh published China's trade through October 2026: surplus ")
    assert f"USD {balance:,.1f} bn" in text
    assert "warning(s) raised" in text and "revising earlier figures" in text
    assert f"Report: {home / 'report' / 'index.html'}" in text and "synthetic sample data" in text


def test_headlines_are_the_marts_figures(published, page):
    home = published["home"]
    lines = {li.get("data-key"): li.text_content() for li in page.xpath("//ul[@id='headlines']/li")}
    assert 3 <= len(lines) <= 5
    assert lines["year_balance"] == "In 2025 China's surplus was USD 1,188.0 bn, 20.0% more than in 2024."
    balance, prior, growth = (
        one(
            home,
            f"select {column} from marts.trade_balance_summary where partner_code = 'WORLD' "
            "and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
        )
        for column in ("balance_usd / 1e9", "balance_prior_usd / 1e9", "balance_yoy_pct")
    )
    assert f"USD {balance:,.1f} bn" in lines["year_balance"] and f"{growth:.1f}% more" in lines["year_balance"]
    assert prior < balance
    latest = one(
        home,
        "select balance_usd / 1e9 from marts.trade_balance_summary where partner_code = 'WORLD' "
        "and \"window\" = 'month' and period_end_month = date '2026-10-01'",
    )
    assert lines["latest_month"].startswith("In October 2026 China exported USD ")
    assert f"a surplus of USD {latest:,.1f} bn" in lines["latest_month"]
    mover = one(
        home,
        "select partner_name from marts.partner_share join marts.dim_partner using (partner_code) "
        "where flow = 'export' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01' "
        "and not marts.dim_partner.is_aggregate order by abs(share_change_pp) desc limit 1",
    )
    assert mover in lines["share_move"]


def test_the_sample_site_banner_and_the_vintage(published, page):
    assert "Synthetic sample data" in page.get_element_by_id("sample-banner").text_content()
    vintage = one(published["home"], "select newest_publication_date from ops.warehouse_info")
    run_id = one(published["home"], "select run_id from ops.warehouse_info")
    meta = page.get_element_by_id("vintage").text_content()
    assert f"figures as published up to {vintage:%-d %B %Y}" in meta and run_id in meta


def test_every_chart_is_drawn_with_title_units_source_vintage_and_its_csv(published, page):
    home = published["home"]
    drawn = specs(page)
    assert set(drawn) == set(CHART_MARTS), "every chart of the current marts"
    vintage = f"{one(home, 'select newest_publication_date from ops.warehouse_info'):%-d %B %Y}"
    for key, spec in drawn.items():
        title = spec["title"]
        subtitle = " ".join(title["subtitle"])
        assert title["text"], key
        assert "USD bn" in subtitle or "%" in subtitle, key
        assert "Source: " in subtitle and f"figures as published up to {vintage}" in subtitle, key
        csv = home / "report" / "data" / f"{key}.csv"
        rows = len(csv.read_text().splitlines()) - 1
        assert rows > 0 and page.xpath(f"//a[@href='data/{key}.csv']"), key
        marks = mark_counts(spec)
        assert marks and all(items > 0 for _type, items in marks), (key, marks)
        bars = sum(items for marktype, items in marks if marktype == "rect")
        if key in {"bilateral_balances", "latest_revisions", "monthly_trade"}:
            assert bars == rows, (key, marks, rows)  # one bar per row of the CSV
    shares = [items for marktype, items in mark_counts(drawn["export_shares"]) if marktype == "line"]
    assert len(shares) == 5, "one line per partner: the United States, the EU, ASEAN, Africa, Latin America"


def test_the_page_loads_nothing_from_anywhere(page):
    assert not page.xpath("//script[@src] | //link | //img[@src] | //iframe | //object | //embed")
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "connect-src" not in csp
    links = page.xpath("//a/@href")
    assert links and all(re.fullmatch(r"data/[a-z_]+\.csv", href) for href in links), links


def test_charts_without_marts_say_why(published, tmp_path):
    home = variants.copy_home(published["home"], tmp_path / "no-commodities")
    # The commodity marts gone, the mirror mart empty (a home that landed no partner source), and the
    # enterprise mart empty (no table (6) landed).
    variants.alter(
        home,
        *(f"drop table marts.{mart}" for mart in COMMODITY_MARTS),
        "delete from marts.mirror_trade",
        "delete from marts.enterprise_trade",
    )
    page = lxml.html.fromstring(report.build_report(Settings(home=home, base_url="x")).index.read_bytes())
    missing = {p.get("data-missing"): p.text_content() for p in page.xpath("//p[@data-missing]")}
    assert set(missing) == {"new_three_exports", "hi_tech_trade", "exports_by_enterprise_and_regime", "mirror_trade"}
    assert all(text.startswith("Not available: marts.") for text in missing.values()), missing


# --- variants of the warehouse --------------------------------------------------------------------

_MARTS = [
    "trade_balance_monthly",
    "trade_balance_summary",
    "partner_share",
    "dim_partner",
    "release_vintages",
    "revisions",
    *COMMODITY_MARTS,
    "enterprise_trade",
    "regime_trade",
    "mirror_trade",
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.dictionaries(st.sampled_from(_MARTS), st.sampled_from(["drop", "empty"]), min_size=1))
def test_any_mart_absent_or_empty_is_said_not_raised(published, tmp_path_factory, damage):
    home = variants.copy_home(published["home"], tmp_path_factory.mktemp("damaged"))
    variants.alter(
        home,
        *(f"{'drop table' if how == 'drop' else 'delete from'} marts.{mart}" for mart, how in damage.items()),
    )
    result = report.build_report(Settings(home=home, base_url="x"))
    for key, needed in CHART_MARTS.items():
        if any(mart in damage for mart in needed):
            assert key in result.missing, (key, damage)
            reason = result.missing[key]
            assert any(f"marts.{mart} is" in reason for mart in needed) or "no " in reason, reason
        else:
            assert key in result.drawn, (key, damage, result.missing)
    text = result.index.read_text()
    for key in result.missing:
        assert f'data-missing="{key}"' in text
    console = Console(file=io.StringIO(), width=200)
    summary.print_summary(Settings(home=home, base_url="x"), console)
    printed = console.file.getvalue()
    assert printed.startswith("Published ")
    if "trade_balance_summary" in damage:
        assert "No figures for the world or any partner: marts.trade_balance_summary is" in printed


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.floats(min_value=1, max_value=500), min_size=2, max_size=30))
def test_commodity_charts_appear_once_their_marts_exist(published, tmp_path_factory, values):
    home = variants.copy_home(published["home"], tmp_path_factory.mktemp("commodities"))
    variants.add_commodity_marts(home, dt.date(2024, 1, 1), values)
    result = report.build_report(Settings(home=home, base_url="x"))
    assert {"new_three_exports", "hi_tech_trade"} <= set(result.drawn), result.missing
    drawn = specs(lxml.html.fromstring(result.index.read_bytes()))
    lines = [items for marktype, items in mark_counts(drawn["hi_tech_trade"]) if marktype == "line"]
    assert lines == [len(values), len(values)], "exports and imports, a point a month"
    csv = (home / "report" / "data" / "new_three_exports.csv").read_text().splitlines()
    assert len(csv) == len(values) + 1


def test_known_gaps_are_listed_in_the_report_and_the_summary(published, tmp_path):
    home = variants.copy_home(published["home"], tmp_path / "gaps")
    reason = "table printed as an image"
    gaps = [
        (dt.date(2018, month, 1), 4, currency, "published_as_image", reason)
        for month in range(2, 13)
        for currency in ("CNY", "USD")
    ]
    variants.add_release_gaps(home, gaps)
    result = report.build_report(Settings(home=home, base_url="x"))
    listed = [li.text_content() for li in lxml.html.fromstring(result.index.read_bytes()).xpath("//ul[@id='gaps']/li")]
    assert listed == [f"2018-02 to 2018-12: table (4) by country, CNY/USD: published as image ({reason})"]
    console = Console(file=io.StringIO(), width=200)
    summary.print_summary(Settings(home=home, base_url="x"), console)
    assert "Known gaps: 1 run(s)" in console.file.getvalue() and listed[0] in console.file.getvalue()


def test_a_warehouse_with_no_marts_at_all(published, tmp_path):
    home = variants.copy_home(published["home"], tmp_path / "bare")
    variants.alter(home, *(f"drop table marts.{mart}" for mart in _MARTS), "drop table ops.warehouse_info")
    result = report.build_report(Settings(home=home, base_url="x"))
    assert result.drawn == [] and result.headlines == []
    assert "No headline" in result.index.read_text()
    console = Console(file=io.StringIO(), width=200)
    summary.print_summary(Settings(home=home, base_url="x"), console)
    assert "no monthly figures" in console.file.getvalue()


# --- the commands -------------------------------------------------------------------------------


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home))
    exe = Path(sys.executable).with_name("customs-wh")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=600)


def test_alerts_show_what_was_observed_and_expected(published, tmp_path):
    from customs_wh.contracts import Alert
    from customs_wh.orchestration.alerts import record_alerts

    home = tmp_path / "alerts"
    shutil.copytree(published["home"], home, ignore=shutil.ignore_patterns("raw", "sample_site", "gx"))
    rows = [f"partner_code=P{i:02d}, flow=export, partner_value={1000 + i:,}.5" for i in range(12)]
    alert = Alert.now(
        run_id="run-x",
        release="2026-10 section 4 USD (preliminary)",
        check_name="gate 1: partner_within_world",
        severity="critical",
        observed=f"15 failing: {'; '.join(rows)} (+3 more)",
        expected="no partner above the world total",
        message="gate 1 failed: the run stops and the warehouse is unchanged.",
    )
    assert record_alerts(Settings(home=home, base_url="x"), [alert])

    shown = cli(home, "alerts", "--run", "run-x", "--rows", "4")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "CRITICAL" in lines[0] and "gate 1: partner_within_world" in lines[0]
    assert "    observed: 15 failing row(s):" in lines
    assert [line.strip() for line in lines if line.startswith("      partner_code=")] == rows[:4]
    assert "... and 11 more" in shown.stdout and "expected: no partner above the world total" in shown.stdout

    as_json = cli(home, "alerts", "--run", "run-x", "--json")
    (record,) = json.loads(as_json.stdout)
    assert record["failing_rows"] == rows and record["failing_count"] == 15
    assert (
        record["check"] == "gate 1: partner_within_world" and record["expected"] == "no partner above the world total"
    )


def test_alerts_and_summary_with_nothing_run_yet(tmp_path):
    home = tmp_path / "never-run"
    shown = cli(home, "alerts")
    assert shown.returncode == 0 and shown.stdout.startswith("no alerts: nothing has run yet")
    assert json.loads(cli(home, "alerts", "--json").stdout) == []
    summary_run = cli(home, "summary")
    assert summary_run.returncode == 0 and "no published warehouse" in summary_run.stdout
    assert cli(home, "report").returncode == 2 and cli(home, "export", "--format", "xlsx").returncode == 2


def large_marts(home, more_than: int) -> list[str]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' and estimated_size > ?",
                [more_than],
            ).fetchall()
        ]
    finally:
        con.close()


def test_the_workbook_has_every_mart_a_columns_sheet_frozen_headers_and_formats(published, tmp_path):
    import openpyxl

    # The whole site's marts hold 1.3 million rows, which xlsxwriter writes in minutes; a hundredth of
    # every large mart keeps the test quick, and every mart is still in the workbook with its formats.
    home = variants.copy_home(published["home"], tmp_path / "home")
    large = large_marts(home, more_than=1_000)
    assert large, "the published warehouse has large marts to thin"
    variants.alter(home, *(f'delete from marts."{mart}" where rowid % 100 <> 0' for mart in large))
    done = cli(home, "export", str(tmp_path), "--format", "xlsx")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "customs-wh-marts.xlsx")
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        marts = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        documented = con.execute(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts' "
            "order by table_name, column_index"
        ).fetchall()
        rows = {mart: con.execute(f'select count(*) from marts."{mart}"').fetchone()[0] for mart in marts}
    finally:
        con.close()
    assert book.sheetnames == [*marts, "columns"]
    columns = [tuple(r) for r in book["columns"].iter_rows(min_row=2, values_only=True)]
    assert [(table, column, comment or None) for table, column, _type, comment in columns] == [
        (table, column, comment or None) for table, column, comment in documented
    ]
    assert all(comment for _table, _column, _type, comment in columns), "every column described"
    for mart in marts:
        sheet = book[mart]
        assert sheet.freeze_panes == "A2", mart
        assert sheet.max_row == rows[mart] + 1, mart
    summary_sheet = book["trade_balance_summary"]
    headings = [cell.value for cell in summary_sheet[1]]
    assert summary_sheet.cell(2, headings.index("balance_usd") + 1).number_format == "#,##0"
    assert summary_sheet.cell(2, headings.index("period_end_month") + 1).number_format == "yyyy-mm-dd"
    share = book["partner_share"]
    share_headings = [cell.value for cell in share[1]]
    assert share.cell(2, share_headings.index("share_pct") + 1).number_format == '0.00"%"'


def test_csv_export_and_report_command(published, tmp_path):
    done = cli(published["home"], "export", str(tmp_path / "csv"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "csv" / "trade_balance_summary.csv").read_text().startswith("partner_code,period_end_month")
    built = cli(published["home"], "report", str(tmp_path / "report"))
    assert built.returncode == 0, built.stderr
    assert (
        "charts: monthly_trade, bilateral_balances, export_shares, latest_revisions, new_three_exports, hi_tech_trade, "
        "exports_by_enterprise_and_regime, mirror_trade" in built.stdout
    )
    # The warehouse landed every table and partner source: every chart is drawn.
    assert "not available" not in built.stdout
    assert (tmp_path / "report" / "index.html").exists() and not list((tmp_path / "report").glob(".*.tmp"))


def test_the_runs_one_message_opens_with_the_notice_from_the_published_warehouse(published, tmp_path):
    from customs_wh.orchestration import alerts, run_end

    home = tmp_path / "dag-notice"
    shutil.copytree(published["home"], home, ignore=shutil.ignore_patterns("raw", "sample_site", "gx"))
    run_id = published["result"].run_id
    with webhook_receiver() as (hook, posts):
        # What the DAG's last task does once the run has published (the report DAG builds the report).
        finished = run_end.finish_run(Settings(home=home, base_url="x", alert_webhook_url=hook), run_id)
    assert (finished.outcome, finished.delivery) == ("published", alerts.Delivery(webhook=True))
    (post,) = posts
    assert post["text"].startswith("customs-wh published China's trade through October 2026")
    assert f"Report: {home / 'report' / 'index.html'}" in post["text"]
    with webhook_receiver() as (hook, posts):
        quiet = run_end.finish_run(
            Settings(home=home, base_url="x", alert_webhook_url=hook, publish_notice=False), run_id
        )
    assert all("customs-wh published" not in post["text"] for post in posts), "no notice when it is switched off"
    assert len(posts) == (1 if quiet.delivery else 0)


def test_a_report_that_cannot_be_written_is_a_warning_not_a_failed_publish(published, tmp_path):
    from customs_wh.orchestration import publication, run_end

    home = tmp_path / "blocked"
    shutil.copytree(published["home"], home, ignore=shutil.ignore_patterns("raw", "sample_site", "gx", "report"))
    (home / "report").write_text("a file where the report's folder should be")
    run_id = published["result"].run_id
    with webhook_receiver() as (hook, posts):
        settings = Settings(home=home, base_url="x", alert_webhook_url=hook)
        assert publication.report_after_publish(settings, run_id) is None
        run_end.finish_run(settings, run_id, report_failed=True)
    (text,) = [post["text"] for post in posts]  # one message: the notice, then the warning
    notice, *rest = text.splitlines()
    assert notice.startswith("customs-wh published") and "Report:" not in notice
    assert any(line.startswith("- report: 1 alert(s), run-wide: ") for line in rest), text
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        assert con.execute("select severity from ops.alerts where check_name = 'report'").fetchall() == [("warning",)]
    finally:
        con.close()
