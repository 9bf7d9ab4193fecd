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

# Days after the reference month's last day within which GACC stamps a page, by the index that
# lists it. The Preliminary Release comes out 7 to 20 days after the month (the 2025 calendar:
# the 7th to the 14th) and its English page can lag (January 2018's was stamped 8 March, 36 days
# on); the Monthly Bulletin around the 18th of the next month, its English pages weeks later still
# (January 2026's bulletin was stamped 2026/04/08, 67 days on). Bounds this tight also tell a
# day-first date from a month-first one: "06/10/2019" on the May 2019 page is 10 June (10 days),
# not 6 October; of a preliminary date's two readings, the other lies 36 days or more on.
PUBLICATION_WINDOWS: dict[str | None, tuple[int, int]] = {
    "preliminary": (1, 36),
    "monthly_bulletin": (14, 70),
    None: (1, 70),  # a page read without its index (a saved page on its own): either kind
}

_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$", re.ASCII)
_YEAR_LAST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def publication_window(year: int, month: int, release_kind: str | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a page reporting ``year``-``month`` may be stamped with."""
    end = month_end(year, month)
    first, last = PUBLICATION_WINDOWS.get(release_kind, PUBLICATION_WINDOWS[None])
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


def read_publication_date(text: str, year: int, month: int, period_text: str, release_kind: str | None = None) -> str:
    """The ISO date of a page reporting ``year``-``month`` (``period_text`` names it in reasons),
    listed by the ``release_kind`` index (None: not known)."""
    readings = date_readings(text)
    first, last = publication_window(year, month, release_kind)
    days = (last - month_end(year, month)).days
    fitting = [date for date in readings if first <= date <= last]
    if len(fitting) == 1:
        return fitting[0].isoformat()
    shown = " or ".join(date.isoformat() for date in readings)
    if fitting:
        raise PageProblem(
            f"publication date {normalise_text(text)!r} is ambiguous: {shown} both fall within "
            f"{days} days after {period_text}"
        )
    if all(date <= month_end(year, month) for date in readings):
        raise PageProblem(f"publication date {shown} is not after the reference month {period_text}")
    if all(date < first for date in readings):
        raise PageProblem(f"publication date {shown} is earlier after {period_text} than GACC publishes")
    raise PageProblem(
        f"publication date {shown} is more than {days} days after {period_text}, later than GACC publishes"
    )


def years_fitting(text: str, month: int, release_kind: str | None = None) -> list[int]:
    """The years whose ``month`` this printed date can be the publication date of (for a page
    that names its month but not its year)."""
    years = []
    for date in date_readings(text):
        for year in (date.year - 1, date.year):
            first, last = publication_window(year, month, release_kind)
            if first <= date <= last and year not in years:
                years.append(year)
    return years
