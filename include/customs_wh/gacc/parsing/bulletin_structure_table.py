"""The Monthly Bulletin's tables of how China trades → raw.breakdown_observations:

* （5） "Imports and Exports by Customs Regime",
* （6）/（7） "Exports/Imports by Type Enterprise and by Customs Regime" (regimes × enterprise types),
* （8） "… by Location of Importers/Exporters" (provinces, with cities under them "of which"),
* （9） "… by Location of Domestic Consumers/Producers" (provinces),
* （10） "… by Customs Districts", （11） "… by Specific Areas" (kinds of area and their areas),
* （12） "… by Foreign-Invested Enterprises" (their kinds, then "Of which: <regime>").

ASSUMED layouts: no saved real page of these tables exists (docs/real-site-notes.md §10.4,
docs/conformance.md); only their index labels are confirmed. Read by meaning, as table (2) is:

* title, unit row and page date as table (2) reads them;
* the two header rows give each column's meaning whichever row says what: a flow (Total,
  Exports, Imports) over a period ("6", "1to6"; January's "1" is both), "Percentage Change" over
  a flow; on (6)/(7) an enterprise type (or Total) over a period, the flow the table's own;
* rows by their words, through ``gacc_structure_labels.csv``: ``TOTAL`` first, then the table's
  items; on (8) a city under the province printed before it; on (11) an area under its kind;
  ``Of which: <regime>`` a subset of TOTAL. A label the seed does not know lands under a
  placeholder code (UNMAPPED_…) at the top level and is alerted, never dropped;
* ``-`` (nothing traded) lands as 0, as GACC states it; ``############`` (too wide) is not printed:
  no row, never zero, unless total = exports + imports gives it exactly (then marked derived).

Page arithmetic, one line naming the row on failure: total = exports + imports; the month at
most January to the month; TOTAL = its top-level rows, a kind of area = its areas, a row's Total
= its enterprise types, within the rounding of the integers summed; an "of which" row at most its
parent; TOTAL of the month China's size of trade where the table covers all of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from customs_wh.contracts import (
    BREAKDOWN_TABLES,
    PART_OF_WORLD_TABLES,
    BreakdownObservation,
    PageContext,
    ParsedRelease,
)
from customs_wh.gacc.labels import normalise
from customs_wh.gacc.parsing.bulletin_cells import NOT_PRINTED, OVERFLOW, derive_overflowed, read_row, row_pattern
from customs_wh.gacc.parsing.bulletin_country_table import (
    ROUNDING,
    open_table,
    publication_date,
    without_notes,
)
from customs_wh.gacc.parsing.bulletin_periods import check_combined, header_period, period_kinds, read_form
from customs_wh.gacc.parsing.table import Cell, RawTable, header_grid
from customs_wh.gacc.parsing.text import PageProblem
from customs_wh.gacc.parsing.units import WORLD_MONTHLY_USD, Unit, check_magnitude
from customs_wh.gacc.structure_labels import StructureItem, placeholder_code, structure_item
from customs_wh.table_registry import TableSpec

FLOWS = {"total": "total", "exports": "export", "imports": "import"}
TOTAL = "TOTAL"
_OF_WHICH = re.compile(r"^of\s*which\s*[:：]?\s*(?P<label>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    """What a table's rows and columns are: the dimension of its top-level rows, of the rows
    under them (and whether those add up to their parent or are "of which" subsets), of its
    "Of which:" rows, and whether its columns are flows or enterprise types."""

    items: str
    members: str | None = None
    members_add_up: bool = False
    of_which: str | None = None
    by_enterprise: bool = False


FORMS: dict[str, Form] = {
    "5": Form("regime"),
    "6": Form("regime", by_enterprise=True),
    "7": Form("regime", by_enterprise=True),
    "8": Form("province", members="city"),
    "9": Form("province"),
    "10": Form("customs_district"),
    "11": Form("area_kind", members="special_area", members_add_up=True),
    "12": Form("foreign_invested_kind", of_which="regime"),
}


class Column(NamedTuple):
    flow: str  # total | export | import
    enterprise: str | None  # (6)/(7): TOTAL or an enterprise type's code
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd


@dataclass(slots=True)
class _Row:
    label: str
    code: str
    level: str  # total | group | item | of_which
    parent: str | None
    # A figure, NOT_PRINTED or OVERFLOW: the header's columns in order, then (where a row of
    # changes lies under the row) their changes in the same order.
    cells: dict[Column, float | str]
    derived: frozenset[Column] = frozenset()


_VALUE_AND_CHANGE = re.compile(r"^value\s*/\s*±\s*%$", re.IGNORECASE)
_SUBTOTAL = frozenset({"sub.tot", "sub. tot", "subtotal"})  # FIE's own column in 2018-2019


def read_columns(
    grid: tuple[tuple[str, ...], ...], month: int, form: Form, flow: str | None
) -> tuple[list[Column], str]:
    """The figure columns after the label column, and the page's form of periods."""
    rows = [[normalise(text) for text in row] for row in grid]
    if form.by_enterprise:
        columns = [_enterprise_column(rows, index, month, flow) for index in range(1, len(rows[0]))]
    else:
        if len(rows) != 2:
            raise PageProblem(f"the table has {len(rows)} header rows, expected two")
        columns = [_flow_column(rows, index, month) for index in range(1, len(rows[0]))]
    columns, period_form = read_form(columns, month, lambda column: column._replace(period_kind="month"))
    needed = (
        [Column(flow or "", TOTAL, "value", "ytd" if month > 1 else "month")]
        if form.by_enterprise
        else [Column(name, None, "value", "month") for name in ("export", "import")]
    )
    for column in needed:
        if column not in columns:
            raise PageProblem(
                f"the header has no {column.enterprise or column.flow} column for the {column.period_kind}"
            )
    return columns, period_form


def _where(rows: list[list[str]], index: int) -> str:
    return f"column {index + 1} ({' / '.join(dict.fromkeys(row[index] for row in rows))})"


def _flow_column(rows: list[list[str]], index: int, month: int) -> Column:
    """(5), (8)-(12): a flow (Total, Exports, Imports) over a period, or "Percentage Change" over a flow."""
    upper, lower = rows[0][index].lower(), rows[1][index].lower()
    where = _where(rows, index)
    if upper in FLOWS and (kind := header_period(lower, month, where)):
        return Column(FLOWS[upper], None, "value", kind)
    if upper == "percentage change" and lower in FLOWS:
        return Column(FLOWS[lower], None, "yoy_pct", "ytd")
    raise PageProblem(f"{where} is not a flow over a period nor a percentage change")


def _enterprise_column(rows: list[list[str]], index: int, month: int, flow: str | None) -> Column:
    """(6)/(7): an enterprise type (Total, SOE, FIE, POE, Other) over its period, or, in the
    2018-2019 form, a kind of foreign-invested enterprise (Sub.Tot, CJV, EJV, FOE) under FIE. A
    header of ``Value/±%`` prints January to the month (the title's period); the values' changes
    are the row under each."""
    where = _where(rows, index)
    if len(rows) not in (2, 3) or flow is None:
        raise PageProblem(f"the table has {len(rows)} header rows, expected two or three")
    texts = [row[index] for row in rows]
    last = texts[-1].lower()
    printed = None if _VALUE_AND_CHANGE.match(last) else header_period(last, month, where)
    enterprise = _enterprise_code(texts[0])
    if enterprise is None or (printed is None and not _VALUE_AND_CHANGE.match(last)):
        raise PageProblem(f"{where} is not an enterprise type over a period")
    kind = printed or ("ytd" if month > 1 else "month")  # "Value/±%": the title's January to the month
    if len(rows) == 3 and texts[1] != texts[0]:
        kind_of_fie = structure_item("foreign_invested_kind", texts[1])
        if enterprise != "FIE" or (texts[1].lower() not in _SUBTOTAL and kind_of_fie is None):
            raise PageProblem(f"{where} is not a kind of foreign-invested enterprise under FIE")
        if kind_of_fie is not None:
            enterprise = f"FIE/{kind_of_fie.code}"
    return Column(flow, enterprise, "value", kind)


def _enterprise_code(text: str) -> str | None:
    if text.lower() == "total":
        return TOTAL
    item = structure_item("enterprise_type", text)
    return item.code if item is not None else None


@functools.lru_cache(maxsize=4096)  # pure; a backfill reads the same few hundred labels again and again
def _reading(text: str, items: str, members: str | None, of_which: str | None) -> tuple[str, str, StructureItem | None]:
    """A label cell as printed → (label, what its words are, the item they name): "total", "of_which"
    (its item of ``of_which``, None where none), "item" (of ``items``), "member" (of ``members``), "unknown"."""
    label = normalise(text)
    if label.lower() == "total":
        return label, "total", None
    of_which_row = _OF_WHICH.match(label)
    if of_which_row is not None:
        return label, "of_which", structure_item(of_which, of_which_row.group("label")) if of_which else None
    item = structure_item(items, label)
    if item is not None:
        return label, "item", item
    member = structure_item(members, label) if members else None
    return label, "unknown" if member is None else "member", member


def classify(
    body: Sequence[Sequence[Cell]], columns: list[Column], changes: list[Column], form: Form
) -> tuple[list[_Row], list[str]]:
    """Rows by their words: TOTAL, the table's items, members under their parent, "of which"
    rows. Where the header prints no percentage columns, a row with no label right under a row
    of values is that row's year-on-year changes, the ``changes`` (the shaded rows of (5)-(7))."""
    rows: list[_Row] = []
    unmapped: list[str] = []
    parent: _Row | None = None  # the row members lie under
    seen: dict[str, str] = {}
    awaiting: _Row | None = None  # the row whose changes may come next
    figures, changed = row_pattern(columns), row_pattern(changes)
    for cells in body:
        label, words, item = _reading(cells[0].text, form.items, form.members, form.of_which)
        if changes and awaiting is not None and not label:  # an empty label cell over the changes
            if len(cells) - 1 != len(changes):
                raise PageProblem(
                    f"the changes under row {awaiting.label!r} have {len(cells) - 1} cells, the header {len(changes)}"
                )
            named = f"{awaiting.label} (change)"
            awaiting.cells.update(zip(changes, read_row(cells[1:], changes, changed, named), strict=True))
            awaiting = None
            continue
        if len(cells) != len(columns) + 1:
            raise PageProblem(f"row {label!r} has {len(cells)} cells, the header {len(columns) + 1}: a shifted row")
        if not label:
            raise PageProblem("a data row has no label")
        values = dict(zip(columns, read_row(cells[1:], columns, figures, label), strict=True))
        code, level, under = _place(label, words, item, form, parent, rows)
        if code is None:
            code, level, under = placeholder_code(label), "item", TOTAL
            unmapped.append(label)
        if code in seen:
            raise PageProblem(f"rows {seen[code]!r} and {label!r} are both {code}")
        seen[code] = label
        row = _Row(label, code, level, under, values)
        if level in ("item", "group") and under == TOTAL:
            parent = row
        rows.append(row)
        awaiting = row
    if not rows or rows[0].level != "total":
        raise PageProblem("the first data row is not TOTAL")
    return rows, unmapped


def _place(
    label: str, words: str, item: StructureItem | None, form: Form, parent: _Row | None, rows: list[_Row]
) -> tuple[str | None, str, str | None]:
    """(code, level, parent code) of a row label (_reading's words and item) where it stands;
    code None for a label the seed does not know."""
    if words == "total":
        if rows:
            raise PageProblem(f"row {label!r}: TOTAL must be the first row")
        return TOTAL, "total", None
    if not rows:
        raise PageProblem(f"row {label!r}: the first data row is not TOTAL")
    if words == "of_which":
        if item is None:
            raise PageProblem(f"row {label!r}: an 'of which' row this table does not print")
        return f"{TOTAL}/{item.code}", "of_which", TOTAL
    if item is None:
        return None, "item", TOTAL
    if words == "item":
        return item.code, ("group" if form.members_add_up else "item"), TOTAL
    if parent is None or item.parent != parent.code:
        unknown = parent is not None and parent.code.startswith("UNMAPPED_")
        why = f" (it follows {parent.label!r}, a label no reference names)" if unknown and parent else ""
        raise PageProblem(
            f"row {label!r} is not printed under its {'kind' if form.members_add_up else 'province'}{why}"
        )
    return item.code, ("item" if form.members_add_up else "of_which"), parent.code


# (period, total, export, import): the values total = exports + imports ties, where printed.
Triple = tuple[str, Column, Column, Column]
_TRIPLES: list[Triple] = [
    (kind, *(Column(flow, None, "value", kind) for flow in ("total", "export", "import")))  # type: ignore[misc]
    for kind in ("month", "ytd")
]


def check_arithmetic(rows: list[_Row], columns: list[Column], triples: list[Triple], unmapped: list[str]) -> None:
    values = [column for column in columns if column.measure == "value"]
    # Which cells each row's checks compare is the same on every row: worked out once.
    twins = [(column, column._replace(period_kind="ytd")) for column in values if column.period_kind == "month"]
    months = [(column, twin) for column, twin in twins if twin in values]
    enterprise_sums = _enterprise_sums(values)
    for row in rows:
        cells = row.cells
        for kind, total_column, export_column, import_column in triples:
            total, out, in_ = cells[total_column], cells[export_column], cells[import_column]
            if (
                isinstance(total, float)
                and isinstance(out, float)
                and isinstance(in_, float)
                and abs(total - out - in_) > ROUNDING
            ):
                raise PageProblem(
                    f"row {row.label!r}: total ({kind}) {total:,.0f} is not exports {out:,.0f} + imports {in_:,.0f}"
                )
        for column, ytd_column in months:
            month, ytd = cells[column], cells[ytd_column]
            if isinstance(month, float) and isinstance(ytd, float) and month > ytd + ROUNDING:
                raise PageProblem(
                    f"row {row.label!r}: {_name(column)} of the month {month:,.0f} "
                    f"exceeds January to the month {ytd:,.0f}"
                )
        for whole_column, members in enterprise_sums:
            _check_sum(row.label, cells[whole_column], [cells[member] for member in members], whole_column, "")
    wholes: dict[str, list[_Row]] = {}
    for row in rows:
        if row.level in ("item", "group") and row.parent is not None:
            wholes.setdefault(row.parent, []).append(row)
    by_code = {row.code: row for row in rows}
    note = f" (labels no reference names: {', '.join(map(repr, unmapped))})" if unmapped else ""
    for code, parts in wholes.items():
        whole = by_code[code]
        for column in values:
            _check_sum(whole.label, whole.cells[column], [part.cells[column] for part in parts], column, note)
    for row in rows:
        if row.level == "of_which" and row.parent is not None:
            for column in values:
                part, whole_value = row.cells[column], by_code[row.parent].cells[column]
                if isinstance(part, float) and isinstance(whole_value, float) and part > whole_value + ROUNDING:
                    raise PageProblem(
                        f"row {row.label!r}: {part:,.0f} exceeds {by_code[row.parent].label!r} {whole_value:,.0f}"
                    )


def _enterprise_sums(values: list[Column]) -> list[tuple[Column, list[Column]]]:
    """(6)/(7): a row's Total is the sum of its enterprise types, and FIE the sum of its kinds
    where the 2018-2019 form prints them: (the whole's column, its parts' columns) of each period."""
    sums: list[tuple[Column, list[Column]]] = []
    for kind in ("month", "ytd"):
        here = [column for column in values if column.enterprise is not None and column.period_kind == kind]
        wholes = {column.enterprise: column for column in here}
        parts: dict[str, list[Column]] = {}
        for column in here:
            if column.enterprise != TOTAL:
                whole, _, _kind = (column.enterprise or "").rpartition("/")
                parts.setdefault(whole or TOTAL, []).append(column)
        sums.extend((wholes[whole], members) for whole, members in parts.items() if whole in wholes)
    return sums


def _check_sum(label: str, stated: float | str, parts: list[float | str], column: Column, note: str) -> None:
    """A whole against its parts: "-" adds nothing; an overflowed cell makes the sum unknowable (unchecked)."""
    if not isinstance(stated, float) or OVERFLOW in parts:
        return
    summed = sum([part for part in parts if isinstance(part, float)], 0.0)
    if abs(summed - stated) > max(ROUNDING, len(parts) / 2):
        raise PageProblem(
            f"row {label!r}: {_name(column)} ({column.period_kind}) {stated:,.0f} "
            f"is not the sum of its {len(parts)} parts ({summed:,.0f}){note}"
        )


def _name(column: Column) -> str:
    """A column as a reason names it: its flow, or (6)/(7)'s enterprise column ("Total" for all types)."""
    if column.enterprise is None:
        return column.flow
    return "Total" if column.enterprise == TOTAL else column.enterprise


def read_bulletin_structure_table(
    raw: RawTable,
    spec: TableSpec,
    table_title: str,
    page_title: str | None,
    date_text: str | None,
    context: PageContext | None,
    start: int,
) -> ParsedRelease:
    classification, flow = BREAKDOWN_TABLES[spec.code]
    form = FORMS[spec.code]
    frame = open_table(raw, spec, table_title, page_title, context, start)
    year, month, unit, reference_month = frame.year, frame.month, frame.unit, frame.reference_month
    grid, end = header_grid(frame.rows, 0, spans_rows=bool(raw.spanned_rows))
    columns, period_form = read_columns(grid, month, form, flow)
    # A header with no percentage columns may print each row's changes in a row under it.
    changes = [] if any(c.measure == "yoy_pct" for c in columns) else [c._replace(measure="yoy_pct") for c in columns]
    rows, unmapped = classify(without_notes(frame.rows[end:], len(columns) + 1), columns, changes, form)
    triples = [triple for triple in _TRIPLES if all(column in columns for column in triple[1:])]
    flows = [triple[1:] for triple in triples]
    for row in rows:
        check_combined(row.label, row.cells, period_form, lambda column: column._replace(period_kind="ytd"))
        row.derived = derive_overflowed(row.cells, flows)
    check_arithmetic(rows, columns, triples, unmapped)
    if spec.code not in PART_OF_WORLD_TABLES:
        _check_world(rows[0], columns, unit)
    published = publication_date(date_text, year, month)
    keys = [*columns, *changes]
    observations = _observations(spec, classification, rows, keys, period_form, unit, reference_month, published)
    return ParsedRelease(
        section=spec.section,
        currency=unit.currency,
        title=normalise(table_title),
        unit=unit.printed,
        scale=unit.scale,
        reference_month=reference_month,
        publication_date=published,
        observations=tuple(observations),
        unmapped_labels=tuple(unmapped),
        label_reference="gacc_structure_labels.csv",
    )


def _check_world(total: _Row, columns: list[Column], unit: Unit) -> None:
    """A unit row off by a factor leaves China's size of trade: the month's TOTAL of the table's flows."""
    figures = [
        total.cells[column]
        for column in columns
        if column.measure == "value"
        and column.period_kind == "month"
        and column.flow != "total"
        and column.enterprise in (None, TOTAL)
    ]
    if figures and all(isinstance(figure, float) for figure in figures):
        check_magnitude(unit, sum(figures), 1, "TOTAL of the month", WORLD_MONTHLY_USD)  # type: ignore[arg-type]


def _observations(
    spec, classification, rows, keys, period_form, unit, reference_month, published
) -> list[BreakdownObservation]:
    """Each row's figures in its cells' order (``keys``: the header's columns, then their changes)."""
    page = (spec.code, spec.section, unit.currency, unit.printed, unit.scale, reference_month, published)
    year_start = reference_month[:5] + "01"
    # What a column says is the same on every row: worked out once, one entry per period its
    # figures land as. A change read under its value lands as the value does (January's as both).
    meanings = []
    for column in keys:
        as_value = column.measure == "value" or column._replace(measure="value") in keys
        for kind in period_kinds(column, period_form, as_value):
            reading = (column.flow, column.measure, kind, reference_month if kind == "month" else year_start)
            meanings.append((column, reading, 0 if column.measure == "value" else 1, column.enterprise))
    # Built as tuples (a named tuple's keyword __new__ costs a Python call per number).
    new, kind_of = tuple.__new__, BreakdownObservation
    out: list[BreakdownObservation] = []
    for row in rows:
        prefix = (*page, classification, row.code, row.label, row.level, row.parent, None)
        cells, derived = row.cells, row.derived
        for column, reading, decimals, enterprise in meanings:
            value = cells.get(column)  # None: a change the row has no row of changes for
            if value.__class__ is not float:
                if value != NOT_PRINTED or decimals:
                    continue  # a "-" change, or "############" nothing gives: no row, never zero
                value = 0.0  # GACC's "-": nothing traded, as the page states it
            out.append(new(kind_of, (*prefix, *reading, value, decimals, column in derived, enterprise)))
    return out
