"""The Monthly Bulletin's table （2） "Imports and Exports by Country （Region） of Origin/Destination".

Read by meaning (docs/real-site-notes.md §10.2; the real June 2026 page is
tests/data/gacc_pages/bulletin/b02_by_country_2026-06.html):

* the title ``（2）…,6.2026`` names the table and the month (``,1-6.2026`` too); the page title
  (div.atcl-ttl) must say the same;
* the unit row (one cell, or GACC's January form: empty cells and the unit in the last one)
  gives currency and scale: ``Unit:US$1,000``, ``Unit:RMB￥10,000``;
* the two header rows give the columns: a flow (Total, Exports, Imports) over a period
  ("6" the month, "1to6" January to the month; January's single "1" is both; January-February
  2020's "1 to 2" beside "1to2", bulletin_periods), and
  "Percentage Change" over a flow (the year-on-year change of the cumulative figures);
* rows: ``TOTAL`` (WORLD), a continent ``Asia:`` and its countries under it (parent_code),
  Antarctica, the unknown countries, then the overlapping groups (ASEAN, EU, APEC, RCEP, BRI).
  Position and words only: never the cells' style classes;
* ``-`` in a value cell is GACC's mark for nothing traded (a figure that rounds to zero prints
  ``0``): it lands as 0, as GACC states it, so a partner's row keeps all its flows; ``-`` in a
  percentage cell (no change can be computed) lands nothing. ``############`` (too wide for GACC's
  sheet) is not printed: no row, never zero, unless an exact identity of printed figures gives it
  (total = exports + imports, a flow = total − the other): then it lands marked ``is_derived``.

Page arithmetic is checked here, one line naming the page on failure: each row's total equals
its exports plus imports within GACC's rounding (each figure rounded on its own to 1); the
month is at most the cumulative figure; each continent equals its countries, and TOTAL the
continents with Antarctica and the unknown, within the rounding of the rows summed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from customs_wh.contracts import Observation, PageContext, ParsedRelease
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import NOT_PRINTED, OVERFLOW, derive_overflowed, read_row, row_pattern
from customs_wh.gacc.parsing.bulletin_periods import (
    check_combined,
    header_period,
    period_kinds,
    read_form,
)
from customs_wh.gacc.parsing.dates import date_readings, month_end, publication_window
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.parsing.units import WORLD_MONTHLY_USD, Unit, check_magnitude, parse_unit
from customs_wh.gacc.partners import UnknownPartnerError, partner_code
from customs_wh.gacc.structure_labels import placeholder_code
from customs_wh.gacc.tables import bulletin_table
from customs_wh.table_registry import BULLETIN, TableSpec

SECTION = 2
RELEASE_KIND = "monthly_bulletin"
# Continents as GACC prints them (with a colon), as group codes.
CONTINENTS: dict[str, str] = {
    "asia": "ASIA",
    "africa": "AFRICA",
    "europe": "EUROPE",
    "latin america": "LATAM",
    "north america": "NORTH_AMERICA",
    "oceania": "OCEANIA",
}
# Rows outside the continents that are neither a country nor a group of them.
UNKNOWN_CODE = "UNKNOWN"  # "Countries（Territories）Unknown"
_UNKNOWN_WORDS = frozenset({"unknown"})
_WORDS = re.compile(r"[a-z]+")
WORLD_LABELS = frozenset({"total"})
# The rounding one printed integer carries; a sum of n rounded figures may be off by n/2.
ROUNDING = 1.0
FLOWS: dict[str, str] = {"total": "total", "exports": "export", "imports": "import"}
_TITLE = re.compile(
    r"^(?P<subject>.*?)\s*,\s*(?:(?P<first>\d{1,2})\s*[-~]\s*)?(?P<month>\d{1,2})\s*\.\s*(?P<year>\d{4})$", re.ASCII
)
_CURRENCY_SIGNS = str.maketrans({"￥": "", "¥": ""})


class Column(NamedTuple):
    """A figure column's meaning (a named tuple: hashed in C, and a page has thousands of cells)."""

    flow: str  # total | export | import
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd


def title_of(spec_text: str, page_title: str | None) -> tuple[int, int]:
    """(year, month) from the table title; the page title, where printed, must name the same."""
    found = _TITLE.match(normalise(spec_text))
    if found is None:
        raise PageProblem(f"title {normalise(spec_text)!r} names no period like ',6.2026'")
    if found.group("first") not in (None, "1"):
        raise PageProblem(f"title {normalise(spec_text)!r}: a period must run from January")
    month, year = int(found.group("month")), int(found.group("year"))
    if not 1 <= month <= 12 or not 2000 <= year <= 2999:
        raise PageProblem(f"title {normalise(spec_text)!r}: {month}.{year} is not a month")
    if page_title and normalise(page_title) != normalise(spec_text):
        other = _TITLE.match(normalise(page_title))
        if other is None or (int(other.group("month")), int(other.group("year"))) != (month, year):
            raise PageProblem(f"the page title {normalise(page_title)!r} differs from the table title")
    return year, month


def read_unit(rows: Sequence[Sequence[Cell]]) -> Unit:
    texts = [normalise_text(cell.text) for cell in rows[0] if normalise_text(cell.text)]
    if len(texts) != 1:
        raise PageProblem(f"the unit row holds {texts!r}, expected one 'Unit:…' cell")
    unit = parse_unit(texts[0].translate(_CURRENCY_SIGNS))
    printed = texts[0].split(":", 1)[1].strip()
    return Unit(unit.currency, printed, unit.scale)


def read_columns(grid: tuple[tuple[str, ...], ...], month: int) -> tuple[list[Column], str]:
    """The columns after the label column, and the page's form of periods (bulletin_periods)."""
    if len(grid) != 2:
        raise PageProblem(f"the table has {len(grid)} header rows, expected two (flows over periods)")
    top, sub = ([normalise(text).lower() for text in row] for row in grid)
    columns: list[Column] = []
    for index in range(1, len(top)):
        upper, lower = top[index], sub[index]
        where = f"column {index + 1} ({grid[0][index].strip()} / {grid[1][index].strip()})"
        if upper in FLOWS and (kind := header_period(lower, month, where)):
            columns.append(Column(FLOWS[upper], "value", kind))
        elif upper == "percentage change" and lower in FLOWS:
            columns.append(Column(FLOWS[lower], "yoy_pct", "ytd"))
        else:
            raise PageProblem(f"{where} is not a column of table (2)")
    columns, form = read_form(columns, month, lambda column: column._replace(period_kind="month"))
    for flow in FLOWS.values():
        if Column(flow, "value", "month") not in columns:
            raise PageProblem(f"the header has no {flow} column for the month")
    return columns, form


@dataclass(slots=True)
class _Row:
    label: str
    code: str
    parent: str | None
    kind: str  # world | continent | country | other
    cells: dict[Column, float | str]  # a figure, NOT_PRINTED or OVERFLOW


def partner_of(label: str) -> tuple[str, bool]:
    """(code, mapped): a reviewed GACC label or an ISO 3166 name; else a stable placeholder."""
    try:
        return partner_code(label), True
    except UnknownPartnerError:
        return placeholder_code(label), False


@functools.lru_cache(maxsize=4096)  # pure; a backfill reads the same few hundred labels month after month
def _reading(text: str) -> tuple[str, str, str, bool]:
    """A label cell as printed → (label, what it names, its code, whether the code is mapped):
    "world" (TOTAL), "continent" ("Asia:"), "unknown" (the unknown countries) or "partner"."""
    label = normalise(text)
    key = label.lower()
    if key in WORLD_LABELS:
        return label, "world", "WORLD", True
    if key.endswith(":") and key.rstrip(": ") in CONTINENTS:
        return label, "continent", CONTINENTS[key.rstrip(": ")], True
    if _UNKNOWN_WORDS.issubset(_WORDS.findall(key)):
        return label, "unknown", UNKNOWN_CODE, True
    code, mapped = partner_of(label)
    return label, "partner", code, mapped


def _classify(rows: list[list[Cell]], columns: list[Column]) -> tuple[list[_Row], list[str]]:
    result: list[_Row] = []
    unmapped: list[str] = []
    continent: str | None = None
    pattern = row_pattern(columns)
    width = len(columns) + 1
    for cells in rows:
        label, names, code, mapped = _reading(cells[0].text)
        if len(cells) != width:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {width}: a shifted row")
        if not label:
            raise PageProblem("a data row has no label")
        values = dict(zip(columns, read_row(cells[1:], columns, pattern, label), strict=True))
        if names == "world":
            result.append(_Row(label, code, None, "world", values))
            continent = None
        elif names == "continent":
            continent = code
            result.append(_Row(label, code, None, "continent", values))
        elif names == "unknown":
            result.append(_Row(label, code, None, "other", values))
            continent = None
        else:
            if not mapped:
                unmapped.append(label)
            if continent is None or code == "ATA":  # Antarctica ends the continents: no members
                continent = None
                result.append(_Row(label, code, None, "other", values))
            else:
                result.append(_Row(label, code, continent, "country", values))
    if not result or result[0].kind != "world":
        raise PageProblem("the first data row is not TOTAL")
    return result, unmapped


def value_triples(columns: list[Column]) -> dict[str, tuple[Column, Column, Column]]:
    """The (total, export, import) value columns of each period the page prints in full."""
    triples = {kind: _value_triple(kind) for kind in ("month", "ytd")}
    return {kind: triple for kind, triple in triples.items() if all(column in columns for column in triple)}


def _value_triple(kind: str) -> tuple[Column, Column, Column]:
    total, export, import_ = (Column(flow, "value", kind) for flow in FLOWS.values())
    return total, export, import_


def _check_row(row: _Row, triples: dict[str, tuple[Column, Column, Column]]) -> None:
    cells = row.cells
    for kind, (total_column, export_column, import_column) in triples.items():
        total, export, import_ = cells[total_column], cells[export_column], cells[import_column]
        if (
            isinstance(total, float)
            and isinstance(export, float)
            and isinstance(import_, float)
            and abs(total - export - import_) > ROUNDING
        ):
            raise PageProblem(
                f"row {row.label!r}: total ({kind}) {total:,.0f} is not exports {export:,.0f} + imports "
                f"{import_:,.0f} (off by {total - export - import_:,.0f})"
            )
    if len(triples) < 2:
        return
    for month_column, ytd_column in zip(triples["month"], triples["ytd"], strict=True):
        month, ytd = cells[month_column], cells[ytd_column]
        if isinstance(month, float) and isinstance(ytd, float) and month > ytd + ROUNDING:
            raise PageProblem(
                f"row {row.label!r}: {month_column.flow} of the month {month:,.0f} "
                f"exceeds January to the month {ytd:,.0f}"
            )


def _check_sums(rows: list[_Row], columns: list[Column]) -> None:
    """Each continent equals its countries; TOTAL equals the continents, Antarctica and the unknown."""
    members: dict[str, list[_Row]] = {}
    for row in rows:
        if row.kind == "country" and row.parent is not None:
            members.setdefault(row.parent, []).append(row)
    world = rows[0]
    top = [row for row in rows if row.kind == "continent" or row.code in ("ATA", UNKNOWN_CODE)]
    checks = [(row, members.get(row.code, [])) for row in rows if row.kind == "continent"]
    if top:
        checks.append((world, top))
    for whole, parts in checks:
        if not parts:
            raise PageProblem(f"row {whole.label!r} has no rows under it")
        for column in columns:
            printed = whole.cells.get(column)
            if column.measure != "value" or not isinstance(printed, float):
                continue
            values = [part.cells[column] for part in parts]
            if OVERFLOW in values:  # a part too wide to print: the sum cannot be checked
                continue
            # What is left is figures and NOT_PRINTED: nothing traded, which adds nothing.
            summed = sum([value for value in values if isinstance(value, float)])
            if abs(summed - printed) > max(ROUNDING, len(parts) / 2):
                raise PageProblem(
                    f"row {whole.label!r}: {column.flow} ({column.period_kind}) {printed:,.0f} is not "
                    f"the sum of its {len(parts)} rows ({summed:,.0f})"
                )


def read_bulletin_country_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
) -> ParsedRelease:
    first = raw.rows[0]
    start = 1 if len(first) == 1 and bulletin_table(first[0].text) is not None else 0
    frame = open_table(raw, spec, table_title, page_title, context, start)
    year, month, unit, reference_month = frame.year, frame.month, frame.unit, frame.reference_month
    grid, end = header_grid(frame.rows, 0, spans_rows=bool(raw.spanned_rows))
    columns, form = read_columns(grid, month)
    body = without_notes(frame.rows[end:], len(columns) + 1)  # the notes naming the groups' members
    if not body:
        raise PageProblem("the table has no data rows")
    parsed_rows, unmapped = _classify(body, columns)
    seen: dict[str, str] = {}
    derived: dict[int, frozenset[Column]] = {}
    triples = value_triples(columns)
    for index, row in enumerate(parsed_rows):
        if row.code in seen:
            raise PageProblem(f"rows {seen[row.code]!r} and {row.label!r} are both partner {row.code}")
        seen[row.code] = row.label
        _check_row(row, triples)
        check_combined(row.label, row.cells, form, lambda column: column._replace(period_kind="ytd"))
        derived[index] = derive_overflowed(row.cells, triples.values())
    _check_sums(parsed_rows, columns)
    world_month = parsed_rows[0].cells.get(Column("total", "value", "month"))
    if isinstance(world_month, float):  # a unit row off by a factor leaves China's size of trade
        check_magnitude(unit, world_month, 1, "TOTAL of the month", WORLD_MONTHLY_USD)
    published = publication_date(date_text, year, month)
    observations = _observations(parsed_rows, derived, columns, form, unit, reference_month, published)
    return ParsedRelease(
        section=SECTION,
        currency=unit.currency,
        title=normalise(table_title),
        unit=unit.printed,
        scale=unit.scale,
        reference_month=reference_month,
        publication_date=published,
        observations=tuple(observations),
        unmapped_labels=tuple(unmapped),
    )


@dataclass(frozen=True)
class TableFrame:
    """What every Bulletin table prints around its figures, read the same way for each: the month
    its title names, its unit row, and the rows from the header on."""

    year: int
    month: int
    unit: Unit
    rows: list[list[Cell]]  # from the first header row

    @property
    def reference_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def open_table(
    raw: RawTable, spec: TableSpec, table_title: str, page_title: str | None, context: PageContext | None, start: int
) -> TableFrame:
    """The title's month (agreeing with the page title and the index's listing) and the unit row."""
    year, month = title_of(table_title, page_title)
    if context is not None:
        check_context(context, spec, f"{year:04d}-{month:02d}")
    unit = read_unit(raw.rows[start : start + 1])
    return TableFrame(year, month, unit, list(raw.rows[start + 1 :]))


def without_notes(body: list[list[Cell]], width: int) -> list[list[Cell]]:
    """The data rows less the notes under the table (one cell across the table)."""
    while body and len(body[-1]) == 1 and body[-1][0].colspan >= width:
        body = body[:-1]
    return body


def check_context(context: PageContext, spec: TableSpec, reference_month: str) -> None:
    if context.table is not None and context.table != spec.code:
        raise PageProblem(f"the index lists the page as table ({context.table}) but it is table ({spec.code})")
    if context.table is None and context.section is not None and context.section != spec.section:
        raise PageProblem(
            f"the index lists the page as section {context.section}, but it is Monthly Bulletin table ({spec.code})"
        )
    if context.release_kind not in (None, RELEASE_KIND):
        raise PageProblem(f"the {context.release_kind} index lists the page, but it is a Monthly Bulletin table")
    if context.reference_month is not None and context.reference_month != reference_month:
        raise PageProblem(
            f"the index links the page for {context.reference_month} but its title says {reference_month}"
        )


# The Bulletin's English pages are stamped weeks to months after the month (January 2026's table
# (2): 2026/04/08) and a re-posted page later still: after the month, within a year and a half.
LATEST_STAMP_DAYS = 550


def publication_date(text: str | None, year: int, month: int) -> str:
    """The page's stamp as an ISO date: "2026/07/22", or "18/02/2018" as GACC's pages of 2018 and
    2019 print it (day or month first: the reading that falls after the month, within
    LATEST_STAMP_DAYS; where both do, the one within the Bulletin's usual window; else refused)."""
    import datetime as dt

    readings = date_readings(normalise_text(text or ""))
    end = month_end(year, month)
    fitting = [date for date in readings if end < date <= end + dt.timedelta(days=LATEST_STAMP_DAYS)]
    shown = " or ".join(date.isoformat() for date in readings)
    if len(fitting) > 1:
        first, last = publication_window(year, month, BULLETIN)
        fitting = [date for date in fitting if first <= date <= last]
        if len(fitting) != 1:
            raise PageProblem(
                f"publication date {shown} is ambiguous for {year}-{month:02d}: day or month first, "
                "each after the month and neither in the Bulletin's usual window"
            )
    if len(fitting) == 1:
        return fitting[0].isoformat()
    raise PageProblem(f"publication date {shown} is not within {LATEST_STAMP_DAYS} days after {year}-{month:02d}")


def _observations(rows, derived, columns, form, unit, reference_month, published) -> list[Observation]:
    year_start = reference_month[:5] + "01"
    page = (SECTION, unit.currency, unit.printed, unit.scale, reference_month, published)
    # What a column says is the same on every row: worked out once per column (January's value
    # columns say both the month and January to the month; January-February 2020's month
    # position says nothing its twin does not).
    meanings = [
        (
            column,
            tuple(
                (column.flow, column.measure, kind, reference_month if kind == "month" else year_start)
                for kind in period_kinds(column, form, column.measure == "value")
            ),
            0 if column.measure == "value" else 1,
        )
        for column in columns
    ]
    # Built as tuples (a named tuple's keyword __new__ costs a Python call per number).
    new, kind_of = tuple.__new__, Observation
    out: list[Observation] = []
    for index, row in enumerate(rows):
        prefix = (*page, row.label, row.code, row.parent)
        cells, derived_here = row.cells, derived[index]
        for column, readings, decimals in meanings:
            value = cells[column]
            if value == NOT_PRINTED and decimals == 0:
                value = 0.0  # a value GACC marks "-": nothing traded, as the page states it
            elif value.__class__ is not float:
                continue  # a "-" change, or "############" with nothing to give it: no row, never zero
            flag = column in derived_here
            for reading in readings:
                out.append(new(kind_of, (*prefix, *reading, value, decimals, flag)))
    return out
