"""Alerts: every failed gate, rejected page or failed task becomes an ``ops.alerts`` row,
a Slack-compatible webhook post and an e-mail (each channel only when configured).

Alerting runs while something else has already gone wrong, so delivery problems are
logged on ``customs_wh.alerts`` and never raised: the original failure stays the one the
caller sees.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal

import duckdb
import httpx

from customs_wh import db
from customs_wh.config import Settings

log = logging.getLogger("customs_wh.alerts")

Severity = Literal["critical", "warning"]
SEVERITIES: tuple[str, ...] = ("critical", "warning")

WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_RETRIES = 2  # attempts after the first one
WEBHOOK_BACKOFF_S = (0.25, 1.0)
SMTP_TIMEOUT_S = 10.0
DEFAULT_EMAIL_FROM = "customs-wh@localhost"


def _utcnow() -> dt.datetime:
    # ops.alerts.raised_at is a naive TIMESTAMP holding UTC, like the other ops tables.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Alert:
    """One thing a person should look at (a row of ``ops.alerts``)."""

    run_id: str | None
    release: str | None  # e.g. "2025-06 section 4 USD (preliminary)"; None for run-wide problems
    check_name: str
    severity: Severity
    observed: str | None
    expected: str | None
    message: str
    raised_at: dt.datetime = field(default_factory=_utcnow)
    alert_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"alert severity must be one of {SEVERITIES}, not {self.severity!r}")

    @classmethod
    def now(
        cls,
        *,
        run_id: str | None,
        release: str | None,
        check_name: str,
        severity: Severity,
        observed: Any,
        expected: Any,
        message: str,
    ) -> Alert:
        """An alert raised now; observed/expected are stored as text, as people read them."""
        return cls(
            run_id=run_id,
            release=release,
            check_name=check_name,
            severity=severity,
            observed=None if observed is None else str(observed),
            expected=None if expected is None else str(expected),
            message=message,
        )

    @property
    def subject(self) -> str:
        return f"[customs-wh {self.severity}] {self.release or 'run ' + str(self.run_id)}: {self.check_name} failed"

    @property
    def text(self) -> str:
        """The one message every channel carries: release, check, observed vs expected."""
        where = self.release or f"run {self.run_id}"
        return (
            f"[{self.severity.upper()}] customs-wh {where}: check {self.check_name} failed: "
            f"observed {self.observed}, expected {self.expected}. {self.message}"
            + (f" (run {self.run_id})" if self.run_id and self.release else "")
        )


# --- the channels ---------------------------------------------------------------


def _insert_rows(con: duckdb.DuckDBPyConnection, alerts: Sequence[Alert]) -> None:
    con.execute("begin transaction")
    try:
        con.executemany(
            """
            insert into ops.alerts
                (alert_id, run_id, release, check_name, severity, observed, expected, message, raised_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                [a.alert_id, a.run_id, a.release, a.check_name, a.severity, a.observed, a.expected, a.message, a.raised_at]
                for a in alerts
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def record_alerts(settings: Settings, alerts: Sequence[Alert], con: duckdb.DuckDBPyConnection | None = None) -> bool:
    """Write the alerts to ``ops.alerts`` in one transaction; False (and logged) when that fails."""
    if not alerts:
        return True
    try:
        if con is not None:
            db.ensure_schema(con)
            _insert_rows(con, alerts)
        else:
            with db.connect(settings.build_db) as own:
                _insert_rows(own, alerts)
        return True
    except Exception as exc:  # noqa: BLE001 - alerting must not mask the failure being reported
        log.error("could not record %d alert(s) in %s: %s", len(alerts), settings.build_db, exc)
        return False


def post_webhook(url: str, alert: Alert, *, client: httpx.Client | None = None) -> bool:
    """POST ``{"text": ...}``; retried twice on network errors and 5xx. False (logged) on failure."""
    payload = {"text": alert.text}
    last_error = ""
    own_client = client is None
    client = client or httpx.Client(timeout=WEBHOOK_TIMEOUT_S)
    try:
        for attempt in range(WEBHOOK_RETRIES + 1):
            try:
                response = client.post(url, json=payload)
                if response.status_code < 400:
                    return True
                last_error = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    break  # the receiver refuses this message; retrying will not change that
            except httpx.HTTPError as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            if attempt < WEBHOOK_RETRIES:
                time.sleep(WEBHOOK_BACKOFF_S[min(attempt, len(WEBHOOK_BACKOFF_S) - 1)])
    finally:
        if own_client:
            client.close()
    log.error("alert webhook %s failed after %d attempt(s): %s (alert: %s)", url, attempt + 1, last_error, alert.text)
    return False


def build_email(settings: Settings, alert: Alert) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = alert.subject
    message["From"] = settings.alert_email_from or DEFAULT_EMAIL_FROM
    message["To"] = settings.alert_email_to or ""
    message.set_content(
        "\n".join(
            [
                alert.text,
                "",
                f"release:   {alert.release or '-'}",
                f"check:     {alert.check_name}",
                f"severity:  {alert.severity}",
                f"observed:  {alert.observed}",
                f"expected:  {alert.expected}",
                f"run:       {alert.run_id or '-'}",
                f"raised at: {alert.raised_at:%Y-%m-%d %H:%M:%S} UTC",
            ]
        )
        + "\n"
    )
    return message


def send_email(settings: Settings, alert: Alert) -> bool:
    """Send one alert e-mail via ``ALERT_SMTP_HOST``; False (logged) on failure."""
    if not (settings.smtp_host and settings.alert_email_to):
        return False
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S) as smtp:
            smtp.send_message(build_email(settings, alert))
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.error(
            "alert e-mail via %s:%s to %s failed: %s (alert: %s)",
            settings.smtp_host, settings.smtp_port, settings.alert_email_to, exc, alert.text,
        )
        return False


# --- public entry points ----------------------------------------------------------


def raise_alerts(settings: Settings, alerts: Iterable[Alert], con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Record every alert in one transaction, then post and mail each one. Never raises on delivery.

    Pass the caller's open ``con`` on ``build.duckdb`` when it has one: DuckDB allows one
    writer process per file, so opening a second connection here would wait on ourselves.
    """
    batch = list(alerts)
    if not batch:
        return
    for alert in batch:
        (log.error if alert.severity == "critical" else log.warning)("%s", alert.text)
    record_alerts(settings, batch, con)
    if settings.alert_webhook_url:
        with httpx.Client(timeout=WEBHOOK_TIMEOUT_S) as client:
            for alert in batch:
                post_webhook(settings.alert_webhook_url, alert, client=client)
    if settings.smtp_host and settings.alert_email_to:
        for alert in batch:
            send_email(settings, alert)


def raise_alert(settings: Settings, alert: Alert, *, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """One alert: ``ops.alerts`` row, webhook post, e-mail (each when configured)."""
    raise_alerts(settings, [alert], con=con)


def _task_identity(context: Mapping[str, Any]) -> tuple[str, str, str | None]:
    ti = context.get("task_instance") or context.get("ti")
    dag = context.get("dag")
    dag_id = context.get("dag_id") or getattr(ti, "dag_id", None) or getattr(dag, "dag_id", None) or "unknown_dag"
    task_id = getattr(ti, "task_id", None) or getattr(context.get("task"), "task_id", None) or "unknown_task"
    run_id = context.get("run_id") or getattr(ti, "run_id", None)
    return str(dag_id), str(task_id), None if run_id is None else str(run_id)


def task_failure_alert(context: Mapping[str, Any]) -> Alert:
    """The critical alert for a failed Airflow task (pure: no delivery)."""
    dag_id, task_id, run_id = _task_identity(context)
    exception = context.get("exception")
    reason = (str(exception).splitlines() or [""])[0] if exception is not None else "no exception recorded"
    reason = reason or type(exception).__name__
    return Alert.now(
        run_id=run_id,
        release=None,
        check_name=f"task {dag_id}.{task_id}",
        severity="critical",
        observed=reason,
        expected="task succeeds",
        message=f"task {dag_id}.{task_id} failed: {reason}",
    )


def task_failure_callback(context: Mapping[str, Any]) -> None:
    """Airflow ``on_failure_callback``: a critical alert naming the DAG, the task and the error.

    An exception marked ``alerted`` (a rejected page, a failed gate) has raised its own,
    more precise alerts already. Imports nothing from Airflow; settings come from the
    worker's environment.
    """
    if getattr(context.get("exception"), "alerted", False):
        return
    try:
        from customs_wh.config import load_settings

        raise_alert(load_settings(), task_failure_alert(context))
    except Exception:  # noqa: BLE001 - a failing callback must not hide the task's own failure
        log.exception("could not raise the alert for a failed task")
