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

import re
from dataclasses import dataclass, replace
from typing import Protocol

from customs_wh.contracts import COMMODITY_FLOWS, CommodityObservation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
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
from customs_wh.gacc.parsing.units import LARGEST_COMMODITY_MONTHLY_USD, check_magnitude
from customs_wh.table_registry import TableSpec

INTEGER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)$", re.ASCII)
PERCENT = re.compile(r"^-?(?:0|[1-9]\d*)\.\d$", re.ASCII)
NOT_PRINTED_FIGURE = re.compile(r"^(?:[-\u2013\u2014－]|[*#]REF!|#+)$", re.IGNORECASE)
_SOURCE_WHITESPACE = " \t\r\n"


@dataclass(frozen=True)
class Column:
    measure: str  # quantity | value | quantity_yoy_pct | value_yoy_pct
    period_kind: str  # month | ytd


def read_columns(grid: tuple[tuple[str, ...], ...], month: int) -> tuple[int, list[Column], str]:
    """(the quantity unit column, the figure columns after it, the page's form of periods)."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two (periods over quantity and value)")
    top, sub = ([normalise_text(normalise(text)).lower() for text in row] for row in grid)
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
    columns, form = read_form(columns, month, lambda column: replace(column, period_kind="month"))
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
    stripped = normalise_text(text)
    if NOT_PRINTED_FIGURE.match(stripped):
        return None
    pattern = PERCENT if column.measure.endswith("_pct") else INTEGER
    if not pattern.match(stripped):
        raise PageProblem(
            f"row {label!r}, {column.measure} ({column.period_kind}): {stripped!r} is not a printed figure"
        )
    return float(stripped.replace(",", ""))


@dataclass
class CommodityRow:
    label: str
    depth: int
    is_aggregate: bool
    quantity_unit: str | None
    figures: dict  # column → figure, None where not printed
    code: str = ""
    parent: str | None = None


def read_label(text: str) -> tuple[str, int, bool]:
    """(label, depth in no-break spaces, is_aggregate) of a label cell's text."""
    body = text.strip(_SOURCE_WHITESPACE)
    depth = len(body) - len(body.lstrip("\xa0 "))
    label = normalise_text(normalise(body))
    aggregate = label.startswith("*") or label.endswith("*")
    return label.strip("* ").strip(), depth, aggregate


def read_rows(body: list[list[Cell]], columns: list[Column]) -> list[CommodityRow]:
    rows: list[CommodityRow] = []
    for cells in body:
        label, depth, aggregate = read_label(cells[0].text)
        if len(cells) != len(columns) + 2:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {len(columns) + 2}: a shifted row")
        if not label:
            raise PageProblem("a data row has no label")
        texts = [normalise_text(cell.text) for cell in cells[2:]]
        if not any(texts) and not normalise_text(cells[1].text):
            continue  # a heading ("Of which:") with no figures
        unit = normalise_text(cells[1].text)
        if INTEGER.match(unit) or PERCENT.match(unit):
            raise PageProblem(f"row {label!r} prints {unit!r} as its quantity unit: the columns are shifted")
        figures = {column: read_figure(text, column, label) for column, text in zip(columns, texts, strict=True)}
        quantity_unit = None if NOT_PRINTED_FIGURE.match(unit) or not unit else unit
        if quantity_unit is None and any(
            value is not None for column, value in figures.items() if column.measure == "quantity"
        ):
            raise PageProblem(f"row {label!r} prints a quantity but no quantity unit")
        rows.append(CommodityRow(label, depth, aggregate, quantity_unit, figures))
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


def _check(rows: list[CommodityRow], form: str, unit, flow: str) -> None:
    for row in rows:
        check_combined(row.label, row.figures, form, lambda column: replace(column, period_kind="ytd"))
    if form != SINGLE:
        for row in rows:
            for measure in ("quantity", "value"):
                month, ytd = row.figures.get(Column(measure, "month")), row.figures.get(Column(measure, "ytd"))
                if month is not None and ytd is not None and month > ytd + ROUNDING:
                    raise PageProblem(
                        f"row {row.label!r}: {measure} of the month {month:,.0f} "
                        f"exceeds January to the month {ytd:,.0f}"
                    )
    largest = max((row.figures.get(Column("value", "month")) or 0.0 for row in rows), default=0.0)
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
    observations = []
    for row in parsed:
        for column, value in row.figures.items():
            if value is None:
                continue
            for kind in period_kinds(column, form, not column.measure.endswith("_pct")):
                observations.append(
                    CommodityObservation(
                        section=spec.section,
                        currency=unit.currency,
                        unit=unit.printed,
                        scale=unit.scale,
                        reference_month=reference_month,
                        publication_date=published,
                        commodity=row.label,
                        commodity_code=row.code,
                        parent_code=row.parent,
                        is_aggregate=row.is_aggregate,
                        flow=flow,
                        quantity_unit=row.quantity_unit,
                        measure=column.measure,
                        period_kind=kind,
                        period_start=reference_month if kind == "month" else reference_month[:5] + "01",
                        period_end=reference_month,
                        value=value,
                        # Integers in the unit row's unit and the quantity unit; changes to a tenth.
                        decimals=1 if column.measure.endswith("_pct") else 0,
                    )
                )
    return ParsedRelease(
        section=spec.section,
        currency=unit.currency,
        title=normalise(table_title),
        unit=unit.printed,
        scale=unit.scale,
        reference_month=reference_month,
        publication_date=published,
        observations=tuple(observations),
    )
