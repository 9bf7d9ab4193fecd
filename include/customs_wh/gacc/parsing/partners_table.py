"""Table (4), China's trade by country/region: partner rows → observations.

Each row is a partner (as printed, resolved to a code through GACC's own labels, then ISO 3166
names), its group ("of which:" and indentation), and per flow its value for the month and the
year to date and the year-on-year % of the year to date. Checks within a row: no value below
zero, no fall of more than 100 %, Export & Import = Export + Import, the month ≤ the year to
date. (Checks across rows are quality gate 1's.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

from customs_wh.contracts import ROUNDING_TOLERANCE, Observation
from customs_wh.gacc.parsing.evidence import PageFacts
from customs_wh.gacc.parsing.headers import Column, Header
from customs_wh.gacc.parsing.rows import Row, missing_columns
from customs_wh.gacc.parsing.text import PADDING, SOURCE_WHITESPACE, PageProblem, normalise_text
from customs_wh.gacc.parsing.units import WORLD_MONTHLY_USD, check_magnitude
from customs_wh.gacc.partners import WORLD, UnknownPartnerError, partner_code, partner_type

FLOW_ORDER = ("total", "export", "import")
# A trade value can fall by at most all of it.
MIN_YOY_PCT = -100.0
EMITTED_MEASURES = frozenset({"value", "yoy_pct"})  # month-on-month columns are read, not part of the contract
_OF_WHICH = re.compile(r"^of\s+which\s*:\s*", re.IGNORECASE)
_SOURCE_WHITESPACE_RUN = re.compile(r"[ \t\r\n\f]+")


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
    body = text.strip(SOURCE_WHITESPACE)
    rest = body.lstrip(PADDING)
    lead = body[: len(body) - len(rest)]
    nbsp = lead.count("\xa0")
    indent = nbsp if nbsp == len(lead) else nbsp + len(_SOURCE_WHITESPACE_RUN.findall(lead))
    name = normalise_text(rest)
    of_which = _OF_WHICH.match(name) if name[:2].lower() == "of" else None
    if of_which:
        name = name[of_which.end() :]
    return LabelCell(name, indent, of_which is not None)


def dash_allowed(column: Column) -> bool:
    """A rate may be printed as a dash (not printed); a trade value may not."""
    return column.measure not in ("value", "quantity")


def expected_columns(header: Header) -> list[Column]:
    """The columns every table by country/region prints: each flow's value for the month (not on
    January-February pages) and the year to date, and the year to date's year-on-year %."""
    month = header.month
    periods = [p for p, present in (("month", header.has_month_columns), ("ytd", header.has_ytd_columns)) if present]
    yoy_periods = sorted({c.period_kind for _, c in header.figures if c.measure == "yoy_pct"}) or ["ytd"]
    return [Column(flow, "value", period, False, month) for flow in FLOW_ORDER for period in periods] + [
        Column(flow, "yoy_pct", period, False, month) for flow in FLOW_ORDER for period in yoy_periods
    ]


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


def _resolve_code(name: str) -> str:
    try:
        return partner_code(name)
    except UnknownPartnerError as exc:
        raise PageProblem(str(exc)) from None


class _Checks:
    """Where each kind of number sits in a row, for the per-row checks."""

    def __init__(self, columns: Sequence[Column]):
        position = {(c.flow, c.measure, c.period_kind): i for i, c in enumerate(columns)}
        self.described = tuple(column.describe() for column in columns)
        self.values = tuple(i for i, c in enumerate(columns) if c.measure == "value")
        self.yoys = tuple(i for i, c in enumerate(columns) if c.measure in ("yoy_pct", "mom_pct"))
        self.sums: tuple[tuple[str, int, int, int], ...] = tuple(
            (period, position[("total", "value", period)], position[("export", "value", period)],
             position[("import", "value", period)])
            for period in ("month", "ytd")
            if all((flow, "value", period) in position for flow in FLOW_ORDER)
        )  # fmt: skip
        self.month_ytd = tuple(
            (flow, position[(flow, "value", "month")], position[(flow, "value", "ytd")])
            for flow in FLOW_ORDER
            if (flow, "value", "month") in position and (flow, "value", "ytd") in position
        )
        # In January the month is January to the month: the two columns are one figure.
        self.january = bool(columns) and columns[0].month == 1

    def check_row(self, name: str, figures: Sequence[float | None]) -> None:
        # Trade values are never a dash (read_rows refuses one where the column does not allow it).
        values = cast(Sequence[float], figures)
        for i in self.values:
            if values[i] < 0:
                raise PageProblem(f"row {name!r}, column {self.described[i]!r}: negative trade value {values[i]}")
        for i in self.yoys:
            rate = figures[i]
            if rate is not None and rate < MIN_YOY_PCT:
                raise PageProblem(
                    f"row {name!r}, column {self.described[i]!r}: year-on-year {rate}% is a fall of more than 100%"
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
            if self.january and abs(values[m] - values[y]) > ROUNDING_TOLERANCE:
                raise PageProblem(
                    f"row {name!r}: {flow} January value {values[m]} differs from January to the month, {values[y]}"
                )

    def check_rows(self, names: Sequence[str], rows: Sequence[tuple[float | None, ...]]) -> None:
        """check_row for every row: a quick pass column by column, then, only if something is
        wrong (or a rate is a dash), row by row to name the first problem."""
        # Trade values are never a dash (read_rows refuses one), and rates are not once rates_printed holds.
        by_column = cast(list[tuple[float, ...]], list(zip(*rows, strict=True)))
        tolerance = ROUNDING_TOLERANCE
        rates_printed = all(None not in by_column[i] for i in self.yoys)
        if not (
            rates_printed
            and all(min(by_column[i]) >= 0 for i in self.values)
            and all(min(by_column[i]) >= MIN_YOY_PCT for i in self.yoys)
            and all(
                abs(total - export - import_) <= tolerance
                for _, t, e, m in self.sums
                for total, export, import_ in zip(by_column[t], by_column[e], by_column[m], strict=True)
            )
            and all(
                month <= ytd + tolerance and (not self.january or month >= ytd - tolerance)
                for _, m, y in self.month_ytd
                for month, ytd in zip(by_column[m], by_column[y], strict=True)
            )
        ):
            for name, values in zip(names, rows, strict=True):
                self.check_row(name, values)


@functools.lru_cache(maxsize=64)
def _checks(columns: tuple[Column, ...]) -> _Checks:
    return _Checks(columns)


# decimals and is_derived of every preliminary figure: one decimal, printed.
PRELIMINARY_PRINT = (1, False)


def partner_observations(facts: PageFacts, header: Header, rows: Sequence[Row]) -> list[Observation]:
    """Every number of a table by country/region, checked row by row."""
    columns = tuple(column for _, column in header.figures)
    for column in columns:
        if column.prior_year or column.measure not in ("value", "yoy_pct", "mom_pct"):
            raise PageProblem(f"column {column.describe()!r} is not one a table by country/region prints")
    missing_columns(header, expected_columns(header))
    labels = [split_label(row.label) for row in rows]
    codes = [_resolve_code(label.name) for label in labels]
    seen: dict[str, str] = {}
    for label, code in zip(labels, codes, strict=True):
        if code in seen:
            if seen[code] == label.name:
                raise PageProblem(f"duplicate partner row {label.name!r}")
            raise PageProblem(f"duplicate partner: {seen[code]!r} and {label.name!r} are both {code}")
        seen[code] = label.name
    if WORLD not in seen:
        raise PageProblem("no 'Total' row")
    parents = _assign_parents(tuple(labels), tuple(codes))
    _checks(columns).check_rows([label.name for label in labels], [row.figures for row in rows])
    world = rows[codes.index(WORLD)].figures
    check_world_magnitude(facts, columns, lambda position: world[position], "the Total row's")
    page = (
        facts.section,
        facts.currency,
        facts.unit.printed,
        facts.unit.scale,
        facts.reference_month,
        facts.publication_date,
    )
    starts = {"month": facts.reference_month, "ytd": f"{facts.year:04d}-01"}
    # What a column says is the same on every row: worked out once per column.
    meanings = [
        (position, (column.flow, column.measure, column.period_kind, starts[column.period_kind]))
        for position, column in enumerate(columns)
        if column.measure in EMITTED_MEASURES
    ]
    # The named tuple built as a tuple (its _make costs a Python call per number): a row's
    # prefix and a column's meaning are the same for all of their numbers.
    new, kind = tuple.__new__, Observation
    return [
        new(kind, prefix + meaning + (figures[position], *PRELIMINARY_PRINT))
        for prefix, figures in (
            ((*page, label.name, code, parent), row.figures)
            for label, code, parent, row in zip(labels, codes, parents, rows, strict=True)
        )
        for position, meaning in meanings
        if figures[position] is not None
    ]


def check_world_magnitude(
    facts: PageFacts, columns: Sequence[Column], value_at: Callable[[int], float | None], whose: str
) -> None:
    """The world's Export & Import for January to the month (or the month) must be of the size
    of China's trade in the page's unit (units.check_magnitude)."""
    for period, months in (("ytd", facts.month), ("month", 1)):
        for position, column in enumerate(columns):
            if column.measure == "value" and column.period_kind == period and column.flow in ("total", None):
                what = f"{whose} {'January-to-month' if period == 'ytd' else 'month'} Export & Import"
                value = value_at(position)
                if value is None:  # read_rows refuses a dash in a value column: never the case
                    raise PageProblem(f"{what} is not printed")
                check_magnitude(facts.unit, value, months, what, WORLD_MONTHLY_USD)
                return
