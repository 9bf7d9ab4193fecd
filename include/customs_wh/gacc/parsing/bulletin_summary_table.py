"""The Monthly Bulletin's table （1） "Summary of Imports and Exports (In USD)", printed twice:
A: Annually (a row a year) and B: Monthly (a row a month) → raw.observations, partner WORLD.

No real page of either is saved anywhere we know of (docs/conformance.md marks the layout
*assumed*); two peers read table （1） B on the real site as ``Year.Month`` rows (``2026.01``)
of Total, Exports, Imports and Balance, the month's figures then the cumulative ones, and a third
compared table （1） A's row for 2025 with the Preliminary Release's December. Read by meaning:

* the title ``（1）Summary of Imports and Exports (In USD) B：Monthly,6.2026`` names the table and
  the month; the unit row the currency and scale (``Unit:US$1,000``), which must be USD;
* the header: flows (``Total``, ``Exports``, ``Imports``, ``Balance``) under ``Monthly`` or
  ``Cumulative`` (B), or on their own, then ``Percentage Change`` over flows (A: the change of
  each year's, or the current year's January to the month, on a year earlier);
* rows: B a month each (``2025.01`` …), A a year each (``2018`` …, the current one ``2026.1-6``;
  a December's is the whole year). The row of the title's month (A: its year) is the release's
  number; earlier rows reprint earlier releases' numbers and are checked, not emitted: the
  observation contract's numbers end at the release's month.

Page arithmetic: each row's Total is its Exports plus Imports and its Balance Exports less
Imports, within the rounding of the figures; on B each month's cumulative figure is the one
before plus the month's (January's is the month's), and the rows run month by month to the
title's month. ``############`` (too wide for GACC's sheet) is not printed, and lands only where
one of those identities gives it exactly (marked derived).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from customs_wh.contracts import Observation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import NOT_PRINTED, OVERFLOW, read_cell
from customs_wh.gacc.parsing.bulletin_country_table import (
    ROUNDING,
    open_table,
    publication_date,
    without_notes,
)
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.parsing.units import WORLD_MONTHLY_USD, check_magnitude
from customs_wh.table_registry import TableSpec

SECTION = 1
FLOWS: dict[str, str] = {"total": "total", "exports": "export", "imports": "import", "balance": "balance"}
PERIOD_GROUPS: dict[str, str] = {"monthly": "month", "cumulative": "ytd"}
EMITTED_FLOWS = ("total", "export", "import")  # the balance is checked, never stored: exports less imports
_MONTH_ROW = re.compile(r"^(?P<year>\d{4})\s*\.\s*(?P<month>\d{1,2})$", re.ASCII)
_YEAR_ROW = re.compile(r"^(?P<year>\d{4})(?:\s*\.\s*1\s*[-~]\s*(?P<month>\d{1,2}))?$", re.ASCII)


class Column(NamedTuple):
    flow: str  # total | export | import | balance
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd


def read_columns(grid: tuple[tuple[str, ...], ...], annual: bool) -> list[Column]:
    """The figure columns after the row label (the year or the month)."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two")
    top, sub = ([normalise(text).lower() for text in row] for row in grid)
    corner = "year" if annual else "year.month"
    if top[0].replace(" ", "") != corner:
        raise PageProblem(f"column 1 is {grid[0][0].strip()!r}, not {corner!r}")
    columns: list[Column] = []
    for index in range(1, len(top)):
        upper, lower = top[index], sub[index]
        where = f"column {index + 1} ({normalise_text(grid[0][index])} / {normalise_text(grid[1][index])})"
        if upper == "percentage change" and FLOWS.get(lower) in EMITTED_FLOWS:
            columns.append(Column(FLOWS[lower], "yoy_pct", "ytd"))
        elif annual and upper in FLOWS and lower == upper:  # a flow over both header rows
            columns.append(Column(FLOWS[upper], "value", "ytd"))
        elif not annual and upper in PERIOD_GROUPS and lower in FLOWS:
            columns.append(Column(FLOWS[lower], "value", PERIOD_GROUPS[upper]))
        else:
            raise PageProblem(f"{where} is not a column of table (1) {'A' if annual else 'B'}")
    if len(set(columns)) != len(columns):
        raise PageProblem("the header names a column twice")
    for kind in ("ytd",) if annual else ("month", "ytd"):
        missing = [flow for flow in FLOWS.values() if Column(flow, "value", kind) not in columns]
        if missing:
            raise PageProblem(f"the header has no {', '.join(missing)} column ({kind})")
    return columns


class _Row(NamedTuple):
    label: str
    year: int
    month: int  # B: the row's month; A: the last month the row covers (12 for a whole year)
    cells: dict[Column, float | str]
    derived: frozenset[Column]


def _row_period(label: str, annual: bool, reference: tuple[int, int]) -> tuple[int, int]:
    found = (_YEAR_ROW if annual else _MONTH_ROW).match(label.replace(" ", ""))
    if found is None:
        shape = "a year ('2025', or '2026.1-6' for the current one)" if annual else "a month ('2026.01')"
        raise PageProblem(f"row {label!r} is not {shape}")
    year = int(found.group("year"))
    month = int(found.group("month") or 12)  # a year's row without months is the whole year
    if annual and found.group("month") is None and year == reference[0] and reference[1] != 12:
        raise PageProblem(f"row {label!r} names the whole of {year}, but the table is of {reference[1]}.{year}")
    if not 1 <= month <= 12:
        raise PageProblem(f"row {label!r}: month {month} is not a month")
    return year, month


def _derive(cells: dict[Column, float | str], kind: str) -> set[Column]:
    """Fill the overflowed values of a row that total = exports + imports and balance = exports −
    imports give exactly; the columns so derived."""
    total, export, import_, balance = (Column(flow, "value", kind) for flow in FLOWS.values())
    derived: set[Column] = set()
    rules = (
        (total, lambda c: c[export] + c[import_], (export, import_)),
        (export, lambda c: c[total] - c[import_], (total, import_)),
        (import_, lambda c: c[total] - c[export], (total, export)),
        (export, lambda c: c[import_] + c[balance], (import_, balance)),
        (import_, lambda c: c[export] - c[balance], (export, balance)),
    )
    progress = True
    while progress:  # one figure given may give the next (the balance gives exports, which give the total)
        progress = False
        for target, given_by, sources in rules:
            if cells.get(target) == OVERFLOW and all(isinstance(cells.get(source), float) for source in sources):
                cells[target] = given_by(cells)
                derived.add(target)
                progress = True
    return derived


def _check_identities(row: _Row, kind: str) -> None:
    """Total = exports + imports, balance = exports − imports, within the rounding of three figures."""
    total, export, import_, balance = (row.cells.get(Column(flow, "value", kind)) for flow in FLOWS.values())
    if not (isinstance(export, float) and isinstance(import_, float)):
        return
    for name, printed, expected, sign in (
        ("total", total, export + import_, "+"),
        ("balance", balance, export - import_, "−"),
    ):
        if isinstance(printed, float) and abs(printed - expected) > 2 * ROUNDING:
            raise PageProblem(
                f"row {row.label!r}: {name} ({kind}) {printed:,.0f} is not exports {export:,.0f} {sign} imports "
                f"{import_:,.0f} (off by {printed - expected:,.0f})"
            )


def _check_months(rows: list[_Row], reference: tuple[int, int]) -> None:
    """B: the rows run month by month to the title's month, each cumulative figure the one before
    plus the month's."""
    periods = [(row.year, row.month) for row in rows]
    if periods[-1] != reference:
        raise PageProblem(f"the last row is {rows[-1].label!r}, not the title's month {reference[1]}.{reference[0]}")
    for before, after in zip(rows, rows[1:], strict=False):
        expected = (before.year + before.month // 12, before.month % 12 + 1)
        skips_january = expected == (after.year, 1) and after.month == 2 and is_combined(after)
        if (after.year, after.month) != expected and not skips_january:
            raise PageProblem(f"row {after.label!r} does not follow row {before.label!r} month by month")
    for index, row in enumerate(rows):
        if is_combined(row):
            continue  # January-February printed together: January to February in both places
        previous = rows[index - 1] if index and row.month != 1 else None
        for flow in FLOWS.values():
            month, ytd = row.cells[Column(flow, "value", "month")], row.cells[Column(flow, "value", "ytd")]
            earlier = previous.cells[Column(flow, "value", "ytd")] if previous else 0.0
            if not (isinstance(month, float) and isinstance(ytd, float) and isinstance(earlier, float)):
                continue
            if previous is None and row.month != 1:
                continue  # the first row of a year that starts after January: nothing to add to
            if abs(earlier + month - ytd) > 3 * ROUNDING:
                raise PageProblem(
                    f"row {row.label!r}: {flow} January to the month {ytd:,.0f} is not the month before's "
                    f"{earlier:,.0f} plus the month's {month:,.0f}"
                )


def is_combined(row: _Row) -> bool:
    """A February row whose month is its January to February (GACC released January and February
    2020 together): every flow's two figures the same."""
    months = [column for column in row.cells if column.period_kind == "month"]
    return (
        row.month == 2
        and bool(months)
        and all(row.cells[column] == row.cells.get(column._replace(period_kind="ytd")) for column in months)
    )


def _check_years(rows: list[_Row], reference: tuple[int, int]) -> None:
    """A: a row a year, in order, the last one the title's year up to its month."""
    years = [row.year for row in rows]
    if years != list(range(years[0], years[0] + len(years))):
        raise PageProblem(f"the rows' years {years} are not one a year in order")
    if (rows[-1].year, rows[-1].month) != reference:
        raise PageProblem(f"the last row is {rows[-1].label!r}, not January to {reference[1]}.{reference[0]}")
    for row in rows[:-1]:
        if row.month != 12:
            raise PageProblem(f"row {row.label!r} is part of a year, but only the current year's row may be")


def _read_rows(body: list[list[Cell]], columns: list[Column], annual: bool, reference: tuple[int, int]) -> list[_Row]:
    rows: list[_Row] = []
    for cells in body:
        label = normalise(cells[0].text)
        if len(cells) != len(columns) + 1:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {len(columns) + 1}: a shifted row")
        year, month = _row_period(label, annual, reference)
        values = {column: read_cell(cell.text, column, label) for column, cell in zip(columns, cells[1:], strict=True)}
        if any(value == NOT_PRINTED for column, value in values.items() if column.measure == "value"):
            raise PageProblem(f"row {label!r}: China's trade is never '-'")
        derived: set[Column] = set()
        for kind in {column.period_kind for column in columns if column.measure == "value"}:
            derived |= _derive(values, kind)
        row = _Row(label, year, month, values, frozenset(derived))
        for kind in {column.period_kind for column in columns if column.measure == "value"}:
            _check_identities(row, kind)
        rows.append(row)
    if not rows:
        raise PageProblem("the table has no data rows")
    if annual:
        _check_years(rows, reference)
    else:
        _check_months(rows, reference)
    return rows


def read_bulletin_summary_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
    start: int,
) -> ParsedRelease:
    annual = spec.code == "1A"
    frame = open_table(raw, spec, table_title, page_title, context, start)
    if frame.unit.currency != "USD":
        raise PageProblem(f"table (1) is printed in USD, but the unit row says {frame.unit.printed!r}")
    grid, end = header_grid(frame.rows, 0, spans_rows=bool(raw.spanned_rows))
    columns = read_columns(grid, annual)
    body = without_notes(frame.rows[end:], len(columns) + 1)
    reference = (frame.year, frame.month)
    rows = _read_rows(body, columns, annual, reference)
    current = rows[-1]
    total_ytd = current.cells[Column("total", "value", "ytd")]
    if isinstance(total_ytd, float):  # a unit row off by a factor leaves China's size of trade
        check_magnitude(frame.unit, total_ytd, frame.month, "the total of January to the month", WORLD_MONTHLY_USD)
    published = publication_date(date_text, frame.year, frame.month)
    return ParsedRelease(
        section=SECTION,
        currency=frame.unit.currency,
        title=normalise(table_title),
        unit=frame.unit.printed,
        scale=frame.unit.scale,
        reference_month=frame.reference_month,
        publication_date=published,
        observations=tuple(_observations(current, columns, frame, published)),
        unmapped_labels=(),
    )


def _observations(row: _Row, columns: list[Column], frame, published: str) -> list[Observation]:
    """The numbers of the title's month (A: of its year to date): the world's, one per flow and
    period (B prints January's month and January to the month apiece)."""
    reference_month = frame.reference_month
    year_start = reference_month[:5] + "01"
    page = (SECTION, frame.unit.currency, frame.unit.printed, frame.unit.scale, reference_month, published)
    combined = is_combined(row)
    out: list[Observation] = []
    for column in columns:
        value = row.cells[column]
        if column.flow not in EMITTED_FLOWS or not isinstance(value, float):
            continue  # the balance (exports less imports), or a '-' change: nothing to store
        if combined and column.period_kind == "month":
            continue  # the month position of January-February printed together: its twin lands
        start = reference_month if column.period_kind == "month" else year_start
        decimals = 0 if column.measure == "value" else 1
        out.append(
            Observation(
                *page,
                partner="World",
                partner_code="WORLD",
                parent_code=None,
                flow=column.flow,
                measure=column.measure,
                period_kind=column.period_kind,
                period_start=start,
                value=value,
                decimals=decimals,
                is_derived=column in row.derived,
            )
        )
    return out
