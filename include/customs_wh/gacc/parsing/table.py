"""A release table as rows of cells, split into its parts: title row, unit row, header rows
(as a grid, spans expanded), data rows and the footnote rows under them.

Reading the cells is the hot path of a backfill: an ordinary table (rows in the table or its
sections, cells in the rows, formatting markup in the cells) is read in a few C-level passes
(one serialisation for every cell's text); anything else cell by cell, with the same result.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import lxml.etree

from customs_wh.gacc.parsing.text import NUMBER, PADDING, PageProblem, normalise_text

# Formatting markup a cell may carry around its text (the real pages use <span><b>…</b></span>).
CELL_MARKUP_TAGS = frozenset({"span", "b", "strong", "font", "i", "em", "u", "br", "p", "sup", "sub", "small"})
MAX_CELL_MARKUP_DEPTH = 6
# The headings GACC prints above the label column of its tables (and none: the totals table's
# second header row).
LABEL_HEADINGS = frozenset(
    {
        "",
        "item",
        "items",
        "import source",
        "export destination",
        "country/region",
        "country (region)",
        "countries/regions",
        "commodity",
        "commodities",
    }
)
MAX_HEADER_ROWS = 4
_COLSPAN = re.compile(r"[0-9]+")
_DECIMAL = re.compile(rf"^{NUMBER.pattern}$", re.ASCII)


class Cell(tuple):
    """One td/th: (text, colspan, element). A bare tuple subclass: pages have ~300 cells and a
    NamedTuple's Python-level __new__ costs more than reading the cell."""

    __slots__ = ()
    text: str = property(operator.itemgetter(0))  # type: ignore[assignment]
    colspan: int = property(operator.itemgetter(1))  # type: ignore[assignment]
    element: lxml.etree._Element = property(operator.itemgetter(2))  # type: ignore[assignment]

    def __new__(cls, text: str, colspan: int, element: lxml.etree._Element) -> Cell:
        return tuple.__new__(cls, (text, colspan, element))


TEXT_OF = operator.itemgetter(0)
COLSPAN_OF = operator.itemgetter(1)
_GET_COLSPAN = operator.methodcaller("get", "colspan")
_TAG = operator.attrgetter("tag")
_TABLE_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
_ROW_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_PLAIN_TABLE_TAGS = CELL_MARKUP_TAGS | _TABLE_STRUCTURE
# Anything MAX_CELL_MARKUP_DEPTH + 1 levels below a cell of a regular table (whose rows are
# children of the table or of its sections, and whose rows hold only cells). Child steps only.
_CELLS_TOO_DEEP = lxml.etree.XPath(
    " | ".join(f"{rows}/*" + "/*" * (MAX_CELL_MARKUP_DEPTH + 1) for rows in ("tr", "*/tr"))
)
_ROWSPANS = lxml.etree.XPath(".//*[@rowspan]")


def check_cell_markup(element: lxml.etree._Element, depth: int = 0) -> None:
    """Only formatting tags, shallowly nested, may wrap a cell's text (no links, scripts, tables)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # comments and processing instructions carry no text we read
            continue
        if tag not in CELL_MARKUP_TAGS:
            raise PageProblem(f"cell {normalise_text(''.join(element.itertext()))[:40]!r} contains a <{tag}> element")
        if depth >= MAX_CELL_MARKUP_DEPTH:
            raise PageProblem("a cell nests its markup deeper than any release page does")
        check_cell_markup(child, depth + 1)


def _cells(tds: Sequence[lxml.etree._Element], texts: Sequence[str] | None) -> list[Cell]:
    if texts is None:
        # The cell's text as "".join(td.itertext()) gives it (no comments), in one C call.
        texts = [lxml.etree.tostring(td, method="text", encoding="unicode", with_tail=False) for td in tds]
    cells = []
    make_cell = tuple.__new__
    for td, text in zip(tds, texts, strict=False):
        colspan_text = td.get("colspan")
        if colspan_text is None:
            colspan = 1
        else:
            colspan_text = colspan_text.strip() or "1"
            if not _COLSPAN.fullmatch(colspan_text) or not 1 <= int(colspan_text) <= 100:
                raise PageProblem(f"cell has a bad colspan {colspan_text!r}")
            colspan = int(colspan_text)
        cells.append(make_cell(Cell, (text, colspan, td)))
    return cells


@dataclass(frozen=True)
class RawTable:
    rows: list[list[Cell]]
    markup_is_plain: bool  # provably no cell holds more than shallow formatting markup
    spanned_rows: frozenset[int]  # rows with a cell spanning several rows (rowspan > 1)


def read_table(table: lxml.etree._Element, *, rowspans: bool = True) -> RawTable:
    """Every tr of the table, in document order, as its td/th cells.

    For an ordinary table both the cells and the markup check come from a few C-level passes:
    the markup from the element tags and one path query for depth, the cells' texts from one
    serialisation of the table with a marker after each cell and row. Anything else is read cell
    by cell, and when the markup is not provably plain the caller walks each data cell
    (``check_cell_markup``), which decides and names the problem. ``rowspans=False`` says the page
    has no rowspan attribute at all (attribute names cannot be written with character references,
    so a page whose bytes never spell "rowspan" has none).
    """
    trs = list(table.iter("tr"))
    cells = [list(tr.iterchildren("td", "th")) for tr in trs]
    regular = _regular_table(table, trs, cells)
    texts = _cell_texts_at_once(table, trs, cells) if regular else None
    if texts is None:
        rows = [_cells(tds, None) for tds in cells]
    else:
        # A row with no colspan is all single cells: built in C.
        make_cell, cell_type, one = tuple.__new__, itertools.repeat(Cell), itertools.repeat(1)
        rows = [
            _cells(tds, row_texts)
            if any(map(_GET_COLSPAN, tds))
            else list(map(make_cell, cell_type, zip(row_texts, one, tds, strict=False)))
            for tds, row_texts in zip(cells, texts, strict=False)
        ]
    markup_is_plain = (
        regular
        and _PLAIN_TABLE_TAGS.issuperset(map(_TAG, table.iter(lxml.etree.Element)))
        and not _CELLS_TOO_DEEP(table)
    )
    spanned: set[int] = set()
    if rowspans:
        position = {tr: index for index, tr in enumerate(trs)}
        for element in _ROWSPANS(table):
            value = (element.get("rowspan") or "").strip()
            if value in ("", "1") or element.tag not in ("td", "th"):
                continue
            if not _COLSPAN.fullmatch(value) or not 1 <= int(value) <= MAX_HEADER_ROWS:
                raise PageProblem(f"cell has a bad rowspan {value!r}")
            spanned.add(position.get(element.getparent(), -1))
    return RawTable(rows, markup_is_plain, frozenset(spanned))


def _regular_table(
    table: lxml.etree._Element, trs: Sequence[lxml.etree._Element], cells: Sequence[Sequence[lxml.etree._Element]]
) -> bool:
    """The table holds only rows and row sections, the sections only rows, the rows only td/th."""
    sections = []
    for child in table:
        if child.tag in _ROW_SECTIONS:
            sections.append(child)
        elif child.tag != "tr":
            return False
    for section in sections:
        for child in section:
            if child.tag != "tr":
                return False
    for tr, tds in zip(trs, cells, strict=False):
        parent = tr.getparent()
        if (parent is not table and parent.getparent() is not table) or len(tr) != len(tds):
            return False
    return True


# Private-use characters marking the end of a cell and of a row in the table's serialised text.
_CELL_END, _ROW_END = "\ue000", "\ue001"


def _cell_texts_at_once(
    table: lxml.etree._Element, trs: Sequence[lxml.etree._Element], cells: Sequence[Sequence[lxml.etree._Element]]
) -> list[list[str]] | None:
    """The texts of a regular table's cells from one serialisation, or None if a cell's own text
    holds a marker character. Replaces the text between cells and rows (source whitespace,
    which no cell owns) by the markers: the tree is this parse's own."""
    table.text = None
    for section in table:
        if section.tag != "tr":
            section.text = section.tail = None
    for tr, tds in zip(trs, cells, strict=False):
        tr.text, tr.tail = None, _ROW_END
        for td in tds:
            td.tail = _CELL_END
    rows = lxml.etree.tostring(table, method="text", encoding="unicode", with_tail=False).split(_ROW_END)
    if len(rows) != len(trs) + 1 or rows[-1]:
        return None
    texts = []
    for row, tds in zip(rows, cells, strict=False):
        parts = row.split(_CELL_END)
        if len(parts) != len(tds) + 1 or parts[-1]:
            return None
        parts.pop()
        texts.append(parts)
    return texts


# --- the table's parts ---------------------------------------------------------------------


@dataclass(frozen=True)
class TableParts:
    title: str | None  # the title row's text (None when the table starts with its unit row)
    heading_spans: tuple[int, ...]  # the colspan of the title and unit rows
    unit: str
    header: tuple[tuple[str, ...], ...]  # header rows, one text per column (spans repeated)
    body: list[list[Cell]]  # the data rows
    footnotes: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.header[0])


def single_cell_text(row: list[Cell], what: str) -> str:
    if len(row) != 1:
        raise PageProblem(f"the {what} row has {len(row)} cells, expected one spanning the table")
    return row[0].text


def split_table(raw: RawTable, is_unit_text: Callable[[str], bool]) -> TableParts:
    """Title row, unit row, header rows, data rows, footnote rows: the layout of every release table.

    The table may start with its unit row (the title then comes from the page alone). Header
    rows follow: the first always, then each whose label cell is spanned from above, blank or
    a heading ("Export Destination"), and that holds no figure. Rows of a single cell spanning
    the table after the data are footnotes; cells may span rows only in the header.
    """
    rows = raw.rows
    if len(rows) < 4:
        raise PageProblem(f"the table has {len(rows)} rows, too few for a title, unit, header and data rows")
    first = single_cell_text(rows[0], "title")
    if is_unit_text(first):
        title, unit, start, spans = None, first, 1, (rows[0][0].colspan,)
    else:
        title, unit, start = first, single_cell_text(rows[1], "unit"), 2
        spans = (rows[0][0].colspan, rows[1][0].colspan)
    header, end = header_grid(rows, start, spans_rows=bool(raw.spanned_rows))
    width = len(header[0])
    if any(index >= end for index in raw.spanned_rows):
        raise PageProblem("a data row has a cell spanning several rows (rowspan), which release tables never print")
    body = rows[end:]
    footnotes: list[str] = []
    while body and len(body[-1]) == 1 and body[-1][0].colspan >= width:
        footnotes.insert(0, body.pop()[0].text)
    for row in body:
        if len(row) == 1 and row[0].colspan >= width:
            raise PageProblem("a notes row appears before the end of the table")
    if not body:
        raise PageProblem("the table has no data rows")
    return TableParts(title, spans, unit, header, body, tuple(footnotes))


def header_grid(rows: list[list[Cell]], start: int, *, spans_rows: bool) -> tuple[tuple[tuple[str, ...], ...], int]:
    """The header rows from ``start`` as a grid of texts (colspan and rowspan repeated), and the
    index of the first data row. ``spans_rows=False``: no cell of the table spans rows."""
    if not spans_rows:
        return _header_grid_without_rowspans(rows, start)
    grid: list[tuple[str, ...]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, further rows it covers)
    index = start
    while index < len(rows) and len(grid) < MAX_HEADER_ROWS:
        row = rows[index]
        if grid and not _continues_header(row, pending):
            break
        placed = {column: text for column, (text, _) in pending.items()}
        covering = {column: (text, left - 1) for column, (text, left) in pending.items() if left > 1}
        column = 0
        for cell in row:
            while column in placed:
                column += 1
            rowspan = _rowspan(cell)
            for offset in range(cell.colspan):
                placed[column + offset] = cell.text
                if rowspan > 1:
                    covering[column + offset] = (cell.text, rowspan - 1)
            column += cell.colspan
        width = len(placed)
        if set(placed) != set(range(width)):
            raise PageProblem("a header row leaves a gap between its cells")
        if grid and width != len(grid[0]):
            raise PageProblem(f"header rows have {len(grid[0])} and {width} columns")
        grid.append(tuple(placed[column] for column in range(width)))
        pending = covering
        index += 1
    if pending:
        raise PageProblem("a header cell spans into the data rows")
    return tuple(grid), index


def _header_grid_without_rowspans(rows: list[list[Cell]], start: int) -> tuple[tuple[tuple[str, ...], ...], int]:
    grid: list[tuple[str, ...]] = []
    index = start
    while index < len(rows) and len(grid) < MAX_HEADER_ROWS:
        row = rows[index]
        if grid and not _continues_header(row, {}):
            break
        texts = tuple(cell.text for cell in row for _ in range(cell.colspan))
        if grid and len(texts) != len(grid[0]):
            raise PageProblem(f"header rows have {len(grid[0])} and {len(texts)} columns")
        grid.append(texts)
        index += 1
    return tuple(grid), index


def _rowspan(cell: Cell) -> int:
    value = cell.element.get("rowspan")
    if value is None:
        return 1
    value = value.strip()
    return int(value) if value and _COLSPAN.fullmatch(value) else 1


def _continues_header(row: list[Cell], pending: dict[int, tuple[str, int]]) -> bool:
    if any(_DECIMAL.match(cell.text.strip(PADDING)) and "." in cell.text for cell in row):
        return False
    if 0 in pending:
        return True
    return bool(row) and normalise_text(row[0].text).lower() in LABEL_HEADINGS
