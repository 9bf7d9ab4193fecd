"""GACC release page → every number on it as observations (the observation contract), or a ParseError.

``parse_release`` is a pure function of the page bytes. It reads the section (4) tables
by country/region (monthly and January–February layouts) and the section (1) totals
table, in CNY or USD, and trusts nothing it has not checked: the title, the unit row and
the two header rows must agree with each other, every value cell must be a plain number,
and the arithmetic each row implies (total = export + import, month ≤ year to date,
balance = export − import, no fall of more than 100 %) must hold. Anything else is a
one-line reason naming the page; a page never yields a partial result. (Checks across rows,
a partner above the world or a group's members above the group, are quality gate 1's.)

Columns are found from the header cells, never from fixed positions: header row 1 and 2
together name each column's flow ("Export & Import", "Export", "Import"), measure
(value or "Year-on-Year (±%)") and period ("3" = the month, "1- to-3" = year to date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
import operator
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import lxml.etree

from customs_wh.contracts import CURRENCIES, ROUNDING_TOLERANCE, Observation, PageContext, ParsedRelease, ParseError
from customs_wh.gacc.partners import WORLD, UnknownPartnerError, partner_code, partner_type

# Real release pages are about 40 kB; anything this large is not one.
MAX_PAGE_BYTES = 5 * 1024 * 1024
# A trade value can fall by at most all of it.
MIN_YOY_PCT = -100.0
# Formatting markup a cell may carry around its text (the real pages use <span><b>…</b></span>).
CELL_MARKUP_TAGS = frozenset({"span", "b", "strong", "font", "i", "em", "u", "br", "p", "sup", "sub", "small"})
MAX_CELL_MARKUP_DEPTH = 6

FLOW_HEADERS = {"export & import": "total", "export": "export", "import": "import"}
FLOW_ORDER = ("total", "export", "import")
LABEL_COLUMN_HEADERS = frozenset(
    {"", "item", "import source", "export destination", "country/region", "country (region)"}
)
SECTION_SUBJECTS = {
    1: "china's total export & import values",
    4: "china's total export & import values by country/region",
}
SECTION1_ROW_FLOWS = {"export & import": "total", "export": "export", "import": "import", "trade balance": "balance"}

# English month names, fixed here: calendar.month_name follows the process locale.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
# Release years a title may name (also keeps the date arithmetic in range).
FIRST_YEAR, LAST_YEAR = 1950, 2999

# Digits are ASCII digits only (re.ASCII): "\d" would also take "２" or "٣", which float() and
# int() happily read.
_NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?", re.ASCII)
_SECTION_PREFIX = re.compile(r"^\((\d+)\)\s*", re.ASCII)
_CURRENCY_SUFFIX = re.compile(r"\s*\(in\s+([A-Za-z]{3})\)$")
_JANUARY_FEBRUARY = re.compile(r"^jan(?:uary)?\.?\s*-\s*feb(?:ruary)?\.?\s+(\d{4})$", re.IGNORECASE | re.ASCII)
_SINGLE_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$", re.ASCII)
_UNIT = re.compile(
    r"^unit\s*:\s*(?P<currency>[A-Za-z]{3})\s+(?:(?P<multiplier>\d{1,3}(?:,\d{3})*|\d+)\s+)?(?P<word>thousand|million|billion)$",
    re.IGNORECASE | re.ASCII,
)
UNIT_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_MONTH_HEADER = re.compile(r"^(\d{1,2})$", re.ASCII)
_YTD_HEADER = re.compile(r"^1\s*-\s*to\s*-\s*(\d{1,2})$", re.IGNORECASE | re.ASCII)
_YOY_HEADER = re.compile(
    r"^(?:1\s*-\s*to\s*-\s*(\d{1,2})\s+total\s+)?year-on-year\s*\(\s*±\s*%\s*\)$", re.IGNORECASE | re.ASCII
)
_OF_WHICH = re.compile(r"^of\s+which\s*:\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", re.ASCII)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_COLSPAN = re.compile(r"[0-9]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# Padding around a label or number: HTML source whitespace plus the pages' &nbsp;.
_PADDING = " \t\r\n\f\xa0"
_SOURCE_WHITESPACE = " \t\r\n\f"
_SOURCE_WHITESPACE_RUN = re.compile(r"[ \t\r\n\f]+")


class PageProblem(ValueError):
    """Why a page cannot be read; ``parse_release`` adds the page name."""


# --- small pure readers -----------------------------------------------------------------------


def parse_number(text: str) -> float:
    """A printed figure: "41,046.4", "-1.2", "118,380.0&nbsp;" → float; junk raises ValueError.

    Thousands separators must group by three; ASCII digits only, no leading zeros, no exponent,
    no NaN/inf, no decimal comma.
    """
    stripped = text.strip(_PADDING)
    if not _NUMBER.fullmatch(stripped):
        raise ValueError(f"not a number: {stripped!r}")
    return float(stripped.replace(",", "") if "," in stripped else stripped)


def normalise_text(text: str) -> str:
    """Collapse every run of whitespace (including &nbsp;) to one space, trimmed.

    (str.split() splits at exactly the characters the regex \\s matches, and faster.)"""
    return " ".join(text.split())


class LabelCell(NamedTuple):
    """A partner label cell: the name as printed, its &nbsp; indentation, its "of which:" mark."""

    name: str
    indent: int
    of_which: bool


@functools.lru_cache(maxsize=4096)  # pure; every release repeats the same few dozen label cells
def split_label(text: str) -> LabelCell:
    """ "\xa0\xa0\xa0of which: Germany\xa0" → LabelCell("Germany", 3, True).

    The indent is the width a browser draws: one per &nbsp;, one per run of ordinary spaces
    between them (rich-text editors write "&nbsp; &nbsp;"), none for the source whitespace
    before the first &nbsp;.
    """
    body = text.strip(_SOURCE_WHITESPACE)
    rest = body.lstrip(_PADDING)
    lead = body[: len(body) - len(rest)]
    nbsp = lead.count("\xa0")
    indent = nbsp if nbsp == len(lead) else nbsp + len(_SOURCE_WHITESPACE_RUN.findall(lead))
    name = normalise_text(rest)
    of_which = _OF_WHICH.match(name) if name[:2].lower() == "of" else None
    if of_which:
        name = name[of_which.end() :]
    return LabelCell(name, indent, of_which is not None)


@dataclass(frozen=True)
class Title:
    section: int
    currency: str
    year: int
    month: int  # the reference month: 2 for a January–February release
    january_february: bool
    text: str

    @functools.cached_property
    def reference_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def period_text(self) -> str:
        return (
            f"January-February {self.year}"
            if self.january_february
            else f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"
        )


def parse_period(text: str) -> tuple[int, int, bool]:
    """ "Mar 2026" / "Mar. 2026" / "March 2026" / "Sept 2025" / "January-February 2025" → (year, month, jan_feb)."""
    combined = _JANUARY_FEBRUARY.match(text)
    if combined:
        return _release_year(combined.group(1), text), 2, True
    single = _SINGLE_MONTH.match(text)
    month = MONTH_NUMBERS.get(single.group(1).lower()) if single else None
    if single is None or month is None:
        raise PageProblem(f"unknown month {text!r} in the title")
    if month == 1:
        raise PageProblem(f"title month {text!r}: January is only released together with February")
    # February is always the combined January–February release: no single-month figures.
    return _release_year(single.group(2), text), month, month == 2


def _release_year(digits: str, text: str) -> int:
    year = int(digits)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PageProblem(f"title period {text!r}: {year} is not a plausible release year")
    return year


def parse_title(text: str) -> Title:
    """ "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)" → Title."""
    title = normalise_text(text.translate(_APOSTROPHES))
    section_match = _SECTION_PREFIX.match(title)
    if not section_match:
        raise PageProblem(f"title has no section number '(N)': {title!r}")
    currency_match = _CURRENCY_SUFFIX.search(title)
    if not currency_match:
        raise PageProblem(f"title has no currency '(in CNY)' or '(in USD)': {title!r}")
    section = int(section_match.group(1))
    currency = currency_match.group(1)
    if section not in SECTION_SUBJECTS:
        raise PageProblem(f"section ({section}) is not one this parser reads (1 and 4): {title!r}")
    if currency not in CURRENCIES:
        raise PageProblem(f"title currency {currency!r} is not one of {', '.join(CURRENCIES)}")
    body = title[section_match.end() : currency_match.start()]
    subject, comma, period = body.rpartition(",")
    if not comma:
        raise PageProblem(f"title has no period after a comma: {title!r}")
    if subject.strip().lower() != SECTION_SUBJECTS[section]:
        raise PageProblem(f"title subject {subject.strip()!r} does not match section ({section})")
    year, month, january_february = parse_period(period.strip())
    return Title(section, currency, year, month, january_february, title)


def parse_unit(text: str) -> tuple[str, str, int]:
    """ "Unit: CNY 100 Million" → ("CNY", "CNY 100 Million", 100000000)."""
    unit_text = normalise_text(text)
    match = _UNIT.match(unit_text)
    if not match:
        raise PageProblem(
            f"unit row {unit_text!r} is not like 'Unit: CNY 100 Million'" if unit_text else "unit row is missing"
        )
    multiplier = int((match.group("multiplier") or "1").replace(",", ""))
    if multiplier == 0:
        raise PageProblem(f"unit row {unit_text!r} has a zero multiplier")
    currency = match.group("currency").upper()
    printed = unit_text.split(":", 1)[1].strip()
    return currency, printed, multiplier * UNIT_WORDS[match.group("word").lower()]


def parse_publication_date(text: str) -> str:
    """ "2026/04/08" (or legacy "04/08/2026") → "2026-04-08"."""
    stripped = normalise_text(text)
    iso = _ISO_DATE.match(stripped)
    us = _US_DATE.match(stripped)
    try:
        if iso:
            date = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif us:
            date = dt.date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        else:
            raise ValueError
    except ValueError:
        raise PageProblem(f"publication date {stripped!r} is not a date like 2026/04/08") from None
    return date.isoformat()


# --- header → columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """What one value column holds. ``flow`` is None in section (1), where rows name the flow."""

    flow: str | None
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd

    def describe(self) -> str:
        return " ".join(part for part in (self.flow, self.measure, self.period_kind) if part)


@dataclass(frozen=True)
class _HeaderToken:
    kind: str  # flow | period | yoy | value
    flow: str | None = None
    period_kind: str | None = None
    month: int | None = None


@functools.lru_cache(maxsize=1024)
def classify_header(text: str) -> _HeaderToken:
    """One header cell's meaning; an unknown header raises PageProblem."""
    key = normalise_text(text)
    lowered = key.lower()
    if lowered in FLOW_HEADERS:
        return _HeaderToken("flow", flow=FLOW_HEADERS[lowered])
    if lowered == "value":
        return _HeaderToken("value")
    month = _MONTH_HEADER.match(key)
    if month:
        return _HeaderToken("period", period_kind="month", month=int(month.group(1)))
    ytd = _YTD_HEADER.match(key)
    if ytd:
        return _HeaderToken("period", period_kind="ytd", month=int(ytd.group(1)))
    yoy = _YOY_HEADER.match(key)
    if yoy:
        # The section (4) heading carries its period ("1-to-3 Total Year-on-Year (±%)").
        through = yoy.group(1)
        return _HeaderToken("yoy", period_kind="ytd" if through else None, month=int(through) if through else None)
    raise PageProblem(f"unknown header {key!r}")


@functools.lru_cache(maxsize=1024)  # pure, and pages repeat a few header texts
def column_from_headers(upper: str, lower: str, month: int, january_february: bool, period_text: str) -> Column:
    """The two header cells above a value column as its meaning, checked against the title's
    month (``period_text`` names the title's period in reasons)."""
    tokens = [classify_header(upper), classify_header(lower)]
    flows = [t.flow for t in tokens if t.kind == "flow"]
    periods = [t for t in tokens if t.period_kind is not None]
    where = f"header {normalise_text(upper)!r} / {normalise_text(lower)!r}"
    if len(flows) > 1 or len(periods) != 1:
        raise PageProblem(f"{where} does not name one flow and one period")
    period = periods[0]
    if period.month != month:
        raise PageProblem(f"{where} is for month {period.month} but the title says {period_text}")
    if january_february and period.period_kind == "month":
        raise PageProblem(f"{where} is a single-month column but {period_text} has year-to-date figures only")
    measure = "yoy_pct" if any(t.kind == "yoy" for t in tokens) else "value"
    return Column(flow=flows[0] if flows else None, measure=measure, period_kind=period.period_kind)


def required_columns(section: int, january_february: bool) -> set[Column]:
    """The columns a page of this kind must have (more are read if their headers are clear)."""
    periods = ("ytd",) if january_february else ("month", "ytd")
    if section == 1:
        yoy_periods = periods
        return {Column(None, "value", p) for p in periods} | {Column(None, "yoy_pct", p) for p in yoy_periods}
    return {Column(f, "value", p) for f in FLOW_ORDER for p in periods} | {
        Column(f, "yoy_pct", "ytd") for f in FLOW_ORDER
    }


def columns_from_headers(upper: Sequence[str], lower: Sequence[str], title: Title) -> tuple[Column, ...]:
    """The value columns (all but the label column) from the two expanded header rows."""
    return _columns(tuple(upper), tuple(lower), title.section, title.month, title.january_february, title.period_text)


@functools.lru_cache(maxsize=256)
def _columns(
    upper: tuple[str, ...], lower: tuple[str, ...], section: int, month: int, january_february: bool, period_text: str
) -> tuple[Column, ...]:
    # Pure, and release pages repeat a few header layouts: cached like classify_header.
    if len(upper) != len(lower):
        raise PageProblem(f"header rows have {len(upper)} and {len(lower)} columns")
    for text in (upper[0], lower[0]):
        if normalise_text(text).lower() not in LABEL_COLUMN_HEADERS:
            raise PageProblem(f"unknown header {normalise_text(text)!r} above the label column")
    columns = tuple(
        column_from_headers(u, lw, month, january_february, period_text)
        for u, lw in zip(upper[1:], lower[1:], strict=False)
    )
    seen: set[Column] = set()
    for column in columns:
        if (column.flow is None) != (section == 1):
            expected = "no flow (rows name it)" if section == 1 else "a flow"
            raise PageProblem(f"column {column.describe()!r} should have {expected} in section ({section})")
        if column in seen:
            raise PageProblem(f"two columns are headed {column.describe()!r}")
        seen.add(column)
    missing = required_columns(section, january_february) - seen
    if missing:
        raise PageProblem(f"missing column(s): {', '.join(sorted(c.describe() for c in missing))}")
    return columns


# --- the table --------------------------------------------------------------------------------


class Cell(tuple):
    """One td/th: (text, colspan, element). A bare tuple subclass: pages have ~300 cells and a
    NamedTuple's Python-level __new__ costs more than reading the cell."""

    __slots__ = ()
    text: str = property(operator.itemgetter(0))  # type: ignore[assignment]
    colspan: int = property(operator.itemgetter(1))  # type: ignore[assignment]
    element: lxml.etree._Element = property(operator.itemgetter(2))  # type: ignore[assignment]

    def __new__(cls, text: str, colspan: int, element: lxml.etree._Element) -> Cell:
        return tuple.__new__(cls, (text, colspan, element))


_COLSPAN_OF = operator.itemgetter(1)
_GET_COLSPAN = operator.methodcaller("get", "colspan")
_TAG = operator.attrgetter("tag")
_TABLE_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
_ROW_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_PLAIN_TABLE_TAGS = CELL_MARKUP_TAGS | _TABLE_STRUCTURE
# Anything MAX_CELL_MARKUP_DEPTH + 1 levels below a cell of a regular table (whose rows are
# children of the table or of its sections, and whose rows hold only cells). Child steps only:
# cheap to evaluate.
_CELLS_TOO_DEEP = lxml.etree.XPath(
    " | ".join(f"{rows}/*" + "/*" * (MAX_CELL_MARKUP_DEPTH + 1) for rows in ("tr", "*/tr"))
)


def _check_cell_markup(element: lxml.etree._Element, depth: int = 0) -> None:
    """Only formatting tags, shallowly nested, may wrap a cell's text (no links, scripts, tables)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # comments and processing instructions carry no text we read
            continue
        if tag not in CELL_MARKUP_TAGS:
            raise PageProblem(f"cell {normalise_text(''.join(element.itertext()))[:40]!r} contains a <{tag}> element")
        if depth >= MAX_CELL_MARKUP_DEPTH:
            raise PageProblem("a cell nests its markup deeper than any release page does")
        _check_cell_markup(child, depth + 1)


def _cells(tds: Sequence[lxml.etree._Element], texts: Sequence[str] | None) -> list[Cell]:
    if texts is None:
        # The cell's text as "".join(td.itertext()) gives it (no comments), in one C call.
        texts = [lxml.etree.tostring(td, method="text", encoding="unicode", with_tail=False) for td in tds]
    cells = []
    make_cell = tuple.__new__
    for td, text in zip(tds, texts, strict=False):
        rowspan = td.get("rowspan")
        if rowspan is not None and rowspan.strip() not in ("", "1"):
            raise PageProblem("the table uses rowspan, which release tables never do")
        colspan_text = td.get("colspan")
        if colspan_text is None:
            colspan = 1
        else:
            colspan_text = colspan_text.strip() or "1"
            if not _COLSPAN.fullmatch(colspan_text) or not 1 <= int(colspan_text) <= 100:
                raise PageProblem(f"cell has a bad colspan {colspan_text!r}")
            colspan = int(colspan_text)
        cells.append(make_cell(Cell, (text, colspan, td)))
    return cells


def read_table(table: lxml.etree._Element, *, rowspans: bool = True) -> tuple[list[list[Cell]], bool]:
    """Every tr of the table, in document order, as its td/th cells; and whether
    provably no cell holds more than shallow formatting markup.

    For an ordinary table (rows in the table or its sections, cells in the rows, nothing else
    in them) both come from a few C-level passes: the markup from the element tags and one
    path query for depth, the cells' texts from one serialisation of the table with a marker
    after each cell and row. Anything else is read cell by cell, and when the markup is not
    provably plain the caller walks each data cell (``_check_cell_markup``), which decides and
    names the problem. ``rowspans=False`` says the page has no rowspan attribute at all (attribute
    names cannot be written with character references, so a page whose bytes never spell
    "rowspan" has none).
    """
    trs = list(table.iter("tr"))
    cells = [list(tr.iterchildren("td", "th")) for tr in trs]
    regular = _regular_table(table, trs, cells)
    texts = _cell_texts_at_once(table, trs, cells) if regular else None
    if texts is None:
        rows = [_cells(tds, None) for tds in cells]
    else:
        # A row with no colspan (and a page with no rowspan) is all single cells: built in C.
        make_cell, cell_type, one = tuple.__new__, itertools.repeat(Cell), itertools.repeat(1)
        rows = [
            _cells(tds, row_texts)
            if rowspans or any(map(_GET_COLSPAN, tds))
            else list(map(make_cell, cell_type, zip(row_texts, one, tds, strict=False)))
            for tds, row_texts in zip(cells, texts, strict=False)
        ]
    markup_is_plain = (
        regular
        and _PLAIN_TABLE_TAGS.issuperset(map(_TAG, table.iter(lxml.etree.Element)))
        and not _CELLS_TOO_DEEP(table)
    )
    return rows, markup_is_plain


def _regular_table(
    table: lxml.etree._Element, trs: Sequence[lxml.etree._Element], cells: Sequence[Sequence[lxml.etree._Element]]
) -> bool:
    """The table holds only rows and row sections, the sections only rows, the rows only td/th."""
    sections = []
    for child in table:
        if child.tag in _ROW_SECTIONS:
            sections.append(child)
        elif child.tag != "tr":
            return False
    for section in sections:
        for child in section:
            if child.tag != "tr":
                return False
    for tr, tds in zip(trs, cells, strict=False):
        parent = tr.getparent()
        if (parent is not table and parent.getparent() is not table) or len(tr) != len(tds):
            return False
    return True


# Private-use characters marking the end of a cell and of a row in the table's serialised text.
_CELL_END, _ROW_END = "\ue000", "\ue001"


def _cell_texts_at_once(
    table: lxml.etree._Element, trs: Sequence[lxml.etree._Element], cells: Sequence[Sequence[lxml.etree._Element]]
) -> list[list[str]] | None:
    """The texts of a regular table's cells from one serialisation, or None if a cell's own text
    holds a marker character. Replaces the text between cells and rows (source whitespace,
    which no cell owns) by the markers: the tree is this parse's own."""
    table.text = None
    for section in table:
        if section.tag != "tr":
            section.text = section.tail = None
    for tr, tds in zip(trs, cells, strict=False):
        tr.text, tr.tail = None, _ROW_END
        for td in tds:
            td.tail = _CELL_END
    rows = lxml.etree.tostring(table, method="text", encoding="unicode", with_tail=False).split(_ROW_END)
    if len(rows) != len(trs) + 1 or rows[-1]:
        return None
    texts = []
    for row, tds in zip(rows, cells, strict=False):
        parts = row.split(_CELL_END)
        if len(parts) != len(tds) + 1 or parts[-1]:
            return None
        parts.pop()
        texts.append(parts)
    return texts


def expand(cells: Iterable[Cell]) -> list[str]:
    """Header cells repeated over their colspan, so each column gets its heading."""
    return [cell.text for cell in cells for _ in range(cell.colspan)]


def _single_cell_text(row: list[Cell], what: str) -> str:
    if len(row) != 1:
        raise PageProblem(f"the {what} row has {len(row)} cells, expected one spanning the table")
    return row[0].text


def _is_notes_row(row: list[Cell], width: int) -> bool:
    return len(row) == 1 and row[0].colspan == width and normalise_text(row[0].text).lower().startswith("note")


class DataRow(NamedTuple):
    label: LabelCell
    values: tuple[float, ...]


def read_data_rows(
    rows: Sequence[list[Cell]], columns: Sequence[Column], *, markup_is_plain: bool = False
) -> list[DataRow]:
    """The data rows under the headers (a final notes row dropped), every value cell a number.

    Each data cell's markup is walked unless ``markup_is_plain`` (``read_table`` certified the
    whole table).
    """
    width = len(columns) + 1
    body = list(rows)
    if body and _is_notes_row(body[-1], width):
        body.pop()
    if not body:
        raise PageProblem("the table has no data rows")
    labels = []
    for row in body:
        if _is_notes_row(row, width):
            raise PageProblem("a notes row appears before the end of the table")
        label = split_label(row[0].text) if row else LabelCell("", 0, False)
        if len(row) != width or sum(map(_COLSPAN_OF, row)) != width:  # (every colspan is at least 1)
            span = sum(cell.colspan for cell in row)
            cells = f"{len(row)} cells" if span == len(row) else f"{len(row)} cells spanning {span} columns"
            raise PageProblem(f"row {label.name!r} has {cells} but the header has {width}")
        if not label.name:
            raise PageProblem("a data row has an empty label")
        if not markup_is_plain:
            for cell in row:
                _check_cell_markup(cell.element)
        labels.append(label)
    numbers = _read_numbers([cell.text for row in body for cell in row[1:]])
    if numbers is None:  # some cell is not a number: find the first and say which
        for label, row in zip(labels, body, strict=False):
            for column, cell in zip(columns, row[1:], strict=False):
                try:
                    parse_number(cell.text)
                except ValueError as exc:
                    raise PageProblem(f"row {label.name!r}, column {column.describe()!r}: {exc}") from None
        raise AssertionError("a cell failed the batch number check but parses alone")  # pragma: no cover
    n = len(columns)
    return [DataRow(label, tuple(numbers[i * n : (i + 1) * n])) for i, label in enumerate(labels)]


_NUMBERS = re.compile(rf"(?:{_NUMBER.pattern}\n)*{_NUMBER.pattern}", re.ASCII)


def _read_numbers(texts: Sequence[str]) -> list[float] | None:
    """parse_number over many cells at once (one regex match for the lot), or None if any is not a number."""
    stripped = [text.strip(_PADDING) for text in texts]
    joined = "\n".join(stripped)
    if not stripped or _NUMBERS.fullmatch(joined) is None or joined.count("\n") != len(stripped) - 1:
        return None
    return [float(number) for number in joined.replace(",", "").split("\n")]


# --- checks on the numbers --------------------------------------------------------------------


class _Layout:
    """Where each kind of number sits in a section (4) row, for the per-row checks."""

    def __init__(self, columns: Sequence[Column]):
        position = {column: index for index, column in enumerate(columns)}
        self.columns = tuple(columns)
        self.described = tuple(column.describe() for column in columns)
        self.values = tuple(i for i, c in enumerate(columns) if c.measure == "value")
        self.yoys = tuple(i for i, c in enumerate(columns) if c.measure == "yoy_pct")
        # (period_kind, total, export, import) positions, and (flow, month, ytd) positions.
        self.sums = tuple(
            (period_kind, *(position[Column(flow, "value", period_kind)] for flow in FLOW_ORDER))
            for period_kind in ("month", "ytd")
            if all(Column(flow, "value", period_kind) in position for flow in FLOW_ORDER)
        )
        self.month_ytd = tuple(
            (flow, position[Column(flow, "value", "month")], position[Column(flow, "value", "ytd")])
            for flow in FLOW_ORDER
            if Column(flow, "value", "month") in position and Column(flow, "value", "ytd") in position
        )

    def check_row(self, name: str, values: Sequence[float]) -> None:
        """Non-negative values, year-on-year no fall of more than 100 %, total = export + import,
        month ≤ year to date."""
        for i in self.values:
            if values[i] < 0:
                raise PageProblem(f"row {name!r}, column {self.described[i]!r}: negative trade value {values[i]}")
        for i in self.yoys:
            if values[i] < MIN_YOY_PCT:
                raise PageProblem(
                    f"row {name!r}, column {self.described[i]!r}: year-on-year {values[i]}% is a fall of more than 100%"
                )
        for period_kind, t, e, m in self.sums:
            total, export, import_ = values[t], values[e], values[m]
            if abs(total - export - import_) > ROUNDING_TOLERANCE:
                raise PageProblem(
                    f"row {name!r}: {period_kind} Export & Import {total} is not Export {export} + Import {import_}"
                )
        for flow, m, y in self.month_ytd:
            if values[m] > values[y] + ROUNDING_TOLERANCE:
                raise PageProblem(
                    f"row {name!r}: {flow} month value {values[m]} exceeds the year-to-date value {values[y]}"
                )

    def check_rows(self, rows: Sequence[DataRow]) -> None:
        """check_row for every row: a quick pass column by column, then, only if something is
        wrong, row by row to name the first problem."""
        by_column = list(zip(*(row.values for row in rows), strict=False))
        tolerance = ROUNDING_TOLERANCE
        if not (
            all(min(by_column[i]) >= 0 for i in self.values)
            and all(min(by_column[i]) >= MIN_YOY_PCT for i in self.yoys)
            and all(
                abs(total - export - import_) <= tolerance
                for _, t, e, m in self.sums
                for total, export, import_ in zip(by_column[t], by_column[e], by_column[m], strict=False)
            )
            and all(
                month <= ytd + tolerance
                for _, m, y in self.month_ytd
                for month, ytd in zip(by_column[m], by_column[y], strict=False)
            )
        ):
            for row in rows:
                self.check_row(row.label.name, row.values)


@functools.lru_cache(maxsize=64)
def _layout(columns: tuple[Column, ...]) -> _Layout:
    return _Layout(columns)


def check_after_reference_month(publication_date: str, title: Title) -> None:
    last_day = dt.date(title.year, title.month, calendar.monthrange(title.year, title.month)[1])
    if dt.date.fromisoformat(publication_date) <= last_day:
        raise PageProblem(f"publication date {publication_date} is not after the reference month {title.period_text}")


# --- rows → observations ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    title: Title
    unit: str
    scale: int
    publication_date: str

    def period_start(self, column: Column) -> str:
        return self.title.reference_month if column.period_kind == "month" else f"{self.title.year:04d}-01"

    def observations(
        self,
        columns: Sequence[Column],
        rows: Iterable[tuple[str, str, str | None, Sequence[float]]],
        flows: Sequence[str] | None = None,
    ) -> list[Observation]:
        """One observation per (row, column); rows are (partner, partner_code, parent_code, values).
        ``flows``, one per row, when the rows name the flow (section 1) instead of the columns."""
        title = self.title
        page = (title.section, title.currency, self.unit, self.scale, title.reference_month, self.publication_date)
        # What a column says is the same on every row: worked out once per column.
        meanings = [(column.flow, column.measure, column.period_kind, self.period_start(column)) for column in columns]
        rows = list(rows)
        make = Observation._make  # the named tuple's own constructor from an iterable, minus argument parsing
        return [
            make((*page, partner, code, parent, flow or column_flow, measure, period_kind, period_start, value))
            for (partner, code, parent, values), flow in zip(rows, flows or [None] * len(rows), strict=False)
            for (column_flow, measure, period_kind, period_start), value in zip(meanings, values, strict=False)
        ]


def _resolve_code(name: str) -> str:
    try:
        return partner_code(name)
    except UnknownPartnerError as exc:
        raise PageProblem(str(exc)) from None


def assign_parents(labels: Sequence[LabelCell], codes: Sequence[str]) -> list[str | None]:
    """Group membership from "of which:" and indentation.

    The "of which:" row opens a group under the row just above it (which must be a group);
    it and the rows after it indented at least as deep are members, until a row is shallower.
    The member depth, not the group's, decides: the real pages indent top-level partners
    unevenly ("European Union" by 2, "United States (US)" right after its members by 3).
    """
    parents: list[str | None] = []
    group: str | None = None
    member_indent = 0
    for position, (label, code) in enumerate(zip(labels, codes, strict=False)):
        if label.of_which:
            above = position - 1
            if above < 0 or parents[above] is not None or partner_type(codes[above]) != "group":
                raise PageProblem(f"'of which: {label.name}' does not follow a group row")
            if label.indent <= labels[above].indent:
                raise PageProblem(f"'of which: {label.name}' is not indented under {labels[above].name!r}")
            group, member_indent = codes[above], label.indent
        elif group is not None and label.indent < member_indent:
            group = None
        if group is not None and partner_type(code) in ("world", "group"):
            raise PageProblem(f"aggregate {label.name!r} is listed as a member of {group}")
        parents.append(group)
    return parents


@functools.lru_cache(maxsize=256)
def _assign_parents(labels: tuple[LabelCell, ...], codes: tuple[str, ...]) -> tuple[str | None, ...]:
    # Pure, and every release of a layout has the same rows: cached like the labels.
    return tuple(assign_parents(labels, codes))


def section4_observations(header: _Header, columns: Sequence[Column], rows: Sequence[DataRow]) -> list[Observation]:
    codes = [_resolve_code(row.label.name) for row in rows]
    seen: dict[str, str] = {}
    for row, code in zip(rows, codes, strict=False):
        if code in seen:
            if seen[code] == row.label.name:
                raise PageProblem(f"duplicate partner row {row.label.name!r}")
            raise PageProblem(f"duplicate partner: {seen[code]!r} and {row.label.name!r} are both {code}")
        seen[code] = row.label.name
    if WORLD not in seen:
        raise PageProblem("no 'Total' row")
    parents = _assign_parents(tuple(row.label for row in rows), tuple(codes))
    layout = _layout(tuple(columns))
    layout.check_rows(rows)
    return header.observations(
        columns,
        [(row.label.name, code, parent, row.values) for row, code, parent in zip(rows, codes, parents, strict=False)],
    )


def section1_observations(header: _Header, columns: Sequence[Column], rows: Sequence[DataRow]) -> list[Observation]:
    by_flow: dict[str, DataRow] = {}
    for row in rows:
        flow = SECTION1_ROW_FLOWS.get(row.label.name.lower())
        if flow is None:
            raise PageProblem(f"unknown row {row.label.name!r} in the totals table")
        if flow in by_flow:
            raise PageProblem(f"duplicate row {row.label.name!r}")
        by_flow[flow] = row
    missing = [name for name, flow in SECTION1_ROW_FLOWS.items() if flow not in by_flow]
    if missing:
        raise PageProblem(f"totals table lacks row(s): {', '.join(missing)}")
    for flow, row in by_flow.items():  # as _Layout.check_row: the balance may be negative
        if flow == "balance":
            continue
        for column, value in zip(columns, row.values, strict=False):
            if column.measure == "value" and value < 0:
                raise PageProblem(
                    f"row {row.label.name!r}, column '{flow} value {column.period_kind}': negative trade value {value}"
                )
            if column.measure == "yoy_pct" and value < MIN_YOY_PCT:
                raise PageProblem(
                    f"row {row.label.name!r}, column '{flow} yoy_pct {column.period_kind}': year-on-year {value}% is "
                    f"a fall of more than 100%"
                )
    for position, column in enumerate(columns):
        if column.measure != "value":
            continue
        total, export, import_, balance = (
            by_flow[f].values[position] for f in ("total", "export", "import", "balance")
        )
        if abs(balance - (export - import_)) > ROUNDING_TOLERANCE:
            raise PageProblem(f"{column.period_kind} Trade Balance {balance} is not Export {export} − Import {import_}")
        if abs(total - export - import_) > ROUNDING_TOLERANCE:
            raise PageProblem(f"{column.period_kind} Export & Import {total} is not Export {export} + Import {import_}")
        if column.period_kind == "month":
            ytd_position = columns.index(Column(None, "value", "ytd"))
            for flow in FLOW_ORDER:
                if by_flow[flow].values[position] > by_flow[flow].values[ytd_position] + ROUNDING_TOLERANCE:
                    raise PageProblem(f"{flow} month value exceeds the year-to-date value")
    # The balance is validated above; the contract carries export, import and total only.
    emitted = [(row, flow) for row in rows if (flow := SECTION1_ROW_FLOWS[row.label.name.lower()]) != "balance"]
    return header.observations(
        columns, [("Total", WORLD, None, row.values) for row, _ in emitted], flows=[flow for _, flow in emitted]
    )


# --- the page ---------------------------------------------------------------------------------


def _check_bytes(content: bytes) -> None:
    if not content or content.isspace():
        raise PageProblem("the page is empty")
    if len(content) > MAX_PAGE_BYTES:
        raise PageProblem(
            f"the page is {len(content):,} bytes, larger than any release page ({MAX_PAGE_BYTES:,} allowed)"
        )
    if content[:2] == b"\x1f\x8b":
        raise PageProblem("the page is gzip-compressed data, not HTML")
    if b"\x00" in content:
        raise PageProblem("the page contains NUL bytes (binary data or UTF-16 text, not a UTF-8 HTML page)")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PageProblem(f"the page is not UTF-8 text (bad byte at offset {exc.start})") from None
    if b"</html" not in content[-4096:].lower():
        raise PageProblem("the page is truncated (no closing </html> tag)")


_PARSERS = threading.local()


def _html_parser() -> lxml.etree.HTMLParser:
    # One parser per thread: lxml parser objects must not be shared between threads, and
    # making one costs more than parsing a small page. Its error_log is reset by every parse.
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = lxml.etree.HTMLParser(encoding="utf-8")
    return parser


def _parse_html(content: bytes) -> lxml.etree._Element:
    # lxml.etree's HTML parser builds the same tree as lxml.html's without a Python call per
    # element (lxml.html looks up an element class for each one).
    parser = _html_parser()
    try:
        document = lxml.etree.fromstring(content, parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise PageProblem(f"not an HTML page ({_one_line(str(exc))})") from None
    if document is None:
        raise PageProblem("not an HTML page (Document is empty)")
    # libxml2 silently drops what lies beyond its limits; a page that hit one is not whole.
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise PageProblem(f"the page exceeds the HTML parser's limits ({error.message})")
    return document


# The blocks of a page this parser reads: the article title and date of a release page (by
# class token, on any element, the way lxml.html's find_class matches them), and the marks of
# an index page (a div.nr-n-content-detail bulletin list, a select#preliminarysel year selector).
_ARTICLE_CLASSES = ("atcl-ttl", "atcl-date")
_ARTICLE_CLASSES_ANYWHERE = lxml.etree.XPath(
    "//@class[" + " or ".join(f"contains(., '{name}')" for name in _ARTICLE_CLASSES) + "]"
)
_CHARACTER_REFERENCE = re.compile(rb"&#")
_CLASS_SEPARATORS = str.maketrans("\t\r\n", "   ")  # XPath normalize-space's whitespace


def _class_tokens(value: str) -> set[str]:
    return set(value.translate(_CLASS_SEPARATORS).split(" "))


def _page_blocks(document: lxml.etree._Element, content: bytes) -> dict[str, list[lxml.etree._Element]]:
    """The page's atcl-ttl and atcl-date elements, its div.nr-n-content-detail and
    select#preliminarysel ones, and its tables, each in document order.

    The pages put the article classes on divs, and looking at divs only is several times quicker
    than looking at every class attribute. It is exact when every "atcl-" in the page's bytes is
    inside a div's class attribute: with no character references ("&#") in the page, no other
    element's class can spell one (no named entity expands to a letter or "-"). Otherwise every
    element's class is searched.
    """
    blocks: dict[str, list[lxml.etree._Element]] = {
        name: [] for name in (*_ARTICLE_CLASSES, "nr-n-content-detail", "preliminarysel", "table")
    }
    article_marks_on_divs = 0
    for element in document.iter("div", "select", "table"):  # the tables too: one walk of the page
        tag = element.tag
        if tag != "div":
            if tag == "table":
                blocks["table"].append(element)
            elif element.get("id") == "preliminarysel":
                blocks["preliminarysel"].append(element)
            continue
        value = element.get("class")
        if value and ("atcl-" in value or "nr-n-content-detail" in value):
            article_marks_on_divs += value.count("atcl-")
            for token in _class_tokens(value):
                if token in _ARTICLE_CLASSES or token == "nr-n-content-detail":
                    blocks[token].append(element)
    if _CHARACTER_REFERENCE.search(content) is not None or content.count(b"atcl-") != article_marks_on_divs:
        for name in _ARTICLE_CLASSES:
            blocks[name] = []
        for attribute in _ARTICLE_CLASSES_ANYWHERE(document):
            for token in _class_tokens(str(attribute)):
                if token in _ARTICLE_CLASSES:
                    blocks[token].append(attribute.getparent())
    return blocks


def _the_data_table(blocks: dict[str, list[lxml.etree._Element]]) -> lxml.etree._Element:
    tables = blocks["table"]
    if not tables:
        raise PageProblem("no data table on the page (release published as an image?)")
    if len(tables) > 1:
        raise PageProblem(f"the page has {len(tables)} tables; a release page has exactly one data table")
    return tables[0]


def _one_text(texts: dict[str, list[str]], css_class: str) -> str | None:
    found = texts[css_class]
    if len(found) > 1:
        raise PageProblem(f"the page has {len(found)} '{css_class}' blocks, expected one")
    return found[0] if found else None


def read_release(content: bytes) -> ParsedRelease:
    """parse_release without the page name: raises PageProblem."""
    _check_bytes(content)
    document = _parse_html(content)
    blocks = _page_blocks(document, content)
    if blocks["preliminarysel"] or blocks["nr-n-content-detail"]:
        raise PageProblem(
            "this is an index page (a year selector and a list of bulletins), not a release page with a data table"
        )
    table = _the_data_table(blocks)
    # The article blocks' texts, read before read_table marks the table's text (a block could be in it).
    block_texts = {name: ["".join(element.itertext()) for element in blocks[name]] for name in _ARTICLE_CLASSES}
    rows, markup_is_plain = read_table(table, rowspans=b"rowspan" in content.lower())
    if len(rows) < 4:
        raise PageProblem(f"the table has {len(rows)} rows, too few for a title, unit and two header rows")

    title = parse_title(_single_cell_text(rows[0], "title"))
    page_title = _one_text(block_texts, "atcl-ttl")
    if page_title is not None and normalise_text(page_title.translate(_APOSTROPHES)) != title.text:
        raise PageProblem(f"the page title {normalise_text(page_title)!r} differs from the table title {title.text!r}")
    date_text = _one_text(block_texts, "atcl-date")
    if date_text is None:
        raise PageProblem("no publication date ('atcl-date') on the page")
    publication_date = parse_publication_date(date_text)

    unit_currency, unit, scale = parse_unit(_single_cell_text(rows[1], "unit"))
    if unit_currency != title.currency:
        raise PageProblem(f"the title says {title.currency} but the unit row says {unit!r}")

    columns = columns_from_headers(expand(rows[2]), expand(rows[3]), title)
    for heading_row in rows[:2]:
        if heading_row[0].colspan != len(columns) + 1:
            raise PageProblem(
                f"the title and unit rows span {heading_row[0].colspan} columns but the header has {len(columns) + 1}"
            )
    check_after_reference_month(publication_date, title)
    data_rows = read_data_rows(rows[4:], columns, markup_is_plain=markup_is_plain)

    header = _Header(title, unit, scale, publication_date)
    if title.section == 4:
        observations = section4_observations(header, columns, data_rows)
    else:
        observations = section1_observations(header, columns, data_rows)
    return ParsedRelease(
        section=title.section,
        currency=title.currency,
        title=title.text,
        unit=unit,
        scale=scale,
        reference_month=title.reference_month,
        publication_date=publication_date,
        observations=tuple(observations),
    )


def parse_release(content: bytes, page: str, *, context: PageContext | None = None) -> ParsedRelease:
    """Every number on one GACC release page, or ParseError(page, one-line reason).

    ``context`` is what discovery says of the page (table, currency, month); the page must not
    contradict it.
    """
    try:
        return read_release(content)
    except PageProblem as exc:
        raise ParseError(page, _one_line(str(exc))) from None
    except RecursionError:
        raise ParseError(page, "the page nests its markup too deeply to be a release page") from None


def _one_line(reason: str) -> str:
    return normalise_text(reason)
