"""Editing a built sample-site page the way a wrong release would be wrong.

Rows are found by their printed label; value cells by position, in page order:
section (4): 0 total month, 1 total ytd, 2 export month, 3 export ytd, 4 import month,
5 import ytd, 6-8 ytd year-on-year % (total, export, import); section (1): 0 month,
1 ytd, 2 month %, 3 ytd %. Every edit keeps each row's own arithmetic (total = export +
import, month <= year to date) so the parser accepts the page and the damage is one only
the quality gates can see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from customs_wh.sample_site import Release

TOTAL_MONTH, TOTAL_YTD, EXPORT_MONTH, EXPORT_YTD, IMPORT_MONTH, IMPORT_YTD = range(6)
YOY_TOTAL, YOY_EXPORT, YOY_IMPORT = 6, 7, 8

_ROW_START = re.compile(r"(?=<tr>)")
_LABEL = re.compile(r"<td[^>]*>\s*<span>([^<]*)</span>")
_VALUE = re.compile(r"<b>(-?[0-9,]+\.[0-9])(&nbsp;)?</b>")


def page_path(site: Path, release: Release) -> Path:
    return site / release.page_path.lstrip("/")


def _label(text: str) -> str:
    return " ".join(text.replace("&nbsp;", " ").replace("of which:", "").split())


def _find_row(rows: list[str], label: str) -> int:
    for index, row in enumerate(rows):
        match = _LABEL.search(row)
        if match and _label(match.group(1)) == label:
            return index
    raise LookupError(f"no row {label!r} on the page")


def row_values(html: str, label: str) -> list[float]:
    rows = _ROW_START.split(html)
    return [float(m.group(1).replace(",", "")) for m in _VALUE.finditer(rows[_find_row(rows, label)])]


def _format(value: float) -> str:
    return f"{value:,.1f}"


def edit_row(html: str, label: str, changes: dict[int, Callable[[float], float]]) -> str:
    """Apply ``changes`` (cell position -> new value from old) to the row printed as ``label``."""
    rows = _ROW_START.split(html)
    index = _find_row(rows, label)
    row = rows[index]
    cells = list(_VALUE.finditer(row))
    for position in sorted(changes, reverse=True):  # from the right, so offsets stay valid
        match = cells[position]
        new = _format(changes[position](float(match.group(1).replace(",", ""))))
        row = row[: match.start(1)] + new + row[match.end(1) :]
    rows[index] = row
    edited = "".join(rows)
    assert edited != html, f"edit of {label!r} changed nothing"
    return edited


def raise_flow(html: str, label: str, flow: str, delta: float) -> str:
    """Add ``delta`` to a partner's month and year-to-date values of ``flow`` and to its totals."""
    month, ytd = (EXPORT_MONTH, EXPORT_YTD) if flow == "export" else (IMPORT_MONTH, IMPORT_YTD)
    add = lambda value: value + delta  # noqa: E731
    return edit_row(html, label, {TOTAL_MONTH: add, TOTAL_YTD: add, month: add, ytd: add})


def remove_row(html: str, label: str) -> str:
    rows = _ROW_START.split(html)
    index = _find_row(rows, label)
    end = rows[index].index("</tr>") + len("</tr>")
    rows[index] = rows[index][end:]
    return "".join(rows)


def rewrite(site: Path, release: Release, edit: Callable[[str], str]) -> None:
    path = page_path(site, release)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
