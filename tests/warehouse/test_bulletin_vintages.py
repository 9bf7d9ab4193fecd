"""The Monthly Bulletin as the verified vintage, on a real DuckDB build database: a year of the
Preliminary Release's tables (1) and (4) and the Bulletin's table (2) (every country under its
continent) as the reading stage lands them, built by dbt, checked by gate 1.

* The marts take each number's newest vintage across the tables that print it, and say so.
* ``revisions`` holds the Bulletin's revisions and nothing that is only the rounding of the
  preliminary's coarser print.
* The marts cover every country; only countries and territories rank.
* Gate 1 names a revision larger than plausible, as a warning.
* A published partner that goes missing stops the run until a person accepts exactly that loss.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import duckdb
import lxml.html
import pytest
from rich.console import Console

import bulletin_pages
import customs_wh.cli  # noqa: F401 - registers the commands
from customs_wh.cli.app import run as run_cli
from customs_wh.config import Settings
from customs_wh.quality import gate1_frames, run_gate1, run_gate2
from customs_wh.reporting import report, summary
from customs_wh.warehouse import accepted_losses, db, raw_zone, transform
from databases import query_rows

# Japan's exports of June 2025 revised up by 0.5% in the Bulletin: beyond the preliminary's
# rounding (USD 50,000), far within a plausible revision.
JAPAN_REVISION = {("JPN", "export", 6): 1.005}


def settings_at(home: Path) -> Settings:
    settings = Settings(home=home, base_url="http://127.0.0.1:9")
    settings.ensure_dirs()
    return settings


def built(home: Path, **pages) -> Settings:
    settings = settings_at(home)
    bulletin_pages.load(settings.build_db, *bulletin_pages.pages(**pages))
    result = transform.dbt_build(settings)  # it sets CUSTOMS_WH_HOME, which profiles.yml reads, for the build
    assert result.success and not result.warnings, result.summary() + str(result.warnings)
    return settings


@pytest.fixture(scope="module")
def bulletin_marts(built_once) -> Settings:
    """Every month with its Bulletin, but November's (not published yet): November stays preliminary."""
    months = tuple(m for m in bulletin_pages.MONTHS if m != 11)
    return built_once(
        "bulletin-vintages", lambda directory: built(directory / "home", revise=JAPAN_REVISION, bulletin_months=months)
    )


def rows(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    return query_rows(settings.build_db, sql, params)


def test_the_marts_take_the_bulletin_where_it_is_published_and_the_preliminary_elsewhere(bulletin_marts):
    vintages = dict(
        rows(
            bulletin_marts,
            "select strftime(period_month, '%m'), release_kind from marts.trade_balance_monthly "
            "where partner_code = 'JPN' order by period_month",
        )
    )
    assert vintages["11"] == "preliminary"
    assert {kind for month, kind in vintages.items() if month != "11"} == {"monthly_bulletin"}
    # June's exports are the Bulletin's figure, to the thousand it prints.
    exports, publication = rows(
        bulletin_marts,
        "select exports_usd, publication_date::varchar from marts.trade_balance_monthly "
        "where partner_code = 'JPN' and period_month = date '2025-06-01'",
    )[0]
    printed = rows(
        bulletin_marts,
        "select value * scale from raw.observations where section = 2 and partner_code = 'JPN' and flow = 'export' "
        "and period_kind = 'month' and reference_month = '2025-06'",
    )[0][0]
    assert (exports, publication) == (printed, "2025-07-20")
    # A rolling window with November in it is as verified as its least verified month.
    windows = dict(
        rows(
            bulletin_marts,
            "select strftime(period_end_month, '%m'), release_kind from marts.trade_balance_summary "
            "where partner_code = 'JPN' and \"window\" = 'ytd'",
        )
    )
    assert (windows["10"], windows["11"], windows["12"]) == ("monthly_bulletin", "preliminary", "monthly_bulletin")
    shares = rows(
        bulletin_marts,
        "select distinct release_kind from marts.partner_share where period_end_month = date '2025-11-01'",
    )
    assert shares == [("preliminary",)]


def test_revisions_hold_the_bulletins_revisions_and_no_rounding(bulletin_marts):
    revised = rows(
        bulletin_marts,
        "select partner_code, flow, period_kind, strftime(reference_month, '%m'), previous_section, section, "
        "previous_release_kind, revised_release_kind from marts.revisions order by all",
    )
    # Japan's June exports carry into its total trade and the year to date from June, and into the world's.
    expected = sorted(
        (partner, flow, kind, f"{month:02d}", 1 if partner == "WORLD" else 4, 2, "preliminary", "monthly_bulletin")
        for partner in ("JPN", "WORLD")
        for flow in ("export", "total")
        for kind, months in (("month", [6]), ("ytd", [m for m in range(6, 13) if m != 11]))
        for month in months
    )
    assert revised == expected
    # Every other number the two products both print differs by the preliminary's rounding at most.
    compared = rows(
        bulletin_marts,
        "select count(*), max(abs(p.value * p.scale - b.value * b.scale)) from raw.observations as p "
        "inner join raw.observations as b using (partner_code, flow, measure, period_kind, reference_month) "
        "where p.release_kind = 'preliminary' and p.section = 4 and b.section = 2 "
        "and p.partner_code not in ('JPN', 'WORLD')",
    )[0]
    assert compared[0] > 200 and 0 < compared[1] <= 50_000
    vintages = rows(
        bulletin_marts,
        "select release_kind, numbers_revised from marts.release_vintages "
        "where reference_month = date '2025-06-01' and section = 2",
    )
    assert vintages == [("monthly_bulletin", 8)]  # Japan's and the world's: month and year to date


def test_the_marts_cover_every_country_under_its_continent(bulletin_marts):
    types = dict(rows(bulletin_marts, "select partner_type, count(*) from marts.dim_partner group by all"))
    assert types["country"] + types.get("territory", 0) >= 230
    assert types["continent"] == 6 and types["unknown"] == 1
    assert rows(
        bulletin_marts,
        "select partner_name, continent_code, parent_code, is_aggregate from marts.dim_partner "
        "where partner_code in ('NGA', 'AFRICA') order by partner_code",
    ) == [("Africa", None, None, True), ("NGA", "AFRICA", "AFRICA", False)]
    ranked = rows(
        bulletin_marts,
        "select count(*), count(rank), max(rank), count(*) filter (where rank is not null "
        "and partner_type not in ('country', 'territory')) from marts.partner_share "
        "where period_end_month = date '2025-06-01' and \"window\" = 'month' and flow = 'export'",
    )[0]
    countries = len(bulletin_pages.countries())
    assert ranked[1] == countries and ranked[2] <= countries and ranked[3] == 0
    assert ranked[0] > countries  # the world's other parts and the aggregates have a share


def test_gate1_names_a_revision_larger_than_plausible_as_a_warning(tmp_path):
    # The Bulletin of June 2025 revises the United States' imports of June by 10%.
    settings = settings_at(tmp_path / "home")
    manifest, observations = bulletin_pages.pages(
        revise={("USA", "import", 6): 1.10}, bulletin_months=(6,), bulletin_gated=False
    )
    bulletin_pages.load(settings.build_db, manifest, observations)
    result = run_gate1(settings, "run-bulletin")
    assert result.passed and not result.quarantined, result.summary()
    findings = {finding.check: finding for finding in result.findings}
    assert set(findings) == {"bulletin_partner_agrees_with_preliminary"}, result.summary()
    finding = findings["bulletin_partner_agrees_with_preliminary"]
    assert finding.severity == "warning"
    named = {(row["partner_code"], row["flow"], row["period_kind"]) for row in finding.rows}
    assert {("USA", "import", "month"), ("USA", "total", "month")} <= named
    assert {partner for partner, flow, _kind in named} == {"USA"} and ("USA", "export", "month") not in named
    assert "USA" in finding.observed and "preliminary_amount" in finding.observed
    row = next(row for row in finding.rows if row["flow"] == "import")
    assert row["bulletin_amount"] == pytest.approx(row["preliminary_amount"] * 1.10, rel=1e-4)
    plausible = gate1_frames.PLAUSIBLE_REVISION_PCT / 100 * row["preliminary_amount"]
    assert row["plausible_revision"] == pytest.approx(max(plausible, gate1_frames.PLAUSIBLE_REVISION_AMOUNT))
    # A warning: the Bulletin's page passes gate 1 and its numbers go on to the marts.
    gated = rows(
        settings, "select count(*) from raw.manifest where release_kind = 'monthly_bulletin' and gated_at is not null"
    )
    assert gated == [(1,)]


def test_gate1_stops_a_bulletin_whose_country_table_total_is_not_its_summary_tables_world(tmp_path):
    settings = settings_at(tmp_path / "home")
    pages = bulletin_pages.pages(bulletin_months=(6,), bulletin_gated=False, bulletin_summary=True)
    bulletin_pages.load(settings.build_db, *pages)
    agreeing = run_gate1(settings, "run-agree")
    assert "section_totals_agree" not in {finding.check for finding in agreeing.findings}, agreeing.summary()
    # The Bulletin's table (1) prints June's exports 1% above the TOTAL row of its table (2).
    settings = settings_at(tmp_path / "other")
    bulletin_pages.load(settings.build_db, *pages)
    raw = raw_zone.RawZone(settings)
    for page in pages[0]:  # the harness names each page by the hash of its release key
        assert raw.put(page[2].encode()) == page[0]
    con = duckdb.connect(str(settings.build_db))
    try:
        con.execute(
            "update raw.observations set value = round(value * 1.01) where section = 1 "
            "and release_kind = 'monthly_bulletin' and flow = 'export' and period_kind = 'month'"
        )
    finally:
        con.close()
    result = run_gate1(settings, "run-disagree")
    assert not result.passed, result.summary()
    finding = next(finding for finding in result.findings if finding.check == "section_totals_agree")
    assert finding.severity == "critical"
    assert {(row["flow"], row["period_kind"]) for row in finding.rows} >= {("export", "month")}
    assert all("2025-06" in row["release"] for row in finding.rows)


def test_gate1_names_a_bulletin_total_far_from_the_preliminary_world_total(tmp_path):
    settings = settings_at(tmp_path / "home")
    bulletin_pages.load(settings.build_db, *bulletin_pages.pages(bulletin_months=(6,), bulletin_gated=False))
    con = duckdb.connect(str(settings.build_db))
    try:  # the TOTAL row's imports of June 5% above the world's imports in the preliminary table (1)
        con.execute(
            "update raw.observations set value = round(value * 1.05) where section = 2 and partner_code = 'WORLD' "
            "and flow = 'import' and period_kind = 'month'"
        )
    finally:
        con.close()
    result = run_gate1(settings, "run-bulletin")
    totals = [finding for finding in result.findings if finding.check == "bulletin_total_agrees_with_preliminary"]
    assert result.passed and len(totals) == 1 and totals[0].severity == "warning", result.summary()
    [row] = totals[0].rows
    assert (row["partner_code"], row["flow"], row["period_kind"]) == ("WORLD", "import", "month")
    assert "preliminary_amount=" in totals[0].observed and "bulletin_amount=" in totals[0].observed


def test_gate1_accepts_a_bulletin_within_plausible_revisions(tmp_path):
    settings = settings_at(tmp_path / "home")
    bulletin_pages.load(
        settings.build_db, *bulletin_pages.pages(revise=JAPAN_REVISION, bulletin_months=(6,), bulletin_gated=False)
    )
    result = run_gate1(settings, "run-bulletin")
    assert result.passed and result.checks_run > 0 and not result.findings, result.summary()


# --- a loss a person accepts -------------------------------------------------------------------


def published_copy(bulletin_marts: Settings, tmp_path: Path) -> Settings:
    """A copy of the built home whose published warehouse holds the marts as built."""
    home = tmp_path / "home"
    shutil.copytree(bulletin_marts.home, home)
    settings = settings_at(home)
    con = duckdb.connect(str(settings.build_db))
    try:
        con.execute(f"attach '{settings.warehouse_db}' as warehouse")
        con.execute("create schema warehouse.marts")
        for table in ("trade_balance_monthly", "trade_balance_summary", "published_numbers"):
            con.execute(f"create table warehouse.marts.{table} as select * from marts.{table}")
    finally:
        con.close()
    return settings


def lose(settings: Settings, partner: str) -> None:
    """The new marts no longer have ``partner`` (GACC stopped printing it)."""
    con = duckdb.connect(str(settings.build_db))
    try:
        for table in ("trade_balance_monthly", "trade_balance_summary"):
            con.execute(f"delete from marts.{table} where partner_code = ?", [partner])
    finally:
        con.close()


def missing_partners(settings: Settings) -> set[str]:
    """The partners gate 2 stops the run for (nothing_published_goes_missing)."""
    result = run_gate2(settings, "run-loss")
    stopping = [f for f in result.findings if f.check == "nothing_published_goes_missing" and result.stops_the_run(f)]
    assert bool(stopping) == (not result.passed), result.summary()
    return {code for finding in stopping for row in finding.rows for code in row["missing"].split(",")}


def customs_wh_exit(*args: str) -> int:
    with pytest.raises(SystemExit) as exited:
        run_cli(list(args))
    return exited.value.code or 0


def test_a_loss_stops_the_run_until_a_person_accepts_exactly_it(bulletin_marts, tmp_path, monkeypatch):
    settings = published_copy(bulletin_marts, tmp_path)
    assert missing_partners(settings) == set()
    lose(settings, "TKL")
    assert missing_partners(settings) == {"TKL"}

    monkeypatch.setenv("CUSTOMS_WH_HOME", str(settings.home))
    assert customs_wh_exit("accept-loss", "TKL", "--reason", "  ") == 2
    assert customs_wh_exit("accept-loss", "tkl", "--reason", "GACC no longer prints Tokelau", "--by", "analyst") == 0
    assert missing_partners(settings) == set()

    # Another loss still stops the run, and an accepted loss of other months does not cover it.
    lose(settings, "NRU")
    december_only = ("--from", "2025-12", "--through", "2025-12")
    assert customs_wh_exit("accept-loss", "NRU", "--reason", "December only", *december_only) == 0
    assert missing_partners(settings) == {"NRU"}
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        losses = accepted_losses.read(con)
    finally:
        con.close()
    assert [(loss.partner_code, loss.accepted_by, loss.last_month) for loss in losses][0] == ("TKL", "analyst", None)
    assert losses[0].describe().startswith("partner TKL accepted lost by analyst on ")
    assert losses[0].describe().endswith(": GACC no longer prints Tokelau")


def test_the_summary_and_the_report_name_every_accepted_loss(tmp_path):
    settings = settings_at(tmp_path / "home")
    loss = accepted_losses.AcceptedLoss(
        partner_code="ANT",
        reason="Netherlands Antilles dissolved in 2010",
        accepted_by="analyst",
        accepted_at=dt.datetime(2026, 8, 21, 9, 30),
        section=2,
        first_month="2026-07",
    )
    with db.connect(settings.warehouse_db) as con:  # a published warehouse with no marts, one accepted loss
        accepted_losses.record(con, loss)
    expected = (
        "partner ANT, table (2), months 2026-07 to last accepted lost by analyst on 2026-08-21: "
        "Netherlands Antilles dissolved in 2010"
    )
    assert loss.describe() == expected

    console = Console(file=io.StringIO(), width=300)
    summary.print_summary(settings, console)
    assert f"Accepted loss: {expected}" in console.file.getvalue()
    page = report.build_report(settings).index.read_bytes()
    listed = [li.text_content() for li in lxml.html.fromstring(page).xpath("//ul[@id='accepted-losses']/li")]
    assert listed == [f"Accepted loss: {expected}"]
