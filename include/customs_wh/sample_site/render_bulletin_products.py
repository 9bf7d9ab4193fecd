"""The Bulletin's product tables in their markup: (3), (4), (13)-(18).

Tables (13)/(14) are printed as the real pages print them: the July 2026 exports page for months
2-12 (eight cells a row, borders in inline styles, figures without &nbsp;), the January 2026 imports
page for January (six cells, class before align, the stray "-EndFragment--&gt;", the unit row of
empty <br /> cells, "Value&nbsp;" headings, the closing note row). CONFIRMED by a peer's notes on
the real pages: the 2025 exports table in RMB￥10,000, "*REF!" in July 2026's "New trio" row,
a leading empty column in January and February 2022, "1 to 2" over January-February 2020.
ASSUMED: (3) and (4) in (8)'s two-flow form with exports and imports (a peer's reader of (4) counts
seven cells, five in January); (15)/(16) the selected partners as columns, (17)/(18) the major
regimes as columns, January-to-month values.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from customs_wh.sample_site.bulletin_commodities import REGIME_COLUMNS
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_lines import Line
from customs_wh.sample_site.bulletin_markup import (
    BARE,
    CLASS_FIRST,
    WRAPPED,
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
from customs_wh.sample_site.partner_products import SELECTED_PARTNERS
from customs_wh.sample_site.regimes import REGIME_BY_CODE
from customs_wh.sample_site.render_bulletin_trade import ROW_HEIGHT, period_headers, two_flow_table

BORDER = ' style="border:0.75pt solid windowtext;"'
UNIT_BORDER = ' style="border:1.0pt solid windowtext;"'
NOTE = "Note：Please refer to www.customs.gov.cn for the specific coverage of each category of this table."
EXCEL_ERROR = "*REF!"
LEADING_EMPTY_COLUMN = frozenset({"2022-01", "2022-02"})
EXCEL_ERROR_ROWS = {("13", "2026-07"): "new_three"}


def quantity_text(value: float) -> str:
    return thousands(value, nbsp=False)


def row_class(line: Line, choices: tuple[str, str]) -> str:
    """GACC's label classes alternate with no rule a reader can use; stable per label here."""
    return choices[zlib.crc32(line.label.encode()) % 2]


def unit_class(unit: str) -> str:
    return "style10" if unit in ("-", "10000T", "10000N", "100MN", "N") else "style16"


def commodity_month_form(page: BulletinPage, rmb: bool) -> tuple[str, bool]:
    """Months 2-12: the real July 2026 exports page's markup."""
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE
    lead_cell = empty_cell(dialect, "style3") if page.reference_month in LEADING_EMPTY_COLUMN else ""
    columns = 8 + bool(lead_cell)
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{columns}"')])]
    rows.append(
        row(
            dialect,
            [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{columns}"', extra=UNIT_BORDER)],
        )
    )
    month_text, ytd_text = period_headers(page)
    head = [lead_cell] if lead_cell else []
    head += [
        cell(dialect, bold("Commodity"), "style3", "center", span=' rowspan="2"', extra=BORDER),
        cell(dialect, bold("Quantity<br />\nUnit"), "style4", "center", span=' rowspan="2"', extra=BORDER),
        cell(dialect, bold(month_text), "style5", "center", span=' colspan="2"', extra=BORDER),
        cell(dialect, bold(ytd_text), "style6", "center", span=' colspan="2"', extra=BORDER),
        cell(dialect, bold("Percentage Change"), "style6", "center", span=' colspan="2"', extra=BORDER),
    ]
    sub = [lead_cell] if lead_cell else []
    sub += [cell(dialect, bold(text), "style7", "center") for text in ("Quantity", "Value") * 2 + ("Quantity",)]
    sub.append(cell(dialect, bold("Value"), "style8", "center"))
    rows += [row(dialect, head), row(dialect, sub)]
    broken = EXCEL_ERROR_ROWS.get((page.table, page.reference_month))
    for line in figures.lines:
        cells = [lead_cell] if lead_cell else []
        cells.append(cell(dialect, bold(line.label), "style9", "left", extra=BORDER))
        cells.append(cell(dialect, bold(line.unit), unit_class(line.unit), "center", extra=BORDER))
        value, quantity = line.measures["value"], line.measures.get("quantity")
        if line.key == broken:
            cells += [cell(dialect, plain(EXCEL_ERROR), "style12", "right", extra=BORDER) for _ in range(6)]
        else:
            for period in ("month", "ytd"):
                if quantity is None:
                    cells.append(cell(dialect, bold("-"), "style11", "right", extra=BORDER))
                else:
                    cells.append(
                        cell(dialect, plain(quantity_text(getattr(quantity, period))), "style12", "right", extra=BORDER)
                    )
                cells.append(
                    cell(
                        dialect, plain(thousands(getattr(value, period), nbsp=False)), "style12", "right", extra=BORDER
                    )
                )
            if quantity is None:
                cells.append(cell(dialect, bold("-"), "style11", "right", extra=BORDER))
            else:
                cells.append(cell(dialect, plain(percent(quantity.change)), "style15", "right", extra=BORDER))
            cells.append(cell(dialect, plain(percent(value.change)), "style13", "right", extra=BORDER))
        rows.append(row(dialect, cells))
    rows.append(note_row(dialect, columns, "style16", "style17"))
    height = 19 * (len(figures.lines) + 5)
    return table(dialect, rows, width=1325, height=height), rmb


def note_row(dialect: Dialect, columns: int, note_css: str, empty_css: str) -> str:
    cells = [cell(dialect, bold(NOTE), note_css)]
    cells += [empty_cell(dialect, empty_css) for _ in range(columns - 1)]
    return row(dialect, cells)


def commodity_january_form(page: BulletinPage, rmb: bool) -> tuple[str, bool]:
    """January: the real January 2026 imports page's markup."""
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = CLASS_FIRST
    lead_cell = empty_cell(dialect, "style2", line_break=True) if page.reference_month in LEADING_EMPTY_COLUMN else ""
    columns = 6 + bool(lead_cell)
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{columns}"')])]
    unit = [lead_cell] if lead_cell else []
    unit += [empty_cell(dialect, css, line_break=True) for css in ("style2", "style3", "style2", "style2")]
    unit.append(cell(dialect, bold(figures.unit), "style4", "center", span=' colspan="2"'))
    rows.append(row(dialect, unit))
    head = [lead_cell] if lead_cell else []
    head += [
        cell(dialect, bold("Commodity"), "style5", "center", span=' rowspan="2"'),
        cell(dialect, bold("Quantity<br />\nUnit"), "style6", "center", span=' rowspan="2"'),
        cell(dialect, bold(str(page.month_number)), "style7", "center", span=' colspan="2"'),
        cell(dialect, bold("Percentage Change"), "style7", "center", span=' colspan="2"'),
    ]
    sub = [lead_cell] if lead_cell else []
    sub += [cell(dialect, bold(text), "style8", "center") for text in ("Quantity", "Value&nbsp;", "Quantity")]
    sub.append(cell(dialect, bold("Value&nbsp;"), "style9", "center"))
    rows += [row(dialect, head), row(dialect, sub)]
    for line in figures.lines:
        cells = [lead_cell] if lead_cell else []
        cells.append(cell(dialect, bold(line.label), row_class(line, ("style10", "style17")), "left"))
        cells.append(cell(dialect, bold(line.unit), "style11" if line.unit in ("-", "10000T") else "style18", "center"))
        value, quantity = line.measures["value"], line.measures.get("quantity")
        if quantity is None:
            cells.append(cell(dialect, bold("-"), "style12", "right"))
        else:
            cells.append(cell(dialect, plain(quantity_text(quantity.month)), "style13", "right"))
        cells.append(cell(dialect, plain(thousands(value.month, nbsp=False)), "style13", "right"))
        if quantity is None:
            cells.append(cell(dialect, plain("-"), "style14", "right"))
        else:
            cells.append(cell(dialect, plain(percent(quantity.change)), "style13", "right"))
        cells.append(cell(dialect, plain(percent(value.change)), "style15", "right"))
        rows.append(row(dialect, cells))
    rows.append(note_row(dialect, columns, "style31", "style33"))
    height = 19 * (len(figures.lines) + 5)
    return table(dialect, rows, width=977, height=height, lead="-EndFragment--&gt;\n"), rmb


def commodity_table(page: BulletinPage) -> tuple[str, bool]:
    rmb = bulletin_figures(page.table, page.reference_month).unit.startswith("Unit:RMB")
    if page.is_january:
        return commodity_january_form(page, rmb)
    return commodity_month_form(page, rmb)


# --- (15)/(16) selected partners by HS chapter; (17)/(18) selected commodities by regime ------------------


def columns_table(page: BulletinPage, heading: str, columns: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
    """One January-to-month value a column (partners or regimes), a row per line."""
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    width = 1 + len(columns)
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{width}"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{width}"')]))
    head = [cell(dialect, bold(heading), "style3", "center", span=' rowspan="2"')]
    head += [cell(dialect, bold(label), "style4", "center") for _, label in columns]
    _, ytd_text = period_headers(page)
    periods = [cell(dialect, bold(ytd_text if not page.is_january else "1"), "style5", "center") for _ in columns]
    rows += [row(dialect, head), row(dialect, periods)]
    for line in figures.lines:
        css = "style6" if line.role in ("total", "heading", "group") else "style8"
        cells = [cell(dialect, bold(line.label), css, "left")]
        cells += [cell(dialect, plain(thousands(line.measures[code].ytd)), "style7", "right") for code, _ in columns]
        rows.append(row(dialect, cells))
    return table(dialect, rows, width=120 * width, height=ROW_HEIGHT[page.is_january] * (len(figures.lines) + 4)), False


PARTNER_COLUMNS = tuple(SELECTED_PARTNERS)
REGIME_HEADINGS = (("total", "Total"),) + tuple(
    (code, "Others" if code == "OTH" else REGIME_BY_CODE[code].label) for code in REGIME_COLUMNS
)

RENDERERS: dict[str, Callable[[BulletinPage], tuple[str, bool]]] = {
    "3": lambda page: two_flow_table(page, "Section and Division"),
    "4": lambda page: two_flow_table(page, "HS Section and Division"),
    "13": commodity_table,
    "14": commodity_table,
    "15": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "16": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "17": lambda page: columns_table(page, "Commodity", REGIME_HEADINGS),
    "18": lambda page: columns_table(page, "Commodity", REGIME_HEADINGS),
}
