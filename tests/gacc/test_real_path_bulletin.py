"""The real Monthly Bulletin as a miniature real site: a refresh discovers the real 2026 Bulletin
index, lands the real table （2） pages of January and June 2026 through the real HTTP path, and
raw.observations holds exactly what the pages print.

Served on 127.0.0.1: the real Bulletin index and the real Preliminary Release index of 2026 with
the host of their absolute links (and of their year selectors' scripts) pointed at the server,
nothing else changed; the two real table （2） pages at the addresses the Bulletin index gives them.
"""

from __future__ import annotations

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.gacc import discovery
from customs_wh.gacc.fetch import Fetcher
from customs_wh.gacc.parse import parse_release
from customs_wh.orchestration import stages
from customs_wh.table_registry import BULLETIN_TABLES, BULLETIN_TABLES_LANDED, BULLETIN_TABLES_READ
from http_server import RouteTable, serve
from repo_paths import BULLETIN_PAGES, GACC_PAGES

REAL_HOST = b"http://english.customs.gov.cn"
# The links of row （2） in the real index (tests/data/gacc_pages/README.md).
JANUARY = "/Statics/6e9d4074-409f-46a1-883c-3278c5b5b31c.html"
JUNE = "/Statics/2d569f57-a86e-4d63-94fb-d3000b039aa7.html"
RUN = "run-real-bulletin"
CONTINENTS = {"ASIA", "AFRICA", "EUROPE", "LATAM", "NORTH_AMERICA", "OCEANIA"}


def page(name: str) -> bytes:
    return (BULLETIN_PAGES / name).read_bytes()


@pytest.fixture
def real_bulletin_site():
    routes = RouteTable()
    with serve(routes) as base_url:
        for path, index in (
            ("/statics/report/monthly.html", BULLETIN_PAGES / "index_2026.html"),
            ("/statics/report/preliminary.html", GACC_PAGES / "index_2026.html"),
        ):
            routes.add(path, body=index.read_bytes().replace(REAL_HOST, base_url.encode()))
        routes.add(JANUARY, body=page("b02_by_country_2026-01.html"))
        routes.add(JUNE, body=page("b02_by_country_2026-06.html"))
        yield base_url, routes


def stored(settings: Settings, release_key: str) -> dict[tuple, tuple]:
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        rows = con.execute(
            "select partner_code, flow, measure, period_kind, value, partner, parent_code, unit, scale, "
            "cast(publication_date as varchar), section, release_kind, currency, decimals, is_derived, period_start "
            "from raw.observations where release_key = ?",
            [release_key],
        ).fetchall()
    finally:
        con.close()
    return {row[:4]: row[4:] for row in rows}


def expected(content: bytes, name: str) -> dict[tuple, tuple]:
    return {
        (o.partner_code, o.flow, o.measure, o.period_kind): (
            o.value,
            o.partner,
            o.parent_code,
            o.unit,
            o.scale,
            o.publication_date,
            o.section,
            "monthly_bulletin",
            o.currency,
            o.decimals,
            o.is_derived,
            o.period_start,
        )
        for o in parse_release(content, page=name).observations
    }


def test_the_bulletin_index_lists_table_2_by_its_words_and_names_the_tables_not_read(real_bulletin_site, tmp_path):
    base_url, _routes = real_bulletin_site
    settings = Settings(home=tmp_path / "home", base_url=base_url)
    with Fetcher(settings) as fetcher:
        found = discovery.discover(
            settings, fetcher, from_month="2026-01", through_month="2026-06", release_kinds=("monthly_bulletin",)
        )
    # The tables landed: (1) A/B the world's totals, (2) by country, (3)/(4) SITC and HS, (5)-(12)
    # regimes, enterprises and places, (13)/(14) major commodities, (15)/(16) partners by HS
    # chapter, (17)/(18) selected commodities by major regimes, once a month, no currency.
    assert [(r.reference_month, r.table, r.section, r.currency) for r in found] == [
        (f"2026-{month:02d}", table, int(table.rstrip("AB")), None)
        for month in range(1, 7)
        for table in BULLETIN_TABLES_LANDED
    ]
    table_2 = [r for r in found if r.table == "2"]
    assert table_2[0].release_key == "2026-01/t2/monthly_bulletin"
    assert table_2[0].url == base_url + JANUARY and table_2[-1].url == base_url + JUNE
    # Every other table of the index is recorded once, by its code and its row's words; no alert.
    assert sorted(code for code, _label in found.not_read) == sorted(
        t.code for t in BULLETIN_TABLES if t.code not in BULLETIN_TABLES_LANDED
    )
    assert found.not_read == []  # every table of the index is read and landed, (17)/(18) too
    assert found.alerts("run", base_url) == []


def test_a_refresh_lands_the_real_table_2_of_january_and_june_2026_through_the_real_http_path(
    real_bulletin_site, tmp_path
):
    base_url, routes = real_bulletin_site
    settings = Settings(home=tmp_path / "home", base_url=base_url)

    refs = stages.stage_discover(settings, RUN, from_month="2026-01", through_month="2026-06")
    bulletin = [r for r in refs if r.release_kind == "monthly_bulletin"]
    assert {r.table for r in bulletin} == set(BULLETIN_TABLES_LANDED)
    # The preliminary index is read as before (its tables (1), (4), (5), (6) of February-June).
    assert {r.section for r in refs if r.release_kind == "preliminary"} == {1, 4, 5, 6}
    # Real copies of table (2) are served; of (13) and (14) none is saved in the repository yet.
    served = [r for r in bulletin if r.table == "2" and r.reference_month in ("2026-01", "2026-06")]
    assert len(stages.stage_land(settings, RUN, served)) == 2
    assert len(stages.stage_parse(settings, RUN)) == 2

    june = stored(settings, "2026-06/t2/monthly_bulletin")
    assert june == expected(page("b02_by_country_2026-06.html"), "june")
    january = stored(settings, "2026-01/t2/monthly_bulletin")
    assert january == expected(page("b02_by_country_2026-01.html"), "january")

    # The figures as printed (US$1,000).
    assert june["WORLD", "total", "value", "month"][:2] == (699_151_163, "TOTAL")
    assert june["JPN", "export", "value", "ytd"][:3] == (83_209_659, "Japan", "ASIA")
    assert june["JPN", "total", "value", "month"][0] == 32_412_572
    assert june["USA", "export", "value", "ytd"][:3] == (215_919_781, "United States", "NORTH_AMERICA")
    assert june["ASIA", "total", "value", "month"][0] == 367_289_661
    assert june["WORLD", "total", "yoy_pct", "ytd"][0] == 21.2
    assert {row[3:12] for row in june.values() if row[10] is False and row[9] == 0} == {
        (
            "US$1,000",
            1000,
            "2026-07-22",
            2,
            "monthly_bulletin",
            "USD",
            0,
            False,
            row[11],
        )
        for row in june.values()
        if row[10] is False and row[9] == 0
    }
    # "############": the January-June total of TOTAL is not printed; exports + imports give it.
    world_ytd = june["WORLD", "total", "value", "ytd"]
    assert world_ytd[0] == 2_125_358_846 + 1_549_382_917 and world_ytd[10] is True
    assert sum(1 for row in june.values() if row[10]) == 5  # TOTAL, Asia, APEC, RCEP, BRI
    # "-": nothing traded (Antarctica in June), landed as GACC states it: zero, printed, not derived;
    # its percentage changes, "-" too, have no row.
    antarctica = {key: row for key, row in june.items() if key[0] == "ATA"}
    assert {key[1:] for key in antarctica} == {
        (flow, "value", kind) for flow in ("total", "export", "import") for kind in ("month", "ytd")
    }
    assert {(row[9], row[10]) for row in antarctica.values()} == {(0.0, False)}
    assert january["WORLD", "total", "value", "month"][0] == 590_758_685
    assert january["WORLD", "total", "value", "ytd"][0] == 590_758_685  # January: the month is the year so far
    assert january["JPN", "total", "value", "month"][0] == 28_762_955

    # Every row is mapped: countries under their continents, no placeholder code.
    for rows in (june, january):
        codes = {key[0] for key in rows}
        assert not [code for code in codes if code.startswith("UNMAPPED")]
        parents = {row[2] for row in rows.values()}
        assert parents == CONTINENTS | {None}
    # 257 country rows under the continents, each with its figures (Heard Island and McDonald Islands
    # prints "-" throughout: nothing traded, zeros).
    assert len({key[0] for key in june if june[key][2] is not None}) == 257

    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        manifest = con.execute(
            "select release_key, table_code, section, currency, status, cast(published_on as varchar) "
            "from raw.manifest order by release_key"
        ).fetchall()
    finally:
        con.close()
    assert manifest == [
        ("2026-01/t2/monthly_bulletin", "2", 2, "USD", "landed", "2026-04-08"),
        ("2026-06/t2/monthly_bulletin", "2", 2, "USD", "landed", "2026-07-22"),
    ]


def test_a_major_imports_table_lands_in_the_commodity_observations(real_bulletin_site, tmp_path):
    """Table (14) of January 2026 at the real index's link: the real page's frame and first rows
    (retyped, no real copy is saved here) land in raw.commodity_observations."""
    from test_parse_bulletin_commodities import january_page

    base_url, routes = real_bulletin_site
    settings = Settings(home=tmp_path / "home", base_url=base_url)
    with Fetcher(settings) as fetcher:
        refs = discovery.discover(
            settings, fetcher, from_month="2026-01", through_month="2026-01", bulletin_tables=BULLETIN_TABLES_READ
        )
    (imports,) = [r for r in refs if r.table == "14"]
    routes.add(imports.url.removeprefix(base_url), body=january_page().encode())
    assert len(stages.stage_land(settings, RUN, [imports])) == 1
    assert len(stages.stage_parse(settings, RUN)) == 1
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        rows = con.execute(
            "select commodity_code, measure, period_kind, value, section, flow, release_kind, unit "
            "from raw.commodity_observations where release_key = '2026-01/t14/monthly_bulletin'"
        ).fetchall()
        observations = con.execute("select count(*) from raw.observations").fetchone()[0]
    finally:
        con.close()
    found = {row[:3]: row[3:] for row in rows}
    assert found["agricultural_products", "value", "month"] == (
        19_194_007,
        14,
        "import",
        "monthly_bulletin",
        "US$1,000",
    )
    assert found["meat_including_meat_offal", "quantity", "month"][0] == 62
    assert observations == 0
