"""The data rows of a table: each as wide as the header, only formatting markup in its cells,
every figure a printed number (or, where the column allows it, a dash: "not printed").

The figures of an ordinary page are read in one regular-expression match for all of them;
only when that fails is each cell read on its own, to allow the dashes or to name the first
cell that is not a number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from customs_wh.gacc.parsing.headers import Column, Header
from customs_wh.gacc.parsing.table import COLSPAN_OF, TEXT_OF, TableParts, check_cell_markup
from customs_wh.gacc.parsing.text import PADDING, PageProblem, normalise_text, parse_figure, read_figures, read_numbers


class Row(NamedTuple):
    label: str  # the label cell's text as printed (indentation included)
    texts: tuple[str, ...]  # every cell's text, the label's first
    figures: tuple[float | None, ...]  # one per figure column of the header, in order; None = a dash


def check_body(parts: TableParts, *, markup_is_plain: bool) -> None:
    """Every data row as wide as the header, a label in its first cell, only formatting markup."""
    width = parts.width
    for row in parts.body:
        if len(row) != width or sum(map(COLSPAN_OF, row)) != width:  # (every colspan is at least 1)
            span = sum(cell.colspan for cell in row)
            cells = f"{len(row)} cells" if span == len(row) else f"{len(row)} cells spanning {span} columns"
            name = normalise_text(row[0].text) if row else ""
            raise PageProblem(f"row {name!r} has {cells} but the header has {width}")
        if not row[0].text.strip(PADDING):
            raise PageProblem("a data row has an empty label")
        if not markup_is_plain:
            for cell in row:
                check_cell_markup(cell.element)


def read_rows(
    parts: TableParts,
    header: Header,
    *,
    markup_is_plain: bool,
    dash_allowed: Callable[[Column], bool],
    dashes_expected: bool = False,
) -> list[Row]:
    """The data rows with their figures read; a cell that is not a number names its row and column.
    ``dashes_expected``: the table prints dashes on most pages (commodity tables), so the reading
    that allows them is tried first."""
    check_body(parts, markup_is_plain=markup_is_plain)
    figures = header.figures
    positions = [index for index, _ in figures]
    texts = [tuple(map(TEXT_OF, row)) for row in parts.body]
    flat = [row[i] for row in texts for i in positions]
    n = len(positions)
    allowed = [dash_allowed(column) for _, column in figures]
    numbers: Sequence[float | None] | None = None if dashes_expected else read_numbers(flat)
    if numbers is None:  # a dash, or a cell that is no figure: dashes only where the column allows them
        numbers = read_figures(flat)
        if numbers is not None and any(None in numbers[k::n] for k in range(n) if not allowed[k]):
            numbers = None
    if numbers is not None:
        return [Row(row[0], row, tuple(numbers[k * n : (k + 1) * n])) for k, row in enumerate(texts)]
    rows = []
    for row in texts:
        values: list[float | None] = []
        for (index, column), dash in zip(figures, allowed, strict=True):
            try:
                values.append(parse_figure(row[index], dash=dash))
            except ValueError as exc:
                where = f"row {normalise_text(row[0])!r}, column {column.describe()!r}"
                if index == len(row) - 1 and not row[index].strip(PADDING):
                    raise PageProblem(f"{where}: the row ends in a blank cell: its cells are shifted") from None
                raise PageProblem(f"{where}: {exc}") from None
        rows.append(Row(row[0], row, tuple(values)))
    return rows


def missing_columns(header: Header, expected: Sequence[Column]) -> None:
    """Reject a header that lacks any of the ``expected`` columns."""
    present = {column for _, column in header.figures}
    missing = [column for column in expected if column not in present]
    if missing:
        raise PageProblem(f"missing column(s): {', '.join(sorted(column.describe() for column in missing))}")
