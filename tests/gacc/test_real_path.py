"""The real pages as a miniature real site: a refresh discovers, lands and parses the real March
2026 table through the real HTTP path, and raw.observations holds the page's numbers.

Served on 127.0.0.1: the real 2026 Preliminary Release index with the host of its absolute
links and of its year-selector script pointed at the server (nothing else changed); the real
March 2026 table by country/region at the address that index gives it; its USD edition, made
the way GACC prints one ("(in USD)", "Unit: USD1 Million", USD millions), at the USD link.
The index also links the month's totals tables (1), of which no real copy exists: they are
served in the reconstructed layout (docs/conformance.md) with the Total row's figures of the
two pages above and "-" where those do not say. The Monthly Bulletin entry page is served in
the real bulletin index's markup, listing its own tables (its table (2) is read through the real
HTTP path in test_real_path_bulletin.py; here only the preliminary pages are landed).
"""

from __future__ import annotations

import re

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.gacc.parse import parse_release
from customs_wh.orchestration import stages
from gacc_forms import release_page, totals_table, usd_edition
from http_server import RouteTable, serve
from repo_paths import GACC_PAGES

REAL_HOST = "http://english.customs.gov.cn"
MARCH_CNY = "/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"  # the index's "(4) … (in CNY)" March link
MARCH_USD = "/Statics/66580503-6688-49b2-bd23-de154e5677d5.html"  # "(4) … (in USD)", March
TOTALS_CNY = "/Statics/78463b33-7b5e-4e29-aee5-c65e42a69727.html"  # "(1) … (in CNY)", March
TOTALS_USD = "/Statics/d9c40839-ca1e-4726-b570-1e41e043103f.html"  # "(1) … (in USD)", March
RUN = "run-real-path"


def march_page() -> bytes:
    return (GACC_PAGES / "section4_by_country_2026-03_cny.html").read_bytes()


def totals_page_from(by_country: bytes, currency: str, unit: str, divide: float) -> bytes:
    """Table (1) of March 2026 with the Total row of the table by country, in ``unit``."""
    world = {
        (o.flow, o.measure, o.period_kind): o.value
        for o in parse_release(by_country, page="by country").observations
        if o.partner_code == "WORLD"
    }

    def amount(flow: str, period: str) -> float:
        return round(world[flow, "value", period] / divide, 1)

    figures = {}
    for flow in ("export", "import"):
        figures[flow] = (amount(flow, "month"), amount(flow, "ytd"), None, None, world[flow, "yoy_pct", "ytd"])
    figures["total"] = tuple(
        round(e + i, 1) if i is not None else None
        for e, i in zip(figures["export"][:2], figures["import"][:2], strict=True)
    ) + (None, None, world["total", "yoy_pct", "ytd"])
    figures["balance"] = (
        round(figures["export"][0] - figures["import"][0], 1),
        round(figures["export"][1] - figures["import"][1], 1),
        None,
        None,
        None,
    )
    title = f"(1) China's Total Export & Import Values, Mar 2026 (in {currency})"
    return release_page(title, "2026/04/08", totals_table("reconstructed", 3, title, unit, figures)).encode()


def bulletin_index(base_url: str) -> bytes:
    """The Monthly Bulletin entry page in the real bulletin index's markup and table set."""
    rows = "".join(
        f"<tr><td>{label}</td><td><span>Jan.</span><span>Feb.</span>"
        f"<a href={base_url}/Statics/bulletin-{n}.html> Mar.</a></td></tr>"
        for n, label in enumerate(
            [
                "（1）Summary of Imports and Exports  (In USD) B：Monthly",
                "（2）Imports and Exports by Country （Region） of Origin/Destination",
                "（13）Major Export Commodities in Quantity and Value",
                "（14）Major Import Commodities in Quantity and Value",
            ]
        )
    )
    target = base_url + "/statics/report/monthly{}.html"
    script = "".join(
        f'if ($("#monthlysel").val() == "{year}") {{ location.replace("{target.format(year)}") }}'
        for year in range(2018, 2026)
    )
    options = "".join(f'<option value="{year}">{year}</option>' for year in range(2026, 2017, -1))
    return (
        '<html><body><div class="g-pth"><a class="g-pth-cur">Monthly Bulletin</a></div>'
        '<ul><li class="preliactive"><a href="/statics/report/monthly.html">Monthly Bulletin</a></li></ul>'
        '<div class="nr-n-content-detail "><div>Latest monthly statistics may differ from those previously '
        "released because of data verification after dissemination. The latest release is of more accuracy.</div>"
        f'<div class="m-report-title"><select id="monthlysel">{options}</select></div>'
        f"<table><thead><tr><th>Title</th><th>Month</th></tr></thead><tbody>{rows}</tbody></table></div>"
        f"<script>$(document).ready(function () {{ {script} }});</script></body></html>"
    ).encode()


def stored(settings: Settings, release_key: str) -> dict[tuple, float]:
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        rows = con.execute(
            "select partner_code, flow, measure, period_kind, value, unit, scale, cast(publication_date as varchar) "
            "from raw.observations where release_key = ?",
            [release_key],
        ).fetchall()
    finally:
        con.close()
    return {row[:4]: row[4:] for row in rows}


def expected(content: bytes) -> dict[tuple, tuple]:
    parsed = parse_release(content, page="expected")
    return {
        (o.partner_code, o.flow, o.measure, o.period_kind): (o.value, o.unit, o.scale, o.publication_date)
        for o in parsed.observations
    }


@pytest.fixture
def real_site():
    routes = RouteTable()
    with serve(routes) as base_url:
        index = (GACC_PAGES / "index_2026.html").read_bytes()
        # Only the host of the absolute links (and of the selector's script) changes.
        routes.add("/statics/report/preliminary.html", body=index.replace(REAL_HOST.encode(), base_url.encode()))
        routes.add("/statics/report/monthly.html", body=bulletin_index(base_url))
        cny = march_page()
        usd = usd_edition(cny.decode("utf-8")).encode("utf-8")
        routes.add(MARCH_CNY, body=cny)
        routes.add(MARCH_USD, body=usd)
        routes.add(TOTALS_CNY, body=totals_page_from(cny, "CNY", "Unit: CNY 100 Million", 1))
        routes.add(TOTALS_USD, body=totals_page_from(usd, "USD", "Unit: USD 100 Million", 100))
        yield base_url, routes, cny, usd


def test_a_refresh_lands_the_real_march_2026_table_through_the_real_http_path(real_site, tmp_path):
    base_url, routes, cny, usd = real_site
    settings = Settings(home=tmp_path / "home", base_url=base_url)

    refs = stages.stage_discover(settings, RUN, from_month="2026-03", through_month="2026-03")
    # The index lists the commodity tables (5) and (6) too; no real copy of them is served here.
    listed_commodities = sorted((r.section, r.currency) for r in refs if r.section in (5, 6))
    assert listed_commodities == [(5, "CNY"), (5, "USD"), (6, "CNY"), (6, "USD")]
    # The Bulletin's index lists its (1) B as a table of its own, with no currency (the Bulletin's
    # pages have their own tests): this test lands the Preliminary Release's.
    bulletin_summary = [(r.table, r.currency) for r in refs if r.section == 1 and r.release_kind == "monthly_bulletin"]
    assert bulletin_summary == [("1B", None)]
    refs = [r for r in refs if r.section in (1, 4) and r.release_kind == "preliminary"]
    assert sorted((r.section, r.currency, r.url) for r in refs) == [
        (1, "CNY", base_url + TOTALS_CNY),
        (1, "USD", base_url + TOTALS_USD),
        (4, "CNY", base_url + MARCH_CNY),
        (4, "USD", base_url + MARCH_USD),
    ]
    new = stages.stage_land(settings, RUN, refs)
    assert len(new) == 4
    loaded = stages.stage_parse(settings, RUN)
    assert len(loaded) == 4

    cny_rows = stored(settings, "2026-03/s4/CNY/preliminary")
    assert cny_rows == expected(cny)
    assert len(cny_rows) == 270
    assert cny_rows["WORLD", "total", "value", "month"] == (41046.4, "CNY 100 Million", 100_000_000, "2026-04-08")
    assert cny_rows["USA", "export", "value", "month"][0] == 2045.0
    assert [cny_rows["WORLD", flow, "yoy_pct", "ytd"][0] for flow in ("total", "export", "import")] == [
        15.0,
        11.9,
        19.6,
    ]

    usd_rows = stored(settings, "2026-03/s4/USD/preliminary")
    assert usd_rows == expected(usd) and len(usd_rows) == 270
    assert {row[1:3] for row in usd_rows.values()} == {("USD1 Million", 1_000_000)}
    # CNY 68,466.7 hundred million at 7.1 CNY per USD, in USD million:
    assert usd_rows["WORLD", "export", "value", "ytd"][0] == pytest.approx(68466.7 * 100 / 7.1, abs=0.06)

    totals = stored(settings, "2026-03/s1/CNY/preliminary")
    assert totals["WORLD", "total", "value", "ytd"][0] == cny_rows["WORLD", "total", "value", "ytd"][0]
    assert ("WORLD", "total", "yoy_pct", "month") not in totals  # "-": not printed, never 0

    # The discovery read the real index through its own links only: no year page outside the window.
    assert routes.hits("/statics/report/preliminary.html") == 1
    assert not [r.path for r in routes.requests if re.search(r"(preliminary|monthly)20\d\d", r.path)]
