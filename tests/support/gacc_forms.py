"""The forms GACC prints a page in, as generators: a real page rewritten with another title,
unit row, header wording, date or markup, the way GACC's own pages have varied (README of the
real pages: "What the real site prints beyond these four pages"; docs/conformance.md).

The listed real forms are samples of the real history, not the whole of it: the strategies
here combine prefixes, month spellings, currency names, qualifiers, dashes, whitespace and
markup freely, so a property test sees forms nobody listed.
"""

from __future__ import annotations

import html
import re

from hypothesis import strategies as st

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
MONTHS += ("November", "December")

SUBJECTS = {
    1: ("China's Total Export & Import Values", "China's Total Value of Imports and Exports"),
    4: (
        "China's Total Export & Import Values by Country/Region",
        "China's Total Value of Imports and Exports by Major Country (Region)",
        "China's Total Export and Import Values by Country/Region",
    ),
    5: ("China's Major Exports by Quantity and Value",),
    6: ("China's Major Imports by Quantity and Value",),
}
DASHES = ("-", "\u2013", "\u2014")
SPACES = st.sampled_from(["", " ", "  ", "\xa0", " \xa0", "\n\t"])
ONE_SPACE = st.sampled_from([" ", "  ", "\xa0", "\r\n\t\t", " \xa0 "])


def month_spellings(month: int) -> list[str]:
    name = MONTHS[month - 1]
    forms = [name, name[:3], name[:3] + ".", name.upper(), name[:3].lower()]
    if month == 9:
        forms += ["Sept", "Sept."]
    return forms


@st.composite
def periods(draw, year: int, month: int, cumulative: bool) -> str:
    """ "Mar 2026", "March  2026", "Jan.–Feb. 2025", "January - February2025" …"""
    if cumulative:
        first = draw(st.sampled_from(month_spellings(1)))
        last = draw(st.sampled_from(month_spellings(month)))
        dash = draw(st.sampled_from(DASHES))
        months = first + draw(SPACES) + dash + draw(SPACES) + last
    else:
        months = draw(st.sampled_from(month_spellings(month)))
    return months + draw(st.sampled_from([" ", "  ", "\xa0", ", "])) + str(year)


@st.composite
def currencies(draw, currency: str, month: int) -> str:
    names = {"CNY": ["CNY", "RMB", "cny"], "USD": ["USD", "usd"]}[currency]
    name = draw(st.sampled_from(names))
    group = draw(
        st.sampled_from(
            [
                f"(in {name})",
                f"(In {name})",
                f"({name})",
                f"( in {name} )",
                f"(Only {MONTHS[month - 1]}, in {name})",
            ]
        )
    )
    return draw(st.sampled_from(["", " ", "  "])) + group


@st.composite
def titles(
    draw,
    section: int,
    year: int,
    month: int,
    currency: str,
    *,
    cumulative: bool = False,
    dated: bool | None = None,
    named: bool | None = None,
) -> str:
    """A title of the table in any form GACC could print it: prefix present, absent, full-width
    or wrong (when the subject says what the table is), any subject wording, the period in any
    spelling or absent, the currency in any naming or absent, any spacing."""
    subject = draw(st.sampled_from(SUBJECTS[section]))
    wrong = {1: 4, 4: 3, 5: 6, 6: 5}[section]
    prefix = draw(st.sampled_from([f"({section}) ", f"({section})", f"（{section}）", "", f"({wrong}) "]))
    dated = draw(st.booleans()) if dated is None else dated
    named = draw(st.booleans()) if named is None else named
    title = prefix + subject
    if dated:
        title += draw(st.sampled_from([", ", ",", " , ", " "])) + draw(periods(year, month, cumulative))
    if named:
        title += draw(currencies(currency, month))
    spaced = draw(ONE_SPACE)
    return title.replace(" ", spaced, draw(st.integers(0, 3)))


def as_cell_html(text: str, markup: str) -> str:
    """A title or unit text the ways GACC marks it up: in <span><b>, in <span>, straight in
    the cell, or split across spans."""
    escaped = html.escape(text, quote=False)
    if markup == "span-b":
        return f"<span><b>{escaped}</b></span>"
    if markup == "span":
        return f"<span>{escaped}</span>"
    if markup == "split":
        cut = escaped.find(" ", len(escaped) // 2)
        if cut > 0:
            first, second = escaped[:cut], escaped[cut:]
            return f'<span><b><span class="font1">{first}</span><span class="font2">{second}</span></b></span>'
        return f"<span><b>{escaped}</b></span>"
    return escaped


MARKUPS = st.sampled_from(["span-b", "span", "plain", "split"])


# --- rewriting a real page ---------------------------------------------------------------------

_TITLE_CELL = re.compile(r'(<td colspan="\d+" align="left" class="style1"[^>]*>\s*)<span><b>.*?</b></span>', re.S)
_UNIT_CELL = re.compile(r'(<td colspan="\d+" align="right" class="style2"[^>]*>\s*)<span><b>.*?</b></span>', re.S)
_PAGE_TITLE = re.compile(r'(<div class="atcl-ttl">).*?(</div>)', re.S)
_DATE = re.compile(r'(<div class="atcl-date">).*?(</div>)', re.S)


def _sub_once(pattern: re.Pattern, replacement, text: str) -> str:
    new, count = pattern.subn(replacement, text, count=1)
    assert count == 1, f"{pattern.pattern!r} matched nothing"
    return new


def with_title(text: str, table_title: str | None, page_title: str | None, markup: str = "span-b") -> str:
    """The page with these titles (None: the title row's text or the article title left empty)."""
    cell = as_cell_html(table_title, markup) if table_title is not None else ""
    text = _sub_once(_TITLE_CELL, lambda m: m.group(1) + cell, text)
    page = html.escape(page_title, quote=False) if page_title is not None else ""
    return _sub_once(_PAGE_TITLE, lambda m: m.group(1) + page + m.group(2), text)


def with_unit(text: str, unit: str, markup: str = "span-b") -> str:
    return _sub_once(_UNIT_CELL, lambda m: m.group(1) + as_cell_html(unit, markup), text)


def with_date(text: str, date: str) -> str:
    return _sub_once(_DATE, lambda m: m.group(1) + date + m.group(2), text)


def replace_cells(text: str, old: str, new: str, count: int = -1) -> str:
    assert old in text, f"no {old!r} in the page"
    return text.replace(old, new, count)


@st.composite
def month_headers(draw, month: int) -> str:
    return draw(st.sampled_from([str(month), MONTHS[month - 1], MONTHS[month - 1][:3]]))


@st.composite
def ytd_headers(draw, month: int) -> str:
    dash = draw(st.sampled_from(DASHES[:2]))
    last = MONTHS[month - 1][:3]
    return draw(
        st.sampled_from(
            [
                f"1- to-{month}",
                f"1-to-{month}",
                f"1to{month}",
                f"1 to {month}",
                f"1{dash}{month}",
                f"1{dash}{month} Total",
                f"Jan{dash}{last} in Total",
                f"Jan.{dash}{last}.",
                f"January{dash}{MONTHS[month - 1]}",
            ]
        )
    )


@st.composite
def yoy_headers(draw, month: int) -> str:
    ytd = draw(ytd_headers(month))
    rate = draw(st.sampled_from(["Year-on-Year (±%)", "Year-on-Year (+/-%)", "Year-On-Year(%)", "Year-on-Year ±%"]))
    joiner = draw(st.sampled_from([" Total ", " ", ", ", " Total, "]))
    return ytd + joiner + rate


@st.composite
def publication_dates(draw, year: int, month: int, day: int) -> str:
    """The same date the ways GACC has printed it: year first, or year last in either order."""
    return draw(
        st.sampled_from(
            [
                f"{year}/{month:02d}/{day:02d}",
                f"{year}-{month:02d}-{day:02d}",
                f"{year}/{month}/{day}",
                f"{day:02d}/{month:02d}/{year}",
                f"{month:02d}/{day:02d}/{year}",
            ]
        )
    )


# --- the USD edition of a page by country/region -----------------------------------------------

_DATA_ROW = re.compile(r"<tr>(?:(?!</tr>).)*?</tr>", re.S)
_FIGURE = re.compile(r"(<span><b>)(-?[0-9][0-9,]*\.[0-9])(&nbsp;)?(</b></span>)")


def usd_edition(text: str, cny_per_usd: float = 7.1) -> str:
    """The CNY page by country/region as GACC prints its USD edition: "(in USD)", "Unit:
    USD1 Million", every value in USD million. Export and import are converted and rounded,
    Export & Import is their sum (GACC's USD figures are rounded from unrounded data, so they
    add up within the printed precision as the CNY ones do); the percentages stay as printed."""

    def convert(value: str) -> float:
        return round(float(value.replace(",", "")) * 100 / cny_per_usd, 1)

    def row(match: re.Match) -> str:
        cells = list(_FIGURE.finditer(match.group(0)))
        if len(cells) not in (9, 6):
            return match.group(0)
        amounts = len(cells) - 3
        values = [convert(cell.group(2)) for cell in cells[:amounts]]
        periods = amounts // 3
        for period in range(periods):  # total = export + import, per period
            values[period] = round(values[periods + period] + values[2 * periods + period], 1)
        out, last = [], 0
        for cell, value in zip(cells[:amounts], values, strict=True):
            out.append(match.group(0)[last : cell.start(2)] + f"{value:,.1f}")
            last = cell.end(2)
        return "".join(out) + match.group(0)[last:]

    text = _DATA_ROW.sub(row, text)
    text = replace_cells(text, "(in CNY)", "(in USD)")
    return replace_cells(text, "Unit: CNY 100 Million", "Unit: USD1 Million")


def relabel_month(
    text: str, year: int, month: int, published: str, *, old_month: int = 3, old: str = "Mar 2026"
) -> str:
    """The March 2026 page relabelled as another month's release, consistently everywhere."""
    text = replace_cells(text, old, f"{MONTHS[month - 1][:3]} {year}")
    text = replace_cells(text, f"<b>{old_month}</b>", f"<b>{month}</b>")
    text = replace_cells(text, f"<b>1- to-{old_month}</b>", f"<b>1- to-{month}</b>")
    text = replace_cells(text, f"1-to-{old_month} Total", f"1-to-{month} Total")
    return with_date(text, published)


# --- the totals table (1) in both layouts --------------------------------------------------------


def totals_table(layout: str, month: int, title: str, unit: str, figures: dict[str, tuple]) -> str:
    """A totals table (1): ``figures`` per row (total, export, import, balance) as (month value,
    January-to-month value, month-on-month %, month year-on-year %, January-to-month
    year-on-year %); None for a month a January-February page does not print.

    layout "sample": the sample site's (Item | Value | Year-on-Year (±%) over the month and
    January to the month; rows "Export & Import", "Export", "Import", "Trade Balance").
    layout "reconstructed": the reconstruction of GACC's own from secondary sources
    (docs/conformance.md): Item, M and 1-to-M spanning two header rows, Month-on-Month and
    Year-on-Year under M, Year-on-Year under 1-to-M; rows "Total Export & Import", "Total
    Export", "Total Import", "Export-Import Balance" with "-" in its % cells.
    """
    january_february = figures["total"][0] is None

    def td(text, **attributes):
        extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
        return f'<td{extra} class="style3"><span><b>{text}</b></span></td>'

    def fmt(value, pct=False):
        if value is None:
            return "-"
        return f"{value:.1f}" if pct else f"{value:,.1f}&nbsp;"

    if layout == "sample":
        labels = {"total": "Export &amp; Import", "export": "Export", "import": "Import", "balance": "Trade Balance"}
        if january_february:
            header = [[td("Item"), td("Value"), td("Year-on-Year (±%)")], [td(""), td("1- to-2"), td("1- to-2")]]
            cells = lambda f: [f[1], f[4]]  # noqa: E731
            pcts = 1
        else:
            header = [
                [td("Item"), td("Value"), td("Value"), td("Year-on-Year (±%)"), td("Year-on-Year (±%)")],
                [td(""), td(str(month)), td(f"1- to-{month}"), td(str(month)), td(f"1- to-{month}")],
            ]
            cells = lambda f: [f[0], f[1], f[3], f[4]]  # noqa: E731
            pcts = 2
    else:
        labels = {
            "total": "Total Export &amp; Import",
            "export": "Total Export",
            "import": "Total Import",
            "balance": "Export-Import Balance",
        }
        if january_february:
            header = [[td("Item"), td("January-February"), td("Year-on-Year +/- %")]]
            cells = lambda f: [f[1], f[4]]  # noqa: E731
            pcts = 1
        else:
            header = [
                [
                    td("Item", rowspan=2),
                    td(str(month), rowspan=2),
                    td(f"1-to-{month}", rowspan=2),
                    td(str(month), colspan=2),
                    td(f"1-to-{month}"),
                ],
                [td("Month-on-Month +/- %"), td("Year-on-Year +/- %"), td("Year-on-Year +/- %")],
            ]
            cells = lambda f: [f[0], f[1], f[2], f[3], f[4]]  # noqa: E731
            pcts = 3
    width = len(cells(figures["total"])) + 1
    rows = [
        f'<tr><td colspan="{width}" align="left" class="style1">{as_cell_html(title, "span-b")}</td></tr>',
        f'<tr><td colspan="{width}" align="right" class="style2"><span><b>{unit}</b></span></td></tr>',
    ]
    rows += ["<tr>" + "".join(row) + "</tr>" for row in header]
    for flow in ("total", "export", "import", "balance"):
        values = cells(figures[flow])
        printed = [fmt(v) for v in values[: len(values) - pcts]]
        printed += ["-" if flow == "balance" and layout != "sample" else fmt(v, pct=True) for v in values[-pcts:]]
        rows.append(
            f'<tr><td class="style5"><span>&nbsp;&nbsp;&nbsp;{labels[flow]}</span></td>'
            + "".join(f'<td align="right" class="style6"><span><b>{v}</b></span></td>' for v in printed)
            + "</tr>"
        )
    if layout != "sample":
        note = (
            "Note: Export-Import Balance plus indicates export more than import and minus indicates export less "
            "than import."
        )
        rows.append(f'<tr><td colspan="{width}" class="style14"><span>{note}</span></td></tr>')
    return "\n".join(rows)


def release_page(title: str, published: str, rows: str) -> str:
    """A release page around a table's rows, in the real pages' markup."""
    escaped = html.escape(title, quote=False)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n    <meta charset="UTF-8">\n'
        f"    <title>{escaped}</title>\n</head>\n<body>\n"
        f'<div class="atcl"><div class="atcl-main"><div class="atcl-ttl">{escaped}</div></div>\n'
        f'<div class="atcl-layout"><div class="atcl-main"><div class="atcl-date">{published}</div>\n'
        '<div class="atcl-cnt" style="overflow-x:auto"><table border="0" cellspacing="0" class="ke-zeroborder">\n'
        f"<tbody>\n{rows}\n</tbody>\n</table></div></div></div></div>\n</body>\n</html>\n"
    )
