"""The Bulletin's product tables in their markup: (3), (4), (15)-(18); (13)/(14) in render_bulletin_commodities.

ASSUMED (no saved real page): (3) and (4) in (8)'s two-flow form with exports and imports (a peer's
reader of (4) counts seven cells, five in January); (15)/(16) the selected partners as columns.
(17)/(18) CONFIRMED from the text of three real (18) pages (7, 11, 12.2019; docs/real-site-notes.md
§10.5): the corner "Commodities/Customs Regimes", "Quantity Unit", four regimes each over "Quantity
Value", January-to-month figures, each commodity's row of values then an unlabelled row of its
changes, a sub-item's leading space, some quantity cells empty beside a printed value. ASSUMED: the
markup (table (5)'s, as the sample's (5) prints it: the corner and unit columns spanning the header
rows, an empty cell under the unit in the row of changes), the notes row, and (17) alike for exports.
"""

from __future__ import annotations

from collections.abc import Callable

from customs_wh.sample_site import render_bulletin_commodities
from customs_wh.sample_site.bulletin_commodities import REGIME_COLUMNS, REGIME_HEADINGS
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_markup import (
    BARE,
    WRAPPED,
    bold,
    cell,
    empty_cell,
    plain,
    row,
    table,
    thousands,
)
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.partner_products import SELECTED_PARTNERS
from customs_wh.sample_site.render_bulletin_trade import (
    ROW_HEIGHT,
    change_row,
    notes_row,
    numbered_notes,
    period_headers,
    two_flow_table,
)

# --- (15)/(16) selected partners by HS chapter; (17)/(18) selected commodities by regime ------------------


def columns_table(page: BulletinPage, heading: str, columns: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
    """One January-to-month value a column (the selected partners), a row per line."""
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
SHADED_NOTE = ("Figures in shaded areas refer to percentage change over the same period in the previous year.",)


def commodity_regime_table(page: BulletinPage) -> tuple[str, bool]:
    """(17)/(18): each commodity's quantity unit, then a Quantity and a Value under each major regime,
    January to the month; under each commodity the unlabelled row of the eight changes."""
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    width = 2 + 2 * len(REGIME_COLUMNS)
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{width}"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{width}"')]))
    head = [
        cell(dialect, bold("Commodities/Customs Regimes"), "style3", "center", span=' rowspan="2"'),
        cell(dialect, bold("Quantity Unit"), "style3", "center", span=' rowspan="2"'),
    ]
    head += [
        cell(dialect, bold(REGIME_HEADINGS[code]), "style4", "center", span=' colspan="2"') for code in REGIME_COLUMNS
    ]
    amounts = [cell(dialect, bold(text), "style6", "center") for _ in REGIME_COLUMNS for text in ("Quantity", "Value")]
    rows += [row(dialect, head), row(dialect, amounts)]
    for line in figures.lines:
        cells = [cell(dialect, bold(line.label), "style13", "left")]
        cells.append(cell(dialect, plain(line.unit), "style10", "center"))
        changes: list[float | None] = []
        for code in REGIME_COLUMNS:
            quantity = line.measures.get(f"{code}:quantity")
            if f"{code}:quantity" in line.blank:
                cells.append(empty_cell(dialect, "style10"))
            else:
                cells.append(cell(dialect, plain(thousands(quantity.ytd if quantity else 0)), "style10", "right"))
            cells.append(cell(dialect, plain(thousands(line.measures[code].ytd)), "style10", "right"))
            changes += [quantity.change if quantity else None, line.measures[code].change]
        rows += [row(dialect, cells), change_row(dialect, changes, lead=2)]
    rows.append(notes_row(dialect, numbered_notes(SHADED_NOTE, page), width))
    height = ROW_HEIGHT[page.is_january] * (2 * len(figures.lines) + 5)
    return table(dialect, rows, width=1200, height=height), False


RENDERERS: dict[str, Callable[[BulletinPage], tuple[str, bool]]] = {
    "3": lambda page: two_flow_table(page, "Section and Division"),
    "4": lambda page: two_flow_table(page, "HS Section and Division"),
    "13": render_bulletin_commodities.commodity_table,
    "14": render_bulletin_commodities.commodity_table,
    "15": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "16": lambda page: columns_table(page, "HS Section and Division", PARTNER_COLUMNS),
    "17": commodity_regime_table,
    "18": commodity_regime_table,
}
