"""The one wall clock of the package: every "now" and "today" is read here and nowhere else.

Run ids, timestamps in the ops tables, the months a refresh may ask for, when a release is
overdue and what the report says it was built at all come from :func:`now`. Tests pin it
with time-machine, which moves this clock (and every process-local reader of the time) to a
chosen instant; ``tests/repository/test_clock.py`` keeps every other module from reading the time itself.
Durations (deadlines, elapsed seconds) are measured on ``time.monotonic``, which is not a
wall clock and is not read through here.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current instant, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """The current instant as a naive UTC timestamp: what the ops tables' TIMESTAMP columns hold."""
    return now().replace(tzinfo=None)


def today() -> dt.date:
    """Today's date in UTC."""
    return now().date()


def current_month() -> str:
    """The current month, "YYYY-MM", in UTC."""
    return f"{now():%Y-%m}"
