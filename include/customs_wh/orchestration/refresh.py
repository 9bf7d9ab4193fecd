"""The whole refresh in-process (``customs-wh refresh``): the DAG's stages, in order, under the lock.

Every way it can end is an alert and one line: a rejected page or failed check (the stage's own
alerts), a busy home, a machine failure (permissions, a full disk), or a defect (its first line,
as an alert, with the traceback kept for ``--debug``). However it ends, ``run_end`` records the
end and sends the run's one message, as the DAG's last task does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from customs_wh.config import Settings
from customs_wh.contracts import check_month_range
from customs_wh.failpoints import failpoint
from customs_wh.orchestration import environment_errors, lock, partner_stages, publication, run_end, stages
from customs_wh.warehouse import runs
from customs_wh.words import one_line

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class RefreshResult:
    run_id: str
    releases_listed: int = 0
    pages_new: int = 0
    pages_parsed: int = 0
    data_docs: list[str] = field(default_factory=list)
    published: Path | None = None
    report: Path | None = None


def refresh(
    settings: Settings,
    *,
    from_month: str | None = None,
    through_month: str | None = None,
    progress: Progress | None = None,
) -> RefreshResult:
    """Discover → land → parse → gate 1 → dbt build → gate 2 → publish, like the DAG.

    Raises :class:`customs_wh.contracts.MonthRangeError` before any work for a range it cannot
    ask for, :class:`lock.HomeBusy` when another writer keeps the home, and
    :class:`stages.RefreshFailed` (alerted) for everything else that stops it.
    """
    check_month_range(from_month, through_month)
    say = progress or (lambda _msg: None)
    run_id = stages.new_run_id()
    result = RefreshResult(run_id=run_id)
    started, failure = False, None
    say(f"waiting for the lock on {settings.home}")
    try:
        with stages.writing(settings, run_id, "customs-wh refresh"):
            runs.record_start(settings, run_id)
            started = True
            try:
                _run_stages(settings, run_id, result, from_month, through_month, say)
            except Exception as exc:
                if isinstance(exc, (stages.RefreshFailed, lock.HomeBusy)) or environment_errors.environment_problem(
                    exc
                ):
                    raise  # alerted; stages.writing turns an environment problem into an EnvironmentFailure
                raise _defect(settings, run_id, exc) from exc
            say("report")
            built = publication.report_after_publish(settings, run_id)
            result.report = built.index if built else None
    except BaseException as exc:
        failure = one_line(exc) or type(exc).__name__
        raise
    finally:
        say("the run's message")
        run_end.finish_run(
            settings, run_id, failure=failure, started=started, report=result.report, report_failed=not result.report
        )
    return result


def _run_stages(
    settings: Settings, run_id: str, result: RefreshResult, from_month: str | None, through_month: str | None, say
) -> None:
    say("discover")
    refs = stages.stage_discover(settings, run_id, from_month=from_month, through_month=through_month)
    result.releases_listed = len(refs)
    say(f"land {len(refs)} releases")
    result.pages_new = len(stages.stage_land(settings, run_id, refs))
    failpoint("after-land")
    say("parse")
    result.pages_parsed = len(stages.stage_parse(settings, run_id))
    for source in partner_stages.configured_sources(settings):
        say(f"land {source}")
        partner_stages.land_partner_source(settings, run_id, source, from_month=from_month, through_month=through_month)
    say("gate 1: landed observations")
    result.data_docs.append(stages.stage_gate_landed(settings, run_id))
    say("dbt build")
    stages.stage_transform(settings, run_id)
    say("gate 2: marts")
    result.data_docs.append(stages.stage_gate_marts(settings, run_id))
    say("publish")
    result.published = stages.stage_publish(settings, run_id)


def _defect(settings: Settings, run_id: str, exc: BaseException) -> stages.RefreshFailed:
    """An exception no stage expected: alert its first line; the traceback stays for --debug."""
    reason = f"{type(exc).__name__}: {one_line(exc)}"
    log.debug("refresh %s failed", run_id, exc_info=exc)
    stages.record_critical(
        settings,
        run_id,
        "refresh",
        reason,
        "the refresh runs to its end or stops with a reason",
        "The refresh stopped on an unexpected error; the published warehouse is unchanged. "
        "Run it again with --debug for the details.",
    )
    return stages.RefreshFailed(f"unexpected error: {reason}")
