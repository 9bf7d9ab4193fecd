"""The Monthly Bulletin as the verified vintage, on a real DuckDB build database: a year of the
Preliminary Release's tables (1) and (4) and the Bulletin's table (2) (every country under its
continent) as the reading stage lands them, built by dbt, checked by gate 1.

* The marts take each number's newest vintage across the tables that print it, and say so.
* ``revisions`` holds the Bulletin's revisions and nothing that is only the rounding of the
  preliminary's coarser print.
* The marts cover every country; only countries and territories rank.
* Gate 1 names a revision larger than plausible, as a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

import bulletin_pages
from customs_wh.config import Settings
from customs_wh.quality import gate1_frames, run_gate1
from customs_wh.warehouse import transform

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
    saved = os.environ.get("CUSTOMS_WH_HOME")
    os.environ["CUSTOMS_WH_HOME"] = str(home)
    try:
        result = transform.dbt_build(settings)
    finally:
        if saved is None:
            os.environ.pop("CUSTOMS_WH_HOME")
        else:
            os.environ["CUSTOMS_WH_HOME"] = saved
    assert result.success and not result.warnings, result.summary() + str(result.warnings)
    return settings


@pytest.fixture(scope="module")
def bulletin_marts(tmp_path_factory) -> Settings:
    """Every month with its Bulletin, but November's (not published yet): November stays preliminary."""
    months = tuple(m for m in bulletin_pages.MONTHS if m != 11)
    return built(tmp_path_factory.mktemp("bulletin") / "home", revise=JAPAN_REVISION, bulletin_months=months)


def rows(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


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
    assert windows["10"] == "monthly_bulletin" and windows["11"] == "preliminary" and windows["12"] == "monthly_bulletin"
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
        "where p.release_kind = 'preliminary' and p.section = 4 and b.section = 2 and p.partner_code not in ('JPN', 'WORLD')",
    )[0]
    assert compared[0] > 300 and 0 < compared[1] <= 50_000
    vintages = rows(
        bulletin_marts,
        "select release_kind, numbers_revised from marts.release_vintages "
        "where reference_month = date '2025-06-01' and section = 2",
    )
    assert vintages == [("monthly_bulletin", 4)]


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
    assert row["plausible_revision"] == pytest.approx(
        max(gate1_frames.PLAUSIBLE_REVISION_PCT / 100 * row["preliminary_amount"], gate1_frames.PLAUSIBLE_REVISION_AMOUNT)
    )
    gated = rows(settings, "select count(*) from raw.manifest where release_kind = 'monthly_bulletin' and gated_at is not null")
    assert gated == [(1,)]


def test_gate1_accepts_a_bulletin_within_plausible_revisions(tmp_path):
    settings = settings_at(tmp_path / "home")
    bulletin_pages.load(
        settings.build_db, *bulletin_pages.pages(revise=JAPAN_REVISION, bulletin_months=(6,), bulletin_gated=False)
    )
    result = run_gate1(settings, "run-bulletin")
    assert result.passed and result.checks_run > 0 and not result.findings, result.summary()
