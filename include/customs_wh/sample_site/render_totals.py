"""Table (1), "China's Total Export & Import Values", the world totals.

A reconstruction: no real copy of this page has been saved anywhere (docs/real-site-notes.md,
section 2). The layout is the best evidence available, INFERRED from three independent hand copies
of real pages: columns Item | M | 1-to-M | M: Month-on-Month and Year-on-Year ±% | 1-to-M:
Year-on-Year ±%; rows "Total Export & Import", "Total Export", "Total Import" and
"Export-Import Balance" (with "-" in its % cells); a note on the sign of the balance. Combined
January-February releases print Item | January-February | Year-on-Year. CONFIRMED: the USD
table's unit is "USD 100 Million" (not the "USD1 Million" of the other tables). The header
writes "+/-" up to 2024 and "±" from 2025, as the two dated copies do.
"""

from __future__ import annotations

from customs_wh.sample_site.conventions import unit_text
from customs_wh.sample_site.figures import RowFigures, release_figures, yoy_pct
from customs_wh.sample_site.markup import cell, format_pct, format_value, row, table
from customs_wh.sample_site.releases import Release

ROWS = (
    ("Total Export &amp; Import", "total"),
    ("Total Export", "export"),
    ("Total Import", "import"),
    ("Export-Import Balance", "balance"),
)
NOTE = "Note: Export-Import Balance plus indicates export more than import and minus indicates export less than import."


def header_cell(text: str, *, colspan: int | None = None, rowspan: int | None = None) -> str:
    return cell(text, "style3", align="center", bgcolor="#C0C0C0", colspan=colspan, rowspan=rowspan)


def number_cell(text: str, css: str) -> str:
    return cell(text, css, align="right")


def header_rows(release: Release) -> tuple[int, list[str]]:
    plus_minus = "±" if release.year >= 2025 else "+/-"
    if release.is_january_february:
        header = [header_cell("Item"), header_cell("January-February"), header_cell(f"Year-on-Year {plus_minus} %")]
        return 3, [row(header)]
    number = release.month_number
    header_1 = [
        header_cell("Item", rowspan=2),
        header_cell(str(number), rowspan=2),
        header_cell(f"1-to-{number}", rowspan=2),
        header_cell(str(number), colspan=2),
        header_cell(f"1-to-{number}"),
    ]
    header_2 = [
        header_cell(f"Month-on-Month {plus_minus} %"),
        header_cell(f"Year-on-Year {plus_minus} %"),
        header_cell(f"Year-on-Year {plus_minus} %"),
    ]
    return 6, [row(header_1), row(header_2)]


def figure_cells(release: Release, world: RowFigures, flow: str) -> list[str]:
    values = [world.ytd[flow]] if release.is_january_february else [world.month[flow], world.ytd[flow]]
    cells = [number_cell(format_value(value) + "&nbsp;", "style6") for value in values]
    if flow == "balance":
        percents = 1 if release.is_january_february else 3
        return cells + [number_cell("-", "style7") for _ in range(percents)]
    if release.is_january_february:
        return cells + [number_cell(format_pct(world.ytd_yoy[flow]), "style7")]
    month_on_month = yoy_pct(world.month[flow], world.previous_month[flow])
    return cells + [
        number_cell(format_pct(month_on_month), "style7"),
        number_cell(format_pct(world.month_yoy[flow]), "style7"),
        number_cell(format_pct(world.ytd_yoy[flow]), "style7"),
    ]


def totals_table(release: Release) -> str:
    world = release_figures(release.reference_month, release.release_kind, release.currency)["WORLD"]
    columns, headers = header_rows(release)
    title = release.title.replace("&", "&amp;")
    rows = [
        row([cell(title, "style1", align="left", bgcolor="#C0C0C0", colspan=columns)]),
        row([cell(unit_text(release.reference_month, 1, release.currency), "style2", align="right", colspan=columns)]),
        *headers,
    ]
    for label, flow in ROWS:
        rows.append(row([cell(label, "style5", bold=False), *figure_cells(release, world, flow)]))
    rows.append(row([cell(NOTE, "style8", align="left", colspan=columns, bold=False)]))
    return table(rows, width=600 if release.is_january_february else 900, height=260)
