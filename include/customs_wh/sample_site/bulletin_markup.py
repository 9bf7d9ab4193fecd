"""The Monthly Bulletin's table markup, as the real pages print it.

Two real dialects (docs/real-site-notes.md 10.2, 10.3):

* ``WRAPPED`` (real table (2) of June 2026): the table inside ``<div style="text-align:left;">``,
  rows one tab deeper, ``align`` before ``class``;
* ``BARE`` (real table (2) of January 2026, real table (14) of January 2026): ``<table>`` straight
  in ``div.atcl-cnt``; table (14) writes ``class`` before ``align`` and its table attributes in
  another order (``CLASS_FIRST``).

The lines inside the table end in LF and its last two in CRLF (the site's template), as on the real
June 2026 page. Numbers are plain strings built here, never templated per cell: a build writes a
few million cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

OVERFLOW = "############"  # what GACC's sheet prints for a figure too wide for its column


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: three dialects, cached cell parts
class Dialect:
    wrapped: bool  # the <div style="text-align:left;"> around the table
    class_first: bool  # class="…" before align="…" in every cell
    table_attributes: str  # with {width} and {height}
    tr: str = field(init=False)  # the indents of <tr>, <td> and a cell's content
    td: str = field(init=False)
    inner: str = field(init=False)

    def __post_init__(self) -> None:
        tr = "\t\t\t" if self.wrapped else "\t\t"
        object.__setattr__(self, "tr", tr)
        object.__setattr__(self, "td", tr + "\t")
        object.__setattr__(self, "inner", tr + "\t\t")


WRAPPED = Dialect(
    True,
    False,
    'style="border-collapse:collapse;" border="0" cellspacing="0" width="{width}" height="{height}" '
    'class="ke-zeroborder"',
)
BARE = Dialect(
    False,
    False,
    'style="border-collapse:collapse;" border="0" cellspacing="0" width="{width}" height="{height}" '
    'class="ke-zeroborder"',
)
CLASS_FIRST = Dialect(
    False,
    True,
    'style="border-collapse:collapse;" class="ke-zeroborder" height="{height}" border="0" cellspacing="0" '
    'width="{width}"',
)


def attributes(dialect: Dialect, css: str, align: str | None = None, extra: str = "") -> str:
    """The attributes of a <td> after any colspan/rowspan, in the dialect's order."""
    if align is None:
        return f' class="{css}"{extra}'
    if dialect.class_first:
        return f' class="{css}" align="{align}"{extra}'
    return f' align="{align}" class="{css}"{extra}'


@cache
def cell_parts(dialect: Dialect, css: str, align: str | None, span: str, extra: str) -> tuple[str, str]:
    """The markup before and after a cell's content (a build writes millions of cells, from a few dozen kinds)."""
    return (
        f"{dialect.td}<td{span}{attributes(dialect, css, align, extra)}>\n{dialect.inner}",
        f"\n{dialect.td}</td>\n",
    )


def cell(dialect: Dialect, content: str, css: str, align: str | None = None, *, span: str = "", extra: str = "") -> str:
    """One <td> with its content on a line of its own; ``span`` is colspan/rowspan text (' colspan="2"')."""
    head, tail = cell_parts(dialect, css, align, span, extra)
    return head + content + tail


def empty_cell(dialect: Dialect, css: str, *, line_break: bool = False) -> str:
    """An empty <td>: nothing inside (table (2)), or a lone <br /> (table (14))."""
    if line_break:
        return f'{dialect.td}<td class="{css}">\n{dialect.inner}<br />\n{dialect.td}</td>\n'
    return f'{dialect.td}<td class="{css}">\n{dialect.td}</td>\n'


def bold(text: str) -> str:
    return f"<span><b>{text}</b></span>"


def plain(text: str) -> str:
    return f"<span>{text}</span>"


def row(dialect: Dialect, cells: list[str]) -> str:
    return f"{dialect.tr}<tr>\n{''.join(cells)}{dialect.tr}</tr>\n"


def table(dialect: Dialect, rows: list[str], *, width: int, height: int, lead: str = "") -> str:
    """The content of div.atcl-cnt: the table (inside its div where the dialect has one)."""
    attrs = dialect.table_attributes.format(width=width, height=height)
    body = "".join(rows)
    if dialect.wrapped:
        return (
            f'{lead}<div style="text-align:left;">\n\t<table {attrs}>\n\t\t<tbody>\n{body}\t\t</tbody>\n'
            "\t</table>\n</div>"
        )
    return f"{lead}<table {attrs}>\n\t<tbody>\n{body}\t</tbody>\n</table>"


# --- numbers ----------------------------------------------------------------------------------------


def thousands(value: float, *, nbsp: bool = True, width: int | None = None) -> str:
    """A figure as GACC prints it: "-" when nothing was traded, commas, a trailing &nbsp; on table (2)'s
    figures, and ``OVERFLOW`` when the printed figure has more characters than the column holds."""
    if value == 0:
        return "-"
    text = f"{round(value):,}"
    if width is not None and len(text) > width:
        return OVERFLOW
    return text + "&nbsp;" if nbsp else text


def percent(change: float | None) -> str:
    """One decimal, no separators; "-" where the year before had nothing to compare with."""
    return "-" if change is None else f"{round(change, 1) + 0.0:.1f}"
