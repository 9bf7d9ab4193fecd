"""What follows a publish: the report, and the "published" notice through the alert channels.

Both run after the warehouse is published, so neither may undo or hide it: a report that
cannot be built becomes a warning alert, and a notice that cannot be sent is logged (the
sending path never raises). Called by ``customs-wh refresh`` (report and notice), by the
refresh DAG's ``notify`` task (the notice; the ``customs_report`` DAG builds the report) and
by ``customs-wh report``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from customs_wh.config import Settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import alerts
from customs_wh.words import one_line

log = logging.getLogger(__name__)


def report_after_publish(settings: Settings, run_id: str | None):
    """The HTML report of the published warehouse; None (and a warning alert) when it cannot be built."""
    from customs_wh.reporting.report import build_report

    try:
        result = build_report(settings)
    except Exception as exc:  # noqa: BLE001 - the warehouse is published; a report failure must not undo that
        alerts.raise_alert(
            settings,
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="report",
                severity="warning",
                observed=one_line(exc),
                expected=f"{settings.report_dir / 'index.html'} written from the published marts",
                message="The warehouse is published; the report is not up to date (customs-wh report rebuilds it).",
            ),
        )
        return None
    log.info(
        "report %s: %d chart(s), %d not available, %.1f kB, %.2f s",
        result.index,
        len(result.drawn),
        len(result.missing),
        result.page_bytes / 1024,
        result.seconds,
    )
    return result


def announce(settings: Settings, report: Path | None = None, *, report_failed: bool = False) -> alerts.Delivery:
    """Send the "published" notice for the warehouse as it is now published (never raises).

    ``report`` defaults to where the report of this home is written; a report that failed is
    not named (its warning alert says why).
    """
    from customs_wh.reporting import notice
    from customs_wh.warehouse.published import open_published

    if not settings.publish_notice:
        log.info("ALERT_PUBLISH_NOTICE is off: no notice")
        return alerts.Delivery()
    try:
        with open_published(settings.warehouse_db) as con:
            where = None if report_failed else report or settings.report_dir / "index.html"
            subject, text, details = notice.notice_text(notice.publication(con), where)
    except Exception as exc:  # noqa: BLE001 - the warehouse is published; a notice failure must not undo that
        log.error("could not compose the published notice: %s: %s", type(exc).__name__, exc)
        return alerts.Delivery()
    return alerts.send_notice(settings, alerts.Message(subject=subject, text=text, details=details))


def after_publish(settings: Settings, run_id: str) -> Path | None:
    """In-process refresh: build the report, then announce the publication; returns the report's path."""
    result = report_after_publish(settings, run_id)
    announce(settings, result.index if result else None, report_failed=result is None)
    return result.index if result else None
