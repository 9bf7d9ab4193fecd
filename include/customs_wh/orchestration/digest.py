"""The one message a run sends (docs/alerts.md): its outcome, then what it raised, briefly.

Pure: from the run's end (published or stopped, and why), the "published" notice and the
run's alerts to a :class:`~customs_wh.orchestration.alerts.Message`. In order:

1. the outcome: the published notice, or "STOPPED" and the reason;
2. the counts by severity, the muted ones with their rules, and the command that lists them all;
3. every critical alert in full, those that stopped the run first;
4. the warnings by check, one line per check whatever the number of releases it fired on
   (a backfill's repeats are one line with a count), the first few checks, then "and N more".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from customs_wh.contracts import Alert
from customs_wh.orchestration.alerts import Message

PUBLISHED, STOPPED, FINISHED = "published", "stopped", "finished"
# Enough to read at a glance; every one of them is in `customs-wh alerts --run`.
WARNING_CHECKS_SHOWN = 5
# Every critical alert is told in full; past this many (a layout change rejecting every page,
# say) the rest are counted, so the message stays readable in a chat window.
CRITICALS_SHOWN = 50
OBSERVED_CHARS = 200
REASON_CHARS = 240  # the outcome line; the critical alerts below say it in full


@dataclass(frozen=True)
class RunEnd:
    """How a run ended, as its message tells it."""

    run_id: str
    outcome: str  # PUBLISHED | STOPPED | FINISHED (a run of another DAG: the report, the export)
    what: str = "run"  # "run" for a refresh; "customs_report run" for another DAG's
    reason: str | None = None  # why it stopped
    notice: Message | None = None  # the "published" notice
    alerts: Sequence[Alert] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)  # mute rules that could not be used, unread alerts


def list_command(run_id: str) -> str:
    return f"customs-wh alerts --run {run_id}"


def should_send(end: RunEnd) -> bool:
    """A stopped run always tells; a published one when it has a notice or anything to tell."""
    if end.outcome == STOPPED:
        return True
    return end.notice is not None or any(not alert.muted_by for alert in end.alerts) or bool(end.notes)


def compose(end: RunEnd) -> Message:
    told = [alert for alert in end.alerts if not alert.muted_by]
    critical = sorted((alert for alert in told if alert.severity == "critical"), key=lambda alert: not alert.stops_run)
    warnings = [alert for alert in told if alert.severity == "warning"]
    lines = [_outcome_line(end), _counts_line(end, critical, warnings)]
    if critical:
        lines += ["", f"Critical ({len(critical)}):"]
        for number, alert in enumerate(critical[:CRITICALS_SHOWN], start=1):
            lines.append(f"{number}. {'[stopped the run] ' if alert.stops_run else ''}{alert.text}")
        if len(critical) > CRITICALS_SHOWN:
            lines.append(f"… and {len(critical) - CRITICALS_SHOWN} more critical: {list_command(end.run_id)}")
    if warnings:
        lines += ["", f"Warnings ({len(warnings)}), by check:"]
        lines += _warning_lines(warnings, end.run_id)
    muted = [alert for alert in end.alerts if alert.muted_by]
    if muted:
        lines += ["", f"Muted by rule ({len(muted)}):"]
        reasons = {alert.muted_by: alert.muted_reason for alert in muted}
        for rule, count in Counter(alert.muted_by for alert in muted).items():
            lines.append(f"- {rule}: {count} alert(s). {shorten(reasons[rule] or '', OBSERVED_CHARS)}")
    for note in end.notes:
        lines += ["", f"Note: {note}"]
    details = [*(end.notice.details if end.notice else ()), f"run:              {end.run_id}"]
    details.append(f"every alert:      {list_command(end.run_id)}")
    return Message(subject=_subject(end, critical, warnings), text="\n".join(lines), details=tuple(details))


def _outcome_line(end: RunEnd) -> str:
    if end.outcome == PUBLISHED:
        return end.notice.text if end.notice else f"customs-wh {end.what} {end.run_id} published the warehouse."
    if end.outcome == STOPPED:
        reason = shorten(end.reason or "see the critical alerts", REASON_CHARS)
        return f"customs-wh {end.what} {end.run_id} STOPPED: {reason}. The published warehouse is unchanged."
    return f"customs-wh {end.what} {end.run_id} finished with alerts."


def _counts_line(end: RunEnd, critical: list[Alert], warnings: list[Alert]) -> str:
    muted = sum(1 for alert in end.alerts if alert.muted_by)
    if not end.alerts:
        return f"No alerts. Run: {end.run_id}."
    counts = f"Alerts: {len(critical)} critical, {len(warnings)} warning(s)"
    if muted:
        counts += f", {muted} muted by rule"
    return f"{counts}. Every one: {list_command(end.run_id)}"


def _subject(end: RunEnd, critical: list[Alert], warnings: list[Alert]) -> str:
    counts = f"{len(critical)} critical, {len(warnings)} warning(s)"
    if end.outcome == PUBLISHED:
        base = end.notice.subject if end.notice else f"[customs-wh] {end.what} {end.run_id} published"
        return base + (f" ({counts})" if critical or warnings else "")
    if end.outcome == STOPPED:
        return f"[customs-wh critical] {end.what} {end.run_id} stopped: {shorten(end.reason or counts, 120)}"
    return f"[customs-wh] {end.what} {end.run_id}: {counts}"


def _warning_lines(warnings: list[Alert], run_id: str) -> list[str]:
    by_check: dict[str, list[Alert]] = {}
    for alert in warnings:
        by_check.setdefault(alert.check_name, []).append(alert)
    lines = []
    for check, group in list(by_check.items())[:WARNING_CHECKS_SHOWN]:
        releases = sorted({alert.release for alert in group if alert.release})
        where = (
            "run-wide"
            if not releases
            else releases[0]
            if len(releases) == 1
            else (f"{len(releases)} releases, {releases[0]} … {releases[-1]}")
        )
        # The example is the newest release's: the month a run is for matters most to its reader.
        newest = max(group, key=lambda alert: alert.release or "")
        observed = shorten(newest.observed or newest.message, OBSERVED_CHARS)
        same = all(alert.observed == newest.observed for alert in group)
        example = "" if same or len(releases) < 2 else f"newest, {newest.release}: "
        lines.append(f"- {check}: {len(group)} alert(s), {where}: {example}{observed}")
    hidden = list(by_check)[WARNING_CHECKS_SHOWN:]
    if hidden:
        count = sum(len(by_check[check]) for check in hidden)
        lines.append(f"… and {len(hidden)} more check(s) ({count} warning(s)): {list_command(run_id)}")
    return lines


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
