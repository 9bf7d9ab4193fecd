"""The Bulletin's product tables in their markup: (3), (4), (15)-(18); (13)/(14) in render_bulletin_commodities.

ASSUMED (no saved real page): (3) and (4) in (8)'s two-flow form with exports and imports (a peer's
reader of (4) counts seven cells, five in January); (15)/(16) the selected partners as columns,
(17)/(18) the major regimes as columns, January-to-month values.
"""

from __future__ import annotations

from collections.abc import Callable

from customs_wh.sample_site import render_bulletin_commodities
from customs_wh.sample_site.bulletin_commodities import REGIME_COLUMNS
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_markup import (
    BARE,
    WRAPPED,
    bold,
    cell,
    plain,
    row,
    table,
    thousands,
)
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.partner_products import SELECTED_PARTNERS
from customs_wh.sample_site.regimes import REGIME_BY_CODE
from customs_wh.sample_site.render_bulletin_trade import ROW_HEIGHT, period_headers, two_flow_table

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
    "13": render_bulletin_commodities.commodity_table,
    "14": render_bulletin_commodities.commodity_table,
    "15": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "16": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "17": lambda page: columns_table(page, "Commodity", REGIME_HEADINGS),
    "18": lambda page: columns_table(page, "Commodity", REGIME_HEADINGS),
}
