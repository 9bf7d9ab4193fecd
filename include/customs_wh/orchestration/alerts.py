"""Alerts: recorded when raised, told once per run.

An alert (a failed gate, a rejected page, a failed task) becomes an ``ops.alerts`` row the
moment it is raised (:func:`record_alerts`), after the mute rules have had their say
(``mutes``: a muted alert is recorded with its rule, never dropped). Nothing is sent then:
at the run's end ``run_end`` composes one message of everything the run raised, with the
"published" notice when it published (``digest``), and :func:`send` carries it through every
configured channel (README: Configuration):

* a Slack-compatible webhook: one POST of ``{"text": ...}`` (httpx, retried);
* e-mail: one message through the relay, with STARTTLS or implicit TLS and a login, sent by
  apprise (a maintained notification library) rather than by hand-written SMTP code.

Alerting runs while something else has already gone wrong, so recording and delivery problems
are logged on ``customs_wh.orchestration.alerts`` and never raised: the original failure stays
the one the caller sees. What a process recorded is also kept in memory until its run's message
is sent, so a run whose build database cannot be written still tells a person why.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import duckdb
import httpx

from customs_wh.config import SMTP_TLS_PORTS, Settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import mutes
from customs_wh.warehouse import db
from customs_wh.words import one_line

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
    """What every channel carries: a subject (e-mail), the text (webhook, e-mail body), details (e-mail)."""

    subject: str
    text: str
    details: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Delivery:
    """Which configured channels took the message (None: the channel is not configured)."""

    webhook: bool | None = None
    email: bool | None = None

    @property
    def ok(self) -> bool:
        return self.webhook is not False and self.email is not False


# --- ops.alerts ---------------------------------------------------------------------

_COLUMNS = (
    "alert_id",
    "run_id",
    "release",
    "check_name",
    "severity",
    "observed",
    "expected",
    "message",
    "raised_at",
    "stops_run",
    "muted_by",
    "muted_reason",
)
# What this process recorded, by home and run, until the run's message is sent (run_end.finish_run).
_journal: dict[tuple[str, str], dict[str, Alert]] = {}
_journal_guard = threading.Lock()


def _insert_rows(con: duckdb.DuckDBPyConnection, alerts: Sequence[Alert]) -> None:
    con.execute("begin transaction")
    try:
        con.executemany(
            f"insert into ops.alerts ({', '.join(_COLUMNS)}) values ({', '.join('?' * len(_COLUMNS))})",
            [[getattr(a, column) for column in _COLUMNS] for a in alerts],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _store(settings: Settings, alerts: Sequence[Alert], con: duckdb.DuckDBPyConnection | None) -> bool:
    """Write the alerts to ``ops.alerts`` in one transaction; False (and logged) when that fails."""
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


def muted(settings: Settings, alerts: Iterable[Alert]) -> list[Alert]:
    """The alerts, each marked with the mute rule that keeps it out of the run's message (if any)."""
    rules = mutes.load_rules(settings)
    marked = []
    for alert in alerts:
        rule = rules.rule_for(alert)
        marked.append(alert if rule is None else replace(alert, muted_by=rule.name, muted_reason=rule.reason))
    return marked


def record_alerts(
    settings: Settings, alerts: Iterable[Alert], con: duckdb.DuckDBPyConnection | None = None
) -> list[Alert]:
    """Log every alert, mark the muted ones, and record them in ``ops.alerts`` in one transaction.

    Nothing is sent: the run's one message at its end tells them (``run_end``); an alert of no
    run is sent at once, as a message of its own. Never raises. Pass the caller's open ``con``
    on ``build.duckdb`` when it has one: DuckDB allows one writer process per file, so opening a
    second connection here would wait on ourselves. Returns the alerts as recorded.
    """
    batch = muted(settings, alerts)
    if not batch:
        return []
    for alert in batch:
        level = logging.INFO if alert.muted_by else logging.ERROR if alert.severity == "critical" else logging.WARNING
        log.log(level, "%s%s", alert.text, f" (muted by rule {alert.muted_by})" if alert.muted_by else "")
    _store(settings, batch, con)
    with _journal_guard:
        for alert in batch:
            if alert.run_id is not None:
                _journal.setdefault((str(settings.home), alert.run_id), {})[alert.alert_id] = alert
    orphans = [alert for alert in batch if alert.run_id is None and not alert.muted_by]
    for alert in orphans:
        send(settings, alert_message(alert))
    return batch


def record_alert(settings: Settings, alert: Alert, *, con: duckdb.DuckDBPyConnection | None = None) -> Alert | None:
    """One alert: see :func:`record_alerts`."""
    recorded = record_alerts(settings, [alert], con=con)
    return recorded[0] if recorded else None


def take_journal(settings: Settings, run_id: str) -> list[Alert]:
    """What this process recorded for ``run_id`` of this home, oldest first; forgotten once taken."""
    with _journal_guard:
        kept = _journal.pop((str(settings.home), run_id), {})
    return sorted(kept.values(), key=lambda alert: alert.raised_at)


def alert_message(alert: Alert) -> Message:
    """A message of one alert (an alert that belongs to no run)."""
    return Message(
        subject=alert.subject,
        text=alert.text,
        details=(
            f"release:   {alert.release or '-'}",
            f"check:     {alert.check_name}",
            f"severity:  {alert.severity}",
            f"observed:  {alert.observed}",
            f"expected:  {alert.expected}",
            f"raised at: {alert.raised_at:%Y-%m-%d %H:%M:%S} UTC",
        ),
    )


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
    first_line = one_line(text)
    log.error("webhook %s failed after %d attempt(s): %s (message: %s)", url, attempt + 1, last_error, first_line)
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


def email_body(message: Message) -> tuple[str, str]:
    """Subject and body of the e-mail that carries a message."""
    return message.subject, "\n".join([message.text, "", *message.details]).rstrip() + "\n"


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


def send_email(settings: Settings, message: Message) -> bool:
    """The message as one e-mail to ``ALERT_EMAIL_TO``; False (logged) on failure.

    The relay's certificate is verified against the system's trust store (``SSL_CERT_FILE``
    names another bundle, for a relay with a private CA).
    """
    if not email_configured(settings):
        return False
    import apprise  # imported here: only runs that send mail pay for it

    where = f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_tls}) to {settings.alert_email_to}"
    first_line = one_line(message.text) or message.subject
    try:
        url = mail_url(settings)
    except ValueError as exc:
        log.error("e-mail via %s not sent: %s (message: %s)", where, exc, first_line)
        return False
    subject, body = email_body(message)
    sender = apprise.Apprise()
    with _apprise_log() as captured:
        added = sender.add(url)
        sent = bool(added) and bool(sender.notify(title=subject, body=body, body_format=apprise.NotifyFormat.TEXT))
    if sent:
        return True
    reason = _without_secret(_failure_reason(captured.getvalue()), settings.smtp_password)
    log.error("e-mail via %s failed: %s (message: %s)", where, reason, first_line)
    return False


# --- the sending path ---------------------------------------------------------------------


def send(settings: Settings, message: Message) -> Delivery:
    """Send one message through every configured channel: one webhook post, one e-mail.

    Never raises: a channel that cannot be reached is logged and reported as False.
    """
    webhook: bool | None = None
    email: bool | None = None
    if settings.alert_webhook_url:
        webhook = post_webhook(settings.alert_webhook_url, message.text)
    if email_configured(settings):
        try:
            email = send_email(settings, message)
        except Exception as exc:  # noqa: BLE001 - a broken mail library must not hide what is being reported
            log.error("e-mail failed: %s: %s", type(exc).__name__, exc)
            email = False
    return Delivery(webhook=webhook, email=email)
