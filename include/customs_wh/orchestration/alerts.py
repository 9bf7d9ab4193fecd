"""Alerts: every failed gate, rejected page or failed task becomes an ``ops.alerts`` row,
a Slack-compatible webhook post and an e-mail (each channel only when configured).

Alerting runs while something else has already gone wrong, so delivery problems are
logged on ``customs_wh.orchestration.alerts`` and never raised: the original failure stays the one the
caller sees.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Iterable, Sequence
from email.message import EmailMessage

import duckdb
import httpx

from customs_wh.config import Settings
from customs_wh.contracts import Alert
from customs_wh.warehouse import db

log = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_RETRIES = 2  # attempts after the first one
WEBHOOK_BACKOFF_S = (0.25, 1.0)
SMTP_TIMEOUT_S = 10.0
DEFAULT_EMAIL_FROM = "customs-wh@localhost"


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
                [
                    a.alert_id,
                    a.run_id,
                    a.release,
                    a.check_name,
                    a.severity,
                    a.observed,
                    a.expected,
                    a.message,
                    a.raised_at,
                ]
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
            settings.smtp_host,
            settings.smtp_port,
            settings.alert_email_to,
            exc,
            alert.text,
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
