"""The end of a run, on the one path ``customs-wh refresh`` and the DAGs share.

:func:`finish_run` records how a refresh ended in ``ops.runs`` (``failed``, once, when it did
not publish: the publish stage records ``published`` itself) and sends the run's one message
per channel (``digest``): the published notice or why it stopped, then every alert the run
raised, briefly. The command line calls it when its refresh returns or fails; the refresh DAG
calls it from its last task, which runs whatever happened before it (a teardown), so alerts
recorded by separate task processes are told together; the report and export DAGs call it the
same way for their own runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from customs_wh.config import Settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import alerts, digest, lock, mutes, publication
from customs_wh.warehouse import db, runs
from customs_wh.warehouse.published import tables
from customs_wh.words import one_line

log = logging.getLogger(__name__)

_ALERT_COLUMNS = (
    "run_id, release, check_name, severity, observed, expected, message, raised_at, alert_id, "
    "stops_run, muted_by, muted_reason"
)
REASON_CHARS = 300


@dataclass(frozen=True)
class Finished:
    outcome: str | None  # digest.PUBLISHED | STOPPED | FINISHED; None: the run did nothing to tell
    delivery: alerts.Delivery | None


def finish_run(
    settings: Settings,
    run_id: str,
    *,
    refresh: bool = True,
    failure: str | None = None,
    started: bool = True,
    what: str = "run",
    report: Path | None = None,
    report_failed: bool = False,
) -> Finished:
    """Record the end of ``run_id`` and send its one message. Never raises.

    ``refresh``: a run of the monthly refresh (False: of another DAG, which has no ``ops.runs``
    row). ``failure``: why it stopped, when the caller knows (the command line); otherwise the
    first alert that stopped it says. ``started``: False when it never got to write (another
    writer held the home), so the build database is not read. ``report``: where the run's
    report is, for the published notice (``report_failed``: its build failed).
    """
    journal = alerts.take_journal(settings, run_id)
    record: runs.RunRecord | None = None
    stored: list[Alert] = []
    notes = list(mutes.load_rules(settings).problems)
    if started:
        try:
            record, stored = _record_end(settings, run_id, refresh, failure, journal)
        except Exception as exc:  # noqa: BLE001 - the message must still go out
            notes.append(f"the run's record in {settings.build_db} could not be read: {one_line(exc)}")
            log.error("run %s: %s", run_id, notes[-1])
    told = _merge(stored, journal)
    outcome = _outcome(refresh, record, failure, told)
    if outcome is None:
        return Finished(None, None)
    notice = None
    if outcome == digest.PUBLISHED and settings.publish_notice:
        notice = publication.notice_message(settings, report, report_failed=report_failed)
    end = digest.RunEnd(
        run_id=run_id,
        outcome=outcome,
        what=what,
        reason=_reason(failure, record, told) if outcome == digest.STOPPED else None,
        notice=notice,
        alerts=told,
        notes=tuple(notes),
    )
    if not digest.should_send(end):
        log.info("run %s %s; nothing to tell", run_id, outcome)
        return Finished(outcome, None)
    message = digest.compose(end)
    log.info("%s", one_line(message.text))
    return Finished(outcome, alerts.send(settings, message))


def _record_end(
    settings: Settings, run_id: str, refresh: bool, failure: str | None, journal: list[Alert]
) -> tuple[runs.RunRecord | None, list[Alert]]:
    """The run's row (marked failed first when it did not publish) and its alerts in ops.alerts."""
    if not settings.build_db.exists():
        return None, []
    if not refresh:
        # Opened as every stage opens it: a process (``airflow dags test``) may hold it already,
        # and DuckDB refuses a second connection of another mode in one process.
        with db.connect(settings.build_db) as con:
            return None, _stored_alerts(con, run_id)
    with lock.home_lock(settings, f"the end of run {run_id}"), db.connect(settings.build_db) as con:
        record = runs.read_run(con, run_id)
        stored = _stored_alerts(con, run_id)
        if record is not None and record.status == runs.RUNNING:
            runs.record_failed(con, run_id, _reason(failure, record, _merge(stored, journal)))
            record = runs.read_run(con, run_id)
    return record, stored


def _stored_alerts(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Alert]:
    if "alerts" not in tables(con, "ops"):
        return []
    rows = con.execute(
        f"select {_ALERT_COLUMNS} from ops.alerts where run_id = ? order by raised_at, alert_id", [run_id]
    ).fetchall()
    names = [name.strip() for name in _ALERT_COLUMNS.split(",")]
    return [Alert(**{**dict(zip(names, row, strict=True)), "stops_run": bool(row[9])}) for row in rows]


def _merge(stored: list[Alert], journal: list[Alert]) -> list[Alert]:
    """The run's alerts from the database and from this process's memory, each once, oldest first."""
    merged = {alert.alert_id: alert for alert in journal}
    merged.update({alert.alert_id: alert for alert in stored})
    return sorted(merged.values(), key=lambda alert: (alert.raised_at, alert.alert_id))


def _outcome(refresh: bool, record: runs.RunRecord | None, failure: str | None, told: list[Alert]) -> str | None:
    if not refresh:
        return digest.FINISHED if told else None
    if record is not None and record.status == runs.PUBLISHED:
        return digest.PUBLISHED
    if record is None and failure is None and not any(alert.severity == "critical" for alert in told):
        # Never started to write and nothing stopped it: a skipped run (January's) tells nothing,
        # one that raised warnings only tells them.
        return digest.FINISHED if told else None
    return digest.STOPPED


def _reason(failure: str | None, record: runs.RunRecord | None, told: list[Alert]) -> str:
    if failure:
        return failure
    if record is not None and record.status == runs.FAILED and record.summary:
        return record.summary
    stopping = [alert for alert in told if alert.stops_run] or [a for a in told if a.severity == "critical"]
    if stopping:
        first = stopping[0]
        where = f"{first.release}: " if first.release else ""
        return digest.shorten(f"{where}{first.check_name}: {first.observed}", REASON_CHARS)
    return "a task failed without an alert of its own; see its log"
