"""The words every layer writes alike, each written once: an exception in one line, the English
month names, the "YYYY-MM" form of a month, and the dashes GACC prints. Every layer may import
this module; it imports nothing of the package.

Month names are a fixed English table, not the calendar module: ``calendar.month_abbr`` follows
the process locale ("Mär" under de_DE), and GACC prints English whatever the reader's locale.
"""

from __future__ import annotations

import re

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(name[:3] for name in MONTH_NAMES)

# A month as the package writes it everywhere ("2025-06"): a release's reference month, a
# refresh's --from and --through, a period's start and end. A regular expression (for the
# command line and for the gates' Great Expectations checks), ASCII digits only.
MONTH_NUMBER_PATTERN = "(?:0[1-9]|1[0-2])"
YEAR_MONTH_PATTERN = rf"^[0-9]{{4}}-{MONTH_NUMBER_PATTERN}$"
_YEAR_MONTH = re.compile(YEAR_MONTH_PATTERN)

# The dashes GACC prints: a hyphen, the Unicode hyphens and dashes, and the full-width hyphen-minus.
# In a figure's cell a dash means "not printed"; between two months or numbers it makes a range
# ("January–February", "1-3"), and so does a tilde ("1~3").
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\uff0d"
RANGE_DASHES = DASHES + "~"


def is_month(text: object) -> bool:
    """Whether ``text`` is a month written "YYYY-MM" ("2025-06"; not "2025-6" or "2025-13")."""
    return isinstance(text, str) and _YEAR_MONTH.fullmatch(text) is not None


def one_line(what: BaseException | str) -> str:
    """An exception (or a message) as one line for an alert, a log line or an error message: its
    first line, runs of whitespace made one space; an exception with no text is named by its type.

    The first line, not all of them: DuckDB and others add context lines ("LINE 1: ...") after
    the sentence that says what went wrong.
    """
    text = " ".join((str(what).splitlines() or [""])[0].split())
    if text or isinstance(what, str):
        return text
    return type(what).__name__
