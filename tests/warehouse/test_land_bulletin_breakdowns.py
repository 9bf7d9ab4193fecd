"""A Bulletin table (4) and (16) page land in raw.breakdown_observations through the real HTTP path,
pass gate 1, and a tampered page is quarantined with its one-line reason."""

from __future__ import annotations

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.orchestration import stages
from customs_wh.quality.gates import run_gate1
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from http_server import RouteTable, serve

RUN = "run-breakdowns"


def test_breakdown_pages_land_in_their_raw_table_and_pass_gate_1(tmp_path):
    routes = RouteTable()
    pages = {("4", "2026-06"): "/Statics/t4.html", ("16", "2026-05"): "/Statics/t16.html"}
    bad = BulletinPage("3", "2026-06")
    with serve(routes) as base_url:
        for (table, month), path in pages.items():
            routes.add(path, body=render_bulletin_page(BulletinPage(table, month), "synthetic").encode())
        # A division's figure changed: its section no longer adds up.
        tampered = render_bulletin_page(bad, "synthetic").replace("<span>74,288&nbsp;</span>", "<span>99&nbsp;</span>")
        routes.add("/Statics/t3.html", body=tampered.encode())
        refs = [
            ReleaseRef(int(table), None, month, "monthly_bulletin", base_url + path, table=table)
            for (table, month), path in pages.items()
        ]
        refs.append(ReleaseRef(3, None, "2026-06", "monthly_bulletin", base_url + "/Statics/t3.html", table="3"))
        settings = Settings(home=tmp_path / "home", base_url=base_url)
        assert len(stages.stage_land(settings, RUN, refs)) == 3
        with pytest.raises(stages.RefreshFailed, match="table 3 .* is not the sum of its 10 rows"):
            stages.stage_parse(settings, RUN)  # the bad page stops the run, named; the others are loaded
        result = run_gate1(settings, RUN)
    assert result.quarantined == []
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        counts = dict(
            con.execute("select release_key, count(*) from raw.breakdown_observations group by release_key").fetchall()
        )
        chapter = con.execute(
            "select value, parent_code, item_level, partner_code from raw.breakdown_observations "
            "where release_key = '2026-05/t16/monthly_bulletin' and item_code = '26' and partner_code = 'AUS' "
            "and period_kind = 'ytd'"
        ).fetchone()
        manifest = dict(
            con.execute("select table_code, status || coalesce(': ' || reason, '') from raw.manifest").fetchall()
        )
        gated = con.execute("select count(*) from raw.manifest where gated_at is not null").fetchone()[0]
        others = con.execute("select count(*) from raw.observations").fetchone()[0]
    finally:
        con.close()
    assert counts == {"2026-06/t4/monthly_bulletin": 708, "2026-05/t16/monthly_bulletin": 1180}
    assert chapter[1:] == ("V", "chapter", "AUS") and chapter[0] > 0
    assert manifest["3"].startswith("quarantined: ") and "is not the sum of its" in manifest["3"]
    assert gated == 2 and others == 0


def test_a_breakdown_total_that_disagrees_with_table_2_is_quarantined_at_gate_1(tmp_path):
    # Table (2) and table (4) of June 2026 agree on the world's trade; a parser that misread (4)'s
    # TOTAL of the month (its own page's sums aside) is caught against (2), not published.
    routes = RouteTable()
    pages = {"2": "/Statics/t2.html", "4": "/Statics/t4.html", "16": "/Statics/t16.html"}
    with serve(routes) as base_url:
        for table, path in pages.items():
            routes.add(path, body=render_bulletin_page(BulletinPage(table, "2026-06"), "synthetic").encode())
        refs = [
            ReleaseRef(int(table), None, "2026-06", "monthly_bulletin", base_url + path, table=table)
            for table, path in pages.items()
        ]
        settings = Settings(home=tmp_path / "home", base_url=base_url)
        assert len(stages.stage_land(settings, RUN, refs)) == 3
        stages.stage_parse(settings, RUN)
        con = duckdb.connect(str(settings.build_db))
        try:
            misread = con.execute(
                "update raw.breakdown_observations set value = value + 1000 where table_code = '4' "
                "and item_level = 'total' and measure = 'value' and period_kind = 'month' and flow = 'export'"
            ).fetchone()[0]
        finally:
            con.close()
        assert misread == 1
        result = run_gate1(settings, RUN)
    [finding] = [f for f in result.findings if f.check == "breakdown_total_agrees_with_country_table"]
    assert finding.severity == "critical" and "2026-06 table 4 (monthly_bulletin)" in finding.release
    assert "partner_code=WORLD" in finding.observed and "flow=export" in finding.observed, finding.observed
    assert result.quarantined == ["2026-06 table 4 (monthly_bulletin)"]


@pytest.mark.parametrize("table", ["5", "7", "9"])
def test_a_structure_total_that_disagrees_with_table_2_is_quarantined_and_parts_of_the_world_are_not_compared(
    tmp_path, table
):
    # (5) regimes, (7) imports by enterprise type (its Total column), (9) provinces: each TOTAL is
    # the world's, held to table (2); (11) special areas and (12) foreign-invested enterprises are
    # parts of it, and (7)'s enterprise columns parts of its Total: never compared with the world.
    routes = RouteTable()
    tables = ("2", table, "11", "12")
    with serve(routes) as base_url:
        for code in tables:
            body = render_bulletin_page(BulletinPage(code, "2026-06"), "synthetic").encode()
            routes.add(f"/Statics/t{code}.html", body=body)
        refs = [
            ReleaseRef(int(code), None, "2026-06", "monthly_bulletin", f"{base_url}/Statics/t{code}.html", table=code)
            for code in tables
        ]
        settings = Settings(home=tmp_path / "home", base_url=base_url)
        stages.stage_land(settings, RUN, refs)
        stages.stage_parse(settings, RUN)
        con = duckdb.connect(str(settings.build_db))
        try:
            misread = con.execute(
                "update raw.breakdown_observations set value = value + 1000 where table_code = ? "
                "and item_level = 'total' and measure = 'value' and coalesce(enterprise_code, 'TOTAL') = 'TOTAL'",
                [table],
            ).fetchone()[0]
        finally:
            con.close()
        assert misread > 0
        result = run_gate1(settings, RUN)
    findings = [f for f in result.findings if f.check == "breakdown_total_agrees_with_country_table"]
    assert {f.release for f in findings} == {f"2026-06 table {table} (monthly_bulletin)"}
    assert result.quarantined == [f"2026-06 table {table} (monthly_bulletin)"]
