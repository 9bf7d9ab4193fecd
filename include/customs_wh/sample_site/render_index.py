"""The Preliminary Release's index pages, one a year, as the real ones (the Bulletin's: render_bulletin_index).

CONFIRMED (the real 2026 index, docs/real-site-notes.md 5.1-5.3): the current year is served from the
unsuffixed page (statics/report/preliminary.html), past years from preliminary2018.html ... (the
year is part of the file name), reached through the year selector's script; month links are
unquoted absolute hrefs with a leading space and a period (" Feb."), months without a page are
<span>s, an invalid </br> follows June; row (3) repeats row (2)'s label; (7) and (8) have no links.
The page prints the breadcrumb "Monthly Bulletin", as every Statistics page does.
"""

from __future__ import annotations

from customs_wh.contracts import CURRENCIES
from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER, fill
from customs_wh.sample_site.months import MONTH_ABBREVIATIONS
from customs_wh.sample_site.releases import Release

SELECT_ID = "preliminarysel"
SENTENCE = (
    "Due to data verification after the preliminary release, the monthly bulletin is of more\n"
    "                        accuracy."
)
TABLE_ROWS = (
    (1, "China's Total Export & Import Values"),
    (2, "China's Total Export & Import Values by Trade Mode"),
    (3, "China's Total Export & Import Values by Trade Mode"),  # sic: the real index repeats (2)'s label
    (4, "China's Total Export & Import Values by Country/Region"),
    (5, "China's Major Exports by Quantity and Value"),
    (6, "China's Major Imports by Quantity and Value"),
)
UNLINKED_ROWS = (
    "(7) Statistics Bulletin on Freight Supervision",
    "(8)Statistics Bulletin on Goods Inspection & Quarantine",
)
# The real script tests the years in this order (2019 after 2021); later years follow in order.
SCRIPT_ORDER = (2018, 2020, 2021, 2019, 2022, 2023, 2024, 2025)


def index_path(year: int, current_year: int) -> str:
    return "/statics/report/preliminary.html" if year == current_year else f"/statics/report/preliminary{year}.html"


def month_cells(links: dict[int, str]) -> str:
    cells = []
    for number, abbreviation in enumerate(MONTH_ABBREVIATIONS, start=1):
        href = links.get(number)
        cells.append(
            f"<a href={ORIGIN_PLACEHOLDER}{href}> {abbreviation}.</a>" if href else f"<span>{abbreviation}.</span>"
        )
        if number == 6:
            cells.append("</br>")
    return "".join(cells)


def table_rows(year: int, releases: list[Release]) -> str:
    links: dict[tuple[int, str], dict[int, str]] = {}
    for release in releases:
        if release.year == year:
            links.setdefault((release.section, release.currency), {})[release.month_number] = release.page_path
    rows = [
        f"<tr><td>({section}) {subject} (in {currency})</td><td>{month_cells(links.get((section, currency), {}))}</td>"
        "</tr>"
        for section, subject in TABLE_ROWS
        for currency in CURRENCIES
    ]
    rows += [f"<tr><td>{label}</td><td>{month_cells({})}</td></tr>" for label in UNLINKED_ROWS]
    return "".join(rows)


def script_cases(years: list[int]) -> str:
    current_year = max(years)
    ordered = sorted(years, key=lambda year: (SCRIPT_ORDER.index(year) if year in SCRIPT_ORDER else year, year))
    return "".join(
        f'                if ($("#{SELECT_ID}").val() == "{year}") {{\n'
        f'                    location.replace("{ORIGIN_PLACEHOLDER}{index_path(year, current_year)}")\n'
        "                }\n"
        for year in ordered
    )


def render_index(year: int, years: list[int], releases: list[Release], note: str) -> str:
    options = "\n".join(
        f'                            <option value="{option}">{option}</option>'
        for option in sorted(years, reverse=True)
    )
    active = ' class="preliactive"'
    return fill(
        "index_page.html",
        preliminary_active=active,
        monthly_active="",
        synthetic_note=note,
        sentence=SENTENCE,
        select_id=SELECT_ID,
        year_options=options,
        table_rows=table_rows(year, releases),
        script_cases=script_cases(years),
    )
