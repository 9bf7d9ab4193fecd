"""The Monthly Bulletin's tables （17） Exports / （18） Imports of Selected Commodities by Major Customs
Regimes → raw.commodity_regime_observations (CommodityRegimeObservation).

Read by meaning (docs/real-site-notes.md §10.5: the TEXT of three real (18) pages, 7, 11 and 12.2019,
tests/data/gacc_pages/bulletin/text/b18_*; their markup was not saved, and (17) is ASSUMED alike):

* title ``(18) Import of Selected Commodities by Major Customs Regimes,12. 2019`` ("Import", not the
  index's "Imports"), the unit row ``Unit: US$1,000`` and the page date as table (2) reads them;
* two header rows: the corner ``Commodities/Customs Regimes``, the ``Quantity Unit`` column, and
  each major regime (``Ordinary Trade``, ``Processing Trade``, ``Bonded logistics``, ``Other``: the
  ``major_regime`` labels of gacc_structure_labels.csv, in any order) over ``Quantity`` and
  ``Value``. No Total column; the values are January to the month;
* each commodity two rows: its quantities and values, then an unlabelled row of their
  year-on-year % changes (the shaded row of (5)-(7)), regime by regime; a label's leading space
  (or no-break spaces) marks a sub-item, kept under its parent and never added to it (the real
  page prints soya beans, larger than its parent, under "Cereals and cereal flour"); a stray
  leading ``'`` (Excel's text mark) is not part of the label; codes as (13)/(14) key theirs;
* ``-`` is nothing traded and an EMPTY quantity cell (the real pages print values beside them) is
  not printed: no row, never zero, as (13)/(14) read theirs.

Page arithmetic: quantities only where a quantity unit is printed; the largest commodity's
January-to-month value over the regimes fits China's size of trade in the unit row's unit. The
printed % changes are read, not recomputed (no parser checks GACC's changes). An unknown regime
column, a second quantity unit column or a row of another width is a PageProblem naming it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import NamedTuple, cast

from customs_wh.contracts import (
    COMMODITY_REGIME_TABLES,
    CommodityRegimeObservation,
    PageContext,
    ParsedRelease,
)
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import INTEGER, PERCENT
from customs_wh.gacc.parsing.bulletin_commodity_table import (
    NOT_PRINTED_FIGURE,
    CommodityRow,
    FigureReader,
    codes_and_parents,
    read_label,
)
from customs_wh.gacc.parsing.bulletin_country_table import open_table, publication_date, without_notes
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.parsing.units import LARGEST_COMMODITY_MONTHLY_USD, Unit, check_magnitude
from customs_wh.gacc.structure_labels import structure_item
from customs_wh.table_registry import TableSpec

REGIME_DIMENSION = "major_regime"
_AMOUNTS = ("quantity", "value")
_SOURCE_WHITESPACE = " \t\r\n"


class Column(NamedTuple):
    regime: str  # GT | PT | BL | OTR
    measure: str  # quantity | value | quantity_yoy_pct | value_yoy_pct
    period_kind: str = "ytd"  # January to the month, always


class Layout(NamedTuple):
    width: int  # cells a row of values has
    unit_index: int  # the quantity unit column
    columns: tuple[tuple[int, Column], ...]  # (position, column) of each figure column, left to right


def read_layout(grid: tuple[tuple[str, ...], ...]) -> Layout:
    """The columns by their words: the quantity unit column, each regime's quantity and value."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two (regimes over quantity and value)")
    top, sub = ([normalise(text) for text in row] for row in grid)
    if "commodit" not in top[0].lower():
        raise PageProblem(f"column 1 is {top[0]!r}, not the commodities")
    units = [index for index in range(1, len(top)) if top[index].lower() == "quantity unit"]
    if len(units) != 1:
        raise PageProblem(f"the header has {len(units)} 'Quantity Unit' columns, expected one")
    columns: list[tuple[int, Column]] = []
    for index in range(1, len(top)):
        if index == units[0]:
            continue
        where = f"column {index + 1} ({top[index]} / {sub[index]})"
        item = structure_item(REGIME_DIMENSION, top[index])
        if item is None:
            raise PageProblem(f"{where} is not a major customs regime (Ordinary Trade, Processing Trade, …)")
        if sub[index].lower() not in _AMOUNTS:
            raise PageProblem(f"{where} is neither a quantity nor a value")
        column = Column(item.code, sub[index].lower())
        if any(column == other for _, other in columns):
            raise PageProblem(f"{where}: the header prints {item.name} {column.measure} twice")
        columns.append((index, column))
    regimes = dict.fromkeys(column.regime for _, column in columns)
    for regime in regimes:
        for amount in _AMOUNTS:
            if not any(column == Column(regime, amount) for _, column in columns):
                raise PageProblem(f"the header prints no {amount} column for regime {regime}")
    if not regimes:
        raise PageProblem("the header names no customs regime")
    return Layout(len(top), units[0], tuple(columns))


def _indented(cell: Cell) -> bool:
    """A leading space inside the label's markup (the source's own line breaks and indents aside)."""
    for text in cast(Iterator[str], cell.element.itertext()):  # a parsed page's text is str
        if text.strip(_SOURCE_WHITESPACE + "\xa0"):
            return text[:1] in (" ", "\xa0", "\u3000")
        if "\xa0" in text or "\u3000" in text:
            return True
    return False


class _Readers(NamedTuple):
    """How a page's rows are read, worked out once from its layout."""

    positions: tuple[int, ...]  # where each figure column's cells stand in a row of values
    figures: FigureReader  # a row of values: an empty quantity cell is not printed
    changes: FigureReader  # a row of changes, its columns the figure columns' changes: empty is not printed
    quantities: tuple[int, ...]  # the quantity columns among the figure columns


@functools.lru_cache(maxsize=64)  # a few layouts, met again on every page of a backfill
def _readers(layout: Layout) -> _Readers:
    columns = [column for _, column in layout.columns]
    # An empty quantity cell beside a printed value (the real pages have them): not printed.
    quantity = [column.measure == "quantity" for column in columns]
    changes = [column._replace(measure=f"{column.measure}_yoy_pct") for column in columns]
    return _Readers(
        tuple(index for index, _ in layout.columns),
        FigureReader(columns, quantity),
        FigureReader(changes, [True] * len(changes)),
        tuple(index for index, is_quantity in enumerate(quantity) if is_quantity),
    )


def read_rows(body: Sequence[Sequence[Cell]], layout: Layout) -> list[CommodityRow]:
    """Each commodity's figures and, from the unlabelled row under it, its changes."""
    readers = _readers(layout)
    rows: list[CommodityRow] = []
    awaiting: CommodityRow | None = None  # the commodity whose changes come next
    for cells in body:
        label, depth, aggregate = read_label(cells[0].text)
        label = label.lstrip("'\u2018\u2019`").strip()
        if not label:
            if awaiting is None:
                raise PageProblem(
                    f"an unlabelled row follows {rows[-1].label + ' and its changes' if rows else 'the header'}"
                )
            _read_changes(awaiting, cells, layout, readers.changes)
            awaiting = None
            continue
        if awaiting is not None:
            raise PageProblem(f"row {awaiting.label!r} has no row of changes under it")
        if len(cells) != layout.width:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {layout.width}: a shifted row")
        unit = normalise_text(cells[layout.unit_index].text)
        if INTEGER.match(unit) or PERCENT.match(unit):
            raise PageProblem(f"row {label!r} prints {unit!r} as its quantity unit: the columns are shifted")
        texts = [normalise_text(cells[index].text) for index in readers.positions]
        values = readers.figures.read(texts, label)
        quantity_unit = None if not unit or NOT_PRINTED_FIGURE.match(unit) else unit
        if quantity_unit is None and any(values[index] is not None for index in readers.quantities):
            raise PageProblem(f"row {label!r} prints a quantity but no quantity unit")
        depth = max(depth, 1 if _indented(cells[0]) else 0)
        figures = dict(zip(readers.figures.columns, values, strict=True))
        awaiting = CommodityRow(label, depth, aggregate, quantity_unit, figures)
        rows.append(awaiting)
    if awaiting is not None:
        raise PageProblem(f"row {awaiting.label!r} has no row of changes under it")
    if not rows:
        raise PageProblem("the table has no commodities")
    codes_and_parents(rows)
    return rows


def _read_changes(row: CommodityRow, cells: Sequence[Cell], layout: Layout, changes: FigureReader) -> None:
    """The row of changes: under each figure column (its cell under the quantity unit empty), or
    one cell a figure column after the empty label cell."""
    if len(cells) == layout.width:
        if normalise_text(cells[layout.unit_index].text) not in ("", "-"):
            raise PageProblem(f"the changes under row {row.label!r} print a figure under the quantity unit")
        texts = [normalise_text(cells[index].text) for index, _ in layout.columns]
    elif len(cells) == len(layout.columns) + 1:
        texts = [normalise_text(cell.text) for cell in cells[1:]]
    else:
        raise PageProblem(
            f"the changes under row {row.label!r} have {len(cells)} cells, the header {layout.width}: a shifted row"
        )
    row.figures.update(zip(changes.columns, changes.read(texts, f"{row.label} (change)"), strict=True))


def _check_magnitude(rows: list[CommodityRow], layout: Layout, unit: Unit, month: int, flow: str) -> None:
    """The largest commodity over its regimes, January to the month, fits China's size of trade."""
    values = [column for _, column in layout.columns if column.measure == "value"]
    largest = max(sum(row.figures[column] or 0.0 for column in values) for row in rows)
    check_magnitude(unit, largest, month, f"the largest {flow} commodity", LARGEST_COMMODITY_MONTHLY_USD)


def read_bulletin_commodity_regime_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
    start: int,
) -> ParsedRelease:
    frame = open_table(raw, spec, table_title, page_title, context, start)
    grid, end = header_grid(frame.rows, 0, spans_rows=bool(raw.spanned_rows))
    layout = read_layout(grid)
    rows = read_rows(without_notes(frame.rows[end:], layout.width), layout)
    flow = COMMODITY_REGIME_TABLES[spec.code]
    unit, reference_month = frame.unit, frame.reference_month
    _check_magnitude(rows, layout, unit, frame.month, flow)
    published = publication_date(date_text, frame.year, frame.month)
    readers = _readers(layout)
    page = (spec.code, spec.section, unit.currency, unit.printed, unit.scale, reference_month, published)
    period_start = f"{frame.year:04d}-01"
    # The Bulletin's integers; changes to a tenth.
    decimals = dict.fromkeys(readers.figures.columns, 0) | dict.fromkeys(readers.changes.columns, 1)
    # Built as tuples (a named tuple's keyword __new__ costs a Python call per number).
    new, kind_of = tuple.__new__, CommodityRegimeObservation
    observations: list[CommodityRegimeObservation] = []
    for row in rows:
        prefix = (*page, row.label, row.code, row.parent, flow)
        for column, value in row.figures.items():
            if value is None:
                continue  # "-" or an empty cell: no row, never zero
            regime, measure, period_kind = column
            observations.append(
                new(
                    kind_of,
                    (*prefix, regime, row.quantity_unit, measure, period_kind, period_start, value, decimals[column]),
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


__all__ = ["Column", "read_bulletin_commodity_regime_table", "read_layout", "read_rows"]
