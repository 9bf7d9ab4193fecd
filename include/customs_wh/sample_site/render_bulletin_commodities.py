"""Tables (13) and (14), Major Export/Import Commodities in Quantity and Value, in the markup of their era.

Four real pages, four markups (docs/real-site-notes.md 10.3; finance-site
src/lib/data/scheduler/gaccCommodity/fixtures/, real pages saved from the live site):

* ``form_2026`` (gacc-export-2026-07-sample.html, （13） 1-7.2026): months of 2026; eight cells a row,
  borders in inline styles, figures without ``&nbsp;``, "Quantity<br />\\nUnit", a closing note row,
  ``*REF!`` (an Excel error) in the "New trio" row of July 2026.
* ``january_2026`` (gacc-import-2026-01-sample.html, （14） 1.2026): January 2026; six cells (no
  cumulative pair), class before align, the stray ``-EndFragment--&gt;`` before the table, the unit
  row of empty ``<br />`` cells, "Value&nbsp;" headings.
* ``form_2022`` (gacc-export-2022-01-sample.html, （13） 1-1.2022): eight cells even in January
  ("1" and "1to1", the same figures twice), a leading empty column ``<td class="style1"><br /></td>``,
  ``<br />`` before the table, the last row's label in a heavier border. INFERRED: every month
  2018-2025 is printed this way (the one real page of those years), the leading column only in
  January and February 2022 (a peer's notes name both).
* ``form_2025_excel`` (gacc-export-2025-06-sample.html, （13） 1-6.2025): the exports table of 2025,
  pasted from Excel: ``xl`` classes, widths and heights on cells, no ``<span>``, indents of
  ``&nbsp;&nbsp;&nbsp; `` (three and a space a level, seven and a space two levels), long labels
  broken across lines, figures in ``Unit:RMB￥10,000``, no note row. INFERRED: all twelve months of
  2025 (a peer's notes: RMB all year).
"""

from __future__ import annotations

import re
import zlib
from functools import cache

from customs_wh.sample_site.bulletin_catalogue import CATALOGUE
from customs_wh.sample_site.bulletin_commodities import level
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_lines import Line
from customs_wh.sample_site.bulletin_markup import (
    BARE,
    CLASS_FIRST,
    Dialect,
    bold,
    cell,
    empty_cell,
    percent,
    plain,
    row,
    table,
    thousands,
)
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin_trade import period_headers

BORDER = ' style="border:0.75pt solid windowtext;"'
UNIT_BORDER = ' style="border:1.0pt solid windowtext;"'
NOTE = "Note：Please refer to www.customs.gov.cn for the specific coverage of each category of this table."
EXCEL_ERROR = "*REF!"
EXCEL_ERROR_ROWS = {("13", "2026-07"): "new_three"}
LEADING_NBSP = re.compile(r"^(?:&nbsp;)+")
XL_LINE = 22  # about the characters a line of the Excel label column holds
LEADING_EMPTY_COLUMN = frozenset({"2022-01", "2022-02"})
PLAIN_UNITS = frozenset({"-", "10000T", "10000N", "100MN", "N"})  # the unit cell's class follows the unit


def quantity_text(value: float) -> str:
    return thousands(value, nbsp=False)


def value_text(value: float) -> str:
    return thousands(value, nbsp=False)


def row_class(line: Line, choices: tuple[str, str]) -> str:
    """GACC's label classes alternate with no rule a reader can use; stable per label here."""
    return choices[zlib.crc32(line.label.encode()) % 2]


def note_row(dialect: Dialect, columns: int, note_css: str, empty_css: str) -> str:
    cells = [cell(dialect, bold(NOTE), note_css)]
    cells += [empty_cell(dialect, empty_css) for _ in range(columns - 1)]
    return row(dialect, cells)


# --- 2026: the real July and January 2026 pages ----------------------------------------------------------


def form_2026(page: BulletinPage) -> str:
    figures = bulletin_figures(page.table, page.reference_month)
    d = BARE
    rows = [row(d, [cell(d, bold(page.title), "style1", "center", span=' colspan="8"')])]
    rows.append(row(d, [cell(d, bold(figures.unit), "style2", "right", span=' colspan="8"', extra=UNIT_BORDER)]))
    month_text, ytd_text = period_headers(page)
    head = [
        cell(d, bold("Commodity"), "style3", "center", span=' rowspan="2"', extra=BORDER),
        cell(d, bold("Quantity<br />\nUnit"), "style4", "center", span=' rowspan="2"', extra=BORDER),
        cell(d, bold(month_text), "style5", "center", span=' colspan="2"', extra=BORDER),
        cell(d, bold(ytd_text), "style6", "center", span=' colspan="2"', extra=BORDER),
        cell(d, bold("Percentage Change"), "style6", "center", span=' colspan="2"', extra=BORDER),
    ]
    sub = [cell(d, bold(text), "style7", "center") for text in ("Quantity", "Value") * 2 + ("Quantity",)]
    sub.append(cell(d, bold("Value"), "style8", "center"))
    rows += [row(d, head), row(d, sub)]
    broken = EXCEL_ERROR_ROWS.get((page.table, page.reference_month))
    dash = cell(d, bold("-"), "style11", "right", extra=BORDER)
    for line in figures.lines:
        unit_css = "style10" if line.unit in PLAIN_UNITS else "style16"
        cells = [
            cell(d, bold(line.label), "style9", "left", extra=BORDER),
            cell(d, bold(line.unit), unit_css, "center", extra=BORDER),
        ]
        value, quantity = line.measures["value"], line.measures.get("quantity")
        if line.key == broken:
            cells += [cell(d, plain(EXCEL_ERROR), "style12", "right", extra=BORDER)] * 6
        else:
            for period in ("month", "ytd"):
                cells.append(
                    dash
                    if quantity is None
                    else cell(d, plain(quantity_text(getattr(quantity, period))), "style12", "right", extra=BORDER)
                )
                cells.append(cell(d, plain(value_text(getattr(value, period))), "style12", "right", extra=BORDER))
            cells.append(
                dash if quantity is None else cell(d, plain(percent(quantity.change)), "style15", "right", extra=BORDER)
            )
            cells.append(cell(d, plain(percent(value.change)), "style13", "right", extra=BORDER))
        rows.append(row(d, cells))
    rows.append(note_row(d, 8, "style16", "style17"))
    return table(d, rows, width=1325, height=19 * (len(figures.lines) + 5))


def january_2026(page: BulletinPage) -> str:
    figures = bulletin_figures(page.table, page.reference_month)
    d = CLASS_FIRST
    rows = [row(d, [cell(d, bold(page.title), "style1", "center", span=' colspan="6"')])]
    unit = [empty_cell(d, css, line_break=True) for css in ("style2", "style3", "style2", "style2")]
    unit.append(cell(d, bold(figures.unit), "style4", "center", span=' colspan="2"'))
    rows.append(row(d, unit))
    head = [
        cell(d, bold("Commodity"), "style5", "center", span=' rowspan="2"'),
        cell(d, bold("Quantity<br />\nUnit"), "style6", "center", span=' rowspan="2"'),
        cell(d, bold(str(page.month_number)), "style7", "center", span=' colspan="2"'),
        cell(d, bold("Percentage Change"), "style7", "center", span=' colspan="2"'),
    ]
    sub = [cell(d, bold(text), "style8", "center") for text in ("Quantity", "Value&nbsp;", "Quantity")]
    sub.append(cell(d, bold("Value&nbsp;"), "style9", "center"))
    rows += [row(d, head), row(d, sub)]
    for line in figures.lines:
        cells = [
            cell(d, bold(line.label), row_class(line, ("style10", "style17")), "left"),
            cell(d, bold(line.unit), "style11" if line.unit in ("-", "10000T") else "style18", "center"),
        ]
        value, quantity = line.measures["value"], line.measures.get("quantity")
        cells.append(
            cell(d, bold("-"), "style12", "right")
            if quantity is None
            else cell(d, plain(quantity_text(quantity.month)), "style13", "right")
        )
        cells.append(cell(d, plain(value_text(value.month)), "style13", "right"))
        cells.append(
            cell(d, plain("-"), "style14", "right")
            if quantity is None
            else cell(d, plain(percent(quantity.change)), "style13", "right")
        )
        cells.append(cell(d, plain(percent(value.change)), "style15", "right"))
        rows.append(row(d, cells))
    rows.append(note_row(d, 6, "style31", "style33"))
    return table(d, rows, width=977, height=19 * (len(figures.lines) + 5), lead="-EndFragment--&gt;\n")


# --- 2018-2025: the real January 2022 page -------------------------------------------------------------


@cache
def cell_2022(css: str, align: str | None, span: str = "", border: str = BORDER) -> tuple[str, str]:
    """The January 2022 page writes class, then the border style, then align."""
    aligned = f' align="{align}"' if align else ""
    return f'\t\t\t<td{span} class="{css}"{border}{aligned}>\n\t\t\t\t', "\n\t\t\t</td>\n"


def td_2022(content: str, css: str, align: str | None = "right", span: str = "", border: str = BORDER) -> str:
    head, tail = cell_2022(css, align, span, border)
    return head + content + tail


BLANK_2022 = '\t\t\t<td class="style3">\n\t\t\t</td>\n'


def form_2022(page: BulletinPage) -> str:
    figures = bulletin_figures(page.table, page.reference_month)
    lead = empty_cell(BARE, "style1", line_break=True) if page.reference_month in LEADING_EMPTY_COLUMN else ""
    month_text, ytd_text = period_headers(page)

    def tr(cells: list[str]) -> str:
        return "\t\t<tr>\n" + lead + "".join(cells) + "\t\t</tr>\n"

    rows = [
        tr([td_2022(bold(page.title), "style2", "center", ' colspan="8"', border="")]),
        tr([BLANK_2022] * 6 + [td_2022(bold(figures.unit), "style4", "center", ' colspan="2"', UNIT_BORDER)]),
        tr(
            [
                td_2022(bold("Commodity"), "style5", "center", ' rowspan="2"'),
                td_2022(bold("Quantity\nUnit"), "style6", "center", ' rowspan="2"'),
                td_2022(bold(month_text), "style7", "center", ' colspan="2"'),
                td_2022(bold(ytd_text), "style8", "center", ' colspan="2"'),
                td_2022(bold("Percentage Change"), "style8", "center", ' colspan="2"'),
            ]
        ),
        tr(
            [td_2022(bold(text), "style9", "center") for text in ("Quantity", "Value", "Quantity", "Value", "Quantity")]
            + [td_2022(bold("Value"), "style10", "center")]
        ),
    ]
    last = len(figures.lines) - 1
    for position, line in enumerate(figures.lines):
        heavy = position == last  # the real page closes on a row in a heavier border
        label_border = UNIT_BORDER if heavy else BORDER
        unit_css = (
            ("style27" if heavy else "style12") if line.unit in PLAIN_UNITS else ("style27" if heavy else "style20")
        )
        cells = [
            td_2022(bold(line.label), "style26" if heavy else "style11", "left", border=label_border),
            td_2022(bold(line.unit), unit_css, "center", border=label_border),
        ]
        value, quantity = line.measures["value"], line.measures.get("quantity")
        first = position == 0 and quantity is None  # the real first row's own classes
        dash = td_2022(bold("-"), "style13" if first else "style21")
        number_css = "style14" if first else "style17"
        for period in ("month", "ytd"):
            cells.append(
                dash if quantity is None else td_2022(plain(quantity_text(getattr(quantity, period))), "style17")
            )
            cells.append(td_2022(plain(value_text(getattr(value, period))), number_css))
        cells.append(dash if quantity is None else td_2022(plain(percent(quantity.change)), "style18"))
        cells.append(td_2022(plain(percent(value.change)), "style15" if first else "style19"))
        rows.append(tr(cells))
    rows.append(tr([td_2022(bold(NOTE), "style28", "left", border="")] + [BLANK_2022] * 7))
    height = 19 * (len(figures.lines) + 5) + 23
    return (
        '<br />\n<table style="border-collapse:collapse;" class="ke-zeroborder" width="1262" '
        f'height="{height}" cellspacing="0" border="0">\n\t<tbody>\n' + "".join(rows) + "\t</tbody>\n</table>"
    )


# --- 2025 exports: the real June 2025 page, pasted from Excel ---------------------------------------------


def xl_label(line: Line, depth: int) -> tuple[str, int]:
    """The label as Excel wrote it, and the row's height: "&nbsp;&nbsp;&nbsp; " a level (seven and a space
    two levels), long labels broken once with a newline and two spaces, taller rows for long labels."""
    label = LEADING_NBSP.sub("", line.label).replace("&nbsp;&nbsp;", "&nbsp; ")
    indent = "&nbsp;" * (4 * depth - 1) + " " if depth else ""
    visible = len(label.replace("&nbsp;", " "))
    if visible > XL_LINE and (depth > 0 or zlib.crc32(label.encode()) % 3 == 0):
        cuts = [
            m.start()
            for m in re.finditer(r"(?<!;) ", label)
            if len(label[: m.start()].replace("&nbsp;", " ")) < XL_LINE
        ]
        if cuts:
            label = label[: cuts[-1]] + "\n  " + label[cuts[-1] + 1 :]
    return indent + label, (34 if visible > 40 else 20)


def xl_cell(content: str, attributes: str) -> str:
    return f"\t\t\t<td{attributes}>\n\t\t\t\t{content}\n\t\t\t</td>\n"


def form_2025_excel(page: BulletinPage) -> str:
    figures = bulletin_figures(page.table, page.reference_month)
    month_text, ytd_text = period_headers(page)
    rows = [
        [xl_cell(page.title, ' colspan="8" height="36" class="xl34" width="1178"')],
        ['\t\t\t<td height="19">\n\t\t\t</td>\n']
        + ["\t\t\t<td>\n\t\t\t</td>\n"] * 5
        + [xl_cell(figures.unit, ' colspan="2" class="xl42"')],
        [
            xl_cell("Commodity", ' rowspan="2" height="36" class="xl35"'),
            xl_cell("Quantity<br />\nUnit", ' rowspan="2" class="xl37" width="69"'),
            xl_cell(month_text, ' colspan="2" class="xl39"'),
            xl_cell(ytd_text, ' colspan="2" class="xl40"'),
            xl_cell("Percentage Change", ' colspan="2" class="xl40"'),
        ],
        [xl_cell("Quantity", ' height="18" class="xl22"')]
        + [xl_cell(text, ' class="xl22"') for text in ("Value", "Quantity", "Value", "Quantity")]
        + [xl_cell("Value", ' class="xl23"')],
    ]
    for line in figures.lines:
        label, height = xl_label(line, level_of(page, line))
        value, quantity = line.measures["value"], line.measures.get("quantity")
        unit_attributes = ' class="xl30" width="69"' if line.unit not in PLAIN_UNITS else ' class="xl25" width="69"'
        cells = [xl_cell(label, f' height="{height}" class="xl24" width="306"'), xl_cell(line.unit, unit_attributes)]
        for period, width in (("month", 137), ("ytd", 135)):
            cells.append(
                xl_cell("-", f' class="xl26" width="{width}"')
                if quantity is None
                else xl_cell(quantity_text(getattr(quantity, period)), ' class="xl27"')
            )
            cells.append(xl_cell(value_text(getattr(value, period)), ' class="xl27"'))
        cells.append(
            xl_cell("-", ' class="xl26" width="121"')
            if quantity is None
            else xl_cell(percent(quantity.change), ' class="xl28"')
        )
        cells.append(xl_cell(percent(value.change), ' class="xl28"'))
        rows.append(cells)
    body = "".join("\t\t<tr>\n" + "".join(cells) + "\t\t</tr>\n" for cells in rows)
    return (
        '<table border="0" cellpadding="0" cellspacing="0" width="1178" style="width:885pt;" class="ke-zeroborder">\n'
        f"\t<tbody>\n{body}\t</tbody>\n</table>"
    )


@cache
def levels(table: str) -> dict[str, int]:
    return {row.concept: level(row) for row in CATALOGUE["export" if table == "13" else "import"]}


def level_of(page: BulletinPage, line: Line) -> int:
    return levels(page.table)[line.key]


# --- which form a page takes -----------------------------------------------------------------------------


def commodity_form(page: BulletinPage) -> str:
    if page.year >= 2026:
        return january_2026(page) if page.is_january else form_2026(page)
    if page.table == "13" and page.year == 2025:
        return form_2025_excel(page)
    return form_2022(page)


def commodity_table(page: BulletinPage) -> tuple[str, bool]:
    return commodity_form(page), bulletin_figures(page.table, page.reference_month).unit.startswith("Unit:RMB")
