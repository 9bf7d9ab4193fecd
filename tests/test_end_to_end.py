"""End to end on the sample site: the refresh publishes marts that reproduce what the site publishes.

One full backfill (2018-01..2026-10) through the real HTTP landing path, shared by every test
of the session that needs a published warehouse (tests/conftest.py: published_sample_site).
The sample site is synthetic: its figures are calibrated to the ones users check the warehouse
against (README: the sample site; CALIBRATION below), not GACC data. The calibration tests
hold each mart figure to both: what the site's own final release prints for it (read from the
site's model) and the calibrated value.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from customs_wh import sample_site
from customs_wh.config import load_settings
from customs_wh.reporting.queries import example_queries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def warehouse(published_sample_site) -> Path:
    """The warehouse of the session's one full backfill (tests/conftest.py), read by every test here."""
    home = published_sample_site["home"]
    assert published_sample_site["result"].published == home / "warehouse.duckdb"
    return home / "warehouse.duckdb"


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = con.execute(sql, params or []).fetchone()
    assert row is not None, sql
    return row[0] if len(row) == 1 else row


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def world_window(con, window: str, month: str, column: str) -> float:
    return one(
        con,
        f"""select round({column} / 1e9, 1) from marts.trade_balance_summary
            where partner_code = 'WORLD' and "window" = ? and period_end_month = ?::date""",
        [window, month + "-01"],
    )


# The figures the sample site is calibrated to (README: the sample site), USD bn; synthetic.
CALIBRATION = {
    "2024 exports": 3580.0,
    "2024 imports": 2590.0,
    "2024 balance": 990.0,
    "December 2024 balance": 104.8,
    "2025 balance": 1188.0,
    "2025 balance growth, %": 20.0,
    "2025 exports to the United States over 2024, change": -0.17,  # "about -17%"
}


def site_final_release(month: str, partner: str = "WORLD"):
    """The row the sample site's final release (the Monthly Bulletin) for `month` prints, in USD."""
    return sample_site.release_figures(month, "monthly_bulletin", "USD")[partner]


def printed_usd_bn(value_100m: float) -> float:
    """A page value (USD 100 million, printed to one decimal) as the marts round it: USD bn, one decimal."""
    return round(round(value_100m, 1) / 10, 1)


def test_marts_reproduce_the_sample_site_calibration_of_2024_trade(con):
    site = site_final_release("2024-12").ytd
    for flow, column, figure in (
        ("export", "exports_usd", "2024 exports"),
        ("import", "imports_usd", "2024 imports"),
        ("balance", "balance_usd", "2024 balance"),
    ):
        published = world_window(con, "calendar_year", "2024-12", column)
        assert published == printed_usd_bn(site[flow]) == CALIBRATION[figure], figure


def test_marts_reproduce_the_sample_site_calibration_of_the_december_2024_balance(con):
    site = printed_usd_bn(site_final_release("2024-12").month["balance"])
    assert world_window(con, "month", "2024-12", "balance_usd") == site == CALIBRATION["December 2024 balance"]
    monthly = one(
        con,
        """select round(balance_usd / 1e9, 1) from marts.trade_balance_monthly
           where partner_code = 'WORLD' and period_month = date '2024-12-01'""",
    )
    assert monthly == site


def test_marts_reproduce_the_sample_site_calibration_of_the_2025_surplus_and_its_growth(con):
    site = site_final_release("2025-12")
    assert (
        world_window(con, "calendar_year", "2025-12", "balance_usd")
        == printed_usd_bn(site.ytd["balance"])
        == CALIBRATION["2025 balance"]
    )
    growth = one(
        con,
        """select balance_yoy_pct from marts.trade_balance_summary
           where partner_code = 'WORLD' and "window" = 'calendar_year' and period_end_month = date '2025-12-01'""",
    )
    # The page prints the % to one decimal; the mart computes it from the printed balances.
    assert growth == pytest.approx(site.ytd_yoy["balance"], abs=0.05)
    assert growth == pytest.approx(CALIBRATION["2025 balance growth, %"], abs=0.05)


def test_marts_reproduce_the_sample_site_calibration_of_exports_to_the_united_states(con):
    us_2024, us_2025 = (
        one(
            con,
            """select exports_usd from marts.trade_balance_summary
               where partner_code = 'USA' and "window" = 'calendar_year' and period_end_month = ?::date""",
            [f"{year}-12-01"],
        )
        for year in (2024, 2025)
    )
    site_2024, site_2025 = (site_final_release(f"{year}-12", "USA").ytd["export"] for year in (2024, 2025))
    change = us_2025 / us_2024 - 1
    # Each year's total is printed to USD 10 million (of about USD 500 billion): the ratio moves < 1e-4.
    assert change == pytest.approx(site_2025 / site_2024 - 1, abs=1e-4)
    assert change == pytest.approx(CALIBRATION["2025 exports to the United States over 2024, change"], abs=0.01)


def test_us_share_of_exports_falls_in_2025(con):
    shares = dict(
        con.execute(
            """select year(period_end_month), share_pct from marts.partner_share
               where partner_code = 'USA' and flow = 'export' and "window" = 'calendar_year'"""
        ).fetchall()
    )
    assert shares[2025] < shares[2024]
    assert 9 <= shares[2025] <= 18


def test_months_add_up_to_the_calendar_year(con):
    # Printed month columns are rounded to 0.1 (USD 10 million); eleven of them drift by < 0.6.
    worst = one(
        con,
        """
        with months as (
            select partner_code, year(period_month) as year, sum(exports_usd) as exports, sum(imports_usd) as imports,
                   sum(months_covered) as months
            from marts.trade_balance_monthly group by all
        )
        select max(greatest(abs(m.exports - s.exports_usd), abs(m.imports - s.imports_usd)))
        from months m
        join marts.trade_balance_summary s
          on s.partner_code = m.partner_code and s."window" = 'calendar_year' and year(s.period_end_month) = m.year
        where m.months = 12
        """,
    )
    assert worst <= 0.6e8


def test_january_and_february_cover_two_months_every_year(con):
    # Whatever form January took (on its own, inside a January–February row, or derived from an
    # ordinary February), the world's January and February rows cover exactly two months.
    covered = con.execute(
        """select year(period_month), sum(months_covered), count(*) filter (where month(period_month) = 1),
                  max(months_covered) filter (where month(period_month) = 2)
           from marts.trade_balance_monthly
           where partner_code = 'WORLD' and month(period_month) in (1, 2) and year(period_month) > 2018
           group by 1 order by 1"""
    ).fetchall()
    assert covered and all(months == 2 for _year, months, _january, _february in covered), covered
    assert all((january == 0) == (february == 2) for _year, _months, january, february in covered), covered


def test_country_shares_add_to_at_most_100(con):
    worst = one(
        con,
        """select max(total) from (
               select sum(s.share_pct) as total from marts.partner_share s
               join marts.dim_partner p using (partner_code)
               where p.partner_type in ('country', 'territory') group by s.period_end_month, s."window", s.flow)""",
    )
    # Each of some 260 countries' figures is rounded to US$1,000 on the Bulletin: their shares may sum
    # past 100 by that rounding alone (a few millionths of a percent), never by more.
    assert 0 < worst <= 100.0 + 1e-3


def test_chinas_own_re_imports_are_a_row_of_their_own_that_never_ranks(con):
    """The Bulletin's table (2) prints "China" under Asia: goods China exported and imported again.
    It is in the marts with its share of imports, and is never ranked among China's partners."""
    assert one(con, "select partner_type, partner_name from marts.dim_partner where partner_code = 'CHN'") == (
        "re_import",
        "China (re-imports)",
    )
    imported, ranked = one(
        con,
        """select sum(value_usd), count(rank) from marts.partner_share
           where partner_code = 'CHN' and flow = 'import' and "window" = 'month'""",
    )
    assert imported > 0 and ranked == 0


def test_revisions_and_vintages_are_recorded(con):
    assert one(con, "select count(*) from marts.release_vintages where release_kind = 'monthly_bulletin'") > 0
    assert one(con, "select count(*) from marts.revisions") > 0


def test_the_bulletins_commodity_tables_reach_the_commodity_marts(con):
    """(13)/(14) of the whole site: every Bulletin month's (14) page is current in commodity_trade, a
    commodity only the Bulletin prints is described and traded, one row per commodity and flow."""
    bulletin_months = one(
        con,
        "select count(distinct reference_month) from marts.release_vintages "
        "where release_kind = 'monthly_bulletin' and section = 14 and vintage_status = 'current'",
    )
    assert bulletin_months > 90
    assert (
        one(
            con,
            "select count(*) from (select commodity_code, flow from marts.dim_commodity "
            "group by all having count(*) > 1)",
        )
        == 0
    )
    only_bulletin = one(con, "select count(*) from marts.dim_commodity where printed_by = 'monthly_bulletin'")
    both = one(con, "select count(*) from marts.dim_commodity where printed_by = 'monthly_bulletin, preliminary'")
    assert only_bulletin > 100 and both > 50
    # Iron ores of June 2025: the Bulletin's US$1,000 figure, not the preliminary's USD 0.1 million.
    value = one(
        con,
        """select value_usd from marts.commodity_trade where commodity_code = 'iron_ores_and_concentrates'
           and flow = 'import' and "window" = 'month' and period_end_month = date '2025-06-01'""",
    )
    assert value % 1000 == 0 and value % 100_000 != 0
    assert one(con, "select count(*) from marts.commodity_revisions where abs(revision) <= rounding_allowance") == 0


def test_the_us_mirror_gap_changes_sign_in_2020_as_both_sides_published_it(con):
    """The first mirror question on the sample site and the sample Census server: the US recorded more
    imports from China than China recorded exports to it through 2019, China more from 2020 on."""
    from customs_wh.reporting.queries.mirror import mirror_queries
    from customs_wh.sample_sources import figures

    sql = dict(mirror_queries())["01_us_gap_and_its_sign"]
    rows = {year: (china, us, gap, changed) for year, china, us, gap, _pct, changed in con.execute(sql).fetchall()}
    assert set(rows) >= set(range(2018, 2026)), sorted(rows)
    for year in range(2018, 2026):
        china, us, gap, _changed = rows[year]
        assert china == printed_usd_bn(site_final_release(f"{year}-12", "USA").ytd["export"]), year
        assert us == round(figures.ANNUAL_BN[("USA", "import", "CHN")][year], 1), year
        assert gap == pytest.approx(us - china, abs=0.11), year
    assert [year for year, (*_values, changed) in rows.items() if changed] == [2020]
    assert all(rows[year][2] > 0 for year in (2018, 2019)) and all(rows[year][2] < 0 for year in range(2020, 2026))


def test_the_eu_mirror_is_in_euros_converted_at_the_ecb_rate_of_each_month(con):
    """Eurostat's EU27 imports from China in 2024 (EUR 517.8 bn, the real figure) in USD at the sample
    ECB's monthly rates, month by month before the year's sum, and marked as converted."""
    from customs_wh.sample_sources import figures

    local, usd, caveats = one(
        con,
        """select partner_value_local, partner_value_usd, caveat_codes from marts.mirror_trade
           where partner_code = 'EU' and direction = 'china_exports' and product = 'TOTAL'
             and envelope = 'china' and "window" = 'calendar_year' and period_end_month = date '2024-12-01'""",
    )
    assert round(local / 1e9, 1) == figures.ANNUAL_BN[("EU27_2020", "import", "CHN")][2024] == 517.8
    assert "converted_at_ecb_monthly_rates" in caveats
    monthly = one(
        con,
        """select sum(partner_value_usd) from marts.mirror_trade
           where partner_code = 'EU' and direction = 'china_exports' and product = 'TOTAL'
             and envelope = 'china' and "window" = 'month' and year(period_end_month) = 2024""",
    )
    assert usd == pytest.approx(monthly, rel=1e-9)
    assert usd / local == pytest.approx(figures.USD_PER_EUR[2024], rel=0.02)


@pytest.mark.parametrize("name, sql", example_queries(), ids=[name for name, _ in example_queries()])
def test_readme_queries_run(con, name, sql):
    rows = con.execute(sql).fetchall()
    assert rows, f"{name} returned nothing"


def test_query_command_prints_json(warehouse):
    env = dict(os.environ, CUSTOMS_WH_HOME=str(warehouse.parent))
    exe = Path(sys.executable).with_name("customs-wh")
    proc = subprocess.run(
        [
            str(exe),
            "query",
            "select period_end_month, balance_usd from marts.trade_balance_summary "
            "where partner_code = 'WORLD' and \"window\" = 'calendar_year' order by 1 limit 2",
            "--format",
            "json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(proc.stdout)
    assert rows[0]["period_end_month"] == "2018-12-01"
    assert set(rows[0]) == {"period_end_month", "balance_usd"}


def test_export_writes_every_mart_as_parquet(warehouse, con, tmp_path):
    from customs_wh.warehouse.export import export_marts

    written = export_marts(load_settings({"CUSTOMS_WH_HOME": str(warehouse.parent)}), tmp_path / "exports")
    marts = {
        row[0] for row in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
    }
    assert set(written) == marts
    for table, path in written.items():
        parquet_rows = one(con, f"select count(*) from read_parquet('{path}')")
        assert parquet_rows == one(con, f'select count(*) from marts."{table}"'), table
    balance_2024 = one(
        con,
        f"""select round(balance_usd / 1e9, 1) from read_parquet('{written["trade_balance_summary"]}')
            where partner_code = 'WORLD' and "window" = 'calendar_year' and period_end_month = date '2024-12-01'""",
    )
    assert balance_2024 == CALIBRATION["2024 balance"]
    assert not list((tmp_path / "exports").glob(".*.tmp"))


def test_the_duckdb_command_line_opens_the_published_warehouse(warehouse, con):
    # The duckdb CLI on PyPI (1.5) lags the Python package (2.0): the warehouse is written in a
    # storage format it reads, so analysts can use either.
    cli = Path(sys.executable).with_name("duckdb")
    proc = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            str(warehouse),
            "-c",
            "select round(balance_usd / 1e9, 1) from marts.trade_balance_summary "
            "where partner_code = 'WORLD' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "1188.0"
