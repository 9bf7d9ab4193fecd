"""The alerts as people and scripts read them (``customs-wh alerts``, ``--json``).

The gates record what they observed as ``"N failing: row; row; ... (+k more)"``; this module
splits that back into rows so a terminal can show a few of them, shortened, and a script can
get all of them. Alerts are read from ``build.duckdb`` (every run's, up to now), or from the
published warehouse's copy while a refresh holds build.duckdb.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb

from customs_wh.config import Settings
from customs_wh.warehouse.published import columns, open_published, tables

_FAILING = re.compile(r"^(?P<count>\d+) failing: (?P<rows>.*?)(?: \(\+(?P<more>\d+) more\))?$", re.DOTALL)
LINE_MAX = 160  # characters of one row (or of an observation that is not rows) in the terminal


class NoAlertsYet(RuntimeError):
    """Nothing has run under this home yet."""


class AlertsBusy(RuntimeError):
    """A refresh holds build.duckdb and nothing is published yet to read the alerts from."""


@dataclass(frozen=True)
class AlertView:
    raised_at: dt.datetime
    severity: str
    release: str | None
    check_name: str
    observed: str | None
    expected: str | None
    message: str
    run_id: str | None
    alert_id: str
    muted_by: str | None = None  # the mute rule that kept it out of the run's message
    muted_reason: str | None = None
    failing_count: int | None = None  # how many rows failed, when the observation lists rows
    failing_rows: list[str] = field(default_factory=list)  # the rows the alert quotes

    def to_json(self) -> dict:
        return {
            "raised_at": self.raised_at.isoformat(),
            "severity": self.severity,
            "release": self.release,
            "check": self.check_name,
            "observed": self.observed,
            "expected": self.expected,
            "failing_count": self.failing_count,
            "failing_rows": self.failing_rows,
            "message": self.message,
            "run_id": self.run_id,
            "alert_id": self.alert_id,
            "muted_by": self.muted_by,
            "muted_reason": self.muted_reason,
        }


def split_observed(observed: str | None) -> tuple[int | None, list[str]]:
    """("3 failing: a=1; b=2 (+1 more)") -> (3, ["a=1", "b=2"]); other text -> (None, [])."""
    match = _FAILING.match((observed or "").strip())
    if not match:
        return None, []
    rows = [row.strip() for row in match["rows"].split("; ") if row.strip()]
    return int(match["count"]), rows


def shorten(text: str, limit: int = LINE_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def observed_lines(view: AlertView, rows_shown: int) -> list[str]:
    """What the terminal prints for "observed": the first rows, one a line, and how many are left out."""
    if view.failing_count is None:
        return [shorten(view.observed or "-", LINE_MAX * 2)]
    lines = [f"{view.failing_count} failing row(s):"]
    lines += [f"  {shorten(row)}" for row in view.failing_rows[:rows_shown]]
    left = view.failing_count - min(rows_shown, len(view.failing_rows))
    if left > 0:
        lines.append(f"  ... and {left} more (customs-wh alerts --json lists every row it quotes)")
    return lines


_SQL = """
select raised_at, severity, release, check_name, observed, expected, message, run_id, alert_id, {muted}
from ops.alerts
{where}
order by raised_at desc, alert_id desc
limit ?
"""


def _views(con: duckdb.DuckDBPyConnection, limit: int, run_id: str | None, muted: bool) -> list[AlertView]:
    if "alerts" not in tables(con, "ops"):
        return []
    # Warehouses and build databases from before mute rules have no mute columns: nothing is muted there.
    has_mutes = "muted_by" in columns(con, "ops", "alerts")
    conditions, params = [], []
    if run_id:
        conditions.append("run_id = ?")
        params.append(run_id)
    if not muted and has_mutes:
        conditions.append("muted_by is null")
    where = f"where {' and '.join(conditions)}" if conditions else ""
    select_muted = "muted_by, muted_reason" if has_mutes else "null, null"
    views = []
    for row in con.execute(_SQL.format(where=where, muted=select_muted), [*params, limit]).fetchall():
        count, rows = split_observed(row[4])
        raised_at, severity, release, check_name, observed, expected, message, run, alert_id, muted_by, why = row
        views.append(
            AlertView(
                raised_at,
                severity,
                release,
                check_name,
                observed,
                expected,
                message,
                run,
                alert_id,
                muted_by,
                why,
                failing_count=count,
                failing_rows=rows,
            )
        )
    return views


def read_alerts(
    settings: Settings, limit: int, run_id: str | None = None, *, muted: bool = True
) -> tuple[list[AlertView], str | None]:
    """The newest alerts (without the muted ones when ``muted`` is False), and a note when they
    come from the published copy (a refresh holds build.duckdb)."""
    if settings.build_db.exists():
        try:
            con = duckdb.connect(str(settings.build_db), read_only=True)
        except duckdb.IOException:
            con = None  # a refresh holds it; the published warehouse has the alerts up to its publish
        if con is not None:
            try:
                return _views(con, limit, run_id, muted), None
            finally:
                con.close()
    if settings.warehouse_db.exists():
        with open_published(settings.warehouse_db) as published:
            note = "a refresh is running: alerts as of the last publish" if settings.build_db.exists() else None
            return _views(published, limit, run_id, muted), note
    if settings.build_db.exists():
        raise AlertsBusy("a refresh is running and nothing is published yet; try again when it ends")
    raise NoAlertsYet(f"no alerts: nothing has run yet under {settings.home}")
