"""The Bulletin's (17)/(18), selected commodities by major customs regimes, land in
raw.commodity_regime_observations through the real HTTP path, pass gate 1 against (13)/(14) of the
same month, and build marts.commodity_regime_trade; a figure that no longer adds up is caught at
gate 1 naming the release, which is quarantined."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.gacc.parse import parse_release
from customs_wh.orchestration import stages
from customs_wh.quality.gates import run_gate1
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from customs_wh.warehouse import transform
from databases import build_rows
from http_server import RouteTable, serve

pytestmark = pytest.mark.slow

RUN = "run-commodity-regimes"
MONTHS = ("2024-05", "2024-06")
TABLES = ("13", "14", "17", "18")


def land(tmp_path: Path, months=MONTHS, tables=TABLES, edit=lambda page, html: html) -> Settings:
    routes = RouteTable()
    refs = []
    with serve(routes) as base_url:
        for month in months:
            for table in tables:
                path = f"/Statics/{month}-t{table}.html"
                page = BulletinPage(table, month)
                routes.add(path, body=edit(page, render_bulletin_page(page, "synthetic")).encode())
                refs.append(ReleaseRef(int(table), None, month, "monthly_bulletin", base_url + path, table=table))
        settings = Settings(home=tmp_path / "home", base_url=base_url)
        assert len(stages.stage_land(settings, RUN, refs)) == len(refs)
        stages.stage_parse(settings, RUN)
    return settings


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Settings:
    settings = land(tmp_path_factory.mktemp("regimes"))
    gate = run_gate1(settings, RUN)
    assert gate.passed and gate.quarantined == [], gate.summary()
    build = transform.dbt_build(settings)
    assert build.success, build.summary()
    return settings


def test_the_pages_land_in_their_raw_table_and_pass_gate_1(built):
    counts = dict(
        build_rows(
            built.home, "select release_key, count(*) from raw.commodity_regime_observations group by release_key"
        )
    )
    expected = {}
    for month in MONTHS:
        for table in ("17", "18"):
            parsed = parse_release(render_bulletin_page(BulletinPage(table, month), "synthetic").encode(), "p")
            expected[f"{month}/t{table}/monthly_bulletin"] = len(parsed.observations)
    assert counts == expected
    (gated,) = build_rows(built.home, "select count(*) from raw.manifest where gated_at is not null")[0]
    assert gated == len(MONTHS) * len(TABLES)


def test_the_mart_holds_each_regime_its_month_and_its_share(built):
    rows = build_rows(
        built.home,
        "select commodity_code, flow, regime_code, period_end_month, value_usd_ytd, value_usd_month, quantity_ytd, "
        "quantity_unit, share_of_commodity_pct, gacc_value_yoy_pct, release_key, release_vintage, parent_code "
        "from marts.commodity_regime_trade",
    )
    by_key = {(r[0], r[2], r[3].isoformat()[:7]): r for r in rows}
    june = BulletinPage("18", "2024-06")
    parsed = parse_release(render_bulletin_page(june, "synthetic").encode(), "p")
    crude = "crude_petroleum_oils"
    printed = {(o.regime_code, o.measure): o.value for o in parsed.observations if o.commodity_code == crude}
    row = by_key[(crude, "GT", "2024-06")]
    assert row[1] == "import" and row[4] == printed[("GT", "value")] * 1000
    assert row[6] == printed[("GT", "quantity")] and row[7] == "10000T"
    assert row[9] == printed[("GT", "value_yoy_pct")]
    assert row[10] == "2024-06/t18/monthly_bulletin" and row[11] == 1
    may = by_key[(crude, "GT", "2024-05")]
    assert row[5] == row[4] - may[4] and may[5] is None  # April's page did not land: May's month unknown
    # The four regimes' shares of a commodity add up to 100; soya beans keep cereals as their parent.
    shares = sum(r[8] for r in rows if r[0] == crude and r[3].isoformat()[:7] == "2024-06" and r[8] is not None)
    assert shares == pytest.approx(100)
    assert {r[12] for r in rows if r[0] == "soya_beans"} == {"cereals_and_cereal_flour"}
    # Each commodity is one dim_commodity knows, keyed alike.
    unknown = build_rows(
        built.home,
        "select distinct commodity_code from marts.commodity_regime_trade "
        "where commodity_code not in (select commodity_code from marts.dim_commodity)",
    )
    assert unknown == []
    assert len(rows) == len({(r[0], r[1], r[2], r[3]) for r in rows}) > 100


def test_a_regime_that_no_longer_adds_up_to_table_14_is_quarantined_at_gate_1(tmp_path):
    settings = land(tmp_path, months=("2024-06",), tables=("14", "18"))
    con = duckdb.connect(str(settings.build_db))
    try:
        (changed,) = con.execute(
            "update raw.commodity_regime_observations set value = value + 1000 where commodity_code = "
            "'iron_ores_and_concentrates' and regime_code = 'BL' and measure = 'value'"
        ).fetchone()
    finally:
        con.close()
    assert changed == 1
    result = run_gate1(settings, RUN)
    [finding] = [f for f in result.findings if f.check == "commodity_regimes_add_up_to_commodity_table"]
    assert finding.severity == "critical" and finding.release == "2024-06 table 18 (monthly_bulletin)"
    assert "commodity_code=iron_ores_and_concentrates" in finding.observed, finding.observed
    assert result.quarantined == ["2024-06 table 18 (monthly_bulletin)"]


def without_commodity(label: str):
    """An edit dropping one commodity's two rows (its values and its changes) from May's (18)."""

    def edit(page: BulletinPage, html: str) -> str:
        if (page.table, page.reference_month) != ("18", "2024-05"):
            return html
        start = html.rfind("<tr>", 0, html.index(label))
        end = html.index("</tr>", html.index("</tr>", start) + 1) + len("</tr>")
        return html[:start] + html[end:]

    return edit


def test_a_commodity_the_previous_page_did_not_print_has_no_month_value(tmp_path):
    settings = land(tmp_path, edit=without_commodity("Crude petroleum oil"))
    gate = run_gate1(settings, RUN)
    assert gate.passed and gate.quarantined == [], gate.summary()
    assert transform.dbt_build(settings).success
    rows = build_rows(
        settings.home,
        "select commodity_code, strftime(period_end_month, '%Y-%m'), value_usd_ytd, value_usd_month "
        "from marts.commodity_regime_trade where regime_code = 'GT' and flow = 'import'",
    )
    june = {code: (ytd, month) for code, period, ytd, month in rows if period == "2024-06"}
    may = {code for code, period, _ytd, _month in rows if period == "2024-05"}
    assert "crude_petroleum_oils" not in may and june["crude_petroleum_oils"][1] is None  # not the year to date
    printed_both = sorted(may & set(june))
    assert printed_both and all(june[code][1] is not None for code in printed_both)
