"""What follows a publish: the report, and the "published" notice the run's message opens with.

Both come after the warehouse is published, so neither may undo or hide it: a report that
cannot be built becomes a warning alert, and a notice that cannot be composed is logged (the
run's message then opens with a plain "published"). The report is built by ``customs-wh
refresh`` and by the ``customs_report`` DAG; the notice is composed by ``run_end`` for the
run's one message.
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
        reason = one_line(exc) or type(exc).__name__
        alerts.record_alert(
            settings,
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="report",
                severity="warning",
                observed=reason,
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


def notice_message(settings: Settings, report: Path | None = None, *, report_failed: bool = False):
    """The "published" notice for the warehouse as it is now published; None (logged) when it
    cannot be composed. ``report`` defaults to where this home's report is written; a report
    that failed is not named (its warning alert says why)."""
    from customs_wh.reporting import notice
    from customs_wh.warehouse.published import open_published

    try:
        with open_published(settings.warehouse_db) as con:
            where = None if report_failed else report or settings.report_dir / "index.html"
            subject, text, details = notice.notice_text(notice.publication(con), where)
    except Exception as exc:  # noqa: BLE001 - the warehouse is published; a notice failure must not undo that
        log.error("could not compose the published notice: %s: %s", type(exc).__name__, exc)
        return None
    return alerts.Message(subject=subject, text=text, details=details)
