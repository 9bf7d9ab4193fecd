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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from customs_wh.contracts import BREAKDOWN_TABLES, BreakdownObservation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
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

_INTEGER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)$", re.ASCII)
_PERCENT = re.compile(r"^-?(?:0|[1-9]\d*)\.\d$", re.ASCII)
_NOT_PRINTED = re.compile(r"^(?:[-\u2013\u2014－]|#+)$")
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
    rows = [[normalise_text(normalise(text)) for text in row] for row in grid]
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
    stripped = normalise_text(text).strip(PADDING)
    if _NOT_PRINTED.match(stripped):
        return None
    pattern = _INTEGER if column.measure == "value" else _PERCENT
    if not pattern.match(stripped):
        raise PageProblem(
            f"row {label!r}, {column.partner or column.flow} {column.measure} ({column.period_kind}): "
            f"{stripped!r} is not a printed figure"
        )
    return float(stripped.replace(",", ""))


def classify(label: str, classification: str, section: _Row | None) -> tuple[str, str, str | None]:
    """(code, level, parent) of a row label; PageProblem for a label that is no item of the classification."""
    if label.lower() in TOTAL_LABELS:
        return "TOTAL", "total", None
    child_level = "chapter" if classification == "hs" else "division"
    found = _TWO_DIGITS.match(label)
    if found is not None:
        code = found.group("code")
        if section is None:
            raise PageProblem(f"row {label!r}: {child_level} {code} comes before any section")
        if classification == "hs":
            first, last = HS_SECTIONS[section.code]
            if not first <= int(code) <= last:
                raise PageProblem(f"row {label!r}: chapter {code} is not in HS section {section.code}")
        elif code[0] != section.code:
            raise PageProblem(f"row {label!r}: division {code} is not in SITC section {section.code}")
        return code, child_level, section.code
    pattern = _HS_SECTION if classification == "hs" else _SITC_SECTION
    found = pattern.match(label)
    if found is not None:
        code = found.group("code").upper()
        if classification == "hs" and code not in HS_SECTIONS:
            raise PageProblem(f"row {label!r}: {code} is not an HS section")
        return code, "section", "TOTAL"
    kind = "HS section or chapter" if classification == "hs" else "SITC section or division"
    raise PageProblem(f"row {label!r} is neither TOTAL nor an {kind}")


def read_rows(body: Sequence[Sequence[Cell]], columns: list[Column], classification: str) -> list[_Row]:
    rows: list[_Row] = []
    section: _Row | None = None
    seen: dict[str, str] = {}
    for cells in body:
        label = normalise_text(normalise(cells[0].text))
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
        figures = {column: _figure(cell.text, column, label) for column, cell in zip(columns, cells[1:], strict=True)}
        row = _Row(label, code, level, parent, figures)
        if level == "section":
            section = row
        rows.append(row)
    if not rows or rows[0].level != "total":
        raise PageProblem("the first data row is not TOTAL")
    if not any(row.level == "section" for row in rows):
        raise PageProblem("the table has no sections")
    return rows


def check_arithmetic(rows: list[_Row], columns: list[Column]) -> None:
    """Month ≤ January to the month; sections = their chapters, TOTAL = the sections, within rounding."""
    for row in rows:
        for column in columns:
            if column.measure != "value" or column.period_kind != "month":
                continue
            month, ytd = row.cells[column], row.cells.get(column._replace(period_kind="ytd"))
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
        for column in columns:
            stated = whole.cells[column]
            if column.measure != "value" or stated is None:
                continue
            summed = sum(part.cells[column] or 0.0 for part in parts)  # nothing traded adds nothing
            if abs(summed - stated) > max(ROUNDING, len(parts) / 2):
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
        observations=tuple(_observations(spec, classification, rows, form, unit, reference_month, published)),
        unmapped_labels=tuple(unmapped),
    )


def _check_world(total: _Row, columns: list[Column], unit: Unit) -> None:
    """A unit row off by a factor leaves China's size of trade: the month's exports and imports."""
    figures = [total.cells[column] for column in columns if column.measure == "value" and column.period_kind == "month"]
    printed = [figure for figure in figures if figure is not None]
    if len(printed) == len(figures):
        check_magnitude(unit, sum(printed), 1, "TOTAL of the month", WORLD_MONTHLY_USD)


def _observations(spec, classification, rows, form, unit, reference_month, published) -> list[BreakdownObservation]:
    year_start = reference_month[:5] + "01"
    out: list[BreakdownObservation] = []
    for row in rows:
        for column, value in row.cells.items():
            if value is None:
                continue  # not printed: no row, never zero
            for kind in period_kinds(column, form, column.measure == "value"):
                out.append(
                    BreakdownObservation(
                        table_code=spec.code,
                        section=spec.section,
                        currency=unit.currency,
                        unit=unit.printed,
                        scale=unit.scale,
                        reference_month=reference_month,
                        publication_date=published,
                        classification=classification,
                        item_code=row.code,
                        item_label=row.label,
                        item_level=row.level,
                        parent_code=row.parent,
                        partner_code=column.partner,
                        flow=column.flow,
                        measure=column.measure,
                        period_kind=kind,
                        period_start=reference_month if kind == "month" else year_start,
                        value=value,
                        decimals=0 if column.measure == "value" else 1,
                    )
                )
    return out
