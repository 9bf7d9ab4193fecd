"""The Monthly Bulletin's product breakdowns → raw.breakdown_observations:

* （3） "Composition of Imports and Exports by Section and Division" (SITC sections and divisions),
* （4） "Imports and Exports by HS Section and Division" (HS sections and chapters),
* （15）/（16） "Exports/Imports by Selected Countries (Regions) and by HS Divisions".

ASSUMED layouts (no saved real page of these tables exists; docs/real-site-notes.md §10,
docs/conformance.md): (3)/(4) one label column, then a flow (Exports, Imports) over a period
("6" the month, "1to6" January to the month; January's single "1" is both; January-February
2020's "1 to 2" beside "1to2", bulletin_periods) and "Percentage
Change" over a flow; (15)/(16) one column a selected partner over its period. Read by meaning:

* title, unit row and page date as table (2) reads them;
* the header's two rows give each column's meaning, whichever row says what;
* rows by their words: ``TOTAL``; an HS section ``Section XVI …`` (its roman numeral) and its
  chapters ``85 …`` under it; an SITC section ``7 …`` (one digit) and its divisions ``77 …``;
  an HS chapter must lie in its section's range of the nomenclature, an SITC division start with
  its section's digit;
* ``-`` (nothing traded) and ``############`` (too wide) are not printed: no row, never zero.

Page arithmetic, one line naming the row on failure: the month is at most January to the month;
every section equals its chapters (divisions) and TOTAL its sections, within the rounding of the
integers summed; TOTAL of a (3)/(4) page is China's size of trade in the unit row's unit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, NoReturn

from customs_wh.contracts import BREAKDOWN_TABLES, BreakdownObservation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import INTEGER, INTEGER_FIGURE, PERCENT, PERCENT_FIGURE
from customs_wh.gacc.parsing.bulletin_country_table import (
    ROUNDING,
    open_table,
    partner_of,
    publication_date,
    without_notes,
)
from customs_wh.gacc.parsing.bulletin_periods import check_combined, header_period, period_kinds, read_form
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PADDING, PageProblem, normalise_text
from customs_wh.gacc.parsing.units import WORLD_MONTHLY_USD, Unit, check_magnitude
from customs_wh.table_registry import TableSpec

# A printed figure: an integer value, or a percentage with one decimal (ASCII digits only); a
# figure not printed: a dash, or ``############`` (too wide for GACC's sheet).
_NOT_PRINTED_MARK = r"[-\u2013\u2014－]|#+"
_NOT_PRINTED = re.compile(rf"^(?:{_NOT_PRINTED_MARK})$")
# Between a row's cells when the row is matched at once: no figure, mark or padding holds it,
# so a cell that does fails the match and is named on its own.
_CELL_BREAK = "|"
FLOWS = {"exports": "export", "imports": "import"}
TOTAL_LABELS = frozenset({"total"})

# HS 2022: each section's first and last chapter (the nomenclature's, fixed since 1988 but for 77 reserved).
HS_SECTIONS: dict[str, tuple[int, int]] = {
    "I": (1, 5),
    "II": (6, 14),
    "III": (15, 15),
    "IV": (16, 24),
    "V": (25, 27),
    "VI": (28, 38),
    "VII": (39, 40),
    "VIII": (41, 43),
    "IX": (44, 46),
    "X": (47, 49),
    "XI": (50, 63),
    "XII": (64, 67),
    "XIII": (68, 70),
    "XIV": (71, 71),
    "XV": (72, 83),
    "XVI": (84, 85),
    "XVII": (86, 89),
    "XVIII": (90, 92),
    "XIX": (93, 93),
    "XX": (94, 96),
    "XXI": (97, 97),
}
_HS_SECTION = re.compile(r"^(?:section\s*)?(?P<code>[IVX]+)\b[\s.:、,]*(?P<title>.*)$", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"^(?:chapter\s*|division\s*)?(?P<code>\d{2})(?!\d)[\s.:、,]*(?P<title>.*)$", re.IGNORECASE)
_SITC_SECTION = re.compile(r"^(?:section\s*)?(?P<code>\d)(?!\d)[\s.:、,]*(?P<title>.*)$", re.IGNORECASE)


class Column(NamedTuple):
    flow: str  # export | import
    partner: str | None  # (15)/(16): the partner's code
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd


@dataclass
class _Row:
    label: str
    code: str
    level: str  # total | section | chapter | division
    parent: str | None
    cells: dict[Column, float | None]  # None: not printed


def read_columns(
    grid: tuple[tuple[str, ...], ...], month: int, flow: str | None
) -> tuple[list[Column], str, list[str]]:
    """The figure columns after the label column, the page's form of periods, and partner labels
    no reference names. ``flow``: the table's one flow ((15)/(16)), None where columns name it."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two")
    rows = [[normalise(text) for text in row] for row in grid]
    columns: list[Column] = []
    unmapped: list[str] = []
    for index in range(1, len(rows[0])):
        texts = (rows[0][index], rows[1][index])
        lower = tuple(text.lower() for text in texts)
        where = f"column {index + 1} ({texts[0]} / {texts[1]})"
        if flow is None:
            if lower[0] in FLOWS and (kind := header_period(lower[1], month, where)):
                columns.append(Column(FLOWS[lower[0]], None, "value", kind))
            elif lower[0] == "percentage change" and lower[1] in FLOWS:
                columns.append(Column(FLOWS[lower[1]], None, "yoy_pct", "ytd"))
            else:
                raise PageProblem(f"{where} is not a column of a section and division table")
            continue
        periods = [header_period(text, month, where) for text in lower]
        if periods.count(None) != 1:
            raise PageProblem(f"{where} is not a selected partner over a period")
        label = texts[periods.index(None)]
        if not label:
            raise PageProblem(f"{where} names no partner")
        code, mapped = partner_of(label)
        if not mapped:
            unmapped.append(label)
        columns.append(Column(flow, code, "value", next(kind for kind in periods if kind)))
    if not columns:
        raise PageProblem("the header has no figure columns")
    columns, form = read_form(columns, month, lambda column: column._replace(period_kind="month"))
    return columns, form, unmapped


def _figure(text: str, column: Column, label: str) -> float | None:
    """One cell's figure, None where not printed; PageProblem naming the cell for anything else."""
    stripped = normalise_text(text).strip(PADDING)
    if _NOT_PRINTED.match(stripped):
        return None
    pattern = INTEGER if column.measure == "value" else PERCENT
    if not pattern.match(stripped):
        raise PageProblem(
            f"row {label!r}, {column.partner or column.flow} {column.measure} ({column.period_kind}): "
            f"{stripped!r} is not a printed figure"
        )
    return float(stripped.replace(",", ""))


@functools.lru_cache(maxsize=64)  # a few layouts of columns, each on many pages
def _row_pattern(measures: tuple[str, ...]) -> re.Pattern[str]:
    """A row's cells, joined by _CELL_BREAK, as one regex: in each cell the padding normalise_text
    drops (``\\s`` is the whitespace str.split splits at), then a figure of the column's measure
    (a group of its own) or a mark of a figure not printed (outside the group: the group is None)."""
    cells = (
        rf"\s*(?:({INTEGER_FIGURE if measure == 'value' else PERCENT_FIGURE})|{_NOT_PRINTED_MARK})\s*"
        for measure in measures
    )
    return re.compile(re.escape(_CELL_BREAK).join(cells))


def _bad_cell(texts: list[str], columns: list[Column], label: str) -> NoReturn:
    """The PageProblem of the first cell of a row that is neither a figure nor a mark (the row
    failed _row_pattern as a whole; each cell's own reading names the cell)."""
    for column, text in zip(columns, texts, strict=True):
        _figure(text, column, label)
    raise AssertionError(f"row {label!r} failed its row's pattern with every cell well-formed")


def classify(label: str, classification: str, section: _Row | None) -> tuple[str, str, str | None]:
    """(code, level, parent) of a row label; PageProblem for a label that is no item of the classification."""
    code, level = _item(label, classification)
    if level == "total":
        return code, level, None
    if level == "section":
        return code, level, "TOTAL"
    if section is None:
        raise PageProblem(f"row {label!r}: {level} {code} comes before any section")
    if classification == "hs":
        first, last = HS_SECTIONS[section.code]
        if not first <= int(code) <= last:
            raise PageProblem(f"row {label!r}: chapter {code} is not in HS section {section.code}")
    elif code[0] != section.code:
        raise PageProblem(f"row {label!r}: division {code} is not in SITC section {section.code}")
    return code, level, section.code


# The same few hundred row labels come back on every page of these tables: read each once.
@functools.lru_cache(maxsize=4096)
def _item(label: str, classification: str) -> tuple[str, str]:
    """(code, level) of a row label whatever section it lies under; PageProblem for a label that
    is no item of the classification."""
    if label.lower() in TOTAL_LABELS:
        return "TOTAL", "total"
    found = _TWO_DIGITS.match(label)
    if found is not None:
        return found.group("code"), "chapter" if classification == "hs" else "division"
    found = (_HS_SECTION if classification == "hs" else _SITC_SECTION).match(label)
    if found is not None:
        code = found.group("code").upper()
        if classification == "hs" and code not in HS_SECTIONS:
            raise PageProblem(f"row {label!r}: {code} is not an HS section")
        return code, "section"
    kind = "HS section or chapter" if classification == "hs" else "SITC section or division"
    raise PageProblem(f"row {label!r} is neither TOTAL nor an {kind}")


@functools.lru_cache(maxsize=4096)  # as _item: the same label cells on every page
def _label(text: str) -> str:
    """A label cell's text as the row's label (normalise leaves single spaces, as normalise_text does)."""
    return normalise(text)


def read_rows(body: Sequence[Sequence[Cell]], columns: list[Column], classification: str) -> list[_Row]:
    rows: list[_Row] = []
    section: _Row | None = None
    seen: dict[str, str] = {}
    pattern = _row_pattern(tuple(column.measure for column in columns))
    for cells in body:
        label = _label(cells[0].text)
        if len(cells) != len(columns) + 1:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {len(columns) + 1}: a shifted row")
        if not label:
            raise PageProblem("a data row has no label")
        code, level, parent = classify(label, classification, section)
        if code in seen:
            raise PageProblem(f"rows {seen[code]!r} and {label!r} are both {code}")
        seen[code] = label
        if level == "total" and rows:
            raise PageProblem(f"row {label!r}: TOTAL must be the first row")
        # All a row's cells in one match; a cell is read on its own only to name a bad one.
        texts = [cell.text for cell in cells[1:]]
        found = pattern.fullmatch(_CELL_BREAK.join(texts))
        if found is None:
            _bad_cell(texts, columns, label)
        figures = [None if figure is None else float(figure.replace(",", "")) for figure in found.groups()]
        row = _Row(label, code, level, parent, dict(zip(columns, figures, strict=True)))
        if level == "section":
            section = row
        rows.append(row)
    if not rows or rows[0].level != "total":
        raise PageProblem("the first data row is not TOTAL")
    if not any(row.level == "section" for row in rows):
        raise PageProblem("the table has no sections")
    return rows


def check_arithmetic(rows: list[_Row], columns: list[Column]) -> None:
    """Month ≤ January to the month; sections = their chapters, TOTAL = the sections, within rounding.

    ``rows`` as read_rows gives them: each row's cells in the order of ``columns``."""
    # Each value column of the month with its January-to-the-month twin (which the page may lack).
    twins = [
        (column, column._replace(period_kind="ytd"))
        for column in columns
        if column.measure == "value" and column.period_kind == "month"
    ]
    for row in rows:
        cells = row.cells
        for column, twin in twins:
            month, ytd = cells[column], cells.get(twin)
            if month is not None and ytd is not None and month > ytd + ROUNDING:
                raise PageProblem(
                    f"row {row.label!r}: {column.partner or column.flow} of the month {month:,.0f} "
                    f"exceeds January to the month {ytd:,.0f}"
                )
    children: dict[str, list[_Row]] = {}
    for row in rows:
        if row.parent is not None:
            children.setdefault(row.parent, []).append(row)
    for whole in rows:
        parts = children.get(whole.code, [])
        if not parts:
            continue  # a chapter, or a section printed without its chapters: nothing to add up
        tolerance = max(ROUNDING, len(parts) / 2)
        down = zip(*[part.cells.values() for part in parts], strict=True)  # each column's figures down the parts
        for column, stated, printed in zip(columns, whole.cells.values(), down, strict=True):
            if column.measure != "value" or stated is None:
                continue
            summed = sum(filter(None, printed), 0.0)  # not printed, nothing traded: adds nothing
            if abs(summed - stated) > tolerance:
                raise PageProblem(
                    f"row {whole.label!r}: {column.partner or column.flow} ({column.period_kind}) {stated:,.0f} "
                    f"is not the sum of its {len(parts)} rows ({summed:,.0f})"
                )


def read_bulletin_breakdown_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
    start: int,
) -> ParsedRelease:
    classification, flow = BREAKDOWN_TABLES[spec.code]
    frame = open_table(raw, spec, table_title, page_title, context, start)
    year, month, unit, reference_month = frame.year, frame.month, frame.unit, frame.reference_month
    grid, end = header_grid(frame.rows, 0, spans_rows=bool(raw.spanned_rows))
    columns, form, unmapped = read_columns(grid, month, flow)
    rows = read_rows(without_notes(frame.rows[end:], len(columns) + 1), columns, classification)
    check_arithmetic(rows, columns)
    for row in rows:
        check_combined(row.label, row.cells, form, lambda column: column._replace(period_kind="ytd"))
    if flow is None:
        _check_world(rows[0], columns, unit)
    published = publication_date(date_text, year, month)
    return ParsedRelease(
        section=spec.section,
        currency=unit.currency,
        title=normalise(table_title),
        unit=unit.printed,
        scale=unit.scale,
        reference_month=reference_month,
        publication_date=published,
        observations=tuple(_observations(spec, classification, rows, columns, form, unit, reference_month, published)),
        unmapped_labels=tuple(unmapped),
    )


def _check_world(total: _Row, columns: list[Column], unit: Unit) -> None:
    """A unit row off by a factor leaves China's size of trade: the month's exports and imports."""
    figures = [total.cells[column] for column in columns if column.measure == "value" and column.period_kind == "month"]
    printed = [figure for figure in figures if figure is not None]
    if len(printed) == len(figures):
        check_magnitude(unit, sum(printed), 1, "TOTAL of the month", WORLD_MONTHLY_USD)


def _observations(
    spec: TableSpec,
    classification: str,
    rows: list[_Row],
    columns: list[Column],
    form: str,
    unit: Unit,
    reference_month: str,
    published: str,
) -> list[BreakdownObservation]:
    year_start = reference_month[:5] + "01"
    page = (
        spec.code,
        spec.section,
        unit.currency,
        unit.printed,
        unit.scale,
        reference_month,
        published,
        classification,
    )
    # What a column says is the same on every row: worked out once per column (January's value
    # columns say both the month and January to the month; January-February 2020's month
    # position says nothing its twin does not): partner_code, flow, measure, period_kind and
    # period_start before the value; decimals, is_derived and enterprise_code after it.
    meanings = [
        (
            tuple(
                (column.partner, column.flow, column.measure, kind, reference_month if kind == "month" else year_start)
                for kind in period_kinds(column, form, column.measure == "value")
            ),
            (0 if column.measure == "value" else 1, False, None),
        )
        for column in columns
    ]
    # Built as tuples in BreakdownObservation's field order (a named tuple's keyword __new__
    # costs a Python call per number).
    new, kind_of = tuple.__new__, BreakdownObservation
    out: list[BreakdownObservation] = []
    append = out.append
    for row in rows:
        prefix = (*page, row.code, row.label, row.level, row.parent)
        for (readings, after), value in zip(meanings, row.cells.values(), strict=True):
            if value is None:
                continue  # not printed: no row, never zero
            for reading in readings:
                append(new(kind_of, (*prefix, *reading, value, *after)))
    return out
