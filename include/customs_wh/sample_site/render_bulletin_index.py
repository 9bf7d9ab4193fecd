"""The Monthly Bulletin's index pages, one a year, as the real ones.

CONFIRMED (the real 2026 index, byte copy tests/data/gacc_pages/bulletin/index_2026.html; docs/real-site-notes.md
10.1): the page is templates/bulletin_index_page.html, that copy with its rows, year options and script cut
out (CRLF line ends kept); 19 rows, both （1） rows first, labels with full-width brackets; each published
month a link ``<a href=http://…/Statics/<uuid>.html> Jan.</a>`` (unquoted, absolute, a leading space, a
period, ``May.``), unpublished months ``<span>Jul.</span>``, an invalid ``</br>`` after June; the
options 2026…2018 (the first after a CRLF and six tabs), the script's cases in the real order (2018,
2020, 2021, 2019, 2022 …, 2025's case indented with tabs) sending 2026 to monthly.html.

INFERRED (finance-site's copy of the real 2018 index, gacc-monthly-index-2018-sample.html, whose
whitespace a formatter rewrote): past years' pages have no "Latest monthly statistics may differ …"
sentence and mark their year's option ``selected="selected"`` before its value; their rows are
written in the current page's one-line form (the copy's line breaks inside ``<a`` and its single
space in "(In USD)" are the formatter's, the real 2026 bytes have neither).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from customs_wh.sample_site.bulletin_releases import BULLETIN_TABLES, INDEX_LABELS, BulletinPage
from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER
from customs_wh.sample_site.render_index import month_cells

SELECT_ID = "monthlysel"
SENTENCE = (
    "                    <div>Latest monthly statistics may differ from those previously released because of data\r\n"
    "                        verification after dissemination. The latest release is of more accuracy.</div>\r\n"
)
# The real script tests the years in this order (2019 after 2021); later years follow in order.
SCRIPT_ORDER = (2018, 2020, 2021, 2019, 2022, 2023, 2024, 2025)
TAB_INDENTED_CASES = frozenset({2025})  # the real script indents this case with four tabs


@cache
def frame() -> str:
    data = resources.files("customs_wh.sample_site").joinpath("templates", "bulletin_index_page.html").read_bytes()
    return data.decode("utf-8")


def bulletin_index_path(year: int, current_year: int) -> str:
    return "/statics/report/monthly.html" if year == current_year else f"/statics/report/monthly{year}.html"


def table_rows(year: int, pages: list[BulletinPage]) -> str:
    links: dict[str, dict[int, str]] = {table: {} for table in BULLETIN_TABLES}
    for page in pages:
        if page.year == year:
            # January-February 2020 is one table, linked from "Feb." (no January page that year)
            links[page.table][page.month_number] = page.page_path
    return "".join(
        f"<tr><td>{INDEX_LABELS[table]}</td><td>{month_cells(links[table])}</td></tr>" for table in BULLETIN_TABLES
    )


def year_options(year: int, years: list[int]) -> str:
    current = max(years)
    options = []
    for position, option in enumerate(sorted(years, reverse=True)):
        lead = "\r\n\t\t\t\t\t\t    " if position == 0 else "                            "
        selected = ' selected="selected"' if option == year and year != current else ""
        options.append(f'{lead}<option{selected} value="{option}">{option}</option>\r\n')
    return "".join(options)


def script_cases(years: list[int]) -> str:
    current = max(years)
    ordered = sorted(years, key=lambda year: (SCRIPT_ORDER.index(year) if year in SCRIPT_ORDER else year, year))
    cases = []
    for year in ordered:
        indent = "\t\t\t\t" if year in TAB_INDENTED_CASES else "                "
        cases.append(
            f'{indent}if ($("#{SELECT_ID}").val() == "{year}") {{\r\n'
            f'                    location.replace("{ORIGIN_PLACEHOLDER}{bulletin_index_path(year, current)}")\r\n'
            "                }\r\n"
        )
    return "".join(cases)


def render_bulletin_index(year: int, years: list[int], pages: list[BulletinPage], note: str) -> str:
    text = frame()
    if year != max(years):
        text = text.replace(SENTENCE, "", 1)
    for field, value in (
        ("{{synthetic_note}}", note),
        ("{{year_options}}", year_options(year, years)),
        ("{{table_rows}}", table_rows(year, pages)),
        ("{{script_cases}}", script_cases(years)),
    ):
        text = text.replace(field, value, 1)
    return text
