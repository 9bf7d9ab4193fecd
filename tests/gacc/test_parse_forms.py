"""A page is read by its meaning: in any form GACC prints it, it gives the same numbers as its
canonical form; where its evidence contradicts itself, it is rejected with the reason.

The forms are generated (gacc_forms): title prefixes, subject wordings, month spellings,
dashes, currency names and qualifiers, whitespace, unit-row and header wording, markup, date
orders. The real pages in tests/data/gacc_pages are the canonical forms.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customs_wh.contracts import PageContext, ParseError
from customs_wh.gacc.parse import parse_release
from gacc_forms import (
    MARKUPS,
    month_headers,
    publication_dates,
    relabel_month,
    release_page,
    replace_cells,
    titles,
    totals_table,
    usd_edition,
    with_date,
    with_title,
    with_unit,
    yoy_headers,
    ytd_headers,
)
from repo_paths import GACC_PAGES

MARCH = (GACC_PAGES / "section4_by_country_2026-03_cny.html").read_bytes().decode("utf-8")
JANFEB = (GACC_PAGES / "section4_by_country_2025-02_janfeb_cny.html").read_bytes().decode("utf-8")
MARCH_TITLE = "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"
JANFEB_TITLE = "(4) China's Total Export & Import Values by Country/Region, January-February 2025 (in CNY)"
YOY_MARCH = (
    '<span class="font1">1-to-3 Total Year-on-Year (</span><span class="font2">±</span><span class="font1">%)</span>'
)
YOY_JANFEB = (
    '<span class="font1">1-to-2 Total Year-on-Year (</span><span class="font2">±</span><span class="font3">%)</span>'
)
UNIT_FORMS = ["Unit: {} 100 Million", "Value Unit: {} 100 Million", "Unit:{} 100 Million", "Unit: {}  100 Million"]
FORMS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(text: str, context: PageContext | None = None):
    return parse_release(text.encode("utf-8"), page="form.html", context=context)


def facts(parsed) -> tuple:
    """Everything a page gives the warehouse (the title as printed aside)."""
    return (parsed.section, parsed.currency, parsed.unit, parsed.scale, parsed.reference_month,
            parsed.publication_date, parsed.observations)  # fmt: skip


def rejection(text: str, context: PageContext | None = None) -> str:
    with pytest.raises(ParseError) as raised:
        parse(text, context)
    assert str(raised.value).startswith("form.html: ") and "\n" not in str(raised.value)
    return raised.value.reason


CANONICAL_MARCH = facts(parse(MARCH))
CANONICAL_JANFEB = facts(parse(JANFEB))


# --- the listed real forms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        MARCH_TITLE,
        "China's Total Export & Import Values by Country/Region, March 2026 (in CNY)",  # no "(N)", as in 2018
        "China's Total Value of Imports and Exports by Major Country (Region), Mar. 2026",  # 2018 wording, no currency
        "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in RMB)",
        "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (RMB)",
        "(4) China's Total Export & Import Values by Country/Region, March 2026 (Only March, in CNY)",
        "(4) China's Total Export & Import Values by Country/Region, Mar 2026(in CNY)",
        "China's Total Export & Import Values by Country/Region (in CNY)",  # no date: the header and date say
        "(3) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)",  # misnumbered, as in 2020
        "（4）China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)",
    ],
)
def test_every_listed_title_form_reads_the_march_page(title):
    assert facts(parse(with_title(MARCH, title, title))) == CANONICAL_MARCH


@pytest.mark.parametrize(
    "period",
    ["January-February 2025", "Jan-Feb 2025", "Jan.-Feb. 2025", "January – February 2025", "January—February 2025",
     "Jan. - Feb.2025", "Feb 2025", "February 2025"],
)  # fmt: skip
def test_every_january_february_form_reads_the_combined_page(period):
    title = f"(4) China's Total Export & Import Values by Country/Region, {period} (in CNY)"
    assert facts(parse(with_title(JANFEB, title, title))) == CANONICAL_JANFEB


def test_the_2020_combined_page_printed_as_section_3_is_read_as_the_table_by_country():
    title = "(3) China's Total Export & Import Values by Country/Region, January-February 2020 (in CNY)"
    text = with_date(with_title(JANFEB, title, title), "2020/03/07")
    parsed = parse(text, PageContext(section=4, currency="CNY", reference_month="2020-02"))
    assert (parsed.section, parsed.reference_month) == (4, "2020-02")
    assert parsed.observations == tuple(o._replace(reference_month="2020-02", publication_date="2020-03-07",
                                                   period_start="2020-01") for o in CANONICAL_JANFEB[-1])  # fmt: skip


def test_the_unit_straight_in_its_cell_as_in_august_and_september_2025():
    assert facts(parse(with_unit(MARCH, "Unit: CNY 100 Million", "plain"))) == CANONICAL_MARCH
    assert facts(parse(with_unit(MARCH, "Value Unit: CNY 100 Million", "span"))) == CANONICAL_MARCH


def test_an_ordinary_february_is_read_by_its_headers_never_assumed_combined():
    parsed = parse(relabel_month(MARCH, 2026, 2, "2026/03/10"))
    assert parsed.reference_month == "2026-02"
    assert {(o.period_kind, o.period_start) for o in parsed.observations} == {("month", "2026-02"), ("ytd", "2026-01")}


def test_a_january_release_of_2018_and_2019_is_read():
    # January on its own: its January-to-month columns are the month.
    title = "China's Total Value of Imports and Exports by Major Country (Region), Jan. 2019"
    text = replace_cells(replace_cells(JANFEB, "1- to-2", "1- to-1"), "1-to-2", "1-to-1")
    parsed = parse(with_date(with_title(text, title, title), "02/14/2019"))
    assert (parsed.reference_month, parsed.publication_date) == ("2019-01", "2019-02-14")
    assert {(o.period_kind, o.period_start) for o in parsed.observations} == {("ytd", "2019-01")}


def test_a_january_page_whose_month_and_cumulative_columns_differ_is_rejected():
    assert "January value" in rejection(relabel_month(MARCH, 2019, 1, "2019/02/14"))


# --- generated forms -----------------------------------------------------------------------------


@FORMS
@given(
    st.data(),
    st.sampled_from(["CNY", "USD"]),
    MARKUPS,
    MARKUPS,
    st.sampled_from(UNIT_FORMS),
)
def test_any_form_of_the_march_page_reads_the_same(data, currency, title_markup, unit_markup, unit):
    base = MARCH if currency == "CNY" else replace_cells(MARCH, "(in CNY)", "(in USD)")
    canonical = facts(parse(with_unit(base, f"Unit: {currency} 100 Million")))
    table_title = data.draw(titles(4, 2026, 3, currency), label="table title")
    page_title = data.draw(st.one_of(st.none(), titles(4, 2026, 3, currency)), label="page title")
    text = with_title(base, table_title, page_title, title_markup)
    text = with_unit(text, unit.format(currency), unit_markup)
    text = replace_cells(text, "<b>3</b>", f"<b>{data.draw(month_headers(3), label='month header')}</b>")
    text = replace_cells(text, "<b>1- to-3</b>", f"<b>{data.draw(ytd_headers(3), label='ytd header')}</b>")
    text = replace_cells(text, YOY_MARCH, data.draw(yoy_headers(3), label="yoy header"))
    text = with_date(text, data.draw(publication_dates(2026, 4, 8), label="date"))
    assert facts(parse(text)) == canonical


@FORMS
@given(st.data(), MARKUPS)
def test_any_form_of_the_january_february_page_reads_the_same(data, markup):
    table_title = data.draw(titles(4, 2025, 2, "CNY", cumulative=data.draw(st.booleans())), label="table title")
    text = with_title(JANFEB, table_title, None, markup)
    text = replace_cells(text, "<b>1- to-2</b>", f"<b>{data.draw(ytd_headers(2), label='ytd header')}</b>")
    text = replace_cells(text, YOY_JANFEB, data.draw(yoy_headers(2), label="yoy header"))
    text = with_date(text, data.draw(publication_dates(2025, 3, 11), label="date"))
    assert facts(parse(text)) == CANONICAL_JANFEB


CELL_MARKUP = st.sampled_from(
    [
        ("<span><b>", "</b></span>"),
        ("<span>", "</span>"),
        ("", ""),
        ("<font><strong>", "</strong></font>"),
        ("<span><b>\n\t", "\n</b></span>"),
        ("<span><!-- cell --><b>", "</b></span>"),
    ]
)


@FORMS
@given(CELL_MARKUP, st.sampled_from(["", "&nbsp;", " ", "&nbsp;&nbsp;"]))
def test_any_markup_around_the_figures_reads_the_same(markup, padding):
    opening, closing = markup
    text = MARCH.replace("<span><b>", "\x00").replace("</b></span>", "\x01")
    text = text.replace("&nbsp;\x01", padding + "\x01").replace("\x00", opening).replace("\x01", closing)
    assert facts(parse(text)) == CANONICAL_MARCH


@FORMS
@given(st.data())
def test_a_bare_title_reads_as_the_pipeline_reads_it_with_the_index_context(data):
    title = data.draw(titles(4, 2026, 3, "CNY", dated=False, named=False))
    text = with_title(MARCH, title, title)
    context = PageContext(section=4, currency="CNY", reference_month="2026-03")
    assert facts(parse(text, context)) == CANONICAL_MARCH
    assert facts(parse(text)) == CANONICAL_MARCH  # the unit row, the headers and the date are enough


# --- the USD edition and the scale ---------------------------------------------------------------


def test_the_usd_edition_as_gacc_prints_it():
    parsed = parse(usd_edition(MARCH))
    assert (parsed.currency, parsed.unit, parsed.scale) == ("USD", "USD1 Million", 10**6)
    world = {(o.flow, o.period_kind): o.value for o in parsed.observations
             if o.partner_code == "WORLD" and o.measure == "value"}  # fmt: skip
    assert world["export", "ytd"] == pytest.approx(68466.7 * 100 / 7.1, abs=0.06)


def test_a_unit_row_that_does_not_fit_the_figures_is_rejected():
    # USD-million figures under "USD 100 Million": a hundred times China's trade.
    reason = rejection(with_unit(usd_edition(MARCH), "Unit: USD 100 Million"))
    assert "the unit row says 'USD 100 Million'" in reason and "does not fit the figures" in reason
    # CNY 100 Million figures under "USD1 Million" (title and unit both USD): a hundredth of it.
    text = with_unit(replace_cells(MARCH, "(in CNY)", "(in USD)"), "Unit: USD1 Million")
    assert "does not fit the figures" in rejection(text)


def test_the_june_2025_page_titled_cny_over_a_usd_unit_row_never_loads():
    title = "(4) China's Total Export & Import Values by Country/Region, Jun 2025 (in CNY)"
    text = with_title(relabel_month(usd_edition(MARCH), 2025, 6, "2025/07/14"), title, title)
    assert "says CNY but the unit row says 'USD1 Million'" in rejection(text)


# --- the totals table (1) --------------------------------------------------------------------------

NOVEMBER_2024 = {  # USD 100 Million, as published for November 2024
    "total": (5271.8, 55967.4, 0.9, 2.1, 3.6),
    "export": (3123.1, 32407.1, 1.1, 6.7, 5.4),
    "import": (2148.7, 23560.3, 0.8, -3.9, 1.2),
    "balance": (974.4, 8846.8, None, None, None),
}
TOTALS_TITLE = "(1) China's Total Export & Import Values, November 2024 (in USD)"


def totals_page(layout: str, figures=NOVEMBER_2024, month: int = 11, title=TOTALS_TITLE, date="2024/12/07") -> str:
    return release_page(title, date, totals_table(layout, month, title, "Unit: USD 100 Million", figures))


def test_the_totals_table_reads_the_same_in_the_sample_and_the_reconstructed_real_layout():
    sample, real = parse(totals_page("sample")), parse(totals_page("reconstructed"))
    assert facts(sample) == facts(real)
    values = {(o.flow, o.measure, o.period_kind): o.value for o in real.observations}
    assert values["total", "value", "ytd"] == 55967.4 and values["import", "yoy_pct", "month"] == -3.9
    assert {o.measure for o in real.observations} == {"value", "yoy_pct"}  # month-on-month read, not emitted
    assert {o.partner_code for o in real.observations} == {"WORLD"}


def test_the_totals_table_of_january_february_in_both_layouts():
    figures = {flow: (None, ytd, None, None, yoy) for flow, (_, ytd, _, _, yoy) in NOVEMBER_2024.items()}
    title = "(1) China's Total Export & Import Values, January-February 2020 (in USD)"
    sample = parse(totals_page("sample", figures, 2, title, "2020/03/07"))
    real = parse(totals_page("reconstructed", figures, 2, title, "2020/03/07"))
    assert facts(sample) == facts(real)
    assert {o.period_kind for o in real.observations} == {"ytd"}


def test_a_dash_in_the_balance_row_is_not_printed_never_zero():
    parsed = parse(totals_page("reconstructed"))
    assert not [o for o in parsed.observations if o.value == 0]
    assert "month Trade Balance 974.0" in rejection(
        totals_page("reconstructed", {**NOVEMBER_2024, "balance": (974.0, 8846.8, None, None, None)})
    )


# --- contradictions ------------------------------------------------------------------------------

CONTRADICTIONS = {
    "title currency against the unit row": (
        lambda t: with_title(t, MARCH_TITLE.replace("CNY", "USD"), MARCH_TITLE.replace("CNY", "USD")),
        ("says USD", "CNY 100 Million"),
    ),
    "title month against the header": (
        lambda t: with_title(t, MARCH_TITLE.replace("Mar", "Apr"), None),
        ("says Apr 2026", "month 3"),
    ),
    "page title against table title": (
        lambda t: with_title(t, MARCH_TITLE, MARCH_TITLE.replace("Mar", "Feb")),
        ("page title", "differs from the table title"),
    ),
    "title names another table": (
        lambda t: with_title(
            t,
            MARCH_TITLE.replace(
                "Total Export & Import Values by Country/Region", "Major Exports by Quantity and Value"
            ),
            None,
        ),  # fmt: skip
        ("names table (5)", "by country/region (4)"),
    ),
    "qualifier month against the header": (
        lambda t: with_title(t, MARCH_TITLE.replace("(in CNY)", "(Only April, in CNY)"), None),
        ("Only April", "month 3"),
    ),
    "a cumulative title over single-month columns": (
        lambda t: with_title(t, MARCH_TITLE.replace("Mar 2026", "January-March 2026"), None),
        ("January-March 2026", "single-month columns"),
    ),
}
CONTEXT_CONTRADICTIONS = {
    "index section": (PageContext(section=1), ("the index names table (1)", "by country/region (4)")),
    "index currency": (PageContext(currency="USD"), ("the index says USD", "CNY 100 Million")),
    "index month": (PageContext(reference_month="2026-04"), ("the index says Apr 2026", "month 3")),
    "index year": (PageContext(reference_month="2025-03"), ("Mar 2026", "Mar 2025")),
}


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_a_page_contradicting_itself_is_rejected_naming_both_sides(name):
    damage, words = CONTRADICTIONS[name]
    reason = rejection(damage(MARCH))
    assert all(word in reason for word in words), reason


@pytest.mark.parametrize("name", sorted(CONTEXT_CONTRADICTIONS))
def test_a_page_contradicting_its_index_row_is_rejected(name):
    context, words = CONTEXT_CONTRADICTIONS[name]
    reason = rejection(MARCH, context)
    assert all(word in reason for word in words), reason


@FORMS
@given(
    st.data(),
    st.sampled_from(["currency", "month", "year", "table"]),
    st.sampled_from(["table title", "page title", "context"]),
)
def test_any_one_contradiction_in_any_form_is_rejected(data, what, where):
    """Every piece of evidence in a generated form, one of them contradicting the rest."""
    wrong = {
        "currency": dict(currency="USD"),
        "month": dict(month=4),
        "year": dict(year=2025),
        "table": dict(section=1),
    }[what]
    section, year, month, currency = (
        wrong.get("section", 4),
        wrong.get("year", 2026),
        wrong.get("month", 3),
        wrong.get("currency", "CNY"),
    )
    if where == "context":
        context = PageContext(section=section, currency=currency, reference_month=f"{year}-{month:02d}")
        title = data.draw(titles(4, 2026, 3, "CNY"))
        text, page_title = with_title(MARCH, title, None), None
    else:
        context = None
        bad = data.draw(titles(section, year, month, currency, dated=what in ("month", "year") or None,
                               named=what == "currency" or None))  # fmt: skip
        good = data.draw(titles(4, 2026, 3, "CNY", dated=True, named=True))
        table_title, page_title = (bad, good) if where == "table title" else (good, bad)
        text = with_title(MARCH, table_title, page_title)
    with pytest.raises(ParseError):
        parse(text, context)


def test_a_bare_number_that_contradicts_nothing_reads_an_intact_table():
    for title in ("(4) Mar 2026 (in CNY)", "(4)", "(4) , Mar 2026"):
        assert facts(parse(with_title(MARCH, title, title))) == CANONICAL_MARCH
    # A number naming another table, with nothing else to outweigh it, is a contradiction.
    assert "number (1) names another table" in rejection(with_title(MARCH, "(1) Mar 2026 (in CNY)", None))


def test_a_table_without_its_title_row_reads_by_the_page_title():
    start = MARCH.index('<td colspan="10" align="left" class="style1"')
    row_start, row_end = MARCH.rindex("<tr>", 0, start), MARCH.index("</tr>", start) + len("</tr>")
    without_title_row = MARCH[:row_start] + MARCH[row_end:]
    assert facts(parse(without_title_row)) == CANONICAL_MARCH
