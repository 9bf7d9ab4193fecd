"""The sample Bulletin's tables add up the way GACC's own rows do, and its parts move as the economy did.

Checked on the true figures (``bulletin_figures``, before rounding) for every table and month, and on
printed pages for a few: continents are their countries, TOTAL the continents and the rest, sections
their chapters, (1) B the month's TOTAL, every breakdown the world. Shares (processing trade,
private enterprises, Guangdong) follow GACC's published picture of the years; no figure is written here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customs_wh import sample_site
from customs_wh.sample_site.bulletin_catalogue import CATALOGUE
from customs_wh.sample_site.bulletin_commodities import REGIME_COLUMNS, parents
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.countries import APEC_MEMBERS, ASEAN_MEMBERS, CONTINENT_LABELS, COUNTRIES, EU_MEMBERS
from customs_wh.sample_site.regimes import ENTERPRISE_TYPES, FIE_KINDS, PROCESSING, REGIMES
from customs_wh.sample_site.regions import CITIES, PROVINCES, SPECIFIC_AREAS

MONTHS = [month for month in sample_site.month_range("2018-01", "2026-08") if month != "2020-01"]
PARTS = ("month", "ytd", "prior_ytd")


def lines(table: str, month: str) -> dict:
    return {line.key: line for line in bulletin_figures(table, month).lines}


def assert_sum(whole, parts, measures, where, periods=PARTS) -> None:
    """The whole's measures equal the sum of the parts', month, year to date and a year earlier."""
    for measure in measures:
        for part in periods:
            total = sum(getattr(line.measures[measure], part) for line in parts)
            expected = getattr(whole.measures[measure], part)
            assert total == pytest.approx(expected, rel=1e-9, abs=1e-3), (where, whole.key, measure, part)


def grouped(table_lines, parent_role: str, child_role: str) -> list[tuple]:
    """(heading, its rows) in page order: the rows under a heading up to the next one."""
    groups, current = [], None
    for line in table_lines:
        if line.role == parent_role:
            current = (line, [])
            groups.append(current)
        elif line.role == child_role and current is not None:
            current[1].append(line)
    return groups


@pytest.mark.parametrize("month", MONTHS[::7] + ["2026-06", "2026-08"])
def test_table_2_adds_up_as_the_real_page_does(month):
    """Each continent is its countries; TOTAL the continents, Antarctica and Unknown; each total exports + imports."""
    table = lines("2", month)
    flows = ("export", "import", "total")
    continents = [line for line in table.values() if line.role == "heading"]
    for continent in continents:
        members = [table[c.code] for c in COUNTRIES if c.continent == continent.key and c.code != continent.key]
        if members:
            assert_sum(continent, members, flows, month)
    assert_sum(table["WORLD"], [*continents, table["XXX"]], flows, month)
    for line in table.values():
        for part in PARTS:
            exports, imports = (getattr(line.measures[flow], part) for flow in ("export", "import"))
            assert getattr(line.measures["total"], part) == pytest.approx(exports + imports), (month, line.key)
    assert_sum(table["EU"], [table[code] for code in EU_MEMBERS], flows, month)
    if month >= "2026":  # Timor-Leste, ASEAN's eleventh member from 2026; the year before is ASEAN as it was
        assert_sum(table["ASEAN"], [table[code] for code in (*ASEAN_MEMBERS, "TLS")], flows, month, PARTS[:2])
    else:
        assert_sum(table["ASEAN"], [table[code] for code in ASEAN_MEMBERS], flows, month)
    assert_sum(table["APEC"], [table[code] for code in APEC_MEMBERS if code in table], flows, month)


@pytest.mark.parametrize("month", MONTHS[::5])
def test_summary_tables_are_table_2s_total(month):
    world = lines("2", month)["WORLD"].measures
    monthly = lines("1B", month)[month].measures
    for flow in ("export", "import", "total"):
        assert monthly[flow].month == pytest.approx(world[flow].month)
        assert monthly[flow].ytd == pytest.approx(world[flow].ytd)
    assert monthly["balance"].ytd == pytest.approx(world["export"].ytd - world["import"].ytd)
    if month.endswith("-12"):
        annual = lines("1A", month)[month[:4]].measures
        assert annual["export"].ytd == pytest.approx(world["export"].ytd)


@settings(max_examples=20, deadline=None)
@given(month=st.sampled_from(MONTHS))
def test_products_add_up_section_by_section(month):
    for table, flows in (("3", ("export", "import")), ("4", ("export", "import"))):
        table_lines = list(bulletin_figures(table, month).lines)
        sections = grouped(table_lines, "heading", "item")
        for section, chapters in sections:
            assert_sum(section, chapters, flows, (table, month))
        assert_sum(table_lines[0], [section for section, _ in sections], flows, (table, month))
        world = lines("2", month)["WORLD"]
        assert_sum(table_lines[0], [world], flows, (table, month))
    for table, flow in (("15", "export"), ("16", "import")):
        table_lines = list(bulletin_figures(table, month).lines)
        partners = list(table_lines[0].measures)
        sections = grouped(table_lines, "heading", "item")
        for section, chapters in sections:
            assert_sum(section, chapters, partners, (table, month))
        assert_sum(table_lines[0], [section for section, _ in sections], partners, (table, month))
        by_country = lines("2", month)
        for partner in partners:  # each selected partner's column is its table (2) row
            assert table_lines[0].measures[partner].ytd == pytest.approx(by_country[partner].measures[flow].ytd)


@settings(max_examples=20, deadline=None)
@given(month=st.sampled_from(MONTHS))
def test_regimes_enterprises_and_places_add_up_to_the_world(month):
    world = lines("2", month)["WORLD"]
    regimes = lines("5", month)
    assert_sum(world, [line for key, line in regimes.items() if key != "WORLD"], ("export", "import"), month)
    assert list(regimes) == ["WORLD", *(regime.code for regime in REGIMES)]
    types = ("SOE", "FIE", "PRI", "OTE")
    assert [kind.code for kind in ENTERPRISE_TYPES] == list(types)
    fie = lines("12", month)
    assert_sum(fie["FIE"], [fie[code] for code, _, _ in FIE_KINDS], ("export", "import", "total"), month)
    for table, flow in (("6", "export"), ("7", "import")):
        table_lines = lines(table, month)
        for key, line in table_lines.items():
            for part in PARTS:
                total = sum(getattr(line.measures[code], part) for code in types)
                assert total == pytest.approx(getattr(line.measures["total"], part)), (table, month, key)
            if month <= "2019-12":  # FIE split into its kinds: Sub.Tot = CJV + EJV + FOE
                kinds = sum(line.measures[code].ytd for code in ("CJV", "EJV", "WFO"))
                assert kinds == pytest.approx(line.measures["FIE"].ytd), (table, month, key)
            else:
                assert list(line.measures) == ["total", *types]
            if key != "WORLD":
                assert tuple(line.measures["total"]) == pytest.approx(tuple(regimes[key].measures[flow])), (table, key)
        # Every regime with trade of the flow has its row; the others trade nothing (printed "-" in (5)).
        missing = [key for key in regimes if key not in table_lines]
        assert all(regimes[key].measures[flow].ytd == 0 for key in missing), (table, month, missing)
        assert table_lines["WORLD"].measures["total"].ytd == pytest.approx(world.measures[flow].ytd)
        assert table_lines["WORLD"].measures["total"].ytd == pytest.approx(regimes["WORLD"].measures[flow].ytd)
        assert table_lines["WORLD"].measures["FIE"].ytd == pytest.approx(fie["FIE"].measures[flow].ytd)
        if month <= "2019-12":  # the kinds are table (12)'s (its joint-stock companies counted with FOE)
            printed = table_lines["WORLD"].measures
            assert printed["CJV"].ytd == pytest.approx(fie["CJV"].measures[flow].ytd)
            assert printed["WFO"].ytd == pytest.approx(sum(fie[code].measures[flow].ytd for code in ("WFO", "FJS")))
    places = lines("8", month)
    assert_sum(places["WORLD"], [places[p.code] for p in PROVINCES], ("export", "import"), month)
    for province in PROVINCES:
        cities = [places[code] for parent, code, _, _ in CITIES if parent == province.code]
        for flow in ("export", "import"):
            assert sum(city.measures[flow].ytd for city in cities) <= places[province.code].measures[flow].ytd
    consumers = lines("9", month)
    assert_sum(consumers["WORLD"], [consumers[p.code] for p in PROVINCES], ("export", "import"), month)
    districts = lines("10", month)
    assert_sum(world, [line for key, line in districts.items() if key != "WORLD"], ("export", "import"), month)
    areas = lines("11", month)
    kinds = [line for line in areas.values() if line.role == "heading"]
    assert_sum(areas["TOTAL"], kinds, ("export", "import", "total"), month)
    for kind in kinds:  # a kind's named areas, where it has them
        named = [areas[code] for parent, code, _, _ in SPECIFIC_AREAS if parent == kind.key]
        if named:
            assert_sum(kind, named, ("export", "import"), month)
    assert areas["TOTAL"].measures["export"].ytd < world.measures["export"].ytd


@settings(max_examples=20, deadline=None)
@given(month=st.sampled_from([month for month in MONTHS if month >= "2019"]))
def test_regimes_compare_each_month_with_the_same_month_a_year_earlier(month):
    """(5) prints the change of the month as well as of January to the month; a regime without a flow
    trades nothing, ever; from 2026 duty-free commodities' imports are in Other, compared like with like."""
    regimes, year_before = lines("5", month), lines("5", sample_site.shift_month(month, -12))
    year = int(month[:4])
    for code in ("WORLD", "GT", "PIM", "SCL"):
        for flow in ("export", "import"):
            now, then = regimes[code].measures[flow], year_before[code].measures[flow]
            assert now.prior_ytd == pytest.approx(then.ytd), (month, code, flow)
            if month != "2021-02":  # February 2020 alone was never printed (its page is January-February)
                # January-February 2020's month is January to February, compared with 2019's two months
                earlier = then.ytd if month == "2020-02" else then.month
                assert now.month_change == pytest.approx((now.month / earlier - 1) * 100), (month, code, flow)
    for regime in REGIMES:
        for flow in ("export", "import"):
            if not regime.shares(flow) or (regime.code == "DFC" and flow == "import" and year >= 2026):
                window = regimes[regime.code].measures[flow]
                assert (window.month, window.ytd, window.prior_ytd) == (0, 0, 0), (month, regime.code, flow)
                assert window.change is None and window.month_change is None
    if year >= 2026:  # Other's year before restated with duty-free commodities in it
        other, folded = (year_before[code].measures["import"] for code in ("OTH", "DFC"))
        assert regimes["OTH"].measures["import"].prior_ytd == pytest.approx(other.ytd + folded.ytd)
        assert "DFC" not in lines("7", month)


@settings(max_examples=20, deadline=None)
@given(month=st.sampled_from(MONTHS))
def test_commodities_sit_inside_the_rows_they_belong_to(month):
    for table, flow in (("13", "export"), ("14", "import")):
        table_lines = lines(table, month)
        for row in CATALOGUE[flow]:
            line = table_lines.get(row.concept)
            if line is None:
                continue  # a row GACC added later
            assert ("quantity" in line.measures) == (row.unit != "-"), (table, row.concept)
            parent = parents(flow)[row.concept]
            # GACC's indents are not always a tree (the real January 2026 imports page indents rare earths,
            # ten times larger, under polycrystalline silicon): a row fits in the one above it where it
            # does on the real page.
            if parent is not None and parent.concept in table_lines and row.weight <= parent.weight:
                parent_value = table_lines[parent.concept].measures["value"]
                assert line.measures["value"].ytd <= parent_value.ytd * (1 + 1e-9), (table, month, row.concept)
    for table, products in (("17", "13"), ("18", "14")):
        commodities = lines(products, month)
        for key, line in lines(table, month).items():
            # The four major regimes add up to the commodity's value (and quantity), month by month.
            for part in PARTS:
                total = sum(getattr(line.measures[code], part) for code in REGIME_COLUMNS)
                assert total == pytest.approx(getattr(line.measures["total"], part)), (table, month, key)
                if "quantity" in commodities[key].measures:
                    quantity = sum(getattr(line.measures[f"{code}:quantity"], part) for code in REGIME_COLUMNS)
                    wanted = getattr(commodities[key].measures["quantity"], part)
                    assert quantity == pytest.approx(wanted), (table, month, key)
            if bulletin_figures(products, month).unit == "Unit:US$1,000":  # not the 2025 exports table, in RMB
                assert line.measures["total"].ytd == pytest.approx(commodities[key].measures["value"].ytd)


def share(table: str, month: str, key: str, measure: str, of: str = "total") -> float:
    line = lines(table, month)[key]
    return line.measures[measure].ytd / line.measures[of].ytd


def test_processing_trade_private_firms_and_guangdong_as_gacc_saw_them():
    processing = {}
    for year in range(2018, 2026):
        regimes = lines("5", f"{year}-12")
        processing[year] = (
            sum(regimes[code].measures["export"].ytd for code in PROCESSING) / regimes["WORLD"].measures["export"].ytd
        )
    assert 0.22 <= processing[2018] <= 0.30  # about a quarter of exports in the late 2010s
    assert processing[2024] < processing[2021] < processing[2018]  # and falling
    for year in range(2020, 2026):
        assert share("6", f"{year}-12", "WORLD", "PRI") > 0.5, year  # private firms: more than half of exports
        places = lines("8", f"{year}-12")
        biggest = max(PROVINCES, key=lambda p: places[p.code].measures["export"].ytd)
        assert biggest.code == "CN-GD", year  # Guangdong, the largest exporting province


def test_regimes_and_enterprise_types_weigh_what_the_real_pages_show():
    """Shares of the flow (January to the month) near the real pages' (regimes.py cites them), within a
    band that leaves room for the model's noise."""

    def of_world(month: str, regime: str, flow: str) -> float:
        table = lines("5", month)
        return table[regime].measures[flow].ytd / table["WORLD"].measures[flow].ytd

    exports_2019, imports_2019 = (
        {key: of_world("2019-10", key, flow) for key in ("GT", "PIM", "SCL", "CWT", "OTH")}
        for flow in ("export", "import")
    )
    assert 0.55 < exports_2019["GT"] < 0.61 and 0.24 < exports_2019["PIM"] < 0.28 and 0.04 < exports_2019["SCL"] < 0.06
    assert 0.57 < imports_2019["GT"] < 0.64 and 0.14 < imports_2019["PIM"] < 0.18 and 0.06 < imports_2019["CWT"] < 0.08
    assert 0.62 < of_world("2023-07", "GT", "export") < 0.68 and 0.10 < of_world("2023-12", "PIM", "import") < 0.14

    def within(table: str, month: str, regime: str, kind: str) -> float:
        line = lines(table, month)[regime]
        return line.measures[kind].ytd / line.measures["total"].ytd

    assert 0.65 < within("6", "2023-07", "PIM", "FIE") < 0.8  # foreign-invested firms' processing trade
    assert within("6", "2023-07", "OTH", "PRI") > 0.9 and within("6", "2023-07", "BOR", "PRI") > 0.95
    assert within("6", "2023-07", "CPX", "SOE") > 0.75 and 0.3 < within("6", "2023-07", "CWT", "SOE") < 0.6
    assert 0.28 < within("7", "2023-11", "GT", "SOE") < 0.4 and 0.5 < within("7", "2023-11", "OTH", "OTE") < 0.8
    for table, month, shares in (
        ("6", "2023-07", {"SOE": 0.080, "FIE": 0.288, "PRI": 0.616, "OTE": 0.015}),
        ("7", "2019-11", {"SOE": 0.259, "FIE": 0.416, "PRI": 0.305, "OTE": 0.020}),
        ("7", "2023-12", {"SOE": 0.266, "FIE": 0.324, "PRI": 0.397, "OTE": 0.013}),
    ):
        for kind, real in shares.items():
            assert share(table, month, "WORLD", kind) == pytest.approx(real, rel=0.12), (table, month, kind)
    fie_2019 = lines("7", "2019-11")["WORLD"].measures
    assert fie_2019["CJV"].ytd / fie_2019["FIE"].ytd < 0.01 < 0.25 < fie_2019["EJV"].ytd / fie_2019["FIE"].ytd < 0.32


def test_months_are_seasonal_and_smooth():
    world = [lines("1B", f"{year}-12")[f"{year}-{number:02d}"] for year in (2019, 2023) for number in range(1, 13)]
    for year in (0, 12):
        february, december = world[year + 1].measures["export"].month, world[year + 11].measures["export"].month
        assert february < december  # the Chinese New Year dip
    for table, key in (("2", "JPN"), ("5", "GT"), ("8", "CN-GD"), ("4", "85")):
        values = [lines(table, month)[key].measures["export"].month for month in MONTHS if month >= "2021"]
        jumps = [later / earlier for earlier, later in zip(values, values[1:], strict=False)]
        assert all(0.4 < jump < 2.5 for jump in jumps), (table, key)


def test_printed_continents_are_the_sum_of_their_printed_countries(bulletin_site_pages):
    names = {}
    for country in COUNTRIES:
        names.setdefault(country.continent, set()).add(" ".join(country.name.split()))
    for month in ("2019-05", "2023-01", "2026-06"):
        page = bulletin_site_pages("2", month)
        columns = (0, 1, 2) if month.endswith("-01") else (0, 2, 4)  # the month's total, exports, imports
        for continent, label in CONTINENT_LABELS.items():
            heading = page.row(" ".join(label.replace("&nbsp;", " ").split()))
            members = [row for row in page.rows if row.label in names.get(continent, ()) and row is not heading]
            if not members:
                continue
            for column in columns:
                printed = sum(row.values()[column] or 0 for row in members)
                assert abs(printed - heading.values()[column]) <= len(members), (month, continent)
        world = page.row("TOTAL").values()
        for column in columns:
            assert world[column] >= sum(page.row(row).values()[column] or 0 for row in ("Asia:", "Europe:"))
