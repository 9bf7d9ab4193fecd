"""The monthly refresh, stage by stage: discover, land, parse, gate 1, dbt build, gate 2, publish.

Each ``stage_*`` function is one task of the Airflow DAG ``customs_monthly_refresh`` and one
step of ``customs-wh refresh``: both call exactly these functions, so the DAG file stays
wiring only and the CLI runs the same pipeline in-process. Nothing here knows Airflow.

Failure policy (README: Data quality, quarantine and alerts): a failed download, a failed dbt
test or a critical gate-2 failure raises :class:`RefreshFailed` after the stage's own alerts
are sent, so nothing after it runs and ``warehouse.duckdb`` keeps its previous content. A
page rejected by the parser or by gate 1 is quarantined and alerted; it stops the run unless
``failure_policy`` holds it back (a later good vintage supersedes it, or it is history in a
backfill), in which case the run publishes without it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path

from customs_wh.config import Settings
from customs_wh.contracts import Alert, ReleaseRef
from customs_wh.gacc import discovery
from customs_wh.gacc.fetch import Fetcher, FetchError
from customs_wh.orchestration import alerts, failure_policy
from customs_wh.quality import GateResult, run_gate1, run_gate2
from customs_wh.warehouse import db, landing, publish, transform

log = logging.getLogger(__name__)


class RefreshFailed(RuntimeError):
    """The run stopped before publishing; the published warehouse is unchanged.

    Its alerts have already been raised: Airflow's failure callback does not repeat them.
    """

    alerted = True


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def stage_discover(
    settings: Settings, run_id: str, *, from_month: str | None, through_month: str | None
) -> list[ReleaseRef]:
    """The releases GACC's index pages list for the months; an unreadable index fails the run."""
    try:
        with Fetcher(settings) as fetcher:
            refs = discovery.discover(settings, fetcher, from_month=from_month, through_month=through_month)
    except (FetchError, discovery.DiscoveryError) as exc:
        alerts.raise_alert(
            settings,
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover",
                severity="critical",
                observed=str(exc),
                expected="GACC's index pages readable in the known layout",
                message="Nothing was landed; the run stops and the warehouse is unchanged.",
            ),
        )
        raise RefreshFailed(f"cannot list the releases: {exc}") from exc
    # A year page the index offers but that could not be read fails the run like a failed download.
    _stop_on_failure(settings, refs.alerts(run_id, settings.base_url), refs.failure())
    log.info("discovered %d releases between %s and %s", len(refs), from_month, through_month)
    return list(refs)


def stage_land(settings: Settings, run_id: str, refs: list[ReleaseRef]) -> list[str]:
    """Fetch and store every release page; returns the sha256 of the page versions new in this run."""
    settings.ensure_dirs()
    failure_policy.record_scope(settings, run_id, refs)
    with Fetcher(settings) as fetcher:
        result = landing.land(settings, refs, fetcher, run_id)
    _stop_on_failure(settings, result.alerts(run_id), result.failure())
    return [sha for _key, sha in result.new]


def stage_parse(settings: Settings, run_id: str) -> list[str]:
    """Parse every landed page not parsed yet; a rejected page is quarantined, alerted, and fails the
    run unless held back; a page published as an image is recorded as a known gap and warned about once."""
    result = landing.parse_pending(settings, run_id)
    result.held_back = failure_policy.held_back(settings, run_id, result.quarantined_pages)
    _stop_on_failure(settings, result.alerts(run_id), result.failure())
    return list(result.loaded)


def stage_gate_landed(settings: Settings, run_id: str) -> str:
    """Gate 1 on every page parsed and not yet checked; failing pages are quarantined (and held back
    where the failure policy says so)."""
    result = run_gate1(settings, run_id)
    result.held_back = failure_policy.held_back(settings, run_id, result.rejected_pages)
    return _gate(settings, run_id, result)


def stage_transform(settings: Settings, run_id: str) -> None:
    """dbt build (models and their tests); a failed model or test stops the run."""
    result = transform.dbt_build(settings)
    _stop_on_failure(settings, result.alerts(run_id), None if result.success else result.summary())


def stage_gate_marts(settings: Settings, run_id: str) -> str:
    """Gate 2 on the marts dbt built."""
    return _gate(settings, run_id, run_gate2(settings, run_id))


def stage_publish(settings: Settings, run_id: str) -> Path:
    return publish.publish(settings, run_id)


def _gate(settings: Settings, run_id: str, result: GateResult) -> str:
    log.info("%s", result.summary())
    _stop_on_failure(settings, result.alerts(run_id), None if result.passed else result.summary())
    return str(result.data_docs or "")


def _stop_on_failure(settings: Settings, stage_alerts: list[Alert], failure: str | None) -> None:
    """Send the stage's alerts; if the stage failed, stop the run (the alerts are already out)."""
    alerts.raise_alerts(settings, stage_alerts)
    if failure is not None:
        raise RefreshFailed(failure)


def record_run(settings: Settings, run_id: str, status: str, summary: str = "") -> None:
    """The run's row in ``ops.runs``: running, then published or failed."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.connect(settings.build_db) as con:
        con.execute(
            """
            insert into ops.runs (run_id, started_at, finished_at, status, summary)
            values (?, ?, ?, ?, ?)
            on conflict (run_id) do update set
                finished_at = excluded.finished_at, status = excluded.status, summary = excluded.summary
            """,
            [run_id, now, None if status == "running" else now, status, summary],
        )
