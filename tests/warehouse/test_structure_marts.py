"""The marts of how China trades (regime_trade, enterprise_trade, province_trade,
customs_district_trade, special_area_trade, foreign_invested_trade) from the sample site's Bulletin
tables (5)-(12) landed through the real HTTP path and gate 1, and their invariant failing on a
mart damaged against it."""

from __future__ import annotations

import duckdb
import pytest
from test_breakdown_marts import dbt

from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.orchestration import stages
from customs_wh.quality.gates import run_gate1
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.months import month_range
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from databases import query_rows
from http_server import RouteTable, serve

STRUCTURE = ("5", "6", "7", "8", "9", "10", "11", "12")
MARTS = (
    "regime_trade",
    "enterprise_trade",
    "province_trade",
    "customs_district_trade",
    "special_area_trade",
    "foreign_invested_trade",
    "dim_trade_structure",
)
INVARIANT = "assert_structure_parts_add_up_to_their_whole"


@pytest.fixture(scope="module")
def structure_home(tmp_path_factory):
    routes = RouteTable()
    with serve(routes) as base_url:
        refs = []
        for month in month_range("2024-11", "2025-12"):
            for table in ("2", *STRUCTURE):
                path = f"/Statics/{table}-{month}.html"
                routes.add(path, body=render_bulletin_page(BulletinPage(table, month), "synthetic").encode())
                refs.append(ReleaseRef(int(table), None, month, "monthly_bulletin", base_url + path, table=table))
        settings = Settings(home=tmp_path_factory.mktemp("structure") / "home", base_url=base_url)
        stages.stage_land(settings, "run", refs)
        stages.stage_parse(settings, "run")
    gate = run_gate1(settings, "run")
    assert gate.passed and not gate.quarantined, gate.findings
    result = dbt(settings, "build", "--select", *(f"+{mart}" for mart in MARTS))
    assert result.success, result.exception
    return settings


def _rows(settings: Settings, sql: str) -> list[tuple]:
    return query_rows(settings.build_db, sql)


def test_regime_trade_holds_the_printed_regimes_and_the_processing_share(structure_home):
    rows = {
        (code, window): (value, share, gacc)
        for code, window, value, share, gacc in _rows(
            structure_home,
            'select regime_code, "window", value_usd, share_of_world_pct, gacc_yoy_pct from marts.regime_trade '
            "where flow = 'export' and period_end_month = date '2025-12-01'",
        )
    }
    december = bulletin_figures("5", "2025-12")
    for code in ("GT", "PA", "PIM"):
        printed = december.line(code).measures["export"]
        assert rows[code, "month"][0] == round(printed.month) * 1000
        assert rows[code, "calendar_year"][0] == round(printed.ytd) * 1000
        assert rows[code, "ytd"][2] == round(printed.change, 1)
    processing = rows["PA", "calendar_year"][1] + rows["PIM", "calendar_year"][1]
    assert 15 < processing < 25  # about a quarter in the late 2010s, falling since


def test_enterprise_trade_keeps_types_by_regime_and_private_leads_exports(structure_home):
    rows = {
        (kind, regime): (value, share_of_kind, share_of_world)
        for kind, regime, value, share_of_kind, share_of_world in _rows(
            structure_home,
            "select enterprise_code, regime_code, value_usd, share_of_enterprise_pct, share_of_world_pct "
            "from marts.enterprise_trade where flow = 'export' and \"window\" = 'calendar_year' "
            "and period_end_month = date '2025-12-01'",
        )
    }
    december = bulletin_figures("6", "2025-12")
    assert rows["FIE", "PIM"][0] == round(december.line("PIM").measures["FIE"].ytd) * 1000
    assert rows["PRI", "TOTAL"][2] > 50 > rows["FIE", "TOTAL"][2] > rows["SOE", "TOTAL"][2]
    assert rows["TOTAL", "TOTAL"][2] == pytest.approx(100)
    assert rows["FIE", "PIM"][1] > rows["PRI", "PIM"][1]  # processing trade is foreign-invested firms' trade


def test_province_trade_keeps_its_two_bases_apart_with_cities_as_subsets(structure_home):
    rows = {
        (basis, code): (level, parent, share)
        for basis, code, level, parent, share in _rows(
            structure_home,
            "select basis, area_code, item_level, parent_code, share_of_world_pct from marts.province_trade "
            "where flow = 'export' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
        )
    }
    trader = {
        code: share
        for (basis, code), (level, _, share) in rows.items()
        if basis == "trader_location" and level == "item"
    }
    assert max(trader, key=trader.__getitem__) == "CN-GD"
    assert rows["trader_location", "SZX"][:2] == ("of_which", "CN-GD")
    assert ("goods_location", "SZX") not in rows
    assert rows["goods_location", "CN-BJ"][2] != rows["trader_location", "CN-BJ"][2]


def test_the_structure_invariant_passes_and_catches_a_damaged_mart(structure_home):
    clean = dbt(structure_home, "test", "--select", INVARIANT)
    assert [str(r.status) for r in clean.result.results] == ["pass"]
    con = duckdb.connect(str(structure_home.build_db))
    try:
        con.execute(
            "update marts.province_trade set value_usd = value_usd * 1.01 where area_code = 'CN-ZJ' "
            "and basis = 'goods_location' and flow = 'export' and \"window\" = 'ytd' "
            "and period_end_month = date '2025-06-01'"
        )
    finally:
        con.close()
    damaged = dbt(structure_home, "test", "--select", INVARIANT)
    assert [str(r.status) for r in damaged.result.results] == ["fail"]
