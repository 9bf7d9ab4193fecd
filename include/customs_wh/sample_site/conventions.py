"""What the real GACC site prints where: the conventions of each era and the incidents of single pages.

Sources are the real saved pages (tests/data/gacc_pages/, its README) and
docs/real-site-notes.md (its section numbers below); each choice is marked CONFIRMED (seen in a real page
or described by a project that scraped the live site) or INFERRED (our assumption of where or
how, since no real copy says). Era conventions hold for every release of a month; incidents are
single pages of the Preliminary Release (the Monthly Bulletin prints other tables, so it corrects
them only in its own figures). The Monthly Bulletin's variety is catalogued at the end.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from customs_wh.contracts import CURRENCIES
from customs_wh.sample_site.calibration import SEED
from customs_wh.sample_site.months import parse_month, shift_month
from customs_wh.words import MONTH_ABBREVIATIONS, MONTH_NAMES

SUBJECTS = {
    1: "China's Total Export & Import Values",
    4: "China's Total Export & Import Values by Country/Region",
    5: "China's Major Exports by Quantity and Value",
    6: "China's Major Imports by Quantity and Value",
}
# CONFIRMED (the real January 2018 page): the 2018 wording, no "(N)", no currency.
OLD_BY_COUNTRY_SUBJECT = "China's Total Value of Imports and Exports by Major Country (Region)"


# --- eras --------------------------------------------------------------------------------------


def has_own_january_release(year: int) -> bool:
    """CONFIRMED (notes 1.5): January was released on its own in 2018 (and 2019); from 2020 it was not."""
    return year <= 2019


def combined_january_february(year: int) -> bool:
    """CONFIRMED (notes 1.5): 2020-2025 released January and February together, cumulative columns only.

    2026 printed an ordinary February (month and cumulative columns) and no January page.
    """
    return 2020 <= year <= 2025


def has_release(month: str) -> bool:
    year, number = parse_month(month)
    return number != 1 or has_own_january_release(year)


def by_country_as_image(year: int) -> bool:
    """CONFIRMED (README; notes 7): every 2018 table by country is a picture, 12 months x both currencies."""
    return year == 2018


def prints_section_number(year: int) -> bool:
    """CONFIRMED: no "(N)" prefix on 2018 pages; present from 2019."""
    return year >= 2019


def uses_old_by_country_wording(month: str) -> bool:
    """CONFIRMED for January 2018; INFERRED for February 2018 (March 2018 has the new wording)."""
    return month in ("2018-01", "2018-02")


def period_text(month: str) -> str:
    """How a title names the month (notes 1.5).

    CONFIRMED: "Jan. 2018"; full month names through 2025 ("May 2019", "April 2025");
    "January-February 2025"; abbreviations in 2026 ("Mar 2026"). INFERRED: "Feb. 2018" like
    January, and the en dash GACC also used for January-February placed on 2021.
    """
    year, number = parse_month(month)
    if combined_january_february(year) and number == 2:
        return f"January{'–' if year == 2021 else '-'}February {year}"
    if month in ("2018-01", "2018-02"):
        return f"{MONTH_ABBREVIATIONS[number - 1]}. {year}"
    if year >= 2026:
        return f"{MONTH_ABBREVIATIONS[number - 1]} {year}"
    return f"{MONTH_NAMES[number - 1]} {year}"


def currency_text(month: str, currency: str) -> str:
    """CONFIRMED variants of 2018 (notes 1.2, 1.4): "(in RMB)" and "(Only August, in CNY)".

    INFERRED: which 2018 months say "RMB" (June, as the peer's example, and November).
    """
    if currency == "CNY" and month.startswith("2018-"):
        if month == "2018-08":
            return "(Only August, in CNY)"
        if month in ("2018-06", "2018-11"):
            return "(in RMB)"
    return f"(in {currency})"


def title(month: str, section: int, currency: str, release_kind: str) -> str:
    """The title as printed in <title>, div.atcl-ttl and the table's first row."""
    year = parse_month(month)[0]
    period = period_text(month)
    if section == 4 and uses_old_by_country_wording(month):
        return f"{OLD_BY_COUNTRY_SUBJECT}, {period}"
    if section == 1 and currency == "CNY" and month == "2018-12":
        # CONFIRMED form (notes 1.2: "A 2018 annual-totals title"); INFERRED: on December's totals table.
        return "China's Total Value of Imports and Exports, 2018 (RMB)"
    number = 3 if incident_at("misnumbered", month, section, currency, release_kind) else section
    prefix = f"({number}) " if prints_section_number(year) else ""
    qualifier = currency_text(month, currency)
    if section == 4 and month == "2018-07":
        # CONFIRMED (notes 1.2): the July 2018 table by country has no date in its title.
        return f"{prefix}{SUBJECTS[section]} {qualifier}"
    space = "" if incident_at("no_space_before_currency", month, section, currency, release_kind) else " "
    return f"{prefix}{SUBJECTS[section]}, {period}{space}{qualifier}"


def value_unit(section: int, currency: str) -> str:
    """CONFIRMED (README, notes 3): "USD 100 Million" on the totals table, "USD1 Million" on (4), (5), (6)."""
    if section == 1 or currency == "CNY":
        return f"{currency} 100 Million"
    return "USD1 Million"


def unit_text(month: str, section: int, currency: str) -> str:
    """The unit row. CONFIRMED: 2019 commodity pages print "Value Unit:"; INFERRED: so do 2018's."""
    year = parse_month(month)[0]
    label = "Value Unit" if section in (5, 6) and year <= 2019 else "Unit"
    return f"{label}: {value_unit(section, currency)}"


# --- publication dates -----------------------------------------------------------------------

# CONFIRMED printed dates (notes 6; README) and the 2025 release calendar (notes 5.4):
# reference month -> the day the Preliminary Release page is stamped.
KNOWN_PRELIMINARY_DATES = {
    "2018-01": dt.date(2018, 8, 3),  # printed 03/08/2018, day first: the English page was posted late
    "2018-07": dt.date(2018, 8, 8),
    "2019-05": dt.date(2019, 6, 10),  # printed 06/10/2019, month first
    "2024-12": dt.date(2025, 1, 13),
    "2025-02": dt.date(2025, 3, 11),
    "2025-03": dt.date(2025, 4, 14),
    "2025-04": dt.date(2025, 5, 9),
    "2025-05": dt.date(2025, 6, 10),
    "2025-06": dt.date(2025, 7, 14),
    "2025-07": dt.date(2025, 8, 7),
    "2025-08": dt.date(2025, 9, 8),
    "2025-09": dt.date(2025, 10, 8),  # stamped before the release itself (notes 6)
    "2025-10": dt.date(2025, 11, 7),
    "2025-11": dt.date(2025, 12, 8),
    "2026-03": dt.date(2026, 4, 8),
    "2026-05": dt.date(2026, 6, 10),
}


def publication_date(month: str, release_kind: str) -> dt.date:
    """Preliminary: about the 7th-14th of the next month; bulletin: three to five weeks after it."""
    rng = random.Random(f"{SEED}:published:{month}")
    year, number = parse_month(shift_month(month, 1))
    preliminary = KNOWN_PRELIMINARY_DATES.get(month, dt.date(year, number, rng.randint(7, 14)))
    if release_kind == "preliminary":
        return preliminary
    return preliminary + dt.timedelta(days=rng.randint(24, 36))


def printed_date(month: str, published: dt.date) -> str:
    """CONFIRMED: 2018 pages print DD/MM/YYYY (README); modern pages YYYY/MM/DD.

    INFERRED (notes 6): 2019's slash dates are month first (06/10/2019 for May 2019 data).
    """
    year = parse_month(month)[0]
    if year == 2018:
        return published.strftime("%d/%m/%Y")
    if year == 2019:
        return published.strftime("%m/%d/%Y")
    return published.strftime("%Y/%m/%d")


# --- the Excel download link ---------------------------------------------------------------------

SHEET_NUMBERS = {1: 1, 4: 7, 5: 9, 6: 11}


def excel_name(month: str, section: int, currency: str) -> str | None:
    """The spreadsheet a page links in div.atcl-rct (notes 5.4); 2018 pages link none (the real Jan 2018 page).

    Name patterns follow the real ones of each era; CONFIRMED anomaly: the January-February 2025
    exports file is named for 2024.
    """
    year, number = parse_month(month)
    sheet = SHEET_NUMBERS[section]
    money = "人民币" if currency == "CNY" else "美元"
    if year == 2018:
        return None
    if year == 2019:
        return f"{sheet}-EN-{year}年{number}月快讯-{section}({currency}).xls"
    if year <= 2025:
        period = "1-2" if combined_january_february(year) and number == 2 else str(number)
        named_year = year - 1 if (month, section) == ("2025-02", 5) else year
        return f"{sheet}-en-{money}-{named_year}-{period}-{currency}21.xls"
    return f"1_{sheet}-en-{money}-{year}-{number:02d}_{currency}45.xls"


# --- incidents: single pages that print something unusual ----------------------------------------


@dataclass(frozen=True)
class Incident:
    name: str
    prints: str  # what the page prints
    evidence: str
    pages: frozenset[tuple[str, int, str]]  # (reference month, section, currency) of Preliminary Release pages


def _pages(
    months: tuple[str, ...], sections: tuple[int, ...], currencies: tuple[str, ...] = CURRENCIES
) -> frozenset[tuple[str, int, str]]:
    return frozenset((month, section, currency) for month in months for section in sections for currency in currencies)


INCIDENTS: tuple[Incident, ...] = (
    Incident(
        "misnumbered",
        'the table by country titled "(3)" instead of "(4)"',
        "CONFIRMED by the peer parser's comment (notes 1.3)",
        _pages(("2020-02",), (4,)),
    ),
    Incident(
        "unit_in_td",
        "the unit text straight in its <td>, without <span><b>",
        "CONFIRMED by the peer's parser and test (notes 3)",
        _pages(("2025-08", "2025-09"), (4,)),
    ),
    Incident(
        "currency_contradiction",
        'titled "(in CNY)" but "Unit: USD1 Million" and USD figures, linking the USD spreadsheet',
        "CONFIRMED by the peer's incident notes (notes 8.1)",
        _pages(("2025-06",), (4,), ("CNY",)),
    ),
    Incident(
        "unit_column_dropped",
        "no quantity-unit cell in any body row, a blank <td> padded at the end; header unchanged",
        "CONFIRMED (real page, notes 4.7)",
        _pages(("2025-04",), (5,), ("USD",)),
    ),
    Incident(
        "stray_end_fragment",
        'the text "-EndFragment--&gt;" before the table',
        "CONFIRMED on April 2025 (real page, notes 8.2); INFERRED on May 2025",
        _pages(("2025-04",), (5,), ("USD",)) | _pages(("2025-05",), (5,), ("CNY",)),
    ),
    Incident(
        "leading_break",
        "a <br /> before the table",
        "CONFIRMED (real May 2019 page, notes 8.2)",
        _pages(("2019-05",), (5,), ("CNY",)),
    ),
    Incident(
        "no_space_before_currency",
        'no space before the currency: "Feb 2026(in USD)"',
        "INFERRED (a title variant in another project's tests, notes 1.4)",
        _pages(("2026-02",), (1,), ("USD",)),
    ),
)
INCIDENTS_BY_NAME = {incident.name: incident for incident in INCIDENTS}


def incident_at(name: str, month: str, section: int, currency: str, release_kind: str) -> bool:
    return release_kind == "preliminary" and (month, section, currency) in INCIDENTS_BY_NAME[name].pages


# --- the Monthly Bulletin's variety --------------------------------------------------------------------------
# Decided in bulletin_releases, render_bulletin* and bulletin_products (each module says why); listed here
# with the evidence and a page that shows it, so the catalogue of what the sample site varies stays whole.


@dataclass(frozen=True)
class BulletinVariety:
    name: str
    prints: str
    evidence: str
    examples: tuple[tuple[str, str], ...]  # (table, reference month) of pages that print it
    marker: str  # text those pages carry


BULLETIN_VARIETY: tuple[BulletinVariety, ...] = (
    BulletinVariety(
        "january_without_cumulative",
        "January's table (2) in seven cells a row: no January-to-month pair; the unit over two cells",
        "CONFIRMED (real January 2026 page, macro bycountry_jan2026.html)",
        (("2", "2026-01"), ("2", "2019-01")),
        'colspan="7"',
    ),
    BulletinVariety(
        "overflow",
        '"############" where a figure is wider than the Total 1toM column (ten digits)',
        "CONFIRMED (real June 2026 page: five cells)",
        (("2", "2026-06"), ("2", "2024-12")),
        "############",
    ),
    BulletinVariety(
        "timor_leste",
        "ASEAN's note names Timor-Leste from 2026",
        "CONFIRMED (real January and June 2026 pages)",
        (("2", "2026-01"), ("2", "2026-06")),
        "Timor-Leste",
    ),
    BulletinVariety(
        "stamped_months_late",
        "a page dated months after the Bulletin day",
        "CONFIRMED (real (2) of January 2026 dated 2026/04/08, (13) of June 2025 2025/09/19); elsewhere 2% of pages",
        (("2", "2026-01"),),
        '<div class="atcl-date">2026/04/08</div>',
    ),
    BulletinVariety(
        "commodities_in_rmb",
        'the 2025 exports table (13) in "Unit:RMB￥10,000" (its file still named USD)',
        "CONFIRMED (real June 2025 page; a peer's notes: all 2025)",
        (("13", "2025-06"), ("13", "2025-01")),
        "Unit:RMB￥10,000",
    ),
    BulletinVariety(
        "excel_paste",
        'the 2025 exports table pasted from Excel: "xl" classes, no <span>, labels broken across lines',
        "CONFIRMED (real June 2025 page); INFERRED for the other months of 2025",
        (("13", "2025-06"), ("13", "2025-11")),
        'class="xl34"',
    ),
    BulletinVariety(
        "excel_error",
        '"*REF!" in the cells of the "New trio" row',
        "CONFIRMED (real July 2026 exports page)",
        (("13", "2026-07"),),
        "*REF!",
    ),
    BulletinVariety(
        "leading_empty_column",
        'an empty first column <td class="style1"><br /></td> on every row of tables (13) and (14)',
        "CONFIRMED (real January 2022 exports page); INFERRED for February and for (14) (a peer's notes)",
        (("13", "2022-01"), ("14", "2022-02")),
        '<td class="style1">\n\t\t\t\t<br />',
    ),
    BulletinVariety(
        "january_as_one_to_one",
        'January\'s commodity tables before 2026 print the month twice, headed "1" and "1to1"',
        "CONFIRMED (real January 2022 exports page); INFERRED for the other years before 2026",
        (("13", "2022-01"), ("14", "2019-01")),
        "<span><b>1to1</b></span>",
    ),
    BulletinVariety(
        "end_fragment",
        'the stray "-EndFragment--&gt;" before the table',
        "CONFIRMED (real January 2026 imports page)",
        (("14", "2026-01"), ("13", "2026-01")),
        "-EndFragment--&gt;",
    ),
    BulletinVariety(
        "january_february_2020",
        'no January 2020 page; February\'s tables cover January-February, headed "1 to 2"',
        "CONFIRMED for (13) by a peer's notes; INFERRED for the other tables",
        (("13", "2020-02"), ("2", "2020-02")),
        "1 to 2",
    ),
    BulletinVariety(
        "plain_file_names",
        'spreadsheets named "2022-01_M133USD.xls" before 2025, with the Chinese table name from 2025',
        "CONFIRMED (real January 2022 and June 2025 pages); INFERRED: the year of the change",
        (("13", "2022-01"), ("5", "2021-03")),
        "USD.xls'",
    ),
)
