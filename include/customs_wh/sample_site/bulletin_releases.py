"""The Monthly Bulletin's pages: which tables for which months, their titles, URLs and dates.

CONFIRMED (docs/real-site-notes.md 10.1): 19 index rows, labelled verbatim below; every table has a
page a month, January included (unlike the 2026 Preliminary Release); titles are the row's label,
a comma and the period, no space (",6.2026"; the year-to-date tables ",1-7.2026"); pages are stamped
on no fixed day (January 2026's table (2) on 2026/04/08, its table (14) on 2026/02/06, June's table
(2) on 2026/07/22, July's table (13) on 2026/08/18, January 2022's (13) on 2022/03/18, June 2025's
(13) on 2025/09/19), around the calendar's Bulletin day, the 18th, now and then months later.
CONFIRMED by a peer's notes (finance-site parseCommodityTable.ts): 2020 had no January tables, the
February tables covering January-February ("1 to 2").
ASSUMED: which tables title their period "1-M" (the commodity tables, as the real ones, and the
other year-to-date-only tables below); the stamps of the other pages (the 18th or a few days
after, a few months late now and then).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from customs_wh.sample_site.calibration import SEED
from customs_wh.sample_site.conventions import has_release, printed_date, publication_date
from customs_wh.sample_site.months import month_range, parse_month, shift_month

INDEX_LABELS: dict[str, str] = {
    "1A": "（1）Summary of Imports and Exports  (In USD) A： Annually",
    "1B": "（1）Summary of Imports and Exports  (In USD) B：Monthly",
    "2": "（2）Imports and Exports by Country （Region） of Origin/Destination",
    "3": "（3）Composition of Imports and Exports by Section and Division",
    "4": "（4）Imports and Exports by HS Section and Division",
    "5": "（5）Imports and Exports by Customs Regime",
    "6": "（6）Exports by Type Enterprise and by Customs Regime",
    "7": "（7）Imports by Type Enterprise and by Customs Regime",
    "8": "（8）Imports and Exports by Location of Importers/Exporters",
    "9": "（9）Imports and Exports by Location of Domestic Consumers/Producers",
    "10": "（10）Imports and Exports by Customs Districts",
    "11": "（11）Imports and Exports by Specific Areas",
    "12": "（12）Imports and Exports by Foreign-Invested Enterprises",
    "13": "（13）Major Export Commodities in Quantity and Value",
    "14": "（14）Major Import Commodities in Quantity and Value",
    "15": "（15）Exports by Selected Countries (Regions) and by HS Divisions",
    "16": "（16）Imports by Selected Countries (Regions) and by HS Divisions",
    "17": "（17）Exports of Selected Commodities by Major Customs Regimes",
    "18": "（18）Imports of Selected Commodities by Major Customs Regimes",
}
BULLETIN_TABLES: tuple[str, ...] = tuple(INDEX_LABELS)
# Tables whose title names the period "1-M" (CONFIRMED for (13)/(14) and for (6)/(7), ",1-7.2023",
# ",1-11.2019"; ASSUMED for the others, which print January-to-month figures only, as (8)'s hand-typed
# peer test does).
# (17)/(18) title the month alone (",12. 2019", ",7.2019": CONFIRMED, the real (18) pages' text).
YEAR_TO_DATE_TITLES = frozenset({"6", "7", "8", "9", "13", "14", "15", "16"})
# The real (18) pages title themselves "Import of Selected Commodities …" where the index says "Imports
# of" (CONFIRMED, 7, 11 and 12.2019); (17) ASSUMED alike ("Export of").
TITLE_WORDING: dict[str, tuple[str, str]] = {"17": ("Exports of", "Export of"), "18": ("Imports of", "Import of")}


def title_label(table: str) -> str:
    """The label a table's page title prints before its period."""
    label = INDEX_LABELS[table]
    if table in TITLE_WORDING:
        label = label.replace(*TITLE_WORDING[table])
    return label


# Tables whose January title is ",1-1.YYYY" before 2026 and ",1.2026" in 2026 (CONFIRMED: (13) 1-1.2022,
# (14) 1.2026; (7) 1-1.2018, (6) 1-1.2023, (7) 1.2026).
COMMODITY_TABLES = frozenset({"13", "14"})
JANUARY_AS_ONE_TO_ONE = COMMODITY_TABLES | {"6", "7"}
COMBINED_FEBRUARY = "2020-02"  # January-February 2020 in one table
KNOWN_STAMPS: dict[tuple[str, str], dt.date] = {
    ("2", "2026-01"): dt.date(2026, 4, 8),
    ("14", "2026-01"): dt.date(2026, 2, 6),
    ("2", "2026-06"): dt.date(2026, 7, 22),
    ("13", "2026-07"): dt.date(2026, 8, 18),
    ("13", "2025-06"): dt.date(2025, 9, 19),  # three months after the month's Bulletin day
    ("13", "2022-01"): dt.date(2022, 3, 18),
}
LATE_STAMP_PROBABILITY = 0.02
PAGE_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "customs-wh/sample-site/monthly-bulletin")


def has_bulletin(month: str) -> bool:
    return month != "2020-01"


def covers_from(month: str) -> int:
    """The first month a page's "month" columns cover: 1 for January-February 2020, else the month."""
    return 1 if month == COMBINED_FEBRUARY else parse_month(month)[1]


def period_text(table: str, month: str) -> str:
    """ ",6.2026", ",1-7.2026"; the commodity and enterprise tables' Januaries ",1-1.2022" before 2026 and
    ",1.2026" in 2026 (CONFIRMED on the real pages of both)."""
    year, number = parse_month(month)
    first = covers_from(month)
    if first < number or (table in YEAR_TO_DATE_TITLES and number > 1):
        return f"1-{number}.{year}"
    if table in JANUARY_AS_ONE_TO_ONE and year < 2026:
        return f"1-1.{year}"
    return f"{number}.{year}"


@dataclass(frozen=True)
class BulletinPage:
    table: str  # "1A", "1B", "2" ... "18"
    reference_month: str

    @property
    def key(self) -> str:
        return f"{self.reference_month}/bulletin/{self.table}"

    @property
    def page_path(self) -> str:
        return f"/Statics/{uuid.uuid5(PAGE_UUID_NAMESPACE, self.key)}.html"

    @property
    def year(self) -> int:
        return parse_month(self.reference_month)[0]

    @property
    def month_number(self) -> int:
        return parse_month(self.reference_month)[1]

    @property
    def is_january(self) -> bool:
        """A January table: the month is the year to date, so no cumulative columns."""
        return self.month_number == 1

    @property
    def title(self) -> str:
        return f"{title_label(self.table)},{period_text(self.table, self.reference_month)}"

    @property
    def published_on(self) -> dt.date:
        known = KNOWN_STAMPS.get((self.table, self.reference_month))
        if known is not None:
            return known
        rng = random.Random(f"{SEED}:bulletin-stamp:{self.table}:{self.reference_month}")
        year, number = parse_month(shift_month(self.reference_month, 1))
        stamp = dt.date(year, number, 18) + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 3, 4, 6)))
        if rng.random() < LATE_STAMP_PROBABILITY:
            stamp += dt.timedelta(days=rng.randint(45, 90))  # posted months after the release
        return stamp

    @property
    def printed_date(self) -> str:
        return printed_date(self.reference_month, self.published_on)


def bulletin_months(first_month: str, last_month: str) -> list[str]:
    return [month for month in month_range(first_month, last_month) if has_bulletin(month)]


def newest_preliminary(last_month: str) -> str:
    """The newest month with a Preliminary Release of its own up to ``last_month``: a January of
    2020-2025 comes out with February, so a site ending there stands at December's release."""
    month = last_month
    while not has_release(month):
        month = shift_month(month, -1)
    return month


def bulletin_pages(first_month: str, last_month: str, bulletin_lag_months: int) -> list[BulletinPage]:
    """Every Bulletin page of a build: all tables for each month up to the newest Bulletin, but
    those stamped after the build's newest release (its newest Preliminary Release). A page
    GACC posts months late is not on the site before its stamp: its month is a plain ``<span>``
    in the index until then, as on the real index."""
    newest = shift_month(last_month, -bulletin_lag_months)
    site_date = publication_date(newest_preliminary(last_month), "preliminary")
    pages = (
        BulletinPage(table, month)
        for month in bulletin_months(first_month, min(last_month, newest))
        for table in BULLETIN_TABLES
    )
    return [page for page in pages if page.published_on <= site_date]
