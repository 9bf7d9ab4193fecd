"""The header rows → what each column holds, by the words, never by position.

Every header text is read into facets: a flow ("Export & Import", "Export", "Import"), an
amount ("Value", "Quantity"), a rate ("Year-on-Year (±%)", "Month-on-Month +/- %"), a period
("3" or "May" the month; "1- to-3", "1to6", "1-5 Total", "Jan-May in Total" January to the
month), a year ("1-5 Total, 2025": the same months a year earlier; GACC leaves the year stale,
so only its presence is read), or a heading of the label or quantity-unit column. A column
means what the texts above it say together, whichever row says it and however the cells
span. Words GACC has never printed are an unknown header, never skipped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from customs_wh.gacc.labels import MONTH_PATTERN, month_number
from customs_wh.gacc.parsing.table import LABEL_HEADINGS
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.words import RANGE_DASHES

UNIT_HEADINGS = frozenset({"quantity unit", "qty unit", "qty. unit", "unit of quantity", "unit"})
COMMODITY_HEADINGS = frozenset({"commodity", "commodities"})
PARTNER_HEADINGS = frozenset(
    {"import source", "export destination", "country/region", "country (region)", "countries/regions"}
)
TOTALS_HEADINGS = frozenset({"item", "items"})
KIND_NAMES = {
    "partners": "a table by country/region",
    "totals": "the totals table",
    "commodities": "a commodity table",
}


@dataclass(frozen=True)
class Facets:
    """What one header text says; None/False where it says nothing."""

    unit: bool = False
    flow: str | None = None  # total | export | import
    amount: str | None = None  # value | quantity
    rate: str | None = None  # yoy | mom
    period: str | None = None  # month | ytd
    month: int | None = None  # the month the period ends with
    prior: bool = False  # names a year: the same months a year earlier


_DASH = re.escape(RANGE_DASHES)  # inside [...]
_RATE_YOY = re.compile(r"year\s*-?\s*on\s*-?\s*year|\byoy\b|y-o-y", re.IGNORECASE | re.ASCII)
_RATE_MOM = re.compile(r"month\s*-?\s*on\s*-?\s*month|\bmom\b|m-o-m", re.IGNORECASE | re.ASCII)
_PERCENT = re.compile(r"[(\[]?\s*(?:\+\s*/\s*-|±)?\s*%\s*[)\]]?|\+\s*/\s*-|±")
_YTD_NUMBERS = re.compile(
    rf"(?<!\d)1\s*[{_DASH}]?\s*to\s*[{_DASH}]?\s*(\d{{1,2}})(?!\d)|(?<!\d)1\s*[{_DASH}]\s*(\d{{1,2}})(?!\d)"
)
_YTD_MONTHS = re.compile(
    rf"\b({MONTH_PATTERN})\.?\s*(?:[{_DASH}]|\bto\b)\s*({MONTH_PATTERN})\b\.?", re.IGNORECASE | re.ASCII
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)", re.ASCII)
_BARE_MONTH = re.compile(r"^\s*(\d{1,2})\s*$", re.ASCII)
_MONTH_WORD = re.compile(rf"\b({MONTH_PATTERN})\b\.?", re.IGNORECASE | re.ASCII)
_CUMULATIVE = re.compile(r"\b(?:total|cumulative|accumulated)\b", re.IGNORECASE | re.ASCII)
_FLOW = re.compile(r"\b(exports?|imports?)\b", re.IGNORECASE | re.ASCII)
_AMOUNT = re.compile(r"\b(values?|quantity|quantities|qty)\b\.?", re.IGNORECASE | re.ASCII)
_FILLER = re.compile(r"\b(?:total|in|and|of|the|cumulative|accumulated)\b|[,.:;&()\s]+", re.IGNORECASE | re.ASCII)


@functools.lru_cache(maxsize=1024)  # pure, and pages repeat a few header texts
def header_facets(text: str) -> Facets:
    """One header text's meaning; words that are not a known header raise PageProblem."""
    key = normalise_text(text)
    lowered = key.lower()
    if lowered in UNIT_HEADINGS:
        return Facets(unit=True)
    rest = lowered
    rate = None
    for pattern, name in ((_RATE_YOY, "yoy"), (_RATE_MOM, "mom")):
        if pattern.search(rest):
            if rate is not None:
                raise PageProblem(f"header {key!r} names two rates")
            rate, rest = name, pattern.sub(" ", rest)
    rest = _PERCENT.sub(" ", rest)
    period = month = None
    through = _YTD_NUMBERS.search(rest)
    words = _YTD_MONTHS.search(rest)
    if through:
        period, month = "ytd", int(through.group(1) or through.group(2))
        rest = rest[: through.start()] + " " + rest[through.end() :]
    elif words:
        if month_number(words.group(1)) != 1:
            raise PageProblem(f"header {key!r} names a period that does not start in January")
        period, month = "ytd", month_number(words.group(2))
        rest = rest[: words.start()] + " " + rest[words.end() :]
    prior = bool(_YEAR.search(rest))
    rest = _YEAR.sub(" ", rest)
    if period is None:
        bare = _BARE_MONTH.match(rest)
        single = _MONTH_WORD.search(rest)
        if bare:
            period, month, rest = "month", int(bare.group(1)), ""
        elif single:
            period, month = "month", month_number(single.group(1))
            rest = rest[: single.start()] + " " + rest[single.end() :]
            if _CUMULATIVE.search(rest):  # "Jan in Total": January to January, the cumulative column
                if month != 1:
                    raise PageProblem(f"header {key!r} names neither the month nor January to it")
                period = "ytd"
    if month is not None and not 1 <= month <= 12:
        raise PageProblem(f"header {key!r} names month {month}")
    flows = {word.rstrip("s") for word in _FLOW.findall(rest)}
    flow = "total" if flows == {"export", "import"} else next(iter(flows), None)
    rest = _FLOW.sub(" ", rest)
    amounts = {"value" if word.startswith("value") else "quantity" for word in _AMOUNT.findall(rest)}
    if len(amounts) > 1:
        raise PageProblem(f"header {key!r} names both a quantity and a value")
    rest = _AMOUNT.sub(" ", rest)
    if _FILLER.sub("", rest):
        raise PageProblem(f"unknown header {key!r}")
    amount = next(iter(amounts)) if amounts else None
    return Facets(False, flow, amount, rate, period, month, prior)


@dataclass(frozen=True)
class Column:
    """What one column of figures holds."""

    flow: str | None  # None where the rows name the flow (the totals table) or there is none
    measure: str  # value | quantity | yoy_pct | quantity_yoy_pct | mom_pct | quantity_mom_pct
    period_kind: str  # month | ytd
    prior_year: bool  # the same months a year earlier
    month: int  # the month the period ends with

    def describe(self) -> str:
        parts = [self.flow, self.measure, self.period_kind, "a year earlier" if self.prior_year else None]
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Header:
    """The header rows read: the table's kind and each column's meaning."""

    kind: str  # partners (by country/region) | totals | commodities
    label_heading: str  # the heading above the label column, as printed ("" when blank)
    unit_column: int | None  # the quantity-unit column (commodity tables)
    columns: tuple[Column | None, ...]  # per column; None for the label and unit columns
    month: int  # the month every period names

    @property
    def figures(self) -> tuple[tuple[int, Column], ...]:
        return tuple((index, column) for index, column in enumerate(self.columns) if column is not None)

    @property
    def has_month_columns(self) -> bool:
        return any(column.period_kind == "month" for _, column in self.figures)

    @property
    def has_ytd_columns(self) -> bool:
        return any(column.period_kind == "ytd" and not column.prior_year for _, column in self.figures)


@functools.lru_cache(maxsize=256)  # pure; a layout repeats on every release of its table
def read_header(grid: tuple[tuple[str, ...], ...]) -> Header:
    """The header grid (rows of texts, spans repeated) as a :class:`Header`."""
    width = len(grid[0])
    label_texts = [normalise_text(row[0]) for row in grid]
    for text in label_texts:
        if text.lower() not in LABEL_HEADINGS:
            raise PageProblem(f"unknown header {text!r} above the label column")
    label_heading = " / ".join(dict.fromkeys(text for text in label_texts if text))
    read: list[Column | _UnplacedRate | None] = [None]
    unit_column = None
    for index in range(1, width):
        texts = tuple(dict.fromkeys(row[index] for row in grid))
        column = _column(texts)
        if column is None:
            if unit_column is not None:
                raise PageProblem("two columns are headed as the quantity unit")
            unit_column = index
        read.append(column)
    columns = _rates_take_the_one_period(read)
    figures = [column for column in columns if column is not None]
    if not figures:
        raise PageProblem("the header names no column of figures")
    months = sorted({column.month for column in figures})
    if len(months) > 1:
        raise PageProblem(f"the header's columns name different months: {', '.join(map(str, months))}")
    seen: set[Column] = set()
    for column in figures:
        if column in seen:
            raise PageProblem(f"two columns are headed {column.describe()!r}")
        seen.add(column)
    kind = _kind(label_heading, unit_column, figures)
    return Header(kind, label_heading, unit_column, tuple(columns), months[0])


@dataclass(frozen=True)
class _UnplacedRate:
    """A rate column whose header names no month ("Year-on-Year +/- %" alone): it takes the one
    period the other columns name."""

    flow: str | None
    measure: str
    period_kind: str | None

    def describe(self) -> str:
        return " ".join(part for part in (self.flow, self.measure, self.period_kind) if part)


_T = TypeVar("_T")


def _column(texts: tuple[str, ...]) -> Column | _UnplacedRate | None:
    """One column from the texts above it; None for the quantity-unit column."""
    facets = [header_facets(text) for text in texts]
    where = "header " + " / ".join(repr(normalise_text(text)) for text in texts)
    if any(f.unit for f in facets):
        if any(f != Facets(unit=True) and f != Facets() for f in facets):
            raise PageProblem(f"{where} mixes the quantity unit with figures")
        return None

    def one(values: Iterable[_T | None]) -> _T | None:
        found = set(values) - {None}
        if len(found) > 1:
            raise PageProblem(f"{where} does not name one flow and one period")
        return next(iter(found)) if found else None

    flow, amount = one(f.flow for f in facets), one(f.amount for f in facets)
    rate, period, month = one(f.rate for f in facets), one(f.period for f in facets), one(f.month for f in facets)
    if (period is None or month is None) and rate is None:
        raise PageProblem(f"{where} does not name one flow and one period")
    measure = {
        (None, None): "value",
        ("value", None): "value",
        ("quantity", None): "quantity",
        (None, "yoy"): "yoy_pct",
        ("value", "yoy"): "yoy_pct",
        ("quantity", "yoy"): "quantity_yoy_pct",
        (None, "mom"): "mom_pct",
        ("value", "mom"): "mom_pct",
        ("quantity", "mom"): "quantity_mom_pct",
    }[(amount, rate)]
    prior = any(f.prior for f in facets)
    if prior and (rate is not None or period != "ytd"):
        raise PageProblem(f"{where} names a year on a column that is not January to the month")
    if period is None or month is None:
        return _UnplacedRate(flow, measure, period)
    return Column(flow, measure, period, prior, month)


def _rates_take_the_one_period(columns: list[Column | _UnplacedRate | None]) -> list[Column | None]:
    """A rate column headed "Year-on-Year +/- %" alone, on a page whose other columns all name
    one period (the totals table's January-February layout), is that period's rate."""
    unplaced = [column for column in columns if isinstance(column, _UnplacedRate)]
    periods = {(c.period_kind, c.month) for c in columns if isinstance(c, Column)}
    if unplaced and len(periods) != 1:
        raise PageProblem(f"column {unplaced[0].describe()!r} does not name one flow and one period")
    placed: list[Column | None] = []
    for column in columns:
        if isinstance(column, _UnplacedRate):
            ((period_kind, month),) = periods
            if column.period_kind not in (None, period_kind):
                raise PageProblem(f"column {column.describe()!r} does not name one flow and one period")
            column = Column(column.flow, column.measure, period_kind, False, month)
        placed.append(column)
    return placed


def _kind(label_heading: str, unit_column: int | None, figures: list[Column]) -> str:
    """partners, totals or commodities, from the columns; the label heading must not disagree."""
    if unit_column is not None or any(column.measure.startswith("quantity") for column in figures):
        kind = "commodities"
    elif any(column.flow is not None for column in figures):
        kind = "partners"
    else:
        kind = "totals"
    headings = {"commodities": COMMODITY_HEADINGS, "partners": PARTNER_HEADINGS, "totals": TOTALS_HEADINGS}
    said = {part.strip() for part in label_heading.lower().split("/")} | {label_heading.lower()}
    named = [name for name, words in headings.items() if said & words]
    if named and kind not in named:
        raise PageProblem(
            f"the label column is headed {label_heading!r} but the columns are those of {KIND_NAMES[kind]}"
        )
    if kind == "partners":
        flowless = [column for column in figures if column.flow is None]
        if flowless:
            raise PageProblem(
                f"column {flowless[0].describe()!r} names no flow, unlike the other columns of the table "
                f"by country/region"
            )
    elif any(column.flow is not None for column in figures):
        flowing = next(column for column in figures if column.flow)
        raise PageProblem(f"column {flowing.describe()!r} names a flow, which {KIND_NAMES[kind]} does not")
    return kind
