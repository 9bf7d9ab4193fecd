"""The cells of the Monthly Bulletin's tables of values ((1), (2), (5)-(12)): a figure, GACC's "-"
or a cell too wide for its sheet ("############"), read one by one or a whole row at once, and an
overflowed value that total = exports + imports gives from the other two."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from typing import Protocol, TypeVar

from customs_wh.gacc.parsing.table import TEXT_OF, Cell
from customs_wh.gacc.parsing.text import PADDING, PageProblem
from customs_wh.words import DASHES

_OVERFLOW = re.compile(r"^#+$")
# How the Bulletin prints a figure: an integer value (thousands grouped by commas), a percentage
# with one decimal; ASCII digits only, whatever flags a pattern that holds these is compiled with.
INTEGER_FIGURE = r"-?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|0|[1-9][0-9]*)"
PERCENT_FIGURE = r"-?(?:0|[1-9][0-9]*)\.[0-9]"
INTEGER = re.compile(rf"^{INTEGER_FIGURE}$")
PERCENT = re.compile(rf"^{PERCENT_FIGURE}$")
_DASHES = frozenset(DASHES)
NOT_PRINTED, OVERFLOW = "-", "#"


class ValueColumn(Protocol):
    """What read_cell needs of a column: tables (2) and (5)-(12) each have their own."""

    @property
    def flow(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def period_kind(self) -> str: ...


def read_cell(text: str, column: ValueColumn, label: str) -> float | str:
    """A figure, NOT_PRINTED ("-") or OVERFLOW ("############"); PageProblem for anything else."""
    stripped = text.strip(PADDING)
    if stripped in _DASHES:
        return NOT_PRINTED
    if stripped[:1] == "#" and _OVERFLOW.match(stripped):
        return OVERFLOW
    pattern = INTEGER if column.measure == "value" else PERCENT
    if not pattern.match(stripped):
        kind = "an integer figure" if column.measure == "value" else "a percentage with one decimal"
        raise PageProblem(
            f"row {label!r}, {column.flow} {column.measure} ({column.period_kind}): {stripped!r} is not {kind}"
        )
    return float(stripped.replace(",", ""))


# The cells read_cell takes, one pattern per measure: a dash, "############" or the figure, in the
# padding read_cell strips. A row's cells joined by _SEPARATOR (no padding, in no figure) are checked
# by one match of their columns' patterns joined the same way; str.split, which takes separator and
# padding as whitespace, then gives the figures.
_PAD = f"[{re.escape(PADDING)}]*"
_DASH = f"[{re.escape(DASHES)}]"
_CELLS = {
    "value": rf"{_PAD}(?:{_DASH}|#+|{INTEGER_FIGURE}){_PAD}",
    "yoy_pct": rf"{_PAD}(?:{_DASH}|#+|{PERCENT_FIGURE}){_PAD}",
}
_SEPARATOR = "\x1f"  # ASCII's unit separator
# A cell that matched is a dash, "############" or a figure, told apart by its last character.
_MARKS = {**dict.fromkeys(DASHES, NOT_PRINTED), "#": OVERFLOW}


def row_pattern(columns: Sequence[ValueColumn]) -> re.Pattern[str]:
    """The pattern read_row checks a row of these columns' cells with."""
    return re.compile(_SEPARATOR.join(_CELLS[column.measure] for column in columns), re.ASCII)


def read_row(
    cells: Sequence[Cell], columns: Sequence[ValueColumn], pattern: re.Pattern[str], label: str
) -> list[float | str]:
    """A row's cells as read_cell reads each: a figure, NOT_PRINTED or OVERFLOW. One match of
    ``pattern`` (row_pattern of ``columns``) checks them all; a row it refuses is read cell by
    cell, to name the first bad cell."""
    joined = _SEPARATOR.join(map(TEXT_OF, cells))
    if pattern.fullmatch(joined) is None:
        for cell, column in zip(cells, columns, strict=True):
            read_cell(cell.text, column, label)
        raise AssertionError(f"row {label!r}: read_cell takes every cell of a row its pattern refuses")
    return [_MARKS.get(text[-1]) or float(text) for text in joined.replace(",", "").split()]


C = TypeVar("C", bound=Hashable)


def derive_overflowed(cells: dict[C, float | str], triples: Iterable[tuple[C, C, C]]) -> frozenset[C]:
    """Fill in ``cells`` the one value of total = exports + imports printed as OVERFLOW where the
    other two of its (total, export, import) columns are figures; the columns so derived."""
    derived: list[C] = []
    for total, export, import_ in triples:
        whole, out, in_ = cells[total], cells[export], cells[import_]
        if whole == OVERFLOW and isinstance(out, float) and isinstance(in_, float):
            cells[total] = out + in_
            derived.append(total)
        elif out == OVERFLOW and isinstance(whole, float) and isinstance(in_, float):
            cells[export] = whole - in_
            derived.append(export)
        elif in_ == OVERFLOW and isinstance(whole, float) and isinstance(out, float):
            cells[import_] = whole - out
            derived.append(import_)
    return frozenset(derived)
