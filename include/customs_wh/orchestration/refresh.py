"""The whole refresh in-process (``customs-wh refresh``): the DAG's stages, in order, under the lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from customs_wh.config import Settings
from customs_wh.faults import failpoint
from customs_wh.orchestration import publication, stages
from customs_wh.orchestration.lock import exclusive_refresh

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
    """Discover → land → parse → gate 1 → dbt build → gate 2 → publish, like the DAG."""
    say = progress or (lambda _msg: None)
    run_id = stages.new_run_id()
    result = RefreshResult(run_id=run_id)
    with exclusive_refresh(settings):
        stages.record_run(settings, run_id, "running")
        try:
            say("discover")
            refs = stages.stage_discover(settings, run_id, from_month=from_month, through_month=through_month)
            result.releases_listed = len(refs)
            say(f"land {len(refs)} releases")
            result.pages_new = len(stages.stage_land(settings, run_id, refs))
            failpoint("after-land")
            say("parse")
            result.pages_parsed = len(stages.stage_parse(settings, run_id))
            say("gate 1: landed observations")
            result.data_docs.append(stages.stage_gate_landed(settings, run_id))
            say("dbt build")
            stages.stage_transform(settings, run_id)
            say("gate 2: marts")
            result.data_docs.append(stages.stage_gate_marts(settings, run_id))
            say("publish")
            result.published = stages.stage_publish(settings, run_id)
        except BaseException as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            stages.record_run(settings, run_id, "failed", reason)
            raise
        stages.record_run(settings, run_id, "published", f"{result.pages_new} new page(s)")
        say("report and notice")
        result.report = publication.after_publish(settings, run_id)
    return result
