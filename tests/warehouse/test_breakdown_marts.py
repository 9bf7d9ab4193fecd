"""The breakdown marts (hs_trade, sitc_trade, partner_hs_trade) from the sample site's Bulletin
pages landed through the real HTTP path, and their invariants failing on marts damaged against them."""

from __future__ import annotations

import os

import duckdb
import pytest
from dbt.cli.main import dbtRunner

from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.orchestration import stages
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.months import month_range
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from customs_wh.warehouse import transform
from http_server import RouteTable, serve

MODELS = (
    "stg_gacc__manifest",
    "stg_gacc__breakdown_observations",
    "int_gacc__breakdown_current",
    "hs_trade",
    "sitc_trade",
    "partner_hs_trade",
)
INVARIANTS = ("assert_hs_chapters_add_up_to_the_world", "assert_partner_chapters_add_up_to_the_partner")


def dbt(settings: Settings, *args: str):
    os.environ["CUSTOMS_WH_HOME"] = str(settings.home)
    try:
        return dbtRunner().invoke(transform.dbt_args(settings, args[0], unit_tests=False) + list(args[1:]))
    finally:
        transform.release_database()
        os.environ.pop("CUSTOMS_WH_HOME", None)


@pytest.fixture(scope="module")
def breakdown_home(tmp_path_factory):
    routes = RouteTable()
    with serve(routes) as base_url:
        refs = []
        for month in month_range("2024-07", "2025-12"):
            for table in ("3", "4", "15", "16"):
                path = f"/Statics/{table}-{month}.html"
                routes.add(path, body=render_bulletin_page(BulletinPage(table, month), "synthetic").encode())
                refs.append(ReleaseRef(int(table), None, month, "monthly_bulletin", base_url + path, table=table))
        settings = Settings(home=tmp_path_factory.mktemp("breakdowns") / "home", base_url=base_url)
        stages.stage_land(settings, "run", refs)
        stages.stage_parse(settings, "run")
    # Gate 1 itself is tested in test_land_bulletin_breakdowns.py; here the marts are the subject.
    con = duckdb.connect(str(settings.build_db))
    con.execute("update raw.manifest set gated_at = now() where status = 'landed'")
    con.close()
    result = dbt(settings, "build", "--select", *MODELS)
    assert result.success, result.exception
    return settings


def test_hs_trade_holds_the_printed_chapters_shares_and_growth(breakdown_home):
    con = duckdb.connect(str(breakdown_home.build_db), read_only=True)
    try:
        rows = {
            (code, window): (value, share, prior, gacc)
            for code, window, value, share, prior, gacc in con.execute(
                'select item_code, "window", value_usd, share_of_world_pct, value_prior_usd, gacc_yoy_pct '
                "from marts.hs_trade where flow = 'export' and period_end_month = date '2025-12-01'"
            ).fetchall()
        }
    finally:
        con.close()
    december = bulletin_figures("4", "2025-12")
    chapter, world = december.line("85").measures["export"], december.line("WORLD").measures["export"]
    assert rows["85", "month"][0] == round(chapter.month) * 1000
    assert rows["85", "ytd"][0] == rows["85", "calendar_year"][0] == round(chapter.ytd) * 1000
    assert rows["85", "ytd"][1] == pytest.approx(100 * round(chapter.ytd) / round(world.ytd))
    assert rows["85", "rolling_12m"][0] == rows["85", "ytd"][0]  # January to December is the last twelve months
    assert rows["85", "ytd"][3] == round(chapter.change, 1)
    assert rows["85", "month"][2] == round(bulletin_figures("4", "2024-12").line("85").measures["export"].month) * 1000


def test_the_breakdown_invariants_pass_and_catch_damaged_marts(breakdown_home):
    clean = dbt(breakdown_home, "test", "--select", *INVARIANTS)
    assert {r.node.name: str(r.status) for r in clean.result.results} == dict.fromkeys(INVARIANTS, "pass")
    con = duckdb.connect(str(breakdown_home.build_db))
    try:
        con.execute(
            "update marts.hs_trade set value_usd = value_usd * 1.01 "
            "where item_code = '85' and \"window\" = 'ytd' and period_end_month = date '2025-06-01'"
        )
        con.execute(
            "update marts.partner_hs_trade set value_usd = value_usd * 1.01 where item_code = '27' "
            "and partner_code = 'RUS' and flow = 'import' and \"window\" = 'ytd' "
            "and period_end_month = date '2025-06-01'"
        )
    finally:
        con.close()
    damaged = dbt(breakdown_home, "test", "--select", *INVARIANTS)
    assert {r.node.name: str(r.status) for r in damaged.result.results} == dict.fromkeys(INVARIANTS, "fail")
