"""Quality gates: a release that is wrong is stopped, alerted and quarantined; the marts stay as published.

A warehouse is published from the sample site up to 2026-09; each test then lands 2026-10
with one number wrong the way a real release could be wrong, through the real refresh, with a
webhook receiver and an SMTP server listening on 127.0.0.1. Checks that the parser already
enforces on every page are exercised at the database level (a parser regression is what they
guard against), and the gate-2 checks on marts a faulty dbt build could produce.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import site_edits as edits
from customs_wh import sample_site
from customs_wh.config import Settings
from customs_wh.orchestration import held_back_pages, run_end, stages
from customs_wh.orchestration.refresh import refresh
from customs_wh.sample_site import Release
from customs_wh.sample_site.bulletin_releases import BulletinPage
from databases import build_rows, file_digest
from receivers import smtp_receiver, webhook_receiver

pytestmark = pytest.mark.slow

# From 2023: two years of year-on-year changes before the newest months, the history jumps are judged against.
FIRST, PUBLISHED_THROUGH, NEW_MONTH = "2023-01", "2026-09", "2026-10"
INCREMENTAL = {"from_month": "2026-08", "through_month": NEW_MONTH}
USD_BY_COUNTRY = Release(NEW_MONTH, 4, "USD", "preliminary")
USD_TOTALS = Release(NEW_MONTH, 1, "USD", "preliminary")
RELEASE_LABEL = "2026-10 section 4 USD"


@pytest.fixture(scope="module")
def new_site(built_once) -> Path:
    def build(directory: Path) -> Path:
        sample_site.build_site(directory, first_month=FIRST, last_month=NEW_MONTH)
        return directory

    return built_once("quality-new-site", build)


@pytest.fixture(scope="module")
def published_home(built_once) -> Path:
    """The warehouse as a monthly run finds it: published through 2026-09."""

    def build(directory: Path) -> Path:
        site, home = directory / "site", directory / "home"
        sample_site.build_site(site, first_month=FIRST, last_month=PUBLISHED_THROUGH)
        with sample_site.serve(site) as url:
            refresh(Settings(home=home, base_url=url), from_month=FIRST, through_month=PUBLISHED_THROUGH)
        return home

    return built_once("quality-published-home", build)


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
        smtp_tls="none",  # the receiver is a plain local SMTP server
        alert_email_to="analysts@example.org",
        alert_email_from="customs-wh@example.org",
    )


def built_by(home: Path, run_id: str) -> None:
    """``run_id`` passed gate 1 and built the marts: the build gate 2 may vouch for (build proof)."""
    from customs_wh.warehouse import build_proof, db

    with db.connect(home / "build.duckdb") as con:
        build_proof.record_gate1_passed(con, run_id)
        build_proof.record_dbt_passed(con, run_id, "dbt build")


def warning_lines(receivers: dict) -> list[str]:
    """The warnings of the run's messages: one line per check (digest: "- check: n alert(s), …")."""
    return [line for post in receivers["posts"] for line in post["text"].splitlines() if line.startswith("- ")]


def assert_stopped_and_alerted(home: Path, receivers: dict, check: str, release: str | None, before: str) -> None:
    """The run published nothing and its one message on every channel named the release and the check."""
    assert file_digest(home / "warehouse.duckdb") == before, "the published warehouse changed"
    texts = [post["text"] for post in receivers["posts"]]
    assert len(texts) == 1 and len(receivers["mails"]) == 1, "one message per channel for the run"
    assert " STOPPED: " in texts[0].splitlines()[0], texts[0]
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


_FIGURE = re.compile(r"<span>(?:<b>)?(-?[0-9,]+\.[0-9])(?:&nbsp;)?(?:</b>)?</span>")


def usd_figures_a_quarter_too_high(html: str) -> str:
    # The USD edition converted at a wrong rate: every trade value 25% too high. Each row's own
    # arithmetic still holds and the unit row fits the figures (the parser's checks pass); only
    # the two editions together show it: 7.1 / 1.25 = 5.7 CNY per USD.
    def scaled(row: str) -> str:
        cells = list(_FIGURE.finditer(row))[: edits.IMPORT_YTD + 1]
        if len(cells) <= edits.IMPORT_YTD:
            return row
        figures = [round(float(cell.group(1).replace(",", "")) * 1.25, 1) for cell in cells]
        figures[edits.TOTAL_MONTH] = figures[edits.EXPORT_MONTH] + figures[edits.IMPORT_MONTH]
        figures[edits.TOTAL_YTD] = figures[edits.EXPORT_YTD] + figures[edits.IMPORT_YTD]
        for cell, figure in reversed(list(zip(cells, figures, strict=True))):
            row = row[: cell.start(1)] + f"{figure:,.1f}" + row[cell.end(1) :]
        return row

    return "".join(scaled(row) for row in re.split(r"(?=<tr>)", html))


def korea_in_the_wrong_currency(html: str) -> str:
    # Korea's imports copied from a mis-converted sheet: 20% too high in the USD edition only.
    korea = edits.row_values(html, "R. O. Korea")
    return edits.raise_flow(html, "R. O. Korea", "import", 0.2 * korea[edits.IMPORT_MONTH])


def totals_table_disagrees(html: str) -> str:
    # The totals table (1) overstates exports by USD 10 bn against the Total row of (4).
    add = lambda value: value + 100.0  # noqa: E731
    html = edits.edit_row(html, edits.TOTAL_EXPORT, {edits.MONTH: add, edits.YTD: add})
    html = edits.edit_row(html, edits.BALANCE, {edits.MONTH: add, edits.YTD: add})
    return edits.edit_row(html, edits.TOTAL_TRADE, {edits.MONTH: add, edits.YTD: add})


def world_growth_off_by_five_points(html: str) -> str:
    # China's January-to-October export growth printed 5 points away from last year's figure.
    return edits.edit_row(html, edits.TOTAL_EXPORT, {edits.YTD_YOY: lambda value: value + 5.0})


WRONG_RELEASES = [
    ("partner_within_world", USD_BY_COUNTRY, us_exports_above_the_world, RELEASE_LABEL),
    ("members_within_group", USD_BY_COUNTRY, germany_above_the_eu, RELEASE_LABEL),
    ("core_partners_present", USD_BY_COUNTRY, japan_missing, RELEASE_LABEL),
    ("cny_usd_rate_plausible", USD_BY_COUNTRY, usd_figures_a_quarter_too_high, RELEASE_LABEL),
    ("cny_usd_editions_agree", USD_BY_COUNTRY, korea_in_the_wrong_currency, RELEASE_LABEL),
    ("section_totals_agree", USD_TOTALS, totals_table_disagrees, "2026-10 section 1 USD"),
    ("world_growth_matches_prior_year", USD_TOTALS, world_growth_off_by_five_points, "2026-10 section 1 USD"),
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


def test_the_next_run_does_not_publish_a_newest_month_without_its_partners(home, site, receivers):
    # The run for October quarantines October's table by country and fails. The next run finds
    # nothing new: without gate 2's check it would publish October with the world's row alone.
    edits.rewrite(site, USD_BY_COUNTRY, us_exports_above_the_world)
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url:
        settings = settings_for(home, url, receivers)
        with pytest.raises(stages.RefreshFailed, match="gate 1"):
            refresh(settings, **INCREMENTAL)
        receivers["posts"].clear()
        receivers["mails"].clear()
        with pytest.raises(stages.RefreshFailed, match="gate 2"):
            refresh(settings, **INCREMENTAL)

    assert_stopped_and_alerted(home, receivers, "newest_month_has_partners", None, before)
    [text] = [post["text"] for post in receivers["posts"] if "newest_month_has_partners" in post["text"]]
    assert "reference_month=2026-10-01" in text and "partner_rows=0" in text
    assert "2026-10/s4/USD/preliminary" in text and "quarantined: gate 1 partner_within_world" in text, text


def nzl_dropped(html: str) -> str:
    return edits.remove_row(html, "New Zealand")


def test_a_published_partner_that_goes_missing_stops_the_publish(home, site, receivers):
    # September's preliminary table by country, fetched again, no longer lists New Zealand: a
    # warning at gate 1 (a partner dropped), but the published warehouse has New Zealand's
    # September (no Monthly Bulletin prints September yet), and it would vanish.
    edits.rewrite(site, Release("2026-09", 4, "USD", "preliminary"), nzl_dropped)
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="gate 2"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)

    assert_stopped_and_alerted(home, receivers, "nothing_published_goes_missing", None, before)
    [text] = [post["text"] for post in receivers["posts"] if "nothing_published_goes_missing" in post["text"]]
    assert "missing_kind=partner rows" in text and "reference_month=2026-09-01" in text and "missing=NZL" in text
    assert "not on the current page 2026-09/s4/USD/preliminary" in text, text


def test_a_warning_publishes_and_alerts(home, site, receivers):
    # GACC's printed growth for Japan's exports disagrees with last year's figure by 5 points.
    edits.rewrite(
        site, USD_BY_COUNTRY, lambda html: edits.edit_row(html, "Japan", {edits.YOY_EXPORT: lambda v: v + 5.0})
    )
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url:
        result = refresh(settings_for(home, url, receivers), **INCREMENTAL)

    assert result.published and file_digest(home / "warehouse.duckdb") != before
    (post,) = receivers["posts"]
    assert post["text"].startswith("customs-wh published China's trade through October 2026")
    warnings = warning_lines(receivers)
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
    assert landed == [
        ("2026-10/s1/CNY/preliminary",),
        ("2026-10/s1/USD/preliminary",),
        ("2026-10/s4/CNY/preliminary",),
        ("2026-10/s5/CNY/preliminary",),
        ("2026-10/s5/USD/preliminary",),
        ("2026-10/s6/CNY/preliminary",),
        ("2026-10/s6/USD/preliminary",),
    ]


def test_an_unreadable_index_fails_the_run_with_an_alert(home, site, receivers):
    (site / "statics" / "report" / "monthly.html").write_text("<html><body>Service unavailable</body></html>")
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="cannot list the releases"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    assert_stopped_and_alerted(home, receivers, "discover", None, before)


# --- the observation contract, met by a parser regression ----------------------------------------
# (A page's own arithmetic, total = export + import and the month within the year to date, no
# negative value, no fall of more than 100%, is the parser's alone: tests/gacc/test_parse.py.)


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
    run_end.finish_run(settings, "run-gate")  # as the DAG's last task does after a failed gate

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


# The marts' own invariants (keys, amounts present and not negative, shares, the calendar year
# against its months) are dbt's: tests/warehouse/test_dbt.py damages marts against each of them.
MART_DAMAGE = [
    (
        "windows_complete",
        "delete from marts.trade_balance_summary where partner_code = 'IND' and \"window\" = 'ytd'"
        " and period_end_month = date '2026-04-01'",
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
    run_end.finish_run(settings, "run-gate-2")
    assert_stopped_and_alerted(home, receivers, check, None, before)


WARNING_MART_DAMAGE = [
    # A month missing from the series, as it always was (never published: a month the published
    # warehouse had and the new marts lose is critical, nothing_published_goes_missing).
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
NEVER_PUBLISHED = {"no_month_missing"}


@pytest.mark.parametrize("check, damage", WARNING_MART_DAMAGE, ids=[case[0] for case in WARNING_MART_DAMAGE])
def test_gate_2_warns_and_lets_the_marts_through(check, damage, home, receivers):
    databases = ["build.duckdb", "warehouse.duckdb"] if check in NEVER_PUBLISHED else ["build.duckdb"]
    for database in databases:
        con = duckdb.connect(str(home / database))
        try:
            con.execute(damage)
        finally:
            con.close()
    built_by(home, "run-warn")
    settings = settings_for(home, "http://127.0.0.1:9", receivers)
    stages.stage_gate_marts(settings, "run-warn")
    assert receivers["posts"] == [], "recorded, told at the run's end"
    run_end.finish_run(settings, "run-warn")
    assert any(line.startswith(f"- gate 2: {check}: 1 alert(s)") for line in warning_lines(receivers)), receivers
    assert build_rows(home, "select severity from ops.alerts where run_id = 'run-warn'") == [("warning",)]


def test_every_check_is_tested_here():
    from customs_wh.quality.checks import CRITICAL, GATE1_CHECKS, GATE2_CHECKS

    critical = {check.name for check in GATE1_CHECKS + GATE2_CHECKS if check.severity == CRITICAL}
    warnings = {check.name for check in GATE1_CHECKS + GATE2_CHECKS if check.severity != CRITICAL}
    stopped = {case[0] for case in WRONG_RELEASES + DATABASE_DAMAGE + MART_DAMAGE} | {
        "newest_month_has_partners",  # test_the_next_run_does_not_publish_a_newest_month_without_its_partners
        "nothing_published_goes_missing",  # test_a_published_partner_that_goes_missing_stops_the_publish
    }
    warned = {case[0] for case in WARNING_MART_DAMAGE} | {"growth_matches_prior_year", "no_partner_dropped"}
    # tests/warehouse/test_bulletin_vintages.py: a Bulletin revision larger than plausible
    warned |= {"bulletin_total_agrees_with_preliminary", "bulletin_partner_agrees_with_preliminary"}
    assert critical - stopped == set(), "critical checks without a test that they stop a run"
    assert warnings - warned == set(), "warning checks without a test"


def test_a_dropped_partner_is_a_warning_beside_the_critical_finding(home, site, receivers):
    edits.rewrite(site, USD_BY_COUNTRY, japan_missing)
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    warnings = warning_lines(receivers)
    assert any("no_partner_dropped" in text and "JPN" in text and RELEASE_LABEL in text for text in warnings), warnings


def test_gate_2_on_the_published_marts_finds_nothing(home):
    built_by(home, "run-clean")
    docs = stages.stage_gate_marts(Settings(home=home, base_url="http://127.0.0.1:9"), "run-clean")
    assert docs.endswith("index.html") and Path(docs).exists()
    assert build_rows(home, "select count(*) from ops.alerts where run_id = 'run-clean'") == [(0,)]


# --- known gaps and the failure policy -------------------------------------------------------------


def as_image(html: str) -> str:
    """The page as GACC printed 2018's tables by country: a picture, no table in the HTML."""
    return re.sub(r"<table.*</table>", r"<img src ='\\Excel\\4-USD.png'/>", html, flags=re.S)


def total_is_not_export_plus_import(html: str) -> str:
    return edits.edit_row(html, "Total", {edits.TOTAL_MONTH: lambda value: value + 50.0})


def test_a_first_backfill_publishes_over_image_pages_and_superseded_bad_pages(site, receivers, tmp_path):
    images = [Release("2023-03", 4, currency, "preliminary") for currency in ("CNY", "USD")]
    for release in images:
        edits.rewrite(site, release, as_image)
    # Rejected by the parser, its numbers printed again by the Monthly Bulletin's table (2).
    edits.rewrite(site, Release("2025-06", 4, "USD", "preliminary"), total_is_not_export_plus_import)
    # Rejected by gate 1, its numbers printed again by the Monthly Bulletin's table (2).
    edits.rewrite(site, Release("2025-05", 4, "USD", "preliminary"), us_exports_above_the_world)
    # Rejected by gate 1, no later vintage yet: a month before the one the backfill publishes.
    edits.rewrite(site, Release("2026-09", 4, "USD", "preliminary"), japan_missing)
    home = tmp_path / "first"

    with sample_site.serve(site) as url:
        settings = settings_for(home, url, receivers)
        first = refresh(settings, from_month=FIRST, through_month=NEW_MONTH)
        again = refresh(settings, from_month=FIRST, through_month=NEW_MONTH)

    assert first.published and again.published
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        gaps = con.execute(
            "select strftime(reference_month, '%Y-%m'), section, currency, gap_kind, image_url, gap_reason "
            "from marts.release_gaps order by all"
        ).fetchall()
        statuses = dict(
            con.execute(
                "select release_key, vintage_status from marts.release_vintages where vintage_status not in "
                "('current', 'superseded')"
            ).fetchall()
        )
        usa_june = con.execute(
            "select count(*) from marts.published_numbers where partner_code = 'USA' and currency = 'USD' "
            "and period_end_month = date '2025-06-01' and is_current and release_kind = 'monthly_bulletin'"
        ).fetchone()[0]
    finally:
        con.close()
    image_url = "/Excel/4-USD.png"
    image_reason = f"published as an image, no numbers in the HTML ({image_url})"
    # The picture in USD is no gap: the Bulletin's table (2) prints its numbers; the CNY one is.
    assert gaps[0] == ("2023-03", 4, "CNY", "published_as_image", image_url, image_reason)
    # The sample site's April 2025 USD exports table that lost its quantity-unit cells and its
    # June 2025 CNY table by country with a USD unit row, as the real ones did, and September's
    # bad page: held back, no later page prints their numbers. May and June 2025 in USD are not
    # gaps: the Bulletin's table (2) has their numbers.
    assert [gap[:4] for gap in gaps[1:]] == [
        ("2025-04", 5, "USD", "quarantined"),
        ("2025-06", 4, "CNY", "quarantined"),
        ("2026-09", 4, "USD", "quarantined"),
    ]
    assert gaps[3][5].startswith("gate 1 core_partners_present"), gaps[3]
    assert statuses == {
        **{release.key: "no_numbers" for release in images},
        "2025-04/s5/USD/preliminary": "quarantined",
        "2025-05/s4/USD/preliminary": "quarantined",
        "2025-06/s4/CNY/preliminary": "quarantined",
        "2025-06/s4/USD/preliminary": "quarantined",
        "2026-09/s4/USD/preliminary": "quarantined",
    }
    assert usa_june > 0, "the Monthly Bulletin's numbers stand in for the bad preliminary page"

    alerts = build_rows(
        home, "select run_id, severity, check_name, release, message from ops.alerts order by raised_at"
    )
    first_run = [alert for alert in alerts if alert[0] == first.run_id]
    warned = [release for _run, severity, check, release, _m in first_run if check == "published_as_image"]
    assert sorted(warned) == sorted(label(release) for release in images)
    held = [alert for alert in first_run if alert[1] == "critical"]
    assert {alert[3] for alert in held} == {
        "2025-04 section 5 USD (preliminary)",
        "2025-05 section 4 USD (preliminary)",
        "2025-06 section 4 CNY (preliminary)",
        "2025-06 section 4 USD (preliminary)",
        "2026-09 section 4 USD (preliminary)",
    }
    assert all("held back" in message and "publishes without it" in message for *_rest, message in held), held
    superseded = [alert[4] for alert in held if alert[3] == "2025-05 section 4 USD (preliminary)"]
    assert superseded and "2025-05/t2/monthly_bulletin" in superseded[0], superseded
    assert [alert for alert in alerts if alert[0] == again.run_id] == [], "a known gap or held-back page alerted again"


def label(release: Release) -> str:
    return f"{release.reference_month} section {release.section} {release.currency} ({release.release_kind})"


def test_a_scheduled_run_stops_on_a_bad_revision_of_an_earlier_month(home, site, receivers):
    # August's Monthly Bulletin arrives again in the October run (which lands August to October),
    # its table (2) without New Zealand while Oceania's total still counts it: a revision of a
    # published month, not history, so it stops the run.
    edits.rewrite(site, BulletinPage("2", "2026-08"), nzl_dropped)
    before = file_digest(home / "warehouse.duckdb")
    with sample_site.serve(site) as url, pytest.raises(stages.RefreshFailed, match="rejected and quarantined"):
        refresh(settings_for(home, url, receivers), **INCREMENTAL)
    assert_stopped_and_alerted(home, receivers, "parse", "2026-08 table 2 (monthly_bulletin)", before)


MONTHS = st.builds(lambda year, month: f"{year}-{month:02d}", st.integers(2018, 2030), st.integers(1, 12))


@settings(max_examples=300, deadline=None)
@given(
    page_month=MONTHS,
    first_month=MONTHS,
    target_month=MONTHS,
    superseded_by=st.none() | st.just("2025-06/t2/monthly_bulletin"),
)
def test_the_failure_policy_holds_back_only_superseded_pages_and_a_backfills_history(
    page_month, first_month, target_month, superseded_by
):
    first_month, target_month = min(first_month, target_month), max(first_month, target_month)
    scope = held_back_pages.RunScope(first_month, target_month)
    page = held_back_pages.BadPage("key|sha", page_month, superseded_by)
    why = held_back_pages.held_back_because(page, scope)
    if superseded_by:
        assert why is not None and superseded_by in why
    elif page_month == target_month or not scope.is_backfill or page_month > target_month:
        assert why is None, "a bad page of the month the run publishes, or a scheduled run's revision, stops it"
    else:
        assert why is not None and target_month in why
    assert held_back_pages.held_back_because(page, None) == (why if superseded_by else None)


@given(st.permutations(range(5)))
@settings(max_examples=25, deadline=None)
def test_a_failure_is_quoted_the_same_whatever_order_its_rows_come_in(order):
    """A frame's SQL may hand the failing rows over in any order; the alert quotes the same
    first rows, so the same failure reads the same in every run and every digest."""
    from customs_wh.quality.gates import Finding, _with_rows

    release = "2025-07 section 4 USD"
    rows = [{"release": release, "page": f"k|{i}", "partner": f"P{i}", "value": float(i)} for i in range(5)]
    finding = Finding("gate 1", "a check", "critical", "fine", "", release, describe=("partner", "value"))
    quoted = _with_rows(finding, [rows[i] for i in order])
    assert quoted.observed == "5 failing: partner=P0, value=0; partner=P1, value=1; partner=P2, value=2 (+2 more)"
    assert quoted.pages == tuple(f"k|{i}" for i in range(5))
