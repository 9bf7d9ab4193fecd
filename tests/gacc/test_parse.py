"""Conformance of ``parse_release`` (the observation contract, rejection of bad pages) and of ``customs-wh parse``.

Ground truth is the real GACC pages in tests/data/gacc_pages (read through the ``gacc_pages``
fixture). Pages the parser has never seen are derived here from the real page
text the way GACC varies it (the USD edition, other months, a new partner row); bad pages are
derived the same way, one damage each, and must be rejected with a reason that names the problem.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from customs_wh.contracts import OBSERVATION_FIELDS, PageContext, ParsedRelease, ParseError, PublishedAsImage
from customs_wh.gacc.parse import parse_release
from customs_wh.sample_site import PARTNERS, Release, format_pct, release_figures, render_release
from gacc_forms import release_page, totals_table
from repo_paths import GACC_PAGES

MARCH_2026 = "section4_by_country_2026-03_cny.html"
JANFEB_2025 = "section4_by_country_2025-02_janfeb_cny.html"
LEGACY_2018 = "section4_by_country_2018-01_legacy_cny.html"
INDEX_2026 = "index_2026.html"

# Design §5, in order.
CONTRACT_FIELDS = (
    "section",
    "currency",
    "unit",
    "scale",
    "reference_month",
    "publication_date",
    "partner",
    "partner_code",
    "parent_code",
    "flow",
    "measure",
    "period_kind",
    "period_start",
    "value",
    "decimals",
    "is_derived",
)

# The 30 rows of the real section (4) pages: printed name, code, group.
REAL_PARTNERS = (
    ("Total", "WORLD", None),
    ("European Union", "EU", None),
    ("Germany", "DEU", "EU"),
    ("Netherlands", "NLD", "EU"),
    ("France", "FRA", "EU"),
    ("Italy", "ITA", "EU"),
    ("United States (US)", "USA", None),
    ("ASEAN", "ASEAN", None),
    ("Vietnam", "VNM", "ASEAN"),
    ("Malaysia", "MYS", "ASEAN"),
    ("Thailand", "THA", "ASEAN"),
    ("Singapore", "SGP", "ASEAN"),
    ("Indonesia", "IDN", "ASEAN"),
    ("Philippines", "PHL", "ASEAN"),
    ("Japan", "JPN", None),
    ("Hong Kong, China", "HKG", None),
    ("R. O. Korea", "KOR", None),
    ("Taiwan, China", "TWN", None),
    ("Australia", "AUS", None),
    ("Russian Federation", "RUS", None),
    ("India", "IND", None),
    ("United Kingdom (UK)", "GBR", None),
    ("Canada", "CAN", None),
    ("New Zealand", "NZL", None),
    ("Latin America", "LATAM", None),
    ("Brazil", "BRA", "LATAM"),
    ("Africa", "AFRICA", None),
    ("South Africa", "ZAF", "AFRICA"),
    ("Regional Comprehensive Economic Partnership", "RCEP", None),
    ("Jointly build the countries along Belt and Road Routes", "BRI", None),
)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- helpers: parsing ------------------------------------------------------------------------------


def parse_text(text: str, page: str = "derived.html") -> ParsedRelease:
    return parse_release(text.encode("utf-8"), page=page)


def rejection(content: str | bytes, page: str = "derived/page.html") -> str:
    """The one-line reason a bad page gets; checks it names the page."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    with pytest.raises(ParseError) as raised:
        parse_release(raw, page=page)
    error = raised.value
    assert error.page == page
    assert str(error) == f"{page}: {error.reason}"
    assert "\n" not in str(error) and error.reason.strip() == error.reason and error.reason
    return error.reason


def values(parsed: ParsedRelease) -> dict[tuple[str, str, str, str], float]:
    """(partner_code, flow, measure, period_kind) → value; fails on a repeated key."""
    keys = Counter((o.partner_code, o.flow, o.measure, o.period_kind) for o in parsed.observations)
    assert [key for key, n in keys.items() if n > 1] == []
    return {(o.partner_code, o.flow, o.measure, o.period_kind): o.value for o in parsed.observations}


def partner_rows(parsed: ParsedRelease) -> list[tuple[str, str, str | None]]:
    """(partner, partner_code, parent_code) in page order, one per row."""
    rows: list[tuple[str, str, str | None]] = []
    for o in parsed.observations:
        if not rows or rows[-1][1] != o.partner_code:
            rows.append((o.partner, o.partner_code, o.parent_code))
    return rows


# --- helpers: deriving pages from real page text ----------------------------------------------------


def edit(text: str, old: str, new: str, count: int = -1) -> str:
    """str.replace that fails when the edit matches nothing (a no-op derivation proves nothing)."""
    assert old in text, f"derivation did not match {old!r}"
    return text.replace(old, new, count)


_TR = re.compile(r"<tr>.*?</tr>", re.S)
_FIRST_SPAN = re.compile(r"<span>(.*?)</span>", re.S)


def _printed_name(row_html: str) -> str:
    match = _FIRST_SPAN.search(row_html)
    if not match:
        return ""
    name = " ".join(html.unescape(match.group(1)).replace("\xa0", " ").split())
    return re.sub(r"^of which:\s*", "", name)


def find_row(text: str, name: str) -> str:
    """The <tr>…</tr> of the data row printed as ``name`` (padding and "of which:" ignored)."""
    found = [m.group(0) for m in _TR.finditer(text) if _printed_name(m.group(0)) == name]
    assert len(found) == 1, f"{len(found)} rows named {name!r}"
    return found[0]


def label_html(row_html: str) -> str:
    return _FIRST_SPAN.search(row_html).group(1)


def make_row(label: str, amounts: Sequence[str], pcts: Sequence[str], label_class: str = "style10") -> str:
    """A data row in the real pages' markup: amounts end in &nbsp;, percentages do not."""
    cells = [f'<td class="{label_class}">\n\t\t\t\t<span>{label}</span>\n\t\t\t</td>']
    cells += [f'<td align="right" class="style6">\n\t\t\t\t<span><b>{v}&nbsp;</b></span>\n\t\t\t</td>' for v in amounts]
    cells += [f'<td align="right" class="style7">\n\t\t\t\t<span><b>{v}</b></span>\n\t\t\t</td>' for v in pcts]
    return "<tr>\n\t\t\t" + "\n\t\t\t".join(cells) + "\n\t\t</tr>"


def set_row(text: str, name: str, amounts: Sequence[str], pcts: Sequence[str]) -> str:
    row = find_row(text, name)
    return edit(text, row, make_row(label_html(row), amounts, pcts), 1)


def relabel(text: str, name: str, new_label_html: str) -> str:
    row = find_row(text, name)
    return edit(text, row, edit(row, f"<span>{label_html(row)}</span>", f"<span>{new_label_html}</span>", 1), 1)


def insert_after(text: str, name: str, new_row: str) -> str:
    row = find_row(text, name)
    return edit(text, row, row + "\r\n\t\t" + new_row, 1)


def remove_row(text: str, name: str) -> str:
    return edit(text, find_row(text, name), "", 1)


def nbsp(n: int) -> str:
    return "&nbsp;" * n


def as_month(text: str, year: int, month: int, published: str) -> str:
    """The March 2026 page relabelled as another month's release, consistently everywhere."""
    text = edit(text, "Mar 2026", f"{MONTH_ABBR[month - 1]} {year}")
    text = edit(text, "<b>3</b>", f"<b>{month}</b>")
    text = edit(text, "<b>1- to-3</b>", f"<b>1- to-{month}</b>")
    text = edit(text, "1-to-3 Total", f"1-to-{month} Total")
    return edit(text, "2026/04/08", published)


def as_usd(text: str) -> str:
    return edit(edit(text, "(in CNY)", "(in USD)"), "Unit: CNY 100 Million", "Unit: USD 100 Million")


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def march_text(gacc_pages) -> str:
    return (gacc_pages / MARCH_2026).read_bytes().decode("utf-8")  # keeps the pages' CRLF line ends


@pytest.fixture(scope="module")
def janfeb_text(gacc_pages) -> str:
    return (gacc_pages / JANFEB_2025).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def march(gacc_pages) -> ParsedRelease:
    return parse_release((gacc_pages / MARCH_2026).read_bytes(), page=MARCH_2026)


@pytest.fixture(scope="module")
def janfeb(gacc_pages) -> ParsedRelease:
    return parse_release((gacc_pages / JANFEB_2025).read_bytes(), page=JANFEB_2025)


JUNE_2025_TOTALS = {  # USD 100 Million: (month, January-June, month-on-month %, month yoy %, ytd yoy %)
    "total": (5271.8, 30967.4, 0.9, 2.1, 3.6),
    "export": (3123.1, 17407.1, 1.1, 6.7, 5.4),
    "import": (2148.7, 13560.3, 0.8, -3.9, 1.2),
    "balance": (974.4, 3846.8, 0.5, 1.0, 2.0),
}


@pytest.fixture(scope="module")
def section1_text() -> str:
    """A totals table (1) in the sample site's first layout (rows "Export & Import" … "Trade Balance")."""
    title = "(1) China's Total Export & Import Values, Jun 2025 (in USD)"
    rows = totals_table("sample", 6, title, "Unit: USD 100 Million", JUNE_2025_TOTALS)
    return release_page(title, "2025/07/14", rows)


# --- 1. the real pages -------------------------------------------------------------------------------


def test_every_real_page_is_covered_here(gacc_pages):
    assert sorted(p.name for p in gacc_pages.glob("*.html")) == sorted(
        (MARCH_2026, JANFEB_2025, LEGACY_2018, INDEX_2026)
    )


def test_march_2026_header_facts(march):
    assert (march.section, march.currency, march.unit, march.scale) == (4, "CNY", "CNY 100 Million", 100_000_000)
    assert (march.reference_month, march.publication_date) == ("2026-03", "2026-04-08")
    assert march.title == "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"


def test_march_2026_every_observation_carries_the_page_facts(march):
    for o in march.observations:
        assert (o.section, o.currency, o.unit, o.scale) == (4, "CNY", "CNY 100 Million", 100_000_000)
        assert (o.reference_month, o.publication_date) == ("2026-03", "2026-04-08")
        assert o.period_start == {"month": "2026-03", "ytd": "2026-01"}[o.period_kind]


def test_march_2026_has_30_rows_of_9_numbers_one_per_key(march):
    assert len(partner_rows(march)) == 30
    assert len(march.observations) == 30 * 9
    assert len(values(march)) == 270
    per_partner = Counter(o.partner_code for o in march.observations)
    assert set(per_partner.values()) == {9}
    assert Counter((o.flow, o.measure, o.period_kind) for o in march.observations) == {
        (flow, "value", period): 30 for flow in ("total", "export", "import") for period in ("month", "ytd")
    } | {(flow, "yoy_pct", "ytd"): 30 for flow in ("total", "export", "import")}


def test_march_2026_partners_codes_and_groups(march):
    assert partner_rows(march) == list(REAL_PARTNERS)


def test_march_2026_totals_match_the_published_figures(march):
    v = values(march)
    assert v["WORLD", "total", "value", "month"] == 41046.4
    assert v["WORLD", "total", "value", "ytd"] == 118380.0
    assert v["WORLD", "export", "value", "month"] == 22297.0
    assert v["WORLD", "export", "value", "ytd"] == 68466.7
    assert v["WORLD", "import", "value", "month"] == 18749.4
    assert v["WORLD", "import", "value", "ytd"] == 49913.3
    assert (
        v["WORLD", "total", "yoy_pct", "ytd"],
        v["WORLD", "export", "yoy_pct", "ytd"],
        v["WORLD", "import", "yoy_pct", "ytd"],
    ) == (15.0, 11.9, 19.6)
    assert not any(key[2] == "yoy_pct" and key[3] == "month" for key in v)


def test_march_2026_partner_figures_as_printed(march):
    v = values(march)
    assert v["USA", "export", "value", "month"] == 2045.0
    assert v["USA", "total", "yoy_pct", "ytd"] == -18.7  # a negative year-on-year
    assert v["DEU", "import", "value", "ytd"] == 1511.7
    assert v["NLD", "import", "yoy_pct", "ytd"] == -1.7
    assert v["HKG", "import", "yoy_pct", "ytd"] == 323.2
    assert v["BRI", "total", "value", "ytd"] == 60551.7
    assert v["ZAF", "export", "value", "month"] == 138.7


def test_march_2026_partner_is_printed_name_without_padding_or_of_which(march):
    names = {o.partner for o in march.observations}
    assert {"Germany", "Vietnam", "Brazil", "South Africa", "ASEAN"} <= names
    assert not [n for n in names if n != n.strip() or "\xa0" in n or "of which" in n.lower()]


def test_march_2026_the_contract_codes_the_design_names(march):
    codes = {o.partner_code for o in march.observations}
    assert {
        "USA",
        "DEU",
        "HKG",
        "TWN",
        "KOR",
        "RUS",
        "GBR",
        "WORLD",
        "EU",
        "ASEAN",
        "LATAM",
        "AFRICA",
        "RCEP",
        "BRI",
    } <= codes
    parents = {o.partner_code: o.parent_code for o in march.observations}
    assert {c: parents[c] for c in ("DEU", "NLD", "FRA", "ITA")} == dict.fromkeys(("DEU", "NLD", "FRA", "ITA"), "EU")
    assert {c: parents[c] for c in ("VNM", "MYS", "THA", "SGP", "IDN", "PHL")} == dict.fromkeys(
        ("VNM", "MYS", "THA", "SGP", "IDN", "PHL"), "ASEAN"
    )
    assert (parents["BRA"], parents["ZAF"]) == ("LATAM", "AFRICA")
    assert [parents[c] for c in ("USA", "JPN", "RCEP", "BRI", "WORLD", "EU")] == [None] * 6


def test_janfeb_2025_header_facts(janfeb):
    assert (janfeb.section, janfeb.currency, janfeb.unit, janfeb.scale) == (4, "CNY", "CNY 100 Million", 100_000_000)
    assert (janfeb.reference_month, janfeb.publication_date) == ("2025-02", "2025-03-11")


def test_janfeb_2025_has_year_to_date_numbers_only(janfeb):
    assert {o.period_kind for o in janfeb.observations} == {"ytd"}
    assert {o.period_start for o in janfeb.observations} == {"2025-01"}
    assert len(janfeb.observations) == 30 * 6
    assert len(values(janfeb)) == 180
    assert partner_rows(janfeb) == list(REAL_PARTNERS)


def test_janfeb_2025_totals_match_the_published_figures(janfeb):
    v = values(janfeb)
    assert [v["WORLD", f, "value", "ytd"] for f in ("total", "export", "import")] == [65363.6, 38812.1, 26551.5]
    assert [v["WORLD", f, "yoy_pct", "ytd"] for f in ("total", "export", "import")] == [-1.2, 3.4, -7.3]


def test_legacy_2018_page_published_as_an_image_is_rejected_not_read_as_zero_rows(gacc_pages):
    with pytest.raises(PublishedAsImage) as raised:
        parse_release((gacc_pages / LEGACY_2018).read_bytes(), page=LEGACY_2018)
    assert raised.value.image_url == "/Excel/4-RMB.png"
    assert raised.value.page == LEGACY_2018
    assert "published as an image" in raised.value.reason and "/Excel/4-RMB.png" in raised.value.reason
    assert isinstance(raised.value, ParseError)


def test_a_page_with_neither_a_table_nor_an_image_is_rejected(gacc_pages):
    text = (gacc_pages / LEGACY_2018).read_bytes().decode("utf-8")
    reason = rejection(edit(text, "<img src ='\\Excel\\4-RMB.png'/>", "<p>Coming soon</p>"))
    assert "no data table" in reason


def test_index_page_fed_to_the_release_parser_is_rejected_as_an_index(gacc_pages):
    reason = rejection((gacc_pages / INDEX_2026).read_bytes(), page=INDEX_2026)
    assert "index page" in reason and "not a release" in reason


def test_parsing_is_deterministic_and_pure(gacc_pages):
    content = (gacc_pages / MARCH_2026).read_bytes()
    first, second = parse_release(content, page="a"), parse_release(content, page="b")
    assert first == second
    assert (gacc_pages / MARCH_2026).read_bytes() == content


# --- 2. pages in the real layout that the tests never saw --------------------------------------------


def test_usd_edition_of_the_march_page(march_text):
    parsed = parse_text(as_usd(march_text))
    assert (parsed.currency, parsed.unit, parsed.scale) == ("USD", "USD 100 Million", 100_000_000)
    assert parsed.title.endswith("Mar 2026 (in USD)")
    assert {(o.currency, o.unit) for o in parsed.observations} == {("USD", "USD 100 Million")}
    assert values(parsed)["USA", "export", "value", "month"] == 2045.0
    assert partner_rows(parsed) == list(REAL_PARTNERS)


def test_usd_edition_of_the_january_february_page(janfeb_text):
    parsed = parse_text(as_usd(janfeb_text))
    assert (parsed.currency, parsed.unit, parsed.reference_month) == ("USD", "USD 100 Million", "2025-02")
    assert len(parsed.observations) == 180


@pytest.mark.parametrize(
    "year, month, published",
    [(2026, 4, "2026/05/09"), (2026, 6, "2026/07/14"), (2025, 10, "2025/11/07"), (2025, 12, "2026/01/13")],
    ids=["apr-2026", "jun-2026", "oct-2025 (two-digit month)", "dec-2025 (published next year)"],
)
def test_another_month_in_the_real_layout(march_text, year, month, published):
    parsed = parse_text(as_month(march_text, year, month, published))
    reference = f"{year}-{month:02d}"
    assert (parsed.reference_month, parsed.publication_date) == (reference, published.replace("/", "-"))
    assert {(o.period_kind, o.period_start) for o in parsed.observations} == {
        ("month", reference),
        ("ytd", f"{year}-01"),
    }
    assert len(parsed.observations) == 270
    assert values(parsed)["USA", "export", "value", "month"] == 2045.0


def test_full_month_name_in_the_title(march_text):
    parsed = parse_text(edit(march_text, "Mar 2026", "March 2026"))
    assert parsed.reference_month == "2026-03"
    assert "March 2026" in parsed.title


def test_january_february_of_another_year(janfeb_text):
    text = edit(edit(janfeb_text, "January-February 2025", "January-February 2026"), "2025/03/11", "2026/03/07")
    parsed = parse_text(text)
    assert (parsed.reference_month, parsed.publication_date) == ("2026-02", "2026-03-07")
    assert {(o.period_kind, o.period_start) for o in parsed.observations} == {("ytd", "2026-01")}


def test_new_top_level_partner_rows_get_iso_codes(march_text):
    text = insert_after(
        march_text,
        "Canada",
        make_row(
            nbsp(3) + "Mexico",
            ["650.4", "1,850.2", "400.1", "1,150.0", "250.3", "700.2"],
            ["5.0", "6.1", "-3.2"],
            "style9",
        ),
    )
    text = insert_after(
        text,
        "Mexico",
        make_row(
            nbsp(3) + "Saudi Arabia",
            ["720.0", "2,010.5", "250.0", "710.5", "470.0", "1,300.0"],
            ["-2.5", "8.0", "-7.1"],
        ),
    )
    parsed = parse_text(text)
    rows = partner_rows(parsed)
    assert rows[rows.index(("Canada", "CAN", None)) + 1 : rows.index(("Canada", "CAN", None)) + 3] == [
        ("Mexico", "MEX", None),
        ("Saudi Arabia", "SAU", None),
    ]
    assert len(parsed.observations) == 32 * 9
    v = values(parsed)
    assert (v["MEX", "total", "value", "ytd"], v["SAU", "import", "yoy_pct", "ytd"]) == (1850.2, -7.1)


def test_new_member_rows_join_the_group_above(march_text):
    text = insert_after(
        march_text,
        "Italy",
        make_row(nbsp(17) + "Spain", ["300.2", "880.0", "200.1", "600.0", "100.1", "280.0"], ["4.0", "5.0", "2.0"]),
    )
    text = insert_after(
        text,
        "Brazil",
        make_row(
            nbsp(19) + "Mexico", ["650.4", "1,850.2", "400.1", "1,150.0", "250.3", "700.2"], ["5.0", "6.1", "-3.2"]
        ),
    )
    parsed = parse_text(text)
    rows = partner_rows(parsed)
    assert ("Spain", "ESP", "EU") in rows and ("Mexico", "MEX", "LATAM") in rows
    assert rows[rows.index(("Spain", "ESP", "EU")) + 1] == ("United States (US)", "USA", None)
    assert rows[rows.index(("Mexico", "MEX", "LATAM")) + 1] == ("Africa", "AFRICA", None)


def test_new_partner_with_a_typographic_apostrophe(march_text):
    text = insert_after(
        march_text,
        "South Africa",
        make_row(nbsp(19) + "Côte d’Ivoire", ["40.1", "120.3", "30.0", "90.1", "10.1", "30.2"], ["3.0", "4.0", "1.0"]),
    )
    rows = partner_rows(parse_text(text))
    assert ("Côte d’Ivoire", "CIV", "AFRICA") in rows


def test_label_indentation_mixing_nbsp_and_spaces(march_text):
    # Rich-text editors write "&nbsp; &nbsp;" pairs; the rendered indentation is what counts.
    text = relabel(march_text, "Germany", "&nbsp; &nbsp; &nbsp; &nbsp;of which: Germany")
    assert partner_rows(parse_text(text)) == list(REAL_PARTNERS)


# --- markup variations that read the same ----------------------------------------------------------------
# One reading for every table: markup around the rows and cells changes nothing a cell says.

MARCH_TITLE = "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"


@pytest.mark.parametrize(
    "variation",
    [
        pytest.param(lambda t: edit(t, "<tr>", "<tr><!-- row -->"), id="comments inside rows"),
        pytest.param(lambda t: edit(t, "<tbody>", "<thead></thead><tbody>"), id="an empty thead"),
        pytest.param(lambda t: edit(t, "<tbody>", "").replace("</tbody>", ""), id="rows without tbody"),
        pytest.param(
            lambda t: edit(t, "Listed countries and regions", "Listed countries and regions \ue000\ue001"),
            id="private-use characters in the notes",
        ),
        pytest.param(
            lambda t: edit(
                t,
                "https://www.yidaiyilu.gov.cn",
                '<a href="https://www.yidaiyilu.gov.cn">https://www.yidaiyilu.gov.cn</a>',
            ),
            id="a link in the notes row",
        ),
        pytest.param(
            lambda t: edit(t, "<b>2,045.0&nbsp;</b>", "<font><b>2,0<!-- x -->45.0&nbsp;</b></font>"),
            id="font and a comment around a number",
        ),
        pytest.param(
            lambda t: edit(t, 'class="atcl-ttl"', 'class="atcl-main atcl-ttl"'), id="two classes on the title block"
        ),
        pytest.param(
            lambda t: edit(t, "<b>Export &amp; Import</b>", "<b>Export &#38; Import</b>"), id="a character reference"
        ),
        pytest.param(
            lambda t: edit(t, "<tbody>", "<caption>Table 4</caption><colgroup><col><col></colgroup><tbody>"),
            id="a caption and a column group",
        ),
        pytest.param(lambda t: edit(t, "</tr>", "</tr>stray text<!-- between rows -->", 3), id="text between rows"),
        pytest.param(
            lambda t: edit(t, "<tbody>", "<tbody><font>", 1).replace("</tbody>", "</font></tbody>"),
            id="markup around the rows",
        ),
    ],
)
def test_markup_variations_read_like_the_real_page(march, march_text, variation):
    parsed = parse_text(variation(march_text))
    assert parsed == march


@pytest.mark.parametrize(
    "variation",
    [
        pytest.param(lambda t: edit(t, "</td>", "<span><tr><td>1</td></tr></span></td>", 1), id="in a cell"),
        pytest.param(
            lambda t: edit(t, "</td>", "</td><div><tr><td>1</td></tr></div>", 1), id="in markup among the cells"
        ),
    ],
)
def test_a_row_inside_another_row_is_refused(march_text, variation):
    """libxml2 keeps a <tr> where broken markup puts it, inside a cell or a row: read as a row of
    its own it would be read twice, or out of order."""
    assert "holds table rows of its own" in rejection(variation(march_text))


def test_title_block_on_another_element_is_still_compared(march_text):
    # The page title is found by class on any element, not only on divs.
    text = edit(
        march_text,
        '<div class="atcl-date">',
        f'<span class="atcl-ttl">{MARCH_TITLE.replace("Mar", "Apr")}</span><div class="atcl-date">',
    )
    assert "2 'atcl-ttl' blocks" in rejection(text)
    text = edit(
        march_text,
        f'<div class="atcl-ttl">{MARCH_TITLE}</div>',
        f'<p class="atcl-ttl">{MARCH_TITLE.replace("CNY", "USD")}</p>',
    )
    assert "differs from the table title" in rejection(text)


def test_title_block_class_spelled_with_a_character_reference_is_still_found(march_text):
    text = edit(
        march_text,
        f'<div class="atcl-ttl">{MARCH_TITLE}</div>',
        f'<p class="atcl&#45;ttl">{MARCH_TITLE.replace("CNY", "USD")}</p>',
    )
    assert "differs from the table title" in rejection(text)


def test_title_block_on_the_title_row_itself(march, march_text):
    text = edit(edit(march_text, f'<div class="atcl-ttl">{MARCH_TITLE}</div>', ""), "<tr>", '<tr class="atcl-ttl">', 1)
    assert parse_text(text) == march


# --- the sample site's pages ---------------------------------------------------------------------------


SAMPLE_SECTION4 = [
    Release("2025-06", 4, "USD", "preliminary"),
    Release("2025-02", 4, "CNY", "monthly_bulletin"),
    Release("2019-11", 4, "CNY", "monthly_bulletin"),
]
SAMPLE_SECTION1 = [
    Release("2024-12", 1, "USD", "monthly_bulletin"),
    Release("2026-02", 1, "CNY", "preliminary"),
    Release("2025-06", 1, "USD", "preliminary"),
]


def parse_sample(release: Release, text: str) -> ParsedRelease:
    context = PageContext(release.section, release.currency, release.reference_month, release.release_kind)
    return parse_release(text.encode("utf-8"), page=release.page_path, context=context)


def assert_model_figures(parsed: ParsedRelease, release: Release) -> None:
    """Every number as the sample site's model has it: values (kept in 100 million) to the
    rounding of the page's own unit, year-on-year % as printed."""
    figures = release_figures(release.reference_month, release.release_kind, release.currency)
    for o in parsed.observations:
        row = figures[o.partner_code]
        if o.measure == "value":
            model = getattr(row, o.period_kind)[o.flow] * 100_000_000
            assert abs(o.value * o.scale - model) <= 0.0501 * o.scale, o
        else:
            assert o.value == float(format_pct(getattr(row, f"{o.period_kind}_yoy")[o.flow])), o


@pytest.mark.parametrize("release", SAMPLE_SECTION4, ids=lambda r: r.key)
def test_sample_site_section4_page_parses_to_its_figures(release):
    text = render_release(release)
    parsed = parse_sample(release, text)
    assert (parsed.section, parsed.currency, parsed.reference_month) == (4, release.currency, release.reference_month)
    assert parsed.unit in text and parsed.scale in (1_000_000, 100_000_000)
    assert parsed.publication_date == release.published_on.isoformat()
    codes = [code for _, code, _ in partner_rows(parsed)]
    assert codes[0] == "WORLD" and set(codes) <= {p.code for p in PARTNERS} and len(codes) >= 20
    periods = {"ytd"} if release.is_january_february else {"month", "ytd"}
    assert {o.period_kind for o in parsed.observations if o.measure == "value"} == periods
    assert_model_figures(parsed, release)


@pytest.mark.parametrize("release", SAMPLE_SECTION1, ids=lambda r: r.key)
def test_sample_site_section1_page_parses_to_world_totals(release):
    parsed = parse_sample(release, render_release(release))
    assert (parsed.section, parsed.currency, parsed.reference_month) == (1, release.currency, release.reference_month)
    assert parsed.publication_date == release.published_on.isoformat()
    assert {(o.partner, o.partner_code, o.parent_code) for o in parsed.observations} == {("Total", "WORLD", None)}
    assert {o.flow for o in parsed.observations} == {"total", "export", "import"}  # the balance is checked, not emitted
    assert_model_figures(parsed, release)
    assert {o.period_start for o in parsed.observations if o.period_kind == "ytd"} == {
        release.reference_month[:4] + "-01"
    }


def fmt(x: float) -> str:
    return f"{x:,.1f}"


SECTION1_LABELS = {"total": "Export & Import", "export": "Export", "import": "Import", "balance": "Trade Balance"}


def section1_with(
    text: str,
    *,
    total: tuple[float, float],
    export: tuple[float, float],
    imports: tuple[float, float],
    balance: tuple[float, float],
) -> str:
    """The sample section (1) page with these (month, year-to-date) figures per row."""
    for flow, (month, ytd) in {"total": total, "export": export, "import": imports, "balance": balance}.items():
        text = set_row(text, SECTION1_LABELS[flow], [fmt(month), fmt(ytd)], ["1.0", "2.0"])
    return text


def test_section1_trade_deficit_parses(section1_text):
    # The balance may be negative (a deficit); only trade values must not be.
    text = section1_with(
        section1_text, total=(2200, 13000), export=(1000, 6000), imports=(1200, 7000), balance=(-200, -1000)
    )
    v = values(parse_text(text))
    assert (
        v["WORLD", "export", "value", "month"],
        v["WORLD", "import", "value", "ytd"],
        v["WORLD", "total", "value", "ytd"],
    ) == (1000.0, 7000.0, 13000.0)


# --- 4. every rejection reason, from realistic pages ---------------------------------------------------
# (the hostile corpus in tests/support/hostile.py covers damaged bytes, bad cells, unknown partner, header and
# unit disagreements; these cover the rest)


def _drop_last_column(text: str) -> str:
    """The March page without its Import year-on-year column, colspans adjusted."""

    def drop(match: re.Match) -> str:
        row = match.group(0)
        cells = list(re.finditer(r"<td[^>]*>.*?</td>", row, re.S))
        return row[: cells[-1].start()] + row[cells[-1].end() :] if len(cells) == 10 else row

    text = _TR.sub(drop, text)
    return edit(edit(text, 'colspan="10"', 'colspan="9"'), 'colspan="3"', 'colspan="2"')


def _move_notes_before(text: str, name: str) -> str:
    notes = [m.group(0) for m in _TR.finditer(text) if "Note:" in m.group(0)]
    assert len(notes) == 1
    text = edit(text, notes[0], "", 1)
    row = find_row(text, name)
    return edit(text, row, notes[0] + row, 1)


def _move_row_after(text: str, name: str, after: str, new_label_html: str) -> str:
    row = find_row(text, name)
    text = edit(text, row, "", 1)
    return insert_after(
        text, after, row.replace(f"<span>{label_html(row)}</span>", f"<span>{new_label_html}</span>", 1)
    )


SECTION4_REJECTIONS = [
    # title, page title, publication date
    (
        "page title differs from table title",
        lambda t: edit(
            t,
            "atcl-ttl\">(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)",
            "atcl-ttl\">(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in USD)",
        ),
        "differs from the table title",
    ),
    (
        "two page titles",
        lambda t: edit(
            t,
            '<div class="atcl-date">',
            '<div class="atcl-ttl">(4) China\'s Total Export & Import Values by Country/Region, Mar 2026 (in CNY)</div>'
            '<div class="atcl-date">',
        ),
        "2 'atcl-ttl' blocks",
    ),
    ("no publication date", lambda t: edit(t, '<div class="atcl-date">2026/04/08</div>', ""), "no publication date"),
    (
        "publication date not a date",
        lambda t: edit(t, "2026/04/08", "2026/04/31"),
        "publication date '2026/04/31' is not a date",
    ),
    (
        "published before the month ended",
        lambda t: edit(t, "2026/04/08", "2026/03/31"),
        "publication date 2026-03-31 is not after the reference month Mar 2026",
    ),
    (
        "title in another currency",
        lambda t: edit(edit(t, "(in CNY)", "(in EUR)"), "Unit: CNY", "Unit: EUR"),
        "title currency 'EUR' is not one of CNY, USD",
    ),
    (
        "table this parser does not read",
        lambda t: edit(t, "by Country/Region, Mar 2026", "by Trade Mode, Mar 2026"),
        "names a table this parser does not read (by trade mode)",
    ),
    ("title year out of range", lambda t: edit(t, "Mar 2026", "Mar 0000"), "0 is not a plausible release year"),
    # unit and table shape
    (
        "unit with a zero multiplier",
        lambda t: edit(t, "Unit: CNY 100 Million", "Unit: CNY 0 Million"),
        "zero multiplier",
    ),
    (
        "unit row split in two cells",
        lambda t: edit(
            t,
            '<td colspan="10" align="right" class="style2">\r\n\t\t\t\t<span><b>Unit: CNY 100 Million</b></span>',
            '<td colspan="5" align="right" class="style2"><span><b>Unit:</b></span></td><td colspan="5"><span><b>CNY '
            "100 Million</b></span>",
        ),
        "the unit row has 2 cells",
    ),
    (
        "title row narrower than the table",
        lambda t: edit(t, 'colspan="10"', 'colspan="9"', 1),
        "the title and unit rows span 9 columns but the header has 10",
    ),
    (
        "table with only a title and a unit",
        lambda t: re.sub(r"(</tr>.*?</tr>).*(</tbody>)", r"\1\2", t, count=1, flags=re.S),
        "the table has 2 rows, too few",
    ),
    ("rowspan in the data", lambda t: edit(t, '<td class="style5">', '<td class="style5" rowspan="2">', 1), "rowspan"),
    ("colspan that is not a number", lambda t: edit(t, 'colspan="3"', 'colspan="three"'), "bad colspan 'three'"),
    ("colspan in superscript digits", lambda t: edit(t, 'colspan="3"', 'colspan="³"'), "bad colspan '³'"),
    # headers
    ("unknown header", lambda t: edit(t, "<b>Export</b>", "<b>Re-export</b>", 1), "unknown header 'Re-export'"),
    (
        "unknown header above the label column",
        lambda t: edit(t, "<b>Import Source</b>", "<b>Partner</b>"),
        "unknown header 'Partner' above the label column",
    ),
    (
        "header naming two flows",
        lambda t: edit(t, "<b>3</b>", "<b>Export</b>", 1),
        "does not name one flow and one period",
    ),
    (
        "header rows of different widths",
        lambda t: edit(
            t,
            '<td align="center" class="style3" bgcolor="#C0C0C0">\r\n\t\t\t\t<span><b>1- '
            "to-3</b></span>\r\n\t\t\t</td>",
            "",
            1,
        ),
        "header rows have 10 and 9 columns",
    ),
    (
        "section 4 column without a flow",
        lambda t: edit(t, "<b>Export &amp; Import</b>", "<b>Value</b>", 1),
        "column 'value month' names no flow, unlike the other columns of the table by country/region",
    ),
    (
        "two columns with one heading",
        lambda t: edit(t, "<b>Import</b>", "<b>Export</b>", 2),
        "two columns are headed 'export value month'",
    ),
    ("missing column", _drop_last_column, "missing column(s): import yoy_pct ytd"),
    # rows
    (
        "notes row in the middle",
        lambda t: _move_notes_before(t, "Jointly build the countries along Belt and Road Routes"),
        "notes row appears before the end of the table",
    ),
    ("empty label", lambda t: relabel(t, "Canada", nbsp(3)), "empty label"),
    (
        "markup nested deeper than any release page",
        lambda t: edit(t, "<b>2,045.0&nbsp;</b>", "<span>" * 8 + "2,045.0" + "</span>" * 8),
        "nests its markup deeper",
    ),
    ("no Total row", lambda t: remove_row(t, "Total"), "no 'Total' row"),
    (
        "one partner under two labels",
        lambda t: relabel(t, "Canada", nbsp(3) + "United States"),
        "duplicate partner: 'United States (US)' and 'United States' are both USA",
    ),
    # groups
    (
        "'of which' under a country",
        lambda t: relabel(t, "Canada", nbsp(9) + "of which: Canada"),
        "'of which: Canada' does not follow a group row",
    ),
    (
        "'of which' not indented under its group",
        lambda t: relabel(t, "Germany", nbsp(1) + "of which: Germany"),
        "'of which: Germany' is not indented under 'European Union'",
    ),
    (
        "aggregate listed as a member",
        lambda t: _move_row_after(
            t,
            "Regional Comprehensive Economic Partnership",
            "Italy",
            nbsp(17) + "Regional Comprehensive Economic Partnership",
        ),
        "aggregate 'Regional Comprehensive Economic Partnership' is listed as a member of EU",
    ),
    # arithmetic
    (
        "total is not export plus import",
        lambda t: edit(t, "<b>2,921.1&nbsp;</b>", "<b>2,931.1&nbsp;</b>"),
        "row 'United States (US)': month Export & Import 2931.1 is not Export 2045.0 + Import 876.1",
    ),
    (
        "month above the year to date",
        lambda t: set_row(
            t,
            "United States (US)",
            ["9,100.0", "9,016.7", "6,800.0", "6,777.6", "2,300.0", "2,239.0"],
            ["-18.7", "-18.3", "-19.7"],
        ),
        "row 'United States (US)': total month value 9100.0 exceeds the year-to-date value 9016.7",
    ),
    (
        "year-on-year fall of more than 100%",
        lambda t: edit(t, "<b>-18.7</b>", "<b>-118.7</b>"),
        "row 'United States (US)', column 'total yoy_pct ytd': year-on-year -118.7% is a fall of more than 100%",
    ),
    (
        "fullwidth digits in a value",
        lambda t: edit(t, "<b>2,045.0&nbsp;</b>", "<b>２,０４５.０&nbsp;</b>"),
        "row 'United States (US)', column 'export value month': not a number: '２,０４５.０'",
    ),
    # encoding
    ("page saved in GB18030", lambda t: t.encode("gb18030"), "not UTF-8 text"),
]


def test_checks_across_rows_are_left_to_quality_gate_1(march_text):
    # A member above its group, or a partner above the Total, is caught by gate 1
    # (members_within_group, partner_within_world), which tests/quality/test_quality.py drives end to end
    # through the parser: the parser checks each row on its own.
    text = set_row(
        march_text,
        "Italy",
        ["5,453.6", "16,425.8", "3,293.5", "9,988.1", "2,160.1", "6,437.7"],
        ["18.1", "22.5", "9.1"],
    )
    assert values(parse_text(text))["ITA", "total", "value", "month"] == 5453.6


@pytest.mark.parametrize(
    "damage, expected", [(d, e) for _, d, e in SECTION4_REJECTIONS], ids=[name for name, _, _ in SECTION4_REJECTIONS]
)
def test_section4_page_rejected_with_the_reason_named(march_text, damage, expected):
    bad = damage(march_text)
    assert bad != march_text and bad != march_text.encode("utf-8")
    assert expected in rejection(bad)


JANFEB_REJECTIONS = [
    (
        "single-month column in a January-February release",
        lambda t: edit(t, "<b>1- to-2</b>", "<b>2</b>", 1),
        "says January-February 2025 (January-to-month figures only) but the header has single-month columns",
    ),
    (
        "published before February ended",
        lambda t: edit(t, "2025/03/11", "2025/02/28"),
        "is not after the reference month January-February 2025",
    ),
]


@pytest.mark.parametrize(
    "damage, expected", [(d, e) for _, d, e in JANFEB_REJECTIONS], ids=[name for name, _, _ in JANFEB_REJECTIONS]
)
def test_january_february_page_rejected_with_the_reason_named(janfeb_text, damage, expected):
    assert expected in rejection(damage(janfeb_text))


SECTION1_REJECTIONS = [
    (
        "trade balance is not export minus import",
        lambda t: section1_with(t, total=(2200, 13000), export=(1200, 7000), imports=(1000, 6000), balance=(500, 1000)),
        "month Trade Balance 500.0 is not Export 1200.0 − Import 1000.0",
    ),
    (
        "export and import do not add up",
        lambda t: section1_with(t, total=(2300, 13000), export=(1200, 7000), imports=(1000, 6000), balance=(200, 1000)),
        "month Export & Import 2300.0 is not Export 1200.0 + Import 1000.0",
    ),
    (
        "month above the year to date",
        lambda t: section1_with(
            t, total=(14000, 13000), export=(8000, 7000), imports=(6000, 6000), balance=(2000, 1000)
        ),
        "total month value exceeds the year-to-date value",
    ),
    (
        "unknown row",
        lambda t: relabel(t, "Trade Balance", nbsp(3) + "Trade Surplus"),
        "unknown row 'Trade Surplus' in the totals table",
    ),
    ("row listed twice", lambda t: relabel(t, "Import", nbsp(3) + "Export"), "duplicate row 'Export'"),
    ("balance row missing", lambda t: remove_row(t, "Trade Balance"), "totals table lacks row(s): balance"),
    (
        "column naming a flow",
        lambda t: edit(t, "<b>Value</b>", "<b>Export</b>", 1),
        "the label column is headed 'Item' but the columns are those of a table by country/region",
    ),
]


@pytest.mark.parametrize(
    "damage, expected", [(d, e) for _, d, e in SECTION1_REJECTIONS], ids=[name for name, _, _ in SECTION1_REJECTIONS]
)
def test_section1_page_rejected_with_the_reason_named(section1_text, damage, expected):
    assert expected in rejection(damage(section1_text))


# --- 5. the command line ------------------------------------------------------------------------------


CLI = Path(sys.executable).with_name("customs-wh")


def run_parse(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), "parse", *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def bad_page(tmp_path_factory, gacc_pages) -> tuple[Path, str]:
    """A release page whose page title and table title disagree, saved under a long path."""
    text = (gacc_pages / MARCH_2026).read_bytes().decode("utf-8")
    path = tmp_path_factory.mktemp("cli") / "section4_by_country_2026-03_usd_page_title_disagrees_with_table.html"
    path.write_bytes(
        edit(
            text,
            "atcl-ttl\">(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)",
            "atcl-ttl\">(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in USD)",
        ).encode("utf-8")
    )
    return path, rejection(path.read_bytes(), page=str(path))


def test_cli_jsonl_prints_one_contract_object_per_observation(gacc_pages, march):
    result = run_parse(gacc_pages / MARCH_2026, "--format", "jsonl")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) == 270
    objects = [json.loads(line) for line in lines]
    assert {tuple(o) for o in objects} == {CONTRACT_FIELDS}
    assert CONTRACT_FIELDS == OBSERVATION_FIELDS
    assert objects == [o.to_dict() for o in march.observations]
    assert objects[0] == {
        "section": 4,
        "currency": "CNY",
        "unit": "CNY 100 Million",
        "scale": 100000000,
        "reference_month": "2026-03",
        "publication_date": "2026-04-08",
        "partner": "Total",
        "partner_code": "WORLD",
        "parent_code": None,
        "flow": "total",
        "measure": "value",
        "period_kind": "month",
        "period_start": "2026-03",
        "value": 41046.4,
        "decimals": 1,
        "is_derived": False,
    }
    us_export = [
        o for o in objects if o["partner_code"] == "USA" and o["flow"] == "export" and o["period_kind"] == "month"
    ]
    assert [(o["partner"], o["value"]) for o in us_export] == [("United States (US)", 2045.0)]


def test_cli_csv_prints_a_header_and_one_row_per_observation(gacc_pages):
    result = run_parse(gacc_pages / JANFEB_2025, "--format", "csv")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(CONTRACT_FIELDS)
    assert len(lines) == 1 + 180
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    total = [r for r in rows if r["partner_code"] == "WORLD" and r["measure"] == "value"]
    assert [(r["flow"], r["value"], r["period_start"]) for r in total] == [
        ("total", "65363.6", "2025-01"),
        ("export", "38812.1", "2025-01"),
        ("import", "26551.5", "2025-01"),
    ]
    assert {r["parent_code"] for r in rows if r["partner_code"] == "USA"} == {""}
    assert {r["parent_code"] for r in rows if r["partner"] == "Germany"} == {"EU"}


def test_cli_with_a_good_and_a_bad_file_prints_only_the_good_observations(gacc_pages, march, bad_page):
    bad, reason = bad_page
    result = run_parse(gacc_pages / MARCH_2026, bad, "--format", "jsonl")
    assert result.returncode != 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [o.to_dict() for o in march.observations]
    assert result.stderr.splitlines() == [f"error: {bad}: {reason}"]  # one line, however long


def test_cli_bad_file_alone_prints_nothing_on_stdout(bad_page):
    bad, _ = bad_page
    result = run_parse(bad)
    assert (result.returncode != 0, result.stdout) == (True, "")


def test_cli_reads_a_bare_title_with_the_index_context(tmp_path, march):
    text = (GACC_PAGES / MARCH_2026).read_bytes().decode("utf-8")
    bare = "China's Total Export & Import Values by Country/Region"
    text = text.replace(
        "(4) China's Total Export &amp; Import Values by Country/Region, Mar 2026 (in CNY)", bare
    ).replace("(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)", bare)
    page = tmp_path / "bare_title.html"
    page.write_text(text, encoding="utf-8")
    result = run_parse(page, "--section", "4", "--currency", "CNY", "--month", "2026-03")
    assert (result.returncode, result.stderr) == (0, "")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [o.to_dict() for o in march.observations]
    contradicted = run_parse(page, "--currency", "USD")
    assert contradicted.returncode == 1 and contradicted.stdout == ""
    assert "the index says USD but the unit row says 'CNY 100 Million'" in contradicted.stderr


def test_cli_rejects_a_context_that_is_not_a_table_or_a_month(tmp_path):
    for option, value in (("--section", "2"), ("--month", "2026-3"), ("--currency", "EUR")):
        result = run_parse(tmp_path / "any.html", option, value)
        assert result.returncode == 2 and result.stdout == "" and value in result.stderr


def test_cli_prints_commodity_observations_in_their_own_contract(tmp_path):
    from commodity_pages import CommodityPage
    from customs_wh.contracts import COMMODITY_OBSERVATION_FIELDS

    page = tmp_path / "exports_may_2026.html"
    page.write_text(CommodityPage().render(), encoding="utf-8")
    result = run_parse(page, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COMMODITY_OBSERVATION_FIELDS
    hi_tech = [r for r in rows if r["commodity_code"] == "hi_tech_products" and r["period_start"] == "2026-01"]
    assert {(r["measure"], r["value"], r["is_aggregate"]) for r in hi_tech} == {
        ("value", "33711.0", "True"),
        ("value_yoy_pct", "30.9", "True"),
    }
    mixed = run_parse(page, GACC_PAGES / MARCH_2026, "--format", "csv")
    assert mixed.returncode == 1 and "cannot share one CSV" in mixed.stderr
