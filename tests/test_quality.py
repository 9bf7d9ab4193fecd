"""Quality gates: a release that is wrong is stopped, alerted and quarantined; the marts stay as published.

A warehouse is published from the sample site up to 2026-09; each test then lands 2026-10
with one number wrong the way a real release could be wrong, through the real refresh, with a
webhook receiver and an SMTP server listening on 127.0.0.1. Checks that the parser already
enforces on every page are exercised at the database level (a parser regression is what they
guard against), and the gate-2 checks on marts a faulty dbt build could produce.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

import site_edits as edits
from customs_wh import sample_site
from customs_wh.config import Settings
from customs_wh.orchestration import stages
from customs_wh.orchestration.refresh import refresh
from customs_wh.sample_site import Release
from receivers import smtp_receiver, webhook_receiver

pytestmark = pytest.mark.slow

# From 2023: two years of year-on-year changes before the newest months, the history jumps are judged against.
FIRST, PUBLISHED_THROUGH, NEW_MONTH = "2023-01", "2026-09", "2026-10"
INCREMENTAL = {"from_month": "2026-08", "through_month": NEW_MONTH}
USD_BY_COUNTRY = Release(NEW_MONTH, 4, "USD", "preliminary")
USD_TOTALS = Release(NEW_MONTH, 1, "USD", "preliminary")
RELEASE_LABEL = "2026-10 section 4 USD"


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("site-new")
    sample_site.build_site(directory, first_month=FIRST, last_month=NEW_MONTH)
    return directory


@pytest.fixture(scope="module")
def published_home(tmp_path_factory) -> Path:
    """The warehouse as a monthly run finds it: published through 2026-09."""
    site = tmp_path_factory.mktemp("site-old")
    sample_site.build_site(site, first_month=FIRST, last_month=PUBLISHED_THROUGH)
    home = tmp_path_factory.mktemp("published") / "home"
    with sample_site.serve(site) as url:
        refresh(Settings(home=home, base_url=url), from_month=FIRST, through_month=PUBLISHED_THROUGH)
    return home


@pytest.fixture
def home(published_home, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(published_home, copy)
    return copy


@pytest.fixture
def site(new_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(new_site, copy)
    return copy


@pytest.fixture
def receivers():
    with webhook_receiver() as (url, posts), smtp_receiver() as ((host, port), mails):
        yield {"url": url, "posts": posts, "smtp": (host, port), "mails": mails}


def settings_for(home: Path, base_url: str, receivers: dict) -> Settings:
    host, port = receivers["smtp"]
    return Settings(
        home=home,
        base_url=base_url,
        alert_webhook_url=receivers["url"],
        smtp_host=host,
        smtp_port=port,
        alert_email_to="analysts@example.org",
        alert_email_from="customs-wh@example.org",
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_rows(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def built_by(home: Path, run_id: str) -> None:
    """``run_id`` passed gate 1 and built the marts: the build gate 2 may vouch for (build proof)."""
    from customs_wh.warehouse import build_proof, db

    with db.connect(home / "build.duckdb") as con:
        build_proof.record_gate1_passed(con, run_id)
        build_proof.record_dbt_passed(con, run_id, "dbt build")


def assert_stopped_and_alerted(home: Path, receivers: dict, check: str, release: str | None, before: str) -> None:
    """The run published nothing and every channel named the release and the check."""
    assert file_digest(home / "warehouse.duckdb") == before, "the published warehouse changed"
    texts = [post["text"] for post in receivers["posts"]]
    assert any(check in text and (release is None or release in text) and "CRITICAL" in text for text in texts), texts
    subjects = [mail["Subject"] for mail in receivers["mails"]]
    bodies = [mail.get_content() for mail in receivers["mails"]]
    assert any(check in body and (release is None or release in body) for body in bodies), subjects
    stored = build_rows(home, "select release, severity from ops.alerts where check_name like ?", [f"%{check}"])
    assert any(
        severity == "critical" and (release is None or release in (label or "")) for label, severity in stored
    ), stored


# --- a wrong release, end to end ---------------------------------------------------------------


def us_exports_above_the_world(html: str) -> str:
    world, us = edits.row_values(html, "Total"), edits.row_values(html, "United States (US)")
    return edits.raise_flow(
        html, "United States (US)", "export", world[edits.EXPORT_MONTH] - us[edits.EXPORT_MONTH] + 50.0
    )


def germany_above_the_eu(html: str) -> str:
    eu, germany = edits.row_values(html, "European Union"), edits.row_values(html, "Germany")
    return edits.raise_flow(html, "Germany", "import", eu[edits.IMPORT_MONTH] - germany[edits.IMPORT_MONTH] + 20.0)


def japan_missing(html: str) -> str:
    return edits.remove_row(html, "Japan")


def unit_row_off_by_ten(html: str) -> str:
    # The USD edition printed with the wrong unit: every figure a tenth of what it claims.
    return html.replace("Unit: USD 100 Million", "Unit: USD 10 Million")


def korea_in_the_wrong_currency(html: str) -> str:
    # Korea's imports copied from a mis-converted sheet: 20% too high in the USD edition only.
    korea = edits.row_values(html, "R. O. Korea")
    return edits.raise_flow(html, "R. O. Korea", "import", 0.2 * korea[edits.IMPORT_MONTH])


def totals_table_disagrees(html: str) -> str:
    # The totals table (1) overstates exports by USD 10 bn against the Total row of (4).
    add = lambda value: value + 100.0  # noqa: E731
    html = edits.edit_row(html, "Export", {0: add, 1: add})
    html = edits.edit_row(html, "Trade Balance", {0: add, 1: add})
    return edits.edit_row(html, "Export &amp; Import", {0: add, 1: add})


WRONG_RELEASES = [
    ("partner_within_world", USD_BY_COUNTRY, us_exports_above_the_world, RELEASE_LABEL),
    ("members_within_group", USD_BY_COUNTRY, germany_above_the_eu, RELEASE_LABEL),
    ("core_partners_present", USD_BY_COUNTRY, japan_missing, RELEASE_LABEL),
    ("cny_usd_rate_plausible", USD_BY_COUNTRY, unit_row_off_by_ten, RELEASE_LABEL),
    ("cny_usd_editions_agree", USD_BY_COUNTRY, korea_in_the_wrong_currency, RELEASE_LABEL),
    ("section_totals_agree", USD_TOTALS, totals_table_disagrees, "2026-10 section 1 USD"),
]


@pytest.mark.parametrize("check, release, damage, label", WRONG_RELEASES, ids=[case[0] for case in WRONG_RELEASES])
def test_a_wrong_release_is_stopped_at_gate_1(check, release, damage, label, home, site, receivers):
    edits.rewrite(site, release, damage)
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="gate 1"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)

    assert_stopped_and_alerted(home, receivers, check, label, before)
    status, reason = build_rows(
        home, "select status, reason from raw.manifest where url like ?", [f"%{release.page_path}"]
    )[0]
    assert status == "quarantined" and reason.startswith("gate 1 "), reason
    sha = build_rows(home, "select sha256 from raw.manifest where url like ?", [f"%{release.page_path}"])[0][0]
    assert (home / "quarantine" / f"{sha}.html").exists()


def test_the_next_run_publishes_without_the_quarantined_release(home, site, receivers):
    edits.rewrite(site, USD_BY_COUNTRY, us_exports_above_the_world)
    with sample_site.serve(site) as url:
        settings = settings_for(home, url, receivers)
        with pytest.raises(stages.RefreshFailed):
            refresh(settings, **INCREMENTAL)
        result = refresh(settings, **INCREMENTAL)

    assert result.published == home / "warehouse.duckdb"
    con = duckdb.connect(str(result.published), read_only=True)
    try:
        us_october = con.execute(
            "select count(*) from marts.trade_balance_monthly where partner_code = 'USA' and period_month = date "
            "'2026-10-01'"
        ).fetchone()[0]
        world_october = con.execute(
            "select exports_usd from marts.trade_balance_monthly where partner_code = 'WORLD' and period_month = "
            "date '2026-10-01'"
        ).fetchone()[0]
        quarantined = con.execute(
            "select release_key from marts.release_vintages where vintage_status = 'quarantined'"
        ).fetchall()
    finally:
        con.close()
    assert us_october == 0, "numbers of the quarantined page reached the marts"
    assert world_october > 0, "the totals table of the same month is published"
    assert quarantined == [("2026-10/s4/USD/preliminary",)]


def test_a_warning_publishes_and_alerts(home, site, receivers):
    # GACC's printed growth for Japan's exports disagrees with last year's figure by 5 points.
    edits.rewrite(
        site, USD_BY_COUNTRY, lambda html: edits.edit_row(html, "Japan", {edits.YOY_EXPORT: lambda v: v + 5.0})
    )
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url:
        result = refresh(settings_for(home, url, receivers), **INCREMENTAL)

    assert result.published and file_digest(home / "warehouse.duckdb") != before
    warnings = [post["text"] for post in receivers["posts"] if post["text"].startswith("[WARNING]")]
    assert any("growth_matches_prior_year" in text and RELEASE_LABEL in text and "JPN" in text for text in warnings), (
        warnings
    )


# --- a release that cannot be fetched --------------------------------------------------------------


def test_a_listed_release_that_is_not_there_fails_the_run_with_an_alert(home, site, receivers):
    edits.page_path(site, USD_BY_COUNTRY).unlink()  # the index links it; the server answers 404
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="could not be downloaded"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    assert_stopped_and_alerted(home, receivers, "fetch", RELEASE_LABEL, before)
    assert any("HTTP 404" in post["text"] for post in receivers["posts"])
    # What did download is kept in the raw zone; the missing page has nothing to land.
    landed = build_rows(home, "select release_key from raw.manifest where reference_month = ? order by 1", [NEW_MONTH])
    assert landed == [("2026-10/s1/CNY/preliminary",), ("2026-10/s1/USD/preliminary",), ("2026-10/s4/CNY/preliminary",)]


def test_an_unreadable_index_fails_the_run_with_an_alert(home, site, receivers):
    (site / "statics" / "report" / "monthly.html").write_text("<html><body>Service unavailable</body></html>")
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="cannot list the releases"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    assert_stopped_and_alerted(home, receivers, "discover", None, before)


# --- checks the parser already enforces, met by a parser regression ------------------------------


@pytest.fixture
def pending(home, site) -> Settings:
    """2026-10 landed and parsed, waiting for gate 1."""
    with sample_site.serve(site) as url:
        settings = Settings(home=home, base_url=url)
        refs = stages.stage_discover(settings, "run-land", from_month=NEW_MONTH, through_month=NEW_MONTH)
        stages.stage_land(settings, "run-land", refs)
    stages.stage_parse(settings, "run-land")
    return settings


DATABASE_DAMAGE = [
    (
        "trade_value_not_negative",
        "update raw.observations set value = -value where partner_code = 'USA' and flow = 'export' and period_kind = "
        "'month' and measure = 'value'",
    ),
    (
        "growth_above_minus_100",
        "update raw.observations set value = -140.0 where partner_code = 'JPN' and flow = 'import' and measure = "
        "'yoy_pct'",
    ),
    (
        "export_plus_import_is_total",
        "update raw.observations set value = value + 30 where partner_code = 'DEU' and flow = 'total' and "
        "period_kind = 'ytd' and measure = 'value'",
    ),
    # January-to-October below October itself, for every flow, so total = export + import still holds.
    (
        "month_within_year_to_date",
        "update raw.observations set value = value / 20 where partner_code = 'BRA' and period_kind = 'ytd' and "
        "measure = 'value'",
    ),
    ("section_allowed", "update raw.observations set section = 3 where partner_code = 'NZL'"),
    ("currency_allowed", "update raw.observations set currency = 'EUR' where partner_code = 'NZL'"),
    ("flow_allowed", "update raw.observations set flow = 'Export' where partner_code = 'AUS' and flow = 'export'"),
    (
        "measure_allowed",
        "update raw.observations set measure = 'share' where partner_code = 'GBR' and measure = 'yoy_pct'",
    ),
    (
        "period_kind_allowed",
        "update raw.observations set period_kind = 'quarter' where partner_code = 'IND' and period_kind = 'month'",
    ),
    (
        "reference_month_is_a_month",
        "update raw.observations set reference_month = '2026-13' where partner_code = 'CAN'",
    ),
    (
        "period_start_is_a_month",
        "update raw.observations set period_start = '2026-1' where partner_code = 'CAN' and period_kind = 'ytd'",
    ),
]


@pytest.mark.parametrize("check, damage", DATABASE_DAMAGE, ids=[case[0] for case in DATABASE_DAMAGE])
def test_gate_1_stops_numbers_the_parser_should_never_have_let_through(check, damage, home, pending, receivers):
    con = duckdb.connect(str(home / "build.duckdb"))
    try:
        con.execute(damage + " and release_key = '2026-10/s4/USD/preliminary'")
    finally:
        con.close()
    before = file_digest(home / "warehouse.duckdb")
    settings = settings_for(home, pending.base_url, receivers)
    with pytest.raises(stages.RefreshFailed, match="gate 1"):
        stages.stage_gate_landed(settings, "run-gate")

    assert_stopped_and_alerted(home, receivers, check, RELEASE_LABEL, before)
    statuses = dict(
        build_rows(home, "select release_key, status from raw.manifest where reference_month = ?", [NEW_MONTH])
    )
    assert statuses.pop("2026-10/s4/USD/preliminary") == "quarantined"
    assert set(statuses.values()) == {"landed"}
    gated = build_rows(
        home, "select count(*) from raw.manifest where reference_month = ? and gated_at is not null", [NEW_MONTH]
    )
    assert gated == [(len(statuses),)], "the other pages of the month passed gate 1"


# --- gate 2: marts a faulty build could produce ------------------------------------------------


MART_DAMAGE = [
    (
        "monthly_grain_unique",
        "insert into marts.trade_balance_monthly select * from marts.trade_balance_monthly where partner_code = "
        "'USA' and period_month = date '2026-09-01'",
    ),
    (
        "monthly_exports_usd_present",
        "update marts.trade_balance_monthly set exports_usd = null where partner_code = 'FRA' and period_month = "
        "date '2026-09-01'",
    ),
    (
        "monthly_imports_usd_present",
        "update marts.trade_balance_monthly set imports_usd = null where partner_code = 'DEU' and period_month = "
        "date '2026-08-01'",
    ),
    (
        "monthly_balance_usd_present",
        "update marts.trade_balance_monthly set balance_usd = null where partner_code = 'NLD' and period_month = "
        "date '2026-07-01'",
    ),
    (
        "monthly_exports_usd_not_negative",
        "update marts.trade_balance_monthly set exports_usd = -exports_usd where partner_code = 'JPN' and "
        "period_month = date '2026-02-01'",
    ),
    (
        "monthly_imports_usd_not_negative",
        "update marts.trade_balance_monthly set imports_usd = -imports_usd where partner_code = 'ITA' and "
        "period_month = date '2026-03-01'",
    ),
    (
        "summary_grain_unique",
        "insert into marts.trade_balance_summary select * from marts.trade_balance_summary"
        " where partner_code = 'EU' and \"window\" = 'ytd' and period_end_month = date '2026-06-01'",
    ),
    (
        "share_grain_unique",
        "insert into marts.partner_share select * from marts.partner_share where partner_code = 'VNM'"
        " and \"window\" = 'month' and period_end_month = date '2026-05-01'",
    ),
    (
        "share_within_0_100",
        "update marts.partner_share set share_pct = 130.0 where partner_code = 'KOR' and \"window\" = 'rolling_12m'"
        " and flow = 'import' and period_end_month = date '2026-09-01'",
    ),
    (
        "windows_complete",
        "delete from marts.trade_balance_summary where partner_code = 'IND' and \"window\" = 'ytd'"
        " and period_end_month = date '2026-04-01'",
    ),
    (
        "calendar_year_is_sum_of_months",
        "update marts.trade_balance_summary set exports_usd = exports_usd * 1.05 where partner_code = 'WORLD'"
        " and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
    ),
]


@pytest.mark.parametrize("check, damage", MART_DAMAGE, ids=[case[0] for case in MART_DAMAGE])
def test_gate_2_stops_marts_that_are_wrong(check, damage, home, receivers):
    con = duckdb.connect(str(home / "build.duckdb"))
    try:
        con.execute(damage)
    finally:
        con.close()
    before = file_digest(home / "warehouse.duckdb")
    settings = settings_for(home, "http://127.0.0.1:9", receivers)
    with pytest.raises(stages.RefreshFailed, match="gate 2"):
        stages.stage_gate_marts(settings, "run-gate-2")
    assert_stopped_and_alerted(home, receivers, check, None, before)


WARNING_MART_DAMAGE = [
    # A month missing from the series (every window of the other months still complete).
    (
        "no_month_missing",
        "delete from marts.trade_balance_monthly where partner_code = 'WORLD' and period_month = date '2026-05-01'",
    ),
    # September's exports to Australia three times what they were a year earlier.
    (
        "no_unexplained_jump",
        "update marts.trade_balance_monthly set exports_usd = exports_usd * 3 where partner_code = 'AUS' and "
        "period_month = date '2026-09-01'",
    ),
]


@pytest.mark.parametrize("check, damage", WARNING_MART_DAMAGE, ids=[case[0] for case in WARNING_MART_DAMAGE])
def test_gate_2_warns_and_lets_the_marts_through(check, damage, home, receivers):
    con = duckdb.connect(str(home / "build.duckdb"))
    try:
        con.execute(damage)
    finally:
        con.close()
    built_by(home, "run-warn")
    stages.stage_gate_marts(settings_for(home, "http://127.0.0.1:9", receivers), "run-warn")
    texts = [post["text"] for post in receivers["posts"]]
    assert any(text.startswith("[WARNING]") and check in text for text in texts), texts
    assert build_rows(home, "select severity from ops.alerts where run_id = 'run-warn'") == [("warning",)]


def test_every_check_is_tested_here():
    from customs_wh.quality.checks import CRITICAL, GATE1_CHECKS, GATE2_CHECKS

    critical = {check.name for check in GATE1_CHECKS + GATE2_CHECKS if check.severity == CRITICAL}
    warnings = {check.name for check in GATE1_CHECKS + GATE2_CHECKS if check.severity != CRITICAL}
    stopped = {case[0] for case in WRONG_RELEASES + DATABASE_DAMAGE + MART_DAMAGE}
    warned = {case[0] for case in WARNING_MART_DAMAGE} | {
        "growth_matches_prior_year",
        "no_partner_dropped",
        "calendar_year_within_rounding",
    }
    assert critical - stopped == set(), "critical checks without a test that they stop a run"
    assert warnings - warned == set(), "warning checks without a test"


def test_a_dropped_partner_is_a_warning_beside_the_critical_finding(home, site, receivers):
    edits.rewrite(site, USD_BY_COUNTRY, japan_missing)
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    warnings = [post["text"] for post in receivers["posts"] if post["text"].startswith("[WARNING]")]
    assert any("no_partner_dropped" in text and "JPN" in text and RELEASE_LABEL in text for text in warnings), warnings


def test_calendar_year_off_by_more_than_rounding_warns(home, receivers):
    con = duckdb.connect(str(home / "build.duckdb"))
    try:  # USD 500 million on a USD 3,770 bn year: far beyond rounding, far below 1 %
        con.execute(
            "update marts.trade_balance_summary set exports_usd = exports_usd + 5e8 "
            "where partner_code = 'WORLD' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'"
        )
    finally:
        con.close()
    built_by(home, "run-warn")
    stages.stage_gate_marts(settings_for(home, "http://127.0.0.1:9", receivers), "run-warn")
    texts = [post["text"] for post in receivers["posts"]]
    assert any(text.startswith("[WARNING]") and "calendar_year_within_rounding" in text for text in texts), texts


def test_gate_2_on_the_published_marts_finds_nothing(home):
    built_by(home, "run-clean")
    docs = stages.stage_gate_marts(Settings(home=home, base_url="http://127.0.0.1:9"), "run-clean")
    assert docs.endswith("index.html") and Path(docs).exists()
    assert build_rows(home, "select count(*) from ops.alerts where run_id = 'run-clean'") == [(0,)]
