"""The two index pages, Preliminary Release and Monthly Bulletin, one per year, as the real ones.

CONFIRMED (the real 2026 index, docs/real-site-notes.md 5.1-5.3): the current year is served from the
unsuffixed page (statics/report/preliminary.html, monthly.html), past years from
preliminary2018.html ... (the year is part of the file name), reached through the year
selector's script; month links are unquoted absolute hrefs with a leading space and a period
(" Feb."), months without a page are <span>s, an invalid </br> follows June; row (3) repeats
row (2)'s label; (7) and (8) have no links. Both indexes print the breadcrumb "Monthly
Bulletin"; the select id, the active left-nav item and the explanatory sentence tell them apart.

Known difference: the real Monthly Bulletin lists another set of 19 tables ("（2）Imports and
Exports by Country （Region） of Origin/Destination", in US$1,000). The sample bulletin lists
the Preliminary Release's tables instead, so revisions of (1), (4), (5) and (6) can be rehearsed.
"""

from __future__ import annotations

from customs_wh.contracts import CURRENCIES
from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER, fill
from customs_wh.sample_site.releases import Release
from customs_wh.words import MONTH_ABBREVIATIONS

INDEX_SLUGS = {"preliminary": "preliminary", "monthly_bulletin": "monthly"}
SELECT_IDS = {"preliminary": "preliminarysel", "monthly_bulletin": "monthlysel"}
SENTENCES = {
    "preliminary": "Due to data verification after the preliminary release, the monthly bulletin is of more\n"
    "                        accuracy.",
    "monthly_bulletin": "Latest monthly statistics may differ from those previously released because of data "
    "verification after dissemination. The latest release is of more accuracy.",
}
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


def index_path(release_kind: str, year: int, current_year: int) -> str:
    slug = INDEX_SLUGS[release_kind]
    return f"/statics/report/{slug}.html" if year == current_year else f"/statics/report/{slug}{year}.html"


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


def table_rows(release_kind: str, year: int, releases: list[Release]) -> str:
    links: dict[tuple[int, str], dict[int, str]] = {}
    for release in releases:
        if release.release_kind == release_kind and release.year == year:
            links.setdefault((release.section, release.currency), {})[release.month_number] = release.page_path
    rows = [
        f"<tr><td>({section}) {subject} (in {currency})</td><td>{month_cells(links.get((section, currency), {}))}</td>"
        "</tr>"
        for section, subject in TABLE_ROWS
        for currency in CURRENCIES
    ]
    rows += [f"<tr><td>{label}</td><td>{month_cells({})}</td></tr>" for label in UNLINKED_ROWS]
    return "".join(rows)


def script_cases(release_kind: str, years: list[int]) -> str:
    select_id, current_year = SELECT_IDS[release_kind], max(years)
    ordered = sorted(years, key=lambda year: (SCRIPT_ORDER.index(year) if year in SCRIPT_ORDER else year, year))
    return "".join(
        f'                if ($("#{select_id}").val() == "{year}") {{\n'
        f'                    location.replace("{ORIGIN_PLACEHOLDER}{index_path(release_kind, year, current_year)}")\n'
        "                }\n"
        for year in ordered
    )


def render_index(release_kind: str, year: int, years: list[int], releases: list[Release], note: str) -> str:
    options = "\n".join(
        f'                            <option value="{option}">{option}</option>'
        for option in sorted(years, reverse=True)
    )
    active = ' class="preliactive"'
    return fill(
        "index_page.html",
        preliminary_active=active if release_kind == "preliminary" else "",
        monthly_active=active if release_kind == "monthly_bulletin" else "",
        synthetic_note=note,
        sentence=SENTENCES[release_kind],
        select_id=SELECT_IDS[release_kind],
        year_options=options,
        table_rows=table_rows(release_kind, year, releases),
        script_cases=script_cases(release_kind, years),
    )
