"""The Monthly Bulletin's commodity tables (13)/(14) in the commodity marts, on a small site.

The Preliminary Release's pages come from ``commodity_site``; the Bulletin's (13) of June and July
2025 is made from the same model as GACC prints it: US$1,000 integers, the quantity units as codes,
more commodities than the preliminary catalogue, its own hierarchy. One commodity is revised beyond
the preliminary's rounding (garments, USD 2 million), the others agree within it; mobile phones'
quantity is printed in the Bulletin's "10000N" against the preliminary's "10,000 Sets", two units
the seed gacc_quantity_units does not convert. The pages are landed over HTTP, gated and built by
dbt as a refresh does (the parser stood in for by ``parse_json_page``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import commodity_site as cs
from customs_wh.config import Settings
from customs_wh.contracts import CommodityObservation, ParsedRelease, ReleaseRef
from customs_wh.gacc.fetch import Fetcher
from customs_wh.quality import run_gate1
from customs_wh.warehouse import landing, transform
from databases import build_rows
from http_server import RouteTable, serve

pytestmark = pytest.mark.slow

SITE = cs.Site("2025-01", "2025-08")
BULLETIN_MONTHS = ("2025-06", "2025-07")  # August has no Bulletin yet: its numbers stay preliminary
REVISED_THOUSANDS = 2_000  # garments: USD 2 million more than the preliminary printed
QUANTITY_CODES = {"10,000 Tons": "10000T", "10,000 Sets": "10000N"}
# Printed by the Bulletin alone, and a commodity the Bulletin prints under another parent.
TEA = cs.Commodity("tea", "Tea", "export", 0.0006, 5.0e6, "10000T")
BULLETIN_PARENTS = {"solar_cells": "mechanical_and_electrical_products"}
(GARMENTS,) = [c for c in cs.CATALOGUE if c.code == "garments"]


def bulletin_page(month: str) -> ParsedRelease:
    """Table (13) of ``month`` in USD, from the preliminary model's unrounded figures."""
    model, year = SITE.model, int(month[:4])
    months = {"month": [month], "ytd": cs.months_between(f"{year}-01", month)}
    preliminary = SITE.parsed(5, "USD", month)
    growth = {(o.commodity_code, o.measure): o.value for o in preliminary.observations if o.measure.endswith("_pct")}
    common = dict(
        section=13,
        currency="USD",
        unit="US$1,000",
        scale=1000,
        reference_month=month,
        publication_date=cs.month_add(month, 1) + "-20",
        flow="export",
    )
    observations = []
    for item in [c for c in cs.CATALOGUE if c.flow == "export"] + [TEA]:
        unit = item.unit_in(year)
        printed_unit = QUANTITY_CODES.get(unit, unit) if unit else None
        row = dict(
            commodity=item.label,
            commodity_code=item.code,
            parent_code=BULLETIN_PARENTS.get(item.code, item.parent),
            is_aggregate=item.is_aggregate,
            quantity_unit=printed_unit,
        )
        for kind, span in months.items():
            # Tea is not in the preliminary model: a seventy-fifth of garments.
            base = GARMENTS if item is TEA else item
            value = model.value(base, span) / 1000 / (75 if item is TEA else 1)
            if item.code == "garments":
                value += REVISED_THOUSANDS
            period = dict(period_kind=kind, period_start=span[0], period_end=month)
            observations.append(
                CommodityObservation(**common, **row, **period, measure="value", value=round(value), decimals=0)
            )
            if printed_unit is not None:
                quantity = model.quantity(item, span, year) if item is not TEA else value / 3
                if item.code == "mobile_phones":
                    quantity *= 1.5  # another count: never compared with the preliminary's
                observations.append(
                    CommodityObservation(
                        **common, **row, **period, measure="quantity", value=round(quantity), decimals=0
                    )
                )
        for measure in ("value_yoy_pct", "quantity_yoy_pct"):
            if (item.code, measure) in growth:
                observations.append(
                    CommodityObservation(
                        **common,
                        **row,
                        measure=measure,
                        period_kind="ytd",
                        period_start=f"{year}-01",
                        period_end=month,
                        value=growth[item.code, measure],
                    )
                )
    return ParsedRelease(
        13, "USD", "(13) major exports", "US$1,000", 1000, month, common["publication_date"], tuple(observations)
    )


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    """The site's pages and the Bulletin's landed, parsed, through gate 1 and built."""
    pages = SITE.pages()
    bulletin_paths = {month: f"/Statics/{month}-t13-monthly_bulletin.html" for month in BULLETIN_MONTHS}
    pages.update({path: cs.to_json(bulletin_page(month)) for month, path in bulletin_paths.items()})
    home = tmp_path_factory.mktemp("bulletin_commodities") / "home"
    with serve(RouteTable(pages)) as base_url:
        config = Settings(home=home, base_url=base_url)
        config.ensure_dirs()
        refs = SITE.refs(base_url) + [
            ReleaseRef(13, None, month, "monthly_bulletin", base_url + path, table="13")
            for month, path in bulletin_paths.items()
        ]
        with Fetcher(config, timeout=(2.0, 2.0), retries=1, sleep=lambda _s: None) as fetcher:
            assert not landing.land(config, refs, fetcher, "run-land").failed
    parsed = landing.parse_pending(config, "run-parse", parse_release=cs.parse_json_page)
    assert parsed.quarantined == []
    gate = run_gate1(config, "run-gate")
    assert gate.passed, gate.summary()
    assert not [f for f in gate.findings if "monthly_bulletin" in (f.release or "")]
    build = transform.dbt_build(config)
    assert build.success, build.summary()
    return home


def printed(page: ParsedRelease, code: str, measure: str, period_kind: str) -> float:
    (value,) = [
        o.value
        for o in page.observations
        if o.commodity_code == code
        and o.measure == measure
        and o.period_kind == period_kind
        and o.period_end == page.reference_month
    ]
    return value


def trade(home: Path, code: str, month: str, window: str = "month") -> tuple:
    (row,) = build_rows(
        home,
        "select value_usd, quantity, quantity_unit from marts.commodity_trade where commodity_code = ? "
        "and flow = 'export' and \"window\" = ? and period_end_month = cast(? as date)",
        [code, window, month + "-01"],
    )
    return row


def test_the_bulletin_pages_land_as_commodity_numbers_of_table_13(built_home):
    landed = dict(
        build_rows(
            built_home,
            "select reference_month, count(*) from raw.commodity_observations where section = 13 "
            "and release_kind = 'monthly_bulletin' group by 1",
        )
    )
    assert landed == {month: len(bulletin_page(month).observations) for month in BULLETIN_MONTHS}
    assert build_rows(
        built_home,
        "select distinct table_code, currency, status from raw.manifest where release_kind = 'monthly_bulletin'",
    ) == [("13", "USD", "landed")]


def test_a_month_the_bulletin_prints_is_its_figure_and_one_it_does_not_yet_the_preliminary(built_home):
    june = bulletin_page("2025-06")
    value, quantity, unit = trade(built_home, "garments", "2025-06")
    assert value == pytest.approx(printed(june, "garments", "value", "month") * 1000)
    # The Bulletin's row whole: aquatic products' value and quantity in its own unit.
    value, quantity, unit = trade(built_home, "aquatic_products", "2025-06")
    assert (value, quantity, unit) == (
        pytest.approx(printed(june, "aquatic_products", "value", "month") * 1000),
        printed(june, "aquatic_products", "quantity", "month"),
        "10000T",
    )
    august = SITE.parsed(5, "USD", "2025-08")
    value, quantity, unit = trade(built_home, "aquatic_products", "2025-08")
    assert (value, quantity, unit) == (
        pytest.approx(printed(august, "aquatic_products", "value", "month") * 1e6),
        printed(august, "aquatic_products", "quantity", "month"),
        "10,000 Tons",
    )
    # January to June is the Bulletin's, January to August the preliminary's.
    assert trade(built_home, "garments", "2025-06", "ytd")[0] == pytest.approx(
        printed(june, "garments", "value", "ytd") * 1000
    )
    assert trade(built_home, "garments", "2025-08", "ytd")[0] == pytest.approx(
        printed(august, "garments", "value", "ytd") * 1e6
    )


def test_a_revision_beyond_the_preliminary_rounding_is_listed_and_none_within_it(built_home):
    revised = build_rows(
        built_home,
        "select commodity_code, measure, period_kind, reference_month, previous_value, revised_value, "
        "rounding_allowance, previous_release_kind, revised_release_kind, section, previous_section "
        "from marts.commodity_revisions order by all",
    )
    preliminary = {month: SITE.parsed(5, "USD", month) for month in BULLETIN_MONTHS}
    # Garments' value, of the month and January to the month, in both months; nothing else.
    assert [(r[0], r[1], r[2], str(r[3])[:7]) for r in revised] == [
        ("garments", "value", kind, month) for kind in ("month", "ytd") for month in BULLETIN_MONTHS
    ]
    for code, _measure, kind, month, previous, new, allowance, *kinds in revised:
        month = str(month)[:7]
        assert previous == pytest.approx(printed(preliminary[month], code, "value", kind) * 1e6)
        assert new == pytest.approx(printed(bulletin_page(month), code, "value", kind) * 1000)
        assert abs(new - previous) > allowance == pytest.approx(50_000)
        assert kinds == ["preliminary", "monthly_bulletin", 13, 5]
    # Mobile phones' quantities (10000N against "10,000 Sets") are never compared, though they differ by half.
    units = build_rows(
        built_home,
        "select distinct comparable_unit from intermediate.int_gacc__commodity_number_vintages "
        "where commodity_code = 'mobile_phones' and measure = 'quantity'",
    )
    assert sorted(units) == [("number",), ("printed 10,000 sets",)]
    # The Bulletin's page counts its revisions.
    counted = build_rows(
        built_home,
        "select reference_month, numbers_revised from marts.release_vintages "
        "where release_kind = 'monthly_bulletin' order by 1",
    )
    assert [(str(month)[:7], count) for month, count in counted] == [(month, 2) for month in BULLETIN_MONTHS]


def test_a_commodity_only_the_bulletin_prints_is_in_the_marts(built_home):
    assert build_rows(
        built_home,
        "select commodity_name, parent_code, quantity_unit, printed_by from marts.dim_commodity "
        "where commodity_code = 'tea'",
    ) == [("Tea", None, "10000T", "monthly_bulletin")]
    assert trade(built_home, "tea", "2025-06")[0] == pytest.approx(
        printed(bulletin_page("2025-06"), "tea", "value", "month") * 1000
    )
    assert (
        build_rows(
            built_home,
            "select count(*) from marts.commodity_share where commodity_code = 'tea' and share_pct > 0",
        )[0][0]
        > 0
    )


def test_one_row_a_commodity_described_as_the_bulletin_prints_it(built_home):
    assert (
        build_rows(
            built_home,
            "select commodity_code, flow, count(*) from marts.dim_commodity group by all having count(*) > 1",
        )
        == []
    )
    described = {
        code: rest
        for code, *rest in build_rows(
            built_home,
            "select commodity_code, parent_code, quantity_unit, printed_by from marts.dim_commodity "
            "where flow = 'export'",
        )
    }
    # The Bulletin's hierarchy and unit win where it prints the commodity.
    assert described["solar_cells"][0] == "mechanical_and_electrical_products"
    assert described["aquatic_products"][1] == "10000T"
    assert described["garments"][2] == "monthly_bulletin, preliminary"
    # Imports: the Bulletin printed no (14) here, the preliminary describes them.
    assert {
        printed_by
        for (printed_by,) in build_rows(
            built_home, "select distinct printed_by from marts.dim_commodity where flow = 'import'"
        )
    } == {"preliminary"}
