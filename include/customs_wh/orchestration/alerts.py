"""Alerts and notices, and the one path that sends both.

An alert (a failed gate, a rejected page, a failed task) becomes an ``ops.alerts`` row; every
alert and every "published" notice then goes out through the same channels, each only when
configured (README: Configuration):

* a Slack-compatible webhook: one POST of ``{"text": ...}`` per message (httpx, retried);
* e-mail: one message per batch through the relay, with STARTTLS or implicit TLS and a login,
  sent by apprise (a maintained notification library) rather than by hand-written SMTP code.

Alerting runs while something else has already gone wrong, so delivery problems are logged
on ``customs_wh.orchestration.alerts`` and never raised: the original failure stays the one
the caller sees.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import duckdb
import httpx

from customs_wh.config import SMTP_TLS_PORTS, Settings
from customs_wh.contracts import Alert
from customs_wh.warehouse import db

log = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_RETRIES = 2  # attempts after the first one
WEBHOOK_BACKOFF_S = (0.25, 1.0)
SMTP_TIMEOUT_S = 10.0
DEFAULT_EMAIL_FROM = "customs-wh@localhost"
# apprise's names for the ways of reaching the relay (ALERT_SMTP_TLS values are ours).
APPRISE_SMTP_MODES = {"starttls": "starttls", "ssl": "ssl", "none": "insecure"}


@dataclass(frozen=True)
class Message:
    """What every channel carries: a subject (e-mail), one paragraph (webhook), details (e-mail body)."""

    subject: str
    text: str
    details: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Delivery:
    """Which configured channels took the messages (None: the channel is not configured)."""

    webhook: bool | None = None
    email: bool | None = None

    @property
    def ok(self) -> bool:
        return self.webhook is not False and self.email is not False


def alert_message(alert: Alert) -> Message:
    return Message(
        subject=alert.subject,
        text=alert.text,
        details=(
            f"release:   {alert.release or '-'}",
            f"check:     {alert.check_name}",
            f"severity:  {alert.severity}",
            f"observed:  {alert.observed}",
            f"expected:  {alert.expected}",
            f"run:       {alert.run_id or '-'}",
            f"raised at: {alert.raised_at:%Y-%m-%d %H:%M:%S} UTC",
        ),
    )


# --- ops.alerts ---------------------------------------------------------------------


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


# --- the webhook ----------------------------------------------------------------------


def post_webhook(url: str, text: str, *, client: httpx.Client | None = None) -> bool:
    """POST ``{"text": ...}``; retried twice on network errors, 429 and 5xx. False (logged) on failure."""
    last_error = ""
    own_client = client is None
    client = client or httpx.Client(timeout=WEBHOOK_TIMEOUT_S)
    attempt = 0
    try:
        for attempt in range(WEBHOOK_RETRIES + 1):
            try:
                response = client.post(url, json={"text": text})
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
    log.error("webhook %s failed after %d attempt(s): %s (message: %s)", url, attempt + 1, last_error, text)
    return False


# --- e-mail -----------------------------------------------------------------------------


def email_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host and settings.alert_email_to)


def mail_url(settings: Settings) -> str:
    """The apprise URL of the relay: ``mailtos://user:password@host:port?mode=starttls&from=...&to=...``.

    Raises ValueError for an ALERT_SMTP_TLS that is not starttls, ssl or none: mail is then not
    sent at all rather than sent less safely than configured.
    """
    mode = APPRISE_SMTP_MODES.get(settings.smtp_tls)
    if mode is None:
        raise ValueError(f"ALERT_SMTP_TLS={settings.smtp_tls!r} is not one of {', '.join(SMTP_TLS_PORTS)}")
    login = ""
    if settings.smtp_user:
        login = urllib.parse.quote(settings.smtp_user, safe="")
        if settings.smtp_password:
            login += ":" + urllib.parse.quote(settings.smtp_password, safe="")
        login += "@"
    host = settings.smtp_host or ""
    host = f"[{host}]" if ":" in host else host  # an IPv6 address
    query = urllib.parse.urlencode(
        {
            "mode": mode,
            "from": settings.alert_email_from or DEFAULT_EMAIL_FROM,
            "to": settings.alert_email_to or "",
            "cto": SMTP_TIMEOUT_S,
            "format": "text",
        }
    )
    scheme = "mailto" if mode == "insecure" else "mailtos"
    return f"{scheme}://{login}{host}:{settings.smtp_port}?{query}"


def email_body(messages: Sequence[Message]) -> tuple[str, str]:
    """Subject and body of the one e-mail that carries a batch of messages."""
    more = len(messages) - 1
    subject = messages[0].subject + (f" (and {more} more)" if more else "")
    parts = []
    for message in messages:
        parts.append("\n".join([message.text, "", *message.details]).rstrip())
    return subject, "\n\n---\n\n".join(parts) + "\n"


def _without_secret(text: str, secret: str | None) -> str:
    if not secret:
        return text
    return text.replace(secret, "***").replace(urllib.parse.quote(secret, safe=""), "***")


@contextlib.contextmanager
def _apprise_log() -> Iterator[io.StringIO]:
    """apprise's own log, DEBUG and up, kept from the process's handlers while it sends.

    apprise reports a failed delivery by its return value and logs the reason only at DEBUG;
    the reason belongs in our error line, its chatter in no log.
    """
    logger = logging.getLogger("apprise")
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield captured
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _failure_reason(log_text: str) -> str:
    reasons = [
        line.split(" - ", 1)[-1]
        for line in log_text.splitlines()
        if line.startswith(("WARNING", "ERROR")) or "Exception" in line
    ]
    return "; ".join(reasons[-3:]) or "the relay refused the message"


def send_email(settings: Settings, messages: Sequence[Message]) -> bool:
    """One e-mail with every message of the batch to ``ALERT_EMAIL_TO``; False (logged) on failure.

    The relay's certificate is verified against the system's trust store (``SSL_CERT_FILE``
    names another bundle, for a relay with a private CA).
    """
    if not (email_configured(settings) and messages):
        return False
    import apprise  # imported here: only runs that send mail pay for it

    where = f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_tls}) to {settings.alert_email_to}"
    try:
        url = mail_url(settings)
    except ValueError as exc:
        log.error("e-mail via %s not sent: %s (message: %s)", where, exc, messages[0].text)
        return False
    subject, body = email_body(messages)
    sender = apprise.Apprise()
    with _apprise_log() as captured:
        added = sender.add(url)
        sent = bool(added) and bool(sender.notify(title=subject, body=body, body_format=apprise.NotifyFormat.TEXT))
    if sent:
        return True
    reason = _without_secret(_failure_reason(captured.getvalue()), settings.smtp_password)
    log.error("e-mail via %s failed: %s (message: %s)", where, reason, messages[0].text)
    return False


# --- the sending path ---------------------------------------------------------------------


def deliver(settings: Settings, messages: Sequence[Message]) -> Delivery:
    """Send messages through every configured channel: a webhook post each, one e-mail for all.

    Never raises: a channel that cannot be reached is logged and reported as False.
    """
    if not messages:
        return Delivery()
    webhook: bool | None = None
    email: bool | None = None
    if settings.alert_webhook_url:
        with httpx.Client(timeout=WEBHOOK_TIMEOUT_S) as client:
            results = [post_webhook(settings.alert_webhook_url, m.text, client=client) for m in messages]
        webhook = all(results)
    if email_configured(settings):
        try:
            email = send_email(settings, messages)
        except Exception as exc:  # noqa: BLE001 - a broken mail library must not hide what is being reported
            log.error("e-mail failed: %s: %s", type(exc).__name__, exc)
            email = False
    return Delivery(webhook=webhook, email=email)


def raise_alerts(settings: Settings, alerts: Iterable[Alert], con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Record every alert in one transaction, then send them. Never raises on delivery.

    Pass the caller's open ``con`` on ``build.duckdb`` when it has one: DuckDB allows one
    writer process per file, so opening a second connection here would wait on ourselves.
    """
    batch = list(alerts)
    if not batch:
        return
    for alert in batch:
        (log.error if alert.severity == "critical" else log.warning)("%s", alert.text)
    record_alerts(settings, batch, con)
    deliver(settings, [alert_message(alert) for alert in batch])


def raise_alert(settings: Settings, alert: Alert, *, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """One alert: ``ops.alerts`` row, webhook post, e-mail (each when configured)."""
    raise_alerts(settings, [alert], con=con)


def send_notice(settings: Settings, message: Message) -> Delivery:
    """A notice (not an alert: no ``ops.alerts`` row) through the same channels, unless switched off."""
    if not settings.publish_notice:
        log.info("notice not sent (ALERT_PUBLISH_NOTICE is off): %s", message.text)
        return Delivery()
    log.info("%s", message.text)
    return deliver(settings, [message])
