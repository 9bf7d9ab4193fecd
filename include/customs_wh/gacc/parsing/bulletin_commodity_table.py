"""The Monthly Bulletin's tables （13） Major Export / （14） Major Import Commodities in Quantity and
Value → raw.commodity_observations.

Read by meaning (docs/real-site-notes.md §10.3; no real copy is saved in this repository yet: the
layout rests on the real January 2026 （14） page kept by finance-site, read but not copied, and on
notes for the other months, so docs/conformance.md marks the ordinary month *assumed*):

* title ``（14）Major Import Commodities in Quantity and Value,1.2026`` (or ``,1-7.2026``); the unit
  row (``Unit:US$1,000``, ``Unit:RMB￥10,000``), in one cell or after empty ones;
* two header rows: ``Commodity | Quantity Unit`` over the rows, then periods (``7`` the month,
  ``1to7`` January to the month, January's single ``1`` both, January-February 2020's ``1 to 2``
  beside ``1to2`` (bulletin_periods); ``Percentage Change``, the change of
  the cumulative figures) each over ``Quantity`` and ``Value``; a leading empty column (2022-01/02)
  is dropped;
* rows: the label's leading no-break spaces give its depth (GACC indents by four, not always
  exactly: a row's parent is the nearest row above it indented less); a trailing or leading ``*``
  marks GACC's overlapping aggregates; the quantity unit a code (``10000T``, ``T``, ``100MN``) or
  ``-`` for a value-only row; ``-`` and Excel's ``*REF!``/``#REF!`` or ``####`` cells are not
  printed: no row, never zero. Rows with no figure at all (early years' ``Of which:``) are headings.

Page arithmetic: the month never exceeds January to the month; quantities only where a quantity
unit is printed; the largest value fits China's size of trade in the unit row's unit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from customs_wh.contracts import COMMODITY_FLOWS, CommodityObservation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import INTEGER, INTEGER_FIGURE, PERCENT, PERCENT_FIGURE
from customs_wh.gacc.parsing.bulletin_country_table import (
    ROUNDING,
    open_table,
    publication_date,
    without_notes,
)
from customs_wh.gacc.parsing.bulletin_periods import SINGLE, check_combined, header_period, period_kinds, read_form
from customs_wh.gacc.parsing.commodity_table import row_commodity_code
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.parsing.units import LARGEST_COMMODITY_MONTHLY_USD, Unit, check_magnitude
from customs_wh.table_registry import TableSpec

# The forms of a printed cell, each read alone (INTEGER, PERCENT, NOT_PRINTED_FIGURE) or a whole
# row at once (FigureReader).
_NOT_PRINTED_FORM = r"[-\u2013\u2014－]|[*#]REF!|#+"
NOT_PRINTED_FIGURE = re.compile(rf"^(?:{_NOT_PRINTED_FORM})$", re.IGNORECASE)
_SOURCE_WHITESPACE = " \t\r\n"


class Column(NamedTuple):
    """A figure column's meaning (a named tuple: hashed in C, and a page has thousands of cells)."""

    measure: str  # quantity | value | quantity_yoy_pct | value_yoy_pct
    period_kind: str  # month | ytd


def read_columns(grid: tuple[tuple[str, ...], ...], month: int) -> tuple[int, list[Column], str]:
    """(the quantity unit column, the figure columns after it, the page's form of periods)."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two (periods over quantity and value)")
    top, sub = ([normalise(text).lower() for text in row] for row in grid)
    if top[1] != "quantity unit":
        raise PageProblem(f"column 2 is {grid[0][1].strip()!r}, not the quantity unit")
    columns: list[Column] = []
    for index in range(2, len(top)):
        upper, lower = top[index], sub[index]
        where = f"column {index + 1} ({normalise_text(grid[0][index])} / {normalise_text(grid[1][index])})"
        amount = {"quantity": "quantity", "value": "value"}.get(lower)
        if amount and (kind := header_period(upper, month, where)):
            columns.append(Column(amount, kind))
        elif amount and upper == "percentage change":
            columns.append(Column(f"{amount}_yoy_pct", "ytd"))
        else:
            raise PageProblem(f"{where} is not a column of a major commodities table")
    columns, form = read_form(columns, month, lambda column: column._replace(period_kind="month"))
    if Column("value", "month") not in columns:
        raise PageProblem("the header has no value column for the month")
    return 1, columns, form


def _drop_leading_empty_column(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The 2022-01/02 tables carry an empty first column: drop it when every row below the unit row has one."""
    below = [row for row in rows if len(row) > 1]  # notes rows are one cell across
    if below and all(row[0].colspan == 1 and not normalise_text(row[0].text) for row in below):
        return [row[1:] if len(row) > 1 else row for row in rows]
    return rows


class FigureColumn(Protocol):
    """What read_figure needs of a column: (13)/(14)'s and (17)/(18)'s each have their own."""

    @property
    def measure(self) -> str: ...
    @property
    def period_kind(self) -> str: ...


def read_figure(text: str, column: FigureColumn, label: str) -> float | None:
    """One cell's figure from its normalised text: None where GACC prints no figure."""
    if NOT_PRINTED_FIGURE.match(text):
        return None
    pattern = PERCENT if column.measure.endswith("_pct") else INTEGER
    if not pattern.match(text):
        raise PageProblem(f"row {label!r}, {column.measure} ({column.period_kind}): {text!r} is not a printed figure")
    return float(text.replace(",", ""))


@functools.lru_cache(maxsize=64)  # a handful of layouts, met again on every page of a backfill
def _row_pattern(cells: tuple[tuple[bool, bool], ...]) -> re.Pattern[str]:
    """The cells' normalised texts joined by newlines (which a normalised text never holds): for
    each cell, given (is a percentage, may be empty), its figure as a group, or a mark of no figure."""
    forms = []
    for percent, may_be_empty in cells:
        figure = PERCENT_FIGURE if percent else INTEGER_FIGURE
        # Each form keeps the flags it has alone: ASCII digits, "#REF!" in any case.
        forms.append(f"(?:((?a:{figure}))|(?i:{_NOT_PRINTED_FORM}){'|' if may_be_empty else ''})")
    return re.compile("\n".join(forms))


class FigureReader:
    """Reads a row's figure cells as read_figure reads each of them (and, where the cell ``may be
    empty``, an empty one as not printed), with one match of a pattern for the whole row: a page
    has thousands of cells. Only a row that fails the match is read cell by cell, to name the cell."""

    def __init__(self, columns: Sequence[FigureColumn], may_be_empty: Sequence[bool]) -> None:
        self.columns = tuple(columns)
        self.may_be_empty = tuple(may_be_empty)
        self.pattern = _row_pattern(
            tuple(
                (column.measure.endswith("_pct"), empty)
                for column, empty in zip(self.columns, self.may_be_empty, strict=True)
            )
        )

    def read(self, texts: Sequence[str], label: str) -> list[float | None]:
        """The figures of a row's normalised cell texts, None where not printed."""
        found = self.pattern.fullmatch("\n".join(texts))
        if found is None:
            for text, column, may_be_empty in zip(texts, self.columns, self.may_be_empty, strict=True):
                if text or not may_be_empty:
                    read_figure(text, column, label)  # raises for the first cell that is no figure
            raise AssertionError(f"row {label!r}: the row's pattern refused cells each read alone")
        return [None if figure is None else float(figure.replace(",", "")) for figure in found.groups()]


@dataclass
class CommodityRow:
    label: str
    depth: int
    is_aggregate: bool
    quantity_unit: str | None
    figures: dict  # column → figure, None where not printed
    code: str = ""
    parent: str | None = None


@functools.lru_cache(maxsize=4096)  # pure; a backfill reads the same few hundred labels month after month
def read_label(text: str) -> tuple[str, int, bool]:
    """(label, depth in no-break spaces, is_aggregate) of a label cell's text."""
    body = text.strip(_SOURCE_WHITESPACE)
    depth = len(body) - len(body.lstrip("\xa0 "))
    label = normalise(body)  # one space between words, trimmed, as normalise_text leaves it
    aggregate = label.startswith("*") or label.endswith("*")
    return label.strip("* ").strip(), depth, aggregate


def read_rows(body: list[list[Cell]], columns: list[Column]) -> list[CommodityRow]:
    width = len(columns) + 2
    figures = FigureReader(columns, [False] * len(columns))
    quantities = [index for index, column in enumerate(columns) if column.measure == "quantity"]
    rows: list[CommodityRow] = []
    for cells in body:
        label, depth, aggregate = read_label(cells[0].text)
        if len(cells) != width:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {width}: a shifted row")
        if not label:
            raise PageProblem("a data row has no label")
        texts = [normalise_text(cell.text) for cell in cells[2:]]
        unit = normalise_text(cells[1].text)
        if not unit and not any(texts):
            continue  # a heading ("Of which:") with no figures
        if INTEGER.match(unit) or PERCENT.match(unit):
            raise PageProblem(f"row {label!r} prints {unit!r} as its quantity unit: the columns are shifted")
        values = figures.read(texts, label)
        quantity_unit = None if not unit or NOT_PRINTED_FIGURE.match(unit) else unit
        if quantity_unit is None and any(values[index] is not None for index in quantities):
            raise PageProblem(f"row {label!r} prints a quantity but no quantity unit")
        rows.append(CommodityRow(label, depth, aggregate, quantity_unit, dict(zip(columns, values, strict=True))))
    if not rows:
        raise PageProblem("the table has no data rows")
    codes_and_parents(rows)
    return rows


def codes_and_parents(rows: list[CommodityRow]) -> None:
    """Codes by label (a label printed twice takes its parent's code as a prefix); parents by depth."""
    stack: list[CommodityRow] = []
    seen: set[str] = set()
    for row in rows:
        while stack and stack[-1].depth >= row.depth:
            stack.pop()
        row.parent = stack[-1].code if stack else None
        code = row_commodity_code(row.label)
        if code in seen and row.parent:
            code = f"{row.parent}.{code}"
        row.code = code
        seen.add(code)
        stack.append(row)


def _as_ytd(column: Column) -> Column:
    return column._replace(period_kind="ytd")


def _check(rows: list[CommodityRow], form: str, unit: Unit, flow: str) -> None:
    for row in rows:
        check_combined(row.label, row.figures, form, _as_ytd)
    if form != SINGLE:
        pairs = [(measure, Column(measure, "month"), Column(measure, "ytd")) for measure in ("quantity", "value")]
        for row in rows:
            for measure, month_column, ytd_column in pairs:
                month, ytd = row.figures.get(month_column), row.figures.get(ytd_column)
                if month is not None and ytd is not None and month > ytd + ROUNDING:
                    raise PageProblem(
                        f"row {row.label!r}: {measure} of the month {month:,.0f} "
                        f"exceeds January to the month {ytd:,.0f}"
                    )
    value_month = Column("value", "month")
    largest = max((row.figures.get(value_month) or 0.0 for row in rows), default=0.0)
    check_magnitude(unit, largest, 1, f"the largest {flow} commodity of the month", LARGEST_COMMODITY_MONTHLY_USD)


def read_bulletin_commodity_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
    start: int,
) -> ParsedRelease:
    frame = open_table(raw, spec, table_title, page_title, context, start)
    year, month, unit, reference_month = frame.year, frame.month, frame.unit, frame.reference_month
    rows = _drop_leading_empty_column(frame.rows)  # the rows below the unit row
    grid, end = header_grid(rows, 0, spans_rows=bool(raw.spanned_rows))
    _unit_column, columns, form = read_columns(grid, month)
    body = without_notes(rows[end:], len(columns) + 2)
    parsed = read_rows(body, columns)
    flow = COMMODITY_FLOWS[spec.section]
    _check(parsed, form, unit, flow)
    published = publication_date(date_text, year, month)
    return ParsedRelease(
        section=spec.section,
        currency=unit.currency,
        title=normalise(table_title),
        unit=unit.printed,
        scale=unit.scale,
        reference_month=reference_month,
        publication_date=published,
        observations=_observations(parsed, columns, form, spec.section, flow, unit, reference_month, published),
    )


def _observations(
    rows: list[CommodityRow],
    columns: list[Column],
    form: str,
    section: int,
    flow: str,
    unit: Unit,
    reference_month: str,
    published: str,
) -> tuple[CommodityObservation, ...]:
    year_start = reference_month[:5] + "01"
    page = (section, unit.currency, unit.printed, unit.scale, reference_month, published)
    # What a column says is the same on every row: worked out once per column (January's value
    # columns say both the month and January to the month; January-February 2020's month
    # position says nothing its twin does not). Integers in the unit row's unit and the quantity
    # unit; changes to a tenth.
    meanings = {
        column: (
            tuple(
                (column.measure, kind, reference_month if kind == "month" else year_start, reference_month)
                for kind in period_kinds(column, form, not column.measure.endswith("_pct"))
            ),
            1 if column.measure.endswith("_pct") else 0,
        )
        for column in columns
    }
    # Built as tuples (a named tuple's keyword __new__ costs a Python call per number).
    new, kind_of = tuple.__new__, CommodityObservation
    out: list[CommodityObservation] = []
    for row in rows:
        prefix = (*page, row.label, row.code, row.parent, row.is_aggregate, flow, row.quantity_unit)
        for column, value in row.figures.items():
            if value is None:
                continue  # not printed: no row, never zero
            readings, decimals = meanings[column]
            for reading in readings:
                out.append(new(kind_of, (*prefix, *reading, value, decimals)))
    return tuple(out)
