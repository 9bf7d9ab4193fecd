"""A corpus of bad release pages, made by damaging a real GACC page the ways real downloads and
real releases go wrong. Each entry is (name, bytes); every one of them must be rejected."""

from __future__ import annotations

import gzip
import random

REAL_MONTH = "Mar 2026"


def _replace_nth(text: str, old: str, new: str, n: int) -> str:
    """Replace the n-th (0-based) occurrence of ``old``."""
    start = -1
    for _ in range(n + 1):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


def _cell(text: str, value: str, replacement: str) -> str:
    """Replace one printed value cell (the first with exactly this text)."""
    return text.replace(f"<b>{value}&nbsp;</b>", f"<b>{replacement}&nbsp;</b>", 1)


def hostile_pages(real: bytes) -> list[tuple[str, bytes]]:
    """Bad pages derived from the real March 2026 section (4) page."""
    text = real.decode("utf-8")
    rows = text.split("</tr>")
    rng = random.Random(20260408)
    us_export_month = "2,045.0"
    pages: dict[str, bytes | str] = {
        "empty": b"",
        "whitespace only": b" \n\t ",
        "truncated in the middle": real[: len(real) // 2],
        "truncated inside the table": "</tr>".join(rows[:12]),
        "binary noise": bytes(rng.randrange(256) for _ in range(40_000)),
        "gzip body not decompressed": gzip.compress(real),
        "utf-16 without a byte order mark": text.encode("utf-16-le"),
        "50 MB of padding": real.replace(b"</body>", b"<!--" + b"x" * (50 * 1024 * 1024) + b"--></body>"),
        "deeply nested tags in a cell": _cell(
            text, us_export_month, "<span>" * 50_000 + "2,045.0" + "</span>" * 50_000
        ),
        "script in a value cell": _cell(text, us_export_month, "2,045.0<script>alert(1)</script>"),
        "link to another host in a value cell": _cell(
            text, us_export_month, '<a href="http://example.org/x">2,045.0</a>'
        ),
        "formula-like cell": _cell(text, us_export_month, "=SUM(B5:B9)"),
        "stray letter in a number": _cell(text, us_export_month, "2,045.0x"),
        "decimal comma": _cell(text, us_export_month, "2045,0"),
        "percent sign in a value": _cell(text, us_export_month, "2,045.0%"),
        "two decimal points": _cell(text, us_export_month, "2,045.0.1"),
        "dash for a missing value": _cell(text, us_export_month, "--"),
        "empty value cell": _cell(text, us_export_month, ""),
        "not a number": _cell(text, us_export_month, "NaN"),
        "infinity": _cell(text, us_export_month, "inf"),
        "negative trade value": _cell(text, us_export_month, "-2,045.0"),
        "zero-width space inside a number": _cell(text, us_export_month, "2,0\u200b45.0"),
        "duplicate partner row": text.replace(rows[20] + "</tr>", rows[20] + "</tr>" + rows[20] + "</tr>", 1),
        "row with an extra cell": text.replace(
            "<span><b>15.0</b></span>\r\n\t\t\t</td>",
            "<span><b>15.0</b></span>\r\n\t\t\t</td><td><span>1.0</span></td>",
            1,
        ),
        "row with a missing cell": _drop_last_cell(text, rows, 10),
        "title month disagrees with header": text.replace(REAL_MONTH, "Apr 2026"),
        "header month disagrees with title": text.replace("<b>1- to-3</b>", "<b>1- to-4</b>"),
        "title currency disagrees with unit": text.replace("(in CNY)", "(in USD)"),
        "unit row missing": text.replace("Unit: CNY 100 Million", ""),
        "unknown unit": text.replace("Unit: CNY 100 Million", "Unit: CNY 100 Bushels"),
        "title names another table than the table's layout": text.replace(
            "Total Export &amp; Import Values by Country/Region", "Major Exports by Quantity and Value"
        ),
        "title and page title name different tables": text.replace(
            "atcl-ttl\">(4) China's Total Export & Import Values by Country/Region, Mar",
            "atcl-ttl\">(1) China's Total Export & Import Values, Mar",
        ),
        "a cell missing and a blank one padded at the end": _shift_row(text, rows, 10),
        "published a year after the month": text.replace("2026/04/08", "2027/04/08"),
        "ambiguous day and month": text.replace("2026/04/08", "05/04/2026"),
        "figures a hundred times the unit": text.replace("Unit: CNY 100 Million", "Unit: CNY 1 Million"),
        "unknown month in the title": text.replace(REAL_MONTH, "Smarch 2026"),
        "unknown partner": text.replace("New Zealand", "Atlantis", 1),
        "month and year-to-date columns swapped": _swap_month_and_ytd_headers(text),
        "no data rows": "</tr>".join(rows[:4]) + "</tr></tbody></table></div></body></html>",
        "not a GACC page": b"<html><head><title>Welcome</title></head><body><p>Hello</p></body></html>",
        "two data tables disagree": text.replace(
            "</table>",
            "</table><table><tr><td>(4) China's Total Export &amp; Import Values by Country/Region, Apr 2026 (in "
            "USD)</td></tr></table>",
            1,
        ),
    }
    corpus = [(name, body.encode("utf-8") if isinstance(body, str) else body) for name, body in pages.items()]
    # A damage that silently matched nothing would make its test pass for the wrong reason.
    unchanged = [name for name, body in corpus if body == real]
    if unchanged:
        raise AssertionError(f"hostile corpus: these entries did not change the page: {unchanged}")
    return corpus


def _drop_last_cell(text: str, rows: list[str], row_index: int) -> str:
    row = rows[row_index]
    cut = row.rindex("<td")
    return text.replace(row, row[:cut], 1)


def _shift_row(text: str, rows: list[str], row_index: int) -> str:
    """The row's first value cell dropped and a blank cell padded at its end: the width still
    matches, every figure sits one column to the left (as April 2025's USD commodity page)."""
    row = rows[row_index]
    cells = row.split("<td")
    shifted = "<td".join([cells[0], cells[1], *cells[3:]]) + '<td class="style6"></td>\n\t\t'
    return text.replace(row, shifted, 1)


def _swap_month_and_ytd_headers(text: str) -> str:
    # The second header row lists "3" then "1- to-3" per flow; swapping them relabels every value.
    swapped = (
        text.replace("<b>3</b>", "<b>@@</b>")
        .replace("<b>1- to-3</b>", "<b>3</b>")
        .replace("<b>@@</b>", "<b>1- to-3</b>")
    )
    return swapped
