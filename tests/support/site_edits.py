"""Editing a built sample-site page the way a wrong release would be wrong.

Rows are found by their printed label (indentation, "of which:", entities and tags aside);
figures by position among the row's printed figures with one decimal, in page order ("-"
cells are not figures):

* table by country (4): 0 total month, 1 total ytd, 2 export month, 3 export ytd, 4 import
  month, 5 import ytd, 6-8 ytd year-on-year % (total, export, import); a combined
  January-February page has no month figures;
* totals table (1), rows TOTAL_TRADE, TOTAL_EXPORT, TOTAL_IMPORT, BALANCE: 0 month, 1 ytd,
  2 month-on-month %, 3 month year-on-year %, 4 ytd year-on-year % (the balance row has only
  0 and 1);
* commodity tables (5), (6): quantity and value of the month, the year to date and the same a
  year earlier, then the two year-on-year %; a value-only row has only the values and the
  value %.

Every edit keeps each row's own arithmetic where the caller asks it to (raise_flow keeps
total = export + import and month <= year to date), so the damage is one only the quality
gates can see.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

from customs_wh.sample_site import Release
from customs_wh.sample_site.bulletin_releases import BulletinPage

TOTAL_MONTH, TOTAL_YTD, EXPORT_MONTH, EXPORT_YTD, IMPORT_MONTH, IMPORT_YTD = range(6)
YOY_TOTAL, YOY_EXPORT, YOY_IMPORT = 6, 7, 8
TOTAL_TRADE, TOTAL_EXPORT, TOTAL_IMPORT, BALANCE = (
    "Total Export & Import",
    "Total Export",
    "Total Import",
    "Export-Import Balance",
)
MONTH, YTD, MONTH_ON_MONTH, MONTH_YOY, YTD_YOY = range(5)

_ROW_START = re.compile(r"(?=<tr>)")
_FIRST_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_VALUE = re.compile(r"<span>(?:<b>)?(-?[0-9,]+\.[0-9])(&nbsp;)?(?:</b>)?</span>")
_TAG = re.compile(r"<[^>]+>")


def page_path(site: Path, release: Release | BulletinPage) -> Path:
    return site / release.page_path.lstrip("/")


def _label(text: str) -> str:
    visible = html_lib.unescape(_TAG.sub(" ", text)).replace("\xa0", " ")
    return " ".join(visible.replace("of which:", "").split())


def _find_row(rows: list[str], label: str) -> int:
    wanted = _label(label)
    for index, row in enumerate(rows):
        match = _FIRST_CELL.search(row)
        if match and _label(match.group(1)) == wanted:
            return index
    raise LookupError(f"no row {label!r} on the page")


def row_values(html: str, label: str) -> list[float]:
    rows = _ROW_START.split(html)
    return [float(m.group(1).replace(",", "")) for m in _VALUE.finditer(rows[_find_row(rows, label)])]


def _format(value: float) -> str:
    return f"{value:,.1f}"


def edit_row(html: str, label: str, changes: dict[int, Callable[[float], float]]) -> str:
    """Apply ``changes`` (figure position -> new value from old) to the row printed as ``label``."""
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
    """Add ``delta`` to a partner's month and year-to-date values of ``flow`` and to its totals (table (4)).

    A combined January-February page prints six figures a row (three cumulative values, three %).
    """
    add = lambda value: value + delta  # noqa: E731
    if len(row_values(html, label)) == 6:
        return edit_row(html, label, {0: add, 1 if flow == "export" else 2: add})
    month, ytd = (EXPORT_MONTH, EXPORT_YTD) if flow == "export" else (IMPORT_MONTH, IMPORT_YTD)
    return edit_row(html, label, {TOTAL_MONTH: add, TOTAL_YTD: add, month: add, ytd: add})


def remove_row(html: str, label: str) -> str:
    rows = _ROW_START.split(html)
    index = _find_row(rows, label)
    end = rows[index].index("</tr>") + len("</tr>")
    rows[index] = rows[index][end:]
    return "".join(rows)


def replace_unit(html: str, printed: str) -> str:
    """Print ``printed`` ("Unit: USD 100 Million") in the unit row instead of what it says."""
    edited, count = re.subn(r"(?:Value )?Unit: ?[A-Z]{3} ?1[0-9,]* ?Million", printed, html, count=1)
    assert count == 1 and edited != html, "no unit row to replace"
    return edited


def rewrite(site: Path, release: Release | BulletinPage, edit: Callable[[str], str]) -> None:
    path = page_path(site, release)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
