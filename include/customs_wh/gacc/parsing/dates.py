"""The publication date a release page prints (div.atcl-date), read with the month it reports.

GACC prints "2026/04/08" today and, on 2018-era pages, a slash date with the year last whose
day and month come in either order ("03/08/2018" on the January 2018 page, "06/10/2019" on
the May 2019 one). The order is never guessed: of the readings, the one that falls in the
window below after the month the page reports is taken; none, or two, and the page is
rejected.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from customs_wh.gacc.parsing.text import PageProblem, normalise_text

# When GACC publishes a month's figures: the Preliminary Release 7 to 20 days after the month
# ends, the Monthly Bulletin around the 18th of the next month, and the English pages are
# sometimes stamped weeks later still (the January 2026 bulletin table is stamped 2026/04/08,
# 67 days after January). Fifteen weeks after the month's last day covers all of these and is
# still short enough to tell "06/10/2019" (10 June, 11 days after May) from 6 October (129 days).
PUBLICATION_WINDOW_DAYS = (1, 105)

_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$", re.ASCII)
_YEAR_LAST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def publication_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day a page reporting ``year``-``month`` may be stamped with."""
    end = month_end(year, month)
    first, last = PUBLICATION_WINDOW_DAYS
    return end + dt.timedelta(days=first), end + dt.timedelta(days=last)


def date_readings(text: str) -> list[dt.date]:
    """Every date the printed text can mean: one for "2026/04/08", up to two for "03/08/2018"."""
    stripped = normalise_text(text)
    year_first = _YEAR_FIRST.match(stripped)
    year_last = _YEAR_LAST.match(stripped)
    if year_first:
        candidates = [(int(year_first.group(1)), int(year_first.group(2)), int(year_first.group(3)))]
    elif year_last:
        first, second, year = (int(part) for part in year_last.groups())
        candidates = [(year, first, second), (year, second, first)]  # month first, then day first
    else:
        candidates = []
    readings = []
    for year, month, day in candidates:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date not in readings:
            readings.append(date)
    if not readings:
        raise PageProblem(f"publication date {stripped!r} is not a date like 2026/04/08")
    return readings


def read_publication_date(text: str, year: int, month: int, period_text: str) -> str:
    """The ISO date of a page reporting ``year``-``month`` (``period_text`` names it in reasons)."""
    readings = date_readings(text)
    first, last = publication_window(year, month)
    fitting = [date for date in readings if first <= date <= last]
    if len(fitting) == 1:
        return fitting[0].isoformat()
    shown = " or ".join(date.isoformat() for date in readings)
    if fitting:
        raise PageProblem(
            f"publication date {normalise_text(text)!r} is ambiguous: {shown} both fall within "
            f"{PUBLICATION_WINDOW_DAYS[1]} days after {period_text}"
        )
    if all(date <= month_end(year, month) for date in readings):
        raise PageProblem(f"publication date {shown} is not after the reference month {period_text}")
    raise PageProblem(
        f"publication date {shown} is more than {PUBLICATION_WINDOW_DAYS[1]} days after {period_text}, "
        f"later than GACC publishes"
    )


def years_fitting(text: str, month: int) -> list[int]:
    """The years whose ``month`` this printed date can be the publication date of (for a page
    that names its month but not its year)."""
    years = []
    for date in date_readings(text):
        for year in (date.year - 1, date.year):
            first, last = publication_window(year, month)
            if first <= date <= last and year not in years:
                years.append(year)
    return years
