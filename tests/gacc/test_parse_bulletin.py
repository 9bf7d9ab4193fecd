"""Table （2） of the Monthly Bulletin: the real pages of January and June 2026, and generated
variation (hypothesis) of everything GACC varies on it: title period and brackets, unit row and
its markup, January's 7-cell form, overflow and nothing-traded cells, label padding; and the
refusals (a shifted row, a total that disagrees, an unknown unit), each one line naming the page."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bulletin_forms import FLOWS, Partner, expected, figures, render, summed
from customs_wh.contracts import PageContext, ParseError
from customs_wh.gacc.parse import parse_release
from customs_wh.gacc.tables import bulletin_table
from repo_paths import BULLETIN_PAGES

COUNTRIES = {
    "ASIA": ("Asia:", [("Japan", "JPN"), ("Viet Nam", "VNM"), ("Hong Kong, China", "HKG"), ("Lao", "LAO")]),
    "AFRICA": ("Africa:", [("Côte d'Ivoire", "CIV"), ("Eswatini(Swaziland)", "SWZ"), ("Réunion", "REU")]),
    "EUROPE": ("Europe:", [("Türkiye", "TUR"), ("Czechia(Czech Republic)", "CZE"), ("Canary Islands", "ES-CN")]),
}
AMOUNT = st.integers(min_value=0, max_value=40_000_000)
# Imports of at least USD 6 bn a country keep TOTAL of China's size of trade (units.check_magnitude).
IMPORTS = st.integers(min_value=6_000_000, max_value=40_000_000)
LABEL_PAD = st.sampled_from(["", "&nbsp;", "&nbsp;&nbsp;", " ", "\n\t"])


@st.composite
def tables(draw, month: int | None = None):
    """A consistent table (2): countries under continents, continents summing to TOTAL."""
    month = month or draw(st.integers(min_value=1, max_value=12))
    rows: list[Partner] = []
    continents: list[Partner] = []
    for code, (label, members) in COUNTRIES.items():
        countries = []
        for name, iso in members:
            export_month, import_month = draw(st.one_of(st.none(), AMOUNT)), draw(IMPORTS)
            extra_export, extra_import = draw(AMOUNT), draw(AMOUNT)
            month_figures = figures(export_month, import_month)
            ytd = figures(
                None if export_month is None else export_month + (0 if month == 1 else extra_export),
                import_month + (0 if month == 1 else extra_import),
            )
            pct = {flow: draw(st.one_of(st.none(), st.integers(-999, 9999).map(lambda n: n / 10))) for flow in FLOWS}
            countries.append(Partner(name + draw(LABEL_PAD), iso, code, month_figures, ytd, pct))
        continent = Partner(
            label + draw(LABEL_PAD),
            code,
            None,
            summed(countries, "month"),
            summed(countries, "ytd"),
            dict.fromkeys(FLOWS),
        )
        continents.append(continent)
        rows.extend([continent, *countries])
    world = Partner(
        "TOTAL", "WORLD", None, summed(continents, "month"), summed(continents, "ytd"), dict.fromkeys(FLOWS)
    )
    table = [world, *rows]
    # GACC's sheet overflows on the widest figures: one cell of a row, given back by the others.
    for row in draw(st.lists(st.sampled_from(table), max_size=3, unique_by=lambda r: r.code)):
        kind = "month" if month == 1 else draw(st.sampled_from(["month", "ytd"]))
        flow = draw(st.sampled_from(FLOWS))
        if getattr(row, kind)[flow] is not None:
            row.overflow.add((kind, flow))
    return month, table


TITLE_FORMS = st.sampled_from(["{m}.{y}", "1-{m}.{y}", " {m}.{y}", "{m} . {y}"])
UNITS = st.sampled_from([("Unit:US$1,000", "USD", 1000, "US$1,000"), ("Unit:RMB￥10,000", "CNY", 10000, "RMB￥10,000")])


def observed(parsed) -> dict[tuple, tuple]:
    return {
        (o.partner_code, o.flow, o.measure, o.period_kind): (o.value, o.parent_code, o.is_derived)
        for o in parsed.observations
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), TITLE_FORMS, st.booleans(), UNITS, st.booleans(), st.sampled_from(["&nbsp;", ""]))
def test_any_form_of_table_2_reads_what_it_prints(table, title_form, full_width, unit, unit_cells, nbsp):
    month, partners = table
    title_period = title_form.format(m=month, y=2026) if month > 1 or not title_form.startswith("1-") else None
    printed_unit, currency, scale, unit_text = unit
    published = f"2026/{month + 1:02d}/20" if month < 12 else "2027/01/20"
    page = render(
        partners,
        month=month,
        title_period=title_period,
        full_width=full_width,
        unit=printed_unit,
        january_unit_cells=unit_cells,
        published=published,
        nbsp=nbsp,
    ).encode()
    parsed = parse_release(page, "generated")
    assert (parsed.section, parsed.currency, parsed.scale, parsed.unit) == (2, currency, scale, unit_text)
    assert parsed.reference_month == f"2026-{month:02d}"
    assert observed(parsed) == expected(partners, month=month)
    assert {o.decimals for o in parsed.observations if o.measure == "value"} <= {0}
    assert parsed.unmapped_labels == ()


@settings(max_examples=25, deadline=None)
@given(tables(month=6))
def test_a_total_that_disagrees_is_refused_naming_the_page(table):
    _month, partners = table
    # A row whose three figures are printed: its own arithmetic names it (a row with a "-" is
    # caught by its continent's sum instead).
    candidates = [row for row in partners if row.parent and None not in row.month.values() and not row.overflow]
    assume(candidates)
    victim = candidates[0]
    victim.month["total"] += 7
    with pytest.raises(ParseError) as refused:
        parse_release(render(partners, month=6).encode(), "page-x")
    assert str(refused.value).startswith("page-x: ") and "\n" not in str(refused.value)
    assert victim.label.replace("&nbsp;", "").strip() in str(refused.value)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda html: html.replace("<td><span>21.2</span></td>", "", 1), "cells, the header"),
        (lambda html: html.replace("Unit:US$1,000", "Unit:EUR1,000"), "'EUR' is not one of CNY, USD"),
        (lambda html: html.replace("Unit:US$1,000", "Unit:tons"), "unit row"),
        (lambda html: html.replace("Unit:US$1,000", "Unit:US$1"), "does not fit the figures"),
        (lambda html: html.replace("<td>1to6</td>", "<td>1to5</td>", 1), "is of month 5, the title says 6"),
        (lambda html: html.replace("<td>Imports</td></tr>", "<td>Balance</td></tr>", 1), "not a column of table (2)"),
        (lambda html: html.replace(",6.2026", ",6.2026x"), "names no period"),
        (lambda html: html.replace("2026/07/20", "2026/06/15"), "publication date"),
    ],
    ids=[
        "shifted row",
        "unknown currency",
        "unknown unit",
        "unit off by a factor",
        "header month",
        "header word",
        "title",
        "date",
    ],
)
@settings(max_examples=10, deadline=None)
@given(table=tables(month=6))
def test_a_page_that_cannot_be_read_faithfully_is_refused_in_one_line(edit, reason, table):
    _month, rows = table
    rows[0].pct["total"] = 21.2
    html = render(rows, month=6, published="2026/07/20")
    parse_release(html.encode(), "intact")  # the page reads before the edit
    with pytest.raises(ParseError) as refused:
        parse_release(edit(html).encode(), "page-y")
    message = str(refused.value)
    assert message.startswith("page-y: ") and "\n" not in message
    assert reason in message


@settings(max_examples=10, deadline=None)
@given(tables(month=6))
def test_an_unmapped_partner_is_landed_under_a_placeholder_and_named(table):
    _month, rows = table
    rows[2].label = "Atlantis"
    rows[2].month = {"total": 5, "export": 2, "import": 3}
    rows[2].ytd = {"total": 50, "export": 20, "import": 30}
    rows[2].overflow = set()
    rows[1].month, rows[1].ytd = summed(rows[2:6], "month"), summed(rows[2:6], "ytd")
    continents = [row for row in rows if row.parent is None and row.code != "WORLD"]
    rows[0].month, rows[0].ytd = summed(continents, "month"), summed(continents, "ytd")
    rows[0].overflow = rows[1].overflow = set()
    parsed = parse_release(render(rows, month=6).encode(), "page-z")
    assert parsed.unmapped_labels == ("Atlantis",)
    atlantis = {
        (o.partner_code, o.parent_code, o.flow, o.period_kind, o.value)
        for o in parsed.observations
        if o.partner == "Atlantis" and o.measure == "value"
    }
    assert ("UNMAPPED_ATLANTIS", "ASIA", "total", "ytd", 50.0) in atlantis and len(atlantis) == 6


# --- the real pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "month", "world_month", "japan"),
    [
        ("b02_by_country_2026-06.html", "2026-06", 699_151_163, ("export", "ytd", 83_209_659)),
        ("b02_by_country_2026-01.html", "2026-01", 590_758_685, ("total", "month", 28_762_955)),
    ],
)
def test_the_real_pages_read_as_printed(name, month, world_month, japan):
    content = (BULLETIN_PAGES / name).read_bytes()
    parsed = parse_release(
        content, name, context=PageContext(reference_month=month, release_kind="monthly_bulletin", table="2")
    )
    values = {(o.partner_code, o.flow, o.measure, o.period_kind): o for o in parsed.observations}
    assert values["WORLD", "total", "value", "month"].value == world_month
    flow, kind, value = japan
    assert values["JPN", flow, "value", kind].value == value
    assert values["JPN", flow, "value", kind].parent_code == "ASIA"
    assert parsed.unmapped_labels == ()
    assert {o.section for o in parsed.observations} == {2}


def test_the_index_listing_another_table_or_month_is_refused():
    content = (BULLETIN_PAGES / "b02_by_country_2026-06.html").read_bytes()
    with pytest.raises(ParseError, match="links the page for 2026-05"):
        parse_release(content, "p", context=PageContext(reference_month="2026-05", table="2"))
    with pytest.raises(ParseError, match=r"as table \(13\)"):
        parse_release(content, "p", context=PageContext(table="13"))
    with pytest.raises(ParseError, match="preliminary index"):
        parse_release(content, "p", context=PageContext(release_kind="preliminary"))


def test_a_bulletin_table_not_read_yet_is_refused_by_name(monkeypatch):
    """Every table of the Bulletin is read today; one the registry marks unread is refused by name."""
    from dataclasses import replace

    from customs_wh.gacc.parsing import page as page_module
    from customs_wh.table_registry import BULLETIN_TABLES

    assert all(table.read for table in BULLETIN_TABLES)
    content = (BULLETIN_PAGES / "b02_by_country_2026-06.html").read_bytes()
    other = content.replace(
        "Imports and Exports by Country （Region） of Origin/Destination".encode(),
        b"Exports of Selected Commodities by Major Customs Regimes",
    )
    unread = replace(bulletin_table("（17）Exports of Selected Commodities by Major Customs Regimes"), read=False)
    monkeypatch.setattr(page_module, "bulletin_table", lambda text: unread if bulletin_table(text) else None)
    with pytest.raises(ParseError, match=r"table \(17\) .* does not read yet"):
        parse_release(other, "p")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("（1）Summary of Imports and Exports  (In USD) A： Annually", "1A"),
        ("（1）Summary of Imports and Exports  (In USD) B：Monthly", "1B"),
        ("（2）Imports and Exports by Country （Region） of Origin/Destination,6.2026", "2"),
        ("(4)Imports and Exports by HS Section and Division", "4"),
        ("（3）Composition of Imports and Exports by Section and Division", "3"),
        ("（15）Exports by Selected Countries (Regions) and by HS Divisions", "15"),
        ("（18）Imports of Selected Commodities by Major Customs Regimes", "18"),
        # The real page's own title: "Import of", which holds (14)'s "major import commodities" too.
        ("(18) Import of Selected Commodities by Major Customs Regimes,12. 2019", "18"),
        ("(17) Export of Selected Commodities by Major Customs Regimes,12. 2019", "17"),
        ("（14）Major Import Commodities in Quantity and Value,1.2026", "14"),
        ("(4) China's Total Export & Import Values by Country/Region (in CNY)", None),
        ("(5) China's Major Exports by Quantity and Value (in USD)", None),
    ],
)
def test_a_table_is_named_by_its_words(label, code):
    spec = bulletin_table(label)
    assert (spec.code if spec else None) == code


def test_customs_wh_parse_reads_a_saved_bulletin_page():
    import json
    import subprocess

    from test_parse import CLI

    path = BULLETIN_PAGES / "b02_by_country_2026-06.html"
    result = subprocess.run(
        [str(CLI), "parse", str(path), "--table", "2", "--month", "2026-06"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, "")
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert objects == [o.to_dict() for o in parse_release(path.read_bytes(), "june").observations]
    world = next(
        o for o in objects if o["partner_code"] == "WORLD" and o["period_kind"] == "ytd" and o["flow"] == "total"
    )
    assert (world["value"], world["is_derived"], world["decimals"]) == (3_674_741_763, True, 0)
    refused = subprocess.run(
        [str(CLI), "parse", str(path), "--table", "13"], capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 1 and refused.stderr.startswith(f"error: {path}: ") and "table (13)" in refused.stderr


def test_a_stamp_readable_day_or_month_first_and_outside_the_usual_window_is_refused_as_ambiguous():
    from customs_wh.gacc.parsing.bulletin_country_table import publication_date
    from customs_wh.gacc.parsing.text import PageProblem

    # 6 April or 4 June 2020: both after December 2019, neither near the Bulletin's usual day.
    with pytest.raises(PageProblem, match=r"2020-06-04 or 2020-04-06 is ambiguous for 2019-12: day or month first"):
        publication_date("06/04/2020", 2019, 12)
    assert publication_date("18/01/2020", 2019, 12) == "2020-01-18"  # only one reading is a date
