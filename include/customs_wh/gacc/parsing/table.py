"""A release table as rows of cells, split into its parts: title row, unit row, header rows
(as a grid, spans expanded), data rows and the footnote rows under them.

Reading the cells is the hot path of a backfill: one walk of the rows and one C-level
serialisation of the table give every cell's text, whatever markup surrounds the rows.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

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
_GET_ROWSPAN = operator.methodcaller("get", "rowspan")
_TAG = operator.attrgetter("tag")
_TABLE_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
_ROW_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_PLAIN_TABLE_TAGS = CELL_MARKUP_TAGS | _TABLE_STRUCTURE
# Anything MAX_CELL_MARKUP_DEPTH + 1 levels below a cell of a plainly built table (whose rows
# are children of the table or of its sections, and whose rows hold only cells). Child steps only.
_CELLS_TOO_DEEP = lxml.etree.XPath(
    " | ".join(f"{rows}/*" + "/*" * (MAX_CELL_MARKUP_DEPTH + 1) for rows in ("tr", "*/tr"))
)


def element_text(element: lxml.etree._Element) -> str:
    """All the text inside ``element``, as ``"".join(element.itertext())`` gives it (a parsed
    page's text is str; lxml's stubs allow bytes, which only a byte-encoded XML tree gives)."""
    return "".join(cast(Iterator[str], element.itertext()))


def check_cell_markup(element: lxml.etree._Element, depth: int = 0) -> None:
    """Only formatting tags, shallowly nested, may wrap a cell's text (no links, scripts, tables)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # comments and processing instructions carry no text we read
            continue
        if tag not in CELL_MARKUP_TAGS:
            raise PageProblem(f"cell {normalise_text(element_text(element))[:40]!r} contains a <{tag}> element")
        if depth >= MAX_CELL_MARKUP_DEPTH:
            raise PageProblem("a cell nests its markup deeper than any release page does")
        check_cell_markup(child, depth + 1)


def _cells(tds: Sequence[lxml.etree._Element], texts: Sequence[str]) -> list[Cell]:
    cells = []
    make_cell = tuple.__new__
    for td, text in zip(tds, texts, strict=True):
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
    spanned_rows: frozenset[int]  # rows with a cell spanning several rows (rowspan > 1)
    table: lxml.etree._Element  # the table element, as read_table marked it
    structure_is_plain: bool  # rows in the table or its sections only, only cells in the rows

    @functools.cached_property
    def markup_is_plain(self) -> bool:
        """Provably no cell holds more than shallow formatting markup: the structure is plain and
        every element is a table part or formatting, none nested deeper than MAX_CELL_MARKUP_DEPTH.

        Worked out when a reader asks (the preliminary tables' do, to skip ``check_cell_markup``
        on every cell): each element below a cell becomes a Python object to be looked at, about
        0.3 of lxml's time on the Bulletin's table (2), whose readers never ask.
        """
        return (
            self.structure_is_plain
            and _PLAIN_TABLE_TAGS.issuperset(map(_TAG, self.table.iter(lxml.etree.Element)))
            and not _CELLS_TOO_DEEP(self.table)
        )


def read_table(table: lxml.etree._Element, *, rowspans: bool = True) -> RawTable:
    """Every row of the table (each tr, in document order) as its cells (its td and th children).

    One reading for every table: a walk of what lies outside the cells (the table, its row
    sections, its rows, and any other markup there) finds the rows and cells and drops the text
    between them (source whitespace, stray text no cell owns); one serialisation of the table,
    with a mark after each cell, then gives every cell's text (what ``"".join(td.itertext())``
    gives) in C. The tree is this parse's own, so it may be marked. A row inside a cell or
    inside another row is refused: it would be read twice, or out of order.

    ``rowspans=False`` says the page has no rowspan attribute at all (attribute names cannot be
    written with character references, so a page whose bytes never spell "rowspan" has none).
    """
    row_cells, structure_is_plain = _rows(table)
    texts = _cell_texts(table, row_cells)
    make_cell, cell_type, one = tuple.__new__, itertools.repeat(Cell), itertools.repeat(1)
    rows = []
    start = 0
    for tds in row_cells:
        row_texts = texts[start : start + len(tds)]
        start += len(tds)
        if any(map(_GET_COLSPAN, tds)):
            rows.append(_cells(tds, row_texts))
        else:  # a row with no colspan is all single cells: built in C
            rows.append(list(map(make_cell, cell_type, zip(row_texts, one, tds, strict=False))))
    spanned: set[int] = set()
    if rowspans:
        for index, tds in enumerate(row_cells):
            for value in filter(None, map(_GET_ROWSPAN, tds)):
                value = value.strip()
                if value in ("", "1"):
                    continue
                if not _COLSPAN.fullmatch(value) or not 1 <= int(value) <= MAX_HEADER_ROWS:
                    raise PageProblem(f"cell has a bad rowspan {value!r}")
                spanned.add(index)
    return RawTable(rows, frozenset(spanned), table, structure_is_plain)


# Where an element outside the cells stands: in the table itself, in one of its row sections,
# or in other markup.
_IN_TABLE, _IN_SECTION, _ELSEWHERE = "table", "section", "elsewhere"
_ROWS_HOLDING_ROWS = lxml.etree.XPath(".//tr[.//tr]")


def _rows(table: lxml.etree._Element) -> tuple[list[list[lxml.etree._Element]], bool]:
    """The cells of every row, rows in document order, and whether the structure is plain (the
    table holds only rows and row sections, the sections only rows, the rows only cells).

    Drops the text outside the cells and marks the end of each cell (its tail). A walk with a
    stack, not recursion: stray markup around the rows may nest deeper than Python's stack.
    """
    rows: list[list[lxml.etree._Element]] = []
    plain = True
    table.text = None
    stack = list(zip(reversed(table), itertools.repeat(_IN_TABLE)))
    while stack:
        element, where = stack.pop()
        element.tail = None
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: no text of its own
            continue
        element.text = None
        if tag == "tr":
            cells = list(element.iterchildren("td", "th"))
            rows.append(cells)
            for cell in cells:
                cell.tail = _CELL_END
            if len(cells) != len(element) or where is _ELSEWHERE:
                plain = False
                for child in element:  # markup among the cells: none of its text is a cell's
                    if child.tag != "td" and child.tag != "th":
                        for node in child.iter():
                            node.tail = node.text = None
        elif tag in _ROW_SECTIONS and where is _IN_TABLE:
            stack.extend(zip(reversed(element), itertools.repeat(_IN_SECTION)))
        else:  # markup around the rows: its rows count, its text does not
            plain = False
            stack.extend(zip(reversed(element), itertools.repeat(_ELSEWHERE)))
    if sum(1 for _ in table.iter("tr")) != len(rows):
        first = cast(list[lxml.etree._Element], _ROWS_HOLDING_ROWS(table))[0]
        holder = normalise_text(element_text(first).replace(_CELL_END, " "))[:40]
        raise PageProblem(f"the row {holder!r} holds table rows of its own (inside a cell or its markup)")
    return rows, plain


# A private-use character marking the end of each cell in the table's serialised text; another
# is chosen when the table's own text holds this one.
_CELL_END = "\ue000"
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))


def _cell_texts(table: lxml.etree._Element, rows: Sequence[Sequence[lxml.etree._Element]]) -> list[str]:
    """Every cell's text, in document order, from one serialisation of the table :func:`_rows` marked."""
    count = sum(map(len, rows))
    mark = _CELL_END
    serialised = lxml.etree.tostring(table, method="text", encoding="unicode", with_tail=False)
    if serialised.count(mark) != count:  # a cell's own text holds the mark: mark again with a free one
        used = set(serialised)
        mark = next((chr(code) for span in _PRIVATE_USE for code in span if chr(code) not in used), "")
        if not mark:
            raise PageProblem("the table's text uses every private-use character")
        for cells in rows:
            for cell in cells:
                cell.tail = mark
        serialised = lxml.etree.tostring(table, method="text", encoding="unicode", with_tail=False)
    texts = serialised.split(mark)
    texts.pop()  # after the last cell's mark: nothing
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
    spans: tuple[int, ...]
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
