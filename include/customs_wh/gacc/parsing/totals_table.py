"""Table (1), China's total exports and imports: its rows name the flow.

No saved copy of a real table (1) exists: docs/conformance.md records what is confirmed of its
layout and what is assumed. It is read by meaning, so both known forms read the same: rows
"Total Export & Import" / "Export & Import", "Total Export" / "Export", "Total Import" /
"Import" and "Export-Import Balance" / "Trade Balance"; columns the month and January to the
month, their year-on-year % and (GACC's current form) the month's month-on-month %, which
the observation contract does not carry: it is read and checked, and not emitted. The
balance is checked (exports − imports), not emitted; its "-" in the % cells is "not printed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from customs_wh.contracts import ROUNDING_TOLERANCE, Observation
from customs_wh.gacc.parsing.evidence import PageFacts
from customs_wh.gacc.parsing.headers import Column, Header
from customs_wh.gacc.parsing.partners_table import FLOW_ORDER, MIN_YOY_PCT, check_world_magnitude
from customs_wh.gacc.parsing.rows import Row, missing_columns
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.partners import WORLD

ROW_ORDER = ("total", "export", "import", "balance")
EMITTED_MEASURES = frozenset({"value", "yoy_pct"})
_WORDS = re.compile(r"[a-z]+", re.ASCII)


def row_flow(label: str) -> str | None:
    """ "Total Export & Import" → total; "Total Export" → export; "Export-Import Balance" →
    balance; a label that names none of them → None."""
    words = set(_WORDS.findall(label.lower())) - {"total", "and", "value", "values", "of", "china", "s"}
    exports = bool(words & {"export", "exports"})
    imports = bool(words & {"import", "imports"})
    rest = words - {"export", "exports", "import", "imports", "trade", "balance"}
    if rest:
        return None
    if "balance" in words:
        return "balance" if exports == imports else None
    if "trade" in words:
        return None
    if exports and imports:
        return "total"
    return "export" if exports else "import" if imports else None


def dash_allowed(column: Column) -> bool:
    """The balance row prints "-" in its % cells; a rate may be a dash, a value never."""
    return column.measure != "value"


def totals_observations(facts: PageFacts, header: Header, rows: Sequence[Row]) -> list[Observation]:
    columns = tuple(column for _, column in header.figures)
    for column in columns:
        if column.prior_year or column.measure not in ("value", "yoy_pct", "mom_pct"):
            raise PageProblem(f"column {column.describe()!r} is not one the totals table prints")
    periods = [p for p, present in (("month", header.has_month_columns), ("ytd", header.has_ytd_columns)) if present]
    missing_columns(header, [Column(None, "value", period, False, header.month) for period in periods])
    if not any(column.measure == "yoy_pct" for column in columns):
        raise PageProblem("missing column(s): yoy_pct")
    by_flow: dict[str, Row] = {}
    for row in rows:
        name = normalise_text(row.label)
        flow = row_flow(name)
        if flow is None:
            raise PageProblem(f"unknown row {name!r} in the totals table")
        if flow in by_flow:
            raise PageProblem(f"duplicate row {name!r}")
        by_flow[flow] = row
    missing = [flow for flow in ROW_ORDER if flow not in by_flow]
    if missing:
        raise PageProblem(f"totals table lacks row(s): {', '.join(missing)}")
    _check(columns, by_flow)
    check_world_magnitude(facts, columns, lambda position: by_flow["total"].figures[position], "the total")
    page = (
        facts.section,
        facts.currency,
        facts.unit.printed,
        facts.unit.scale,
        facts.reference_month,
        facts.publication_date,
        "Total",
        WORLD,
        None,
    )
    starts = {"month": facts.reference_month, "ytd": f"{facts.year:04d}-01"}
    return [
        Observation._make(
            (*page, flow, column.measure, column.period_kind, starts[column.period_kind], value, 1, False)
        )
        for flow in FLOW_ORDER
        for column, value in zip(columns, by_flow[flow].figures, strict=True)
        if column.measure in EMITTED_MEASURES and value is not None
    ]


def _check(columns: Sequence[Column], by_flow: dict[str, Row]) -> None:
    """No trade value below zero (the balance may be), no fall of more than 100 %, Export &
    Import = Export + Import, balance = Export − Import, the month ≤ January to the month."""
    for flow in FLOW_ORDER:
        row = by_flow[flow]
        for column, value in zip(columns, row.figures, strict=True):
            name = normalise_text(row.label)
            if value is None:  # a dash: not printed
                continue
            if column.measure == "value" and value < 0:
                raise PageProblem(
                    f"row {name!r}, column '{flow} value {column.period_kind}': negative trade value {value}"
                )
            if column.measure != "value" and value < MIN_YOY_PCT:
                raise PageProblem(
                    f"row {name!r}, column '{flow} {column.measure} {column.period_kind}': year-on-year {value}% is "
                    f"a fall of more than 100%"
                )
    ytd_position = next((i for i, c in enumerate(columns) if c.measure == "value" and c.period_kind == "ytd"), None)
    for position, column in enumerate(columns):
        if column.measure != "value":
            continue
        # Trade values are never a dash (read_rows refuses one); the balance is checked for one.
        total, export, import_ = (cast(float, by_flow[flow].figures[position]) for flow in FLOW_ORDER)
        balance = by_flow["balance"].figures[position]
        if balance is None or abs(balance - (export - import_)) > ROUNDING_TOLERANCE:
            raise PageProblem(f"{column.period_kind} Trade Balance {balance} is not Export {export} − Import {import_}")
        if abs(total - export - import_) > ROUNDING_TOLERANCE:
            raise PageProblem(f"{column.period_kind} Export & Import {total} is not Export {export} + Import {import_}")
        if column.period_kind == "month" and ytd_position is not None:
            for flow in FLOW_ORDER:
                month = cast(float, by_flow[flow].figures[position])
                ytd = cast(float, by_flow[flow].figures[ytd_position])
                if month > ytd + ROUNDING_TOLERANCE:
                    raise PageProblem(f"{flow} month value exceeds the year-to-date value")
                if column.month == 1 and abs(month - ytd) > ROUNDING_TOLERANCE:
                    raise PageProblem(f"{flow} January value {month} differs from January to the month, {ytd}")
