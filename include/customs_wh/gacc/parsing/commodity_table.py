"""Tables (5) and (6), China's major exports and imports by quantity and value.

A row is a commodity of GACC's catalogue (indented under the row it belongs to; a "*" before,
after or under the label marks the three catalogue aggregates, which overlap the other rows
and each other and are never summed), its quantity unit ("10,000 Tons"; a dash where only a
value is published), and quantity and value for the month, January to the month, the same
months a year earlier, and GACC's year-on-year % of January to the month. January-February
pages have no month pair.

Checks within a row: the month ≤ January to the month, nothing below zero, no fall of more
than 100 %, a quantity only under a quantity unit, and the printed year-on-year % follows from
the two cumulative figures within their rounding. A page whose cells moved a column (April
2025's USD exports table lost every row's quantity-unit cell and padded a blank one at the
end, so the width still matched) is rejected by the blank last cells, the number where a unit
should be, or the arithmetic, never read one column off.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple, cast

from customs_wh.contracts import COMMODITY_FLOWS, ROUNDING_TOLERANCE, CommodityObservation
from customs_wh.gacc.commodities import commodity_code
from customs_wh.gacc.parsing.evidence import PageFacts
from customs_wh.gacc.parsing.headers import Column, Header
from customs_wh.gacc.parsing.rows import Row, missing_columns
from customs_wh.gacc.parsing.table import TableParts
from customs_wh.gacc.parsing.text import (
    NUMBER,
    PADDING,
    SOURCE_WHITESPACE,
    PageProblem,
    all_one_decimal,
    decimals,
    is_dash,
    normalise_text,
)
from customs_wh.gacc.parsing.units import LARGEST_COMMODITY_MONTHLY_USD, check_magnitude

MIN_YOY_PCT = -100.0
TOLERANCE = ROUNDING_TOLERANCE
AMOUNTS = ("quantity", "value")
RATE_OF = {"quantity": "quantity_yoy_pct", "value": "yoy_pct"}
# The header's measure → the commodity contract's.
CONTRACT_MEASURE = {
    "quantity": "quantity",
    "value": "value",
    "quantity_yoy_pct": "quantity_yoy_pct",
    "yoy_pct": "value_yoy_pct",
}
_SOURCE_WHITESPACE_RUN = re.compile(r"[ \t\r\n\f]+")


class CommodityLabel(NamedTuple):
    name: str  # as printed, without indentation and the aggregate mark
    indent: int
    aggregate: bool


@functools.lru_cache(maxsize=4096)
def split_commodity_label(text: str) -> CommodityLabel:
    """ "\xa0\xa0\xa0\xa0Aquatic products" → ("Aquatic products", 4, False); "Hi-tech products*",
    "*Hi-Tech Products" and "Mechanical and electrical products<br />*" are aggregates."""
    body = text.strip(SOURCE_WHITESPACE)
    rest = body.lstrip(PADDING)
    lead = body[: len(body) - len(rest)]
    nbsp = lead.count("\xa0")
    indent = nbsp if nbsp == len(lead) else nbsp + len(_SOURCE_WHITESPACE_RUN.findall(lead))
    name = normalise_text(rest)
    aggregate = name.startswith("*") or name.endswith("*")
    return CommodityLabel(name.strip("*").strip(), indent, aggregate)


def dash_allowed(column: Column) -> bool:
    """Quantities and rates may be dashes (value-only rows, no prior year); values may not."""
    return column.measure != "value"


def expected_columns(header: Header) -> list[Column]:
    month = header.month
    periods = [("ytd", False), ("ytd", True)]
    if header.has_month_columns:
        periods.insert(0, ("month", False))
    return [Column(None, amount, period, prior, month) for period, prior in periods for amount in AMOUNTS] + [
        Column(None, RATE_OF[amount], "ytd", False, month) for amount in AMOUNTS
    ]


def check_not_shifted(parts: TableParts, header: Header) -> None:
    """The symptoms of cells that moved a column: a blank cell closing every row, a number
    in the quantity-unit column."""
    unit_column = header.unit_column
    if unit_column is None:
        raise PageProblem("the commodity table has no quantity-unit column")
    numeric_unit = next(
        (
            (normalise_text(row[0].text), normalise_text(row[unit_column].text))
            for row in parts.body
            if len(row) > unit_column and NUMBER.fullmatch(row[unit_column].text.strip(PADDING))
        ),
        None,
    )
    last = parts.width - 1
    if len(parts.body) > 1 and all(len(row) > last and not row[last].text.strip(PADDING) for row in parts.body):
        column = header.columns[last]
        under = column.describe() if column else "the quantity unit"
        reason = f"the cells are shifted: every data row ends in a blank cell under {under!r}"
        if numeric_unit:
            reason += f", and row {numeric_unit[0]!r} has the number {numeric_unit[1]} in its quantity-unit cell"
        raise PageProblem(reason)
    if numeric_unit:
        raise PageProblem(
            f"row {numeric_unit[0]!r}: the quantity-unit cell holds the number {numeric_unit[1]}: the cells are shifted"
        )


def commodity_observations(facts: PageFacts, header: Header, rows: Sequence[Row]) -> list[CommodityObservation]:
    if header.unit_column is None:
        raise PageProblem("the commodity table has no quantity-unit column")
    columns = [column for _, column in header.figures]
    for column in columns:
        if column.measure not in CONTRACT_MEASURE:
            raise PageProblem(f"column {column.describe()!r} is not one a commodity table prints")
    missing_columns(header, expected_columns(header))
    position = {(c.measure, c.period_kind, c.prior_year): i for i, c in enumerate(columns)}
    text_at = {i: index for i, (index, _) in enumerate(header.figures)}
    labels = [split_commodity_label(row.label) for row in rows]
    codes = [row_commodity_code(label.name) for label in labels]
    seen: dict[str, str] = {}
    for label, code in zip(labels, codes, strict=True):
        if code in seen:
            raise PageProblem(f"duplicate commodity: {seen[code]!r} and {label.name!r} are both {code}")
        seen[code] = label.name
    units = [_quantity_unit(row, header.unit_column) for row in rows]
    if not _rows_hold(rows, units, columns, position, text_at):
        for label, row, unit in zip(labels, rows, units, strict=True):
            _check_row(label.name, row, unit, columns, position, text_at)
    _check_size(facts, rows, position)
    parents = _parents(labels, codes)
    return _observations(facts, columns, labels, codes, parents, units, rows, text_at)


def row_commodity_code(name: str) -> str:
    """A row's commodity code; a label of punctuation alone (damaged markup) is a one-line PageProblem."""
    try:
        return commodity_code(name)
    except ValueError:  # a label of punctuation alone names no commodity
        raise PageProblem(f"row {name!r} names no commodity (no letter or digit in its label)") from None


def _quantity_unit(row: Row, unit_column: int) -> str | None:
    text = row.texts[unit_column]
    return None if is_dash(text) or not text.strip(PADDING) else normalise_text(text)


def _check_row(
    name: str,
    row: Row,
    unit: str | None,
    columns: Sequence[Column],
    position: dict[tuple[str, str, bool], int],
    text_at: dict[int, int],
) -> None:
    figures = row.figures
    for column, value in zip(columns, figures, strict=True):
        if value is None:
            continue
        if column.measure in AMOUNTS and value < 0:
            raise PageProblem(f"row {name!r}, column {column.describe()!r}: negative {column.measure} {value}")
        if column.measure not in AMOUNTS and value < MIN_YOY_PCT:
            raise PageProblem(
                f"row {name!r}, column {column.describe()!r}: year-on-year {value}% is a fall of more than 100%"
            )
        if unit is None and column.measure.startswith("quantity"):
            raise PageProblem(f"row {name!r} prints a quantity ({value}) but no quantity unit")
    for amount in AMOUNTS:
        month = position.get((amount, "month", False))
        ytd, prior, rate = (
            position[key] for key in ((amount, "ytd", False), (amount, "ytd", True), (RATE_OF[amount], "ytd", False))
        )
        cumulative, before, printed = figures[ytd], figures[prior], figures[rate]
        in_month = figures[month] if month is not None else None
        if month is not None and in_month is not None and cumulative is not None:
            if in_month > cumulative + TOLERANCE:
                raise PageProblem(
                    f"row {name!r}: the month's {amount} {in_month} exceeds January to the month's {cumulative}"
                )
            if columns[month].month == 1 and abs(in_month - cumulative) > TOLERANCE:
                raise PageProblem(f"row {name!r}: the January {amount} differs from January to the month's")
        if cumulative is None or before is None or printed is None:
            continue
        texts = [row.texts[text_at[i]] for i in (ytd, prior, rate)]
        if not _rate_follows(cumulative, before, printed, texts):
            computed = 100 * (cumulative / before - 1) if before else float("inf")
            raise PageProblem(
                f"row {name!r}: the printed year-on-year {printed}% of the {amount} does not follow from "
                f"{cumulative} against {before} a year earlier ({computed:.1f}%)"
            )


def _rows_hold(
    rows: Sequence[Row],
    units: Sequence[str | None],
    columns: Sequence[Column],
    position: dict[tuple[str, str, bool], int],
    text_at: dict[int, int],
) -> bool:
    """_check_row for all rows at once, column by column: True when every row holds; False when
    a row may not (then _check_row finds and names it)."""
    by_column = list(zip(*(row.figures for row in rows), strict=True))
    for column, values in zip(columns, by_column, strict=True):
        printed = [value for value in values if value is not None]
        if printed and min(printed) < (0 if column.measure in AMOUNTS else MIN_YOY_PCT):
            return False
        if column.measure.startswith("quantity") and any(
            value is not None and unit is None for value, unit in zip(values, units, strict=True)
        ):
            return False
    rate_columns = [position[key] for amount in AMOUNTS for key in ((amount, "ytd", False), (amount, "ytd", True))]
    rate_columns += [position[(RATE_OF[amount], "ytd", False)] for amount in AMOUNTS]
    if not all_one_decimal([row.texts[text_at[i]] for row in rows for i in rate_columns]):
        return False  # figures printed to another precision: checked row by row with their own rounding
    for amount in AMOUNTS:
        month = position.get((amount, "month", False))
        ytd, prior, rate = (by_column[position[key]] for key in (
            (amount, "ytd", False), (amount, "ytd", True), (RATE_OF[amount], "ytd", False)
        ))  # fmt: skip
        if month is not None:
            january = columns[month].month == 1
            for in_month, cumulative in zip(by_column[month], ytd, strict=True):
                if None in (in_month, cumulative):
                    continue
                if in_month > cumulative + TOLERANCE or (january and cumulative > in_month + TOLERANCE):
                    return False
        for current, before, printed in zip(ytd, prior, rate, strict=True):
            if None in (current, before, printed):
                continue
            if not _rate_within(current, before, printed, 0.05, 0.05, 0.05):
                return False
    return True


def _rate_follows(current: float, prior: float, rate: float, texts: Sequence[str]) -> bool:
    """Whether a printed year-on-year % fits the two printed figures, each exact only to half
    a unit of its last printed digit. A prior figure that rounds to zero says nothing."""
    half = [0.5 * 10 ** -decimals(text) for text in texts]
    return _rate_within(current, prior, rate, *half)


def _rate_within(
    current: float, prior: float, rate: float, current_half: float, prior_half: float, rate_half: float
) -> bool:
    low_prior, high_prior = prior - prior_half, prior + prior_half
    if low_prior <= 0:
        return True
    low = 100 * ((current - current_half) / high_prior - 1)
    high = 100 * ((current + current_half) / low_prior - 1)
    return low - rate_half - 1e-9 <= rate <= high + rate_half + 1e-9


def _check_size(facts: PageFacts, rows: Sequence[Row], position: dict[tuple[str, str, bool], int]) -> None:
    """The largest commodity's value must be of a size a commodity of China's trade can have."""
    ytd = position[("value", "ytd", False)]
    # A value is never a dash (read_rows refuses one where the column does not allow it).
    largest = max(cast(float, row.figures[ytd]) for row in rows)
    check_magnitude(
        facts.unit, largest, facts.month, "the largest January-to-month value", LARGEST_COMMODITY_MONTHLY_USD
    )


def _parents(labels: Sequence[CommodityLabel], codes: Sequence[str]) -> list[str | None]:
    """The row each row is indented under (the nearest row above with less indentation)."""
    parents: list[str | None] = []
    stack: list[tuple[int, str]] = []
    for label, code in zip(labels, codes, strict=True):
        while stack and stack[-1][0] >= label.indent:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((label.indent, code))
    return parents


def _observations(
    facts: PageFacts,
    columns: Sequence[Column],
    labels: Sequence[CommodityLabel],
    codes: Sequence[str],
    parents: Sequence[str | None],
    units: Sequence[str | None],
    rows: Sequence[Row],
    text_at: dict[int, int],
) -> list[CommodityObservation]:
    year, month = facts.year, facts.month
    reference = facts.reference_month
    periods = {
        ("month", False): (reference, reference),
        ("ytd", False): (f"{year:04d}-01", reference),
        ("ytd", True): (f"{year - 1:04d}-01", f"{year - 1:04d}-{month:02d}"),
    }
    page = (facts.section, facts.currency, facts.unit.printed, facts.unit.scale, reference, facts.publication_date)
    flow = COMMODITY_FLOWS[facts.section]
    meanings = [(CONTRACT_MEASURE[c.measure], c.period_kind, *periods[(c.period_kind, c.prior_year)]) for c in columns]
    # The named tuple built as a tuple (its _make costs a Python call per number): a row's
    # prefix and a column's meaning are the same for all of their numbers.
    new, kind = tuple.__new__, CommodityObservation
    prefixes = [
        (*page, label.name, code, parent, label.aggregate, flow, unit)
        for label, code, parent, unit in zip(labels, codes, parents, units, strict=True)
    ]
    # Each figure's printed decimals (its rounding), read from the cell under its column.
    at = [text_at[i] for i in range(len(columns))]
    return [
        new(kind, prefix + meaning + (value, decimals(row.texts[index])))
        for prefix, row in zip(prefixes, rows, strict=True)
        for meaning, value, index in zip(meanings, row.figures, at, strict=True)
        if value is not None
    ]
