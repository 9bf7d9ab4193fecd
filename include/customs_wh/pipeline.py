"""The monthly refresh, stage by stage.

Each ``stage_*`` function is one task of the Airflow DAG ``customs_monthly_refresh``
and one step of ``customs-wh refresh``; both call exactly these functions, so the
DAG file stays wiring only and the CLI runs the same pipeline in-process.

Failure policy (README: Data quality, quarantine and alerts): a page rejected by the
parser, a failed download, a failed dbt test or a critical gate failure raises
:class:`RefreshFailed` after its alerts are sent, so nothing after it runs and
``warehouse.duckdb`` keeps its previous content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from customs_wh import db
from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.faults import failpoint

log = logging.getLogger("customs_wh.pipeline")

Progress = Callable[[str], None]


class RefreshFailed(RuntimeError):
    """The run stopped before publishing; the published warehouse is unchanged.

    Its alerts have already been raised: Airflow's failure callback does not repeat them.
    """

    alerted = True


class ReleaseOverdue(RuntimeError):
    """GACC has not listed a month's release by the time it always has."""


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock on this CUSTOMS_WH_HOME."""


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


@contextlib.contextmanager
def exclusive_refresh(settings: Settings) -> Iterator[None]:
    """One refresh per CUSTOMS_WH_HOME at a time; a second one is told so at once."""
    settings.ensure_dirs()
    handle = open(settings.lock_file, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RefreshBusy(
                f"another refresh is running on {settings.home} ({holder}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


# --- stages -----------------------------------------------------------------


def stage_discover(
    settings: Settings, run_id: str, *, from_month: str | None, through_month: str | None
) -> list[ReleaseRef]:
    """The releases GACC's index pages list for the months; an unreadable index fails the run."""
    from customs_wh import alerts, sources

    try:
        with sources.Fetcher(settings) as fetcher:
            refs = sources.discover(settings, fetcher, from_month=from_month, through_month=through_month)
    except (sources.FetchError, sources.DiscoveryError) as exc:
        alerts.raise_alert(
            settings,
            alerts.Alert.now(
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
    # A link off the GACC host is never followed; someone should know the index points there.
    alerts.raise_alerts(
        settings,
        [
            alerts.Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover: link off the GACC host",
                severity="warning",
                observed=refused.url,
                expected=f"links under {settings.base_url}",
                message=f"{refused.page} links off the GACC host ({refused.reason}); the link was not followed.",
            )
            for refused in refs.refused
        ],
    )
    log.info("discovered %d releases between %s and %s", len(refs), from_month, through_month)
    return list(refs)


def stage_land(settings: Settings, run_id: str, refs: list[ReleaseRef]) -> list[str]:
    """Fetch and store every release page; returns the sha256 of the page versions new in this run."""
    from customs_wh import alerts, landing, sources

    settings.ensure_dirs()
    with sources.Fetcher(settings) as fetcher:
        result = landing.land(settings, refs, fetcher, run_id)
    if result.failed:
        alerts.raise_alerts(
            settings,
            [
                alerts.Alert.now(
                    run_id=run_id,
                    release=ref.label,
                    check_name="fetch",
                    severity="critical",
                    observed=reason,
                    expected="the release page downloaded in full",
                    message=f"{ref.url} was not landed; the run stops and the warehouse is unchanged.",
                )
                for ref, reason in result.failed
            ],
        )
        raise RefreshFailed(
            f"{len(result.failed)} release page(s) could not be downloaded; first: "
            f"{result.failed[0][0].label}: {result.failed[0][1]}"
        )
    return [sha for _key, sha in result.new]


def stage_parse(settings: Settings, run_id: str) -> list[str]:
    """Parse every landed page not parsed yet; a rejected page is quarantined, alerted, and fails the run."""
    from customs_wh import alerts, landing

    result = landing.parse_pending(settings, run_id)
    if result.quarantined:
        alerts.raise_alerts(
            settings,
            [
                alerts.Alert.now(
                    run_id=run_id,
                    release=label,
                    check_name="parse",
                    severity="critical",
                    observed=reason,
                    expected="a page in the GACC release layout",
                    message=f"Page {page} is quarantined; the run stops and the warehouse is unchanged.",
                )
                for label, page, reason in result.quarantined
            ],
        )
        label, page, reason = result.quarantined[0]
        raise RefreshFailed(
            f"{len(result.quarantined)} page(s) rejected and quarantined; first: {page}: {reason}"
        )
    return list(result.loaded)


def _gate(settings: Settings, run_id: str, gate_result) -> None:
    from customs_wh import alerts

    gate_alerts = gate_result.alerts(run_id)
    if gate_alerts:
        alerts.raise_alerts(settings, gate_alerts)
    log.info("%s", gate_result.summary())
    if not gate_result.passed:
        raise RefreshFailed(gate_result.summary())


def stage_gate_landed(settings: Settings, run_id: str) -> str:
    """Gate 1 on every page parsed and not yet checked; failing pages are quarantined."""
    from customs_wh import quality

    result = quality.run_gate1(settings, run_id)
    _gate(settings, run_id, result)
    return str(result.data_docs or "")


def stage_transform(settings: Settings, run_id: str) -> None:
    """dbt build (models and their tests); a failed model or test stops the run."""
    from customs_wh import alerts, transform

    result = transform.dbt_build(settings)
    problems = [(outcome, "critical") for outcome in result.failures] + [(outcome, "warning") for outcome in result.warnings]
    alerts.raise_alerts(
        settings,
        [
            alerts.Alert.now(
                run_id=run_id,
                release=None,
                check_name=f"dbt {outcome.resource_type} {outcome.name}",
                severity=severity,
                observed=outcome.message,
                expected="the model builds and its tests pass",
                message=(
                    f"dbt {outcome.resource_type} {outcome.name}: {outcome.status}; "
                    + ("the run stops and the warehouse is unchanged." if severity == "critical" else "published anyway.")
                ),
            )
            for outcome, severity in problems
        ],
    )
    if not result.success:
        raise RefreshFailed(result.summary())


def stage_gate_marts(settings: Settings, run_id: str) -> str:
    from customs_wh import quality

    result = quality.run_gate2(settings, run_id)
    _gate(settings, run_id, result)
    return str(result.data_docs or "")


def stage_publish(settings: Settings, run_id: str) -> Path:
    from customs_wh import publish

    return publish.publish(settings, run_id)


# --- the whole refresh, in-process --------------------------------------------


@dataclass
class RefreshResult:
    run_id: str
    releases_listed: int = 0
    pages_new: int = 0
    pages_parsed: int = 0
    data_docs: list[str] = field(default_factory=list)
    published: Path | None = None


def record_run(settings: Settings, run_id: str, status: str, summary: str = "") -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
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


def refresh(
    settings: Settings,
    *,
    from_month: str | None = None,
    through_month: str | None = None,
    progress: Progress | None = None,
) -> RefreshResult:
    """Discover → land → parse → gate 1 → dbt build → gate 2 → publish, like the DAG."""
    say = progress or (lambda _msg: None)
    run_id = new_run_id()
    result = RefreshResult(run_id=run_id)
    with exclusive_refresh(settings):
        record_run(settings, run_id, "running")
        try:
            say("discover")
            refs = stage_discover(settings, run_id, from_month=from_month, through_month=through_month)
            result.releases_listed = len(refs)
            say(f"land {len(refs)} releases")
            new_shas = stage_land(settings, run_id, refs)
            result.pages_new = len(new_shas)
            failpoint("after-land")
            say("parse")
            result.pages_parsed = len(stage_parse(settings, run_id))
            say("gate 1: landed observations")
            result.data_docs.append(stage_gate_landed(settings, run_id))
            say("dbt build")
            stage_transform(settings, run_id)
            say("gate 2: marts")
            result.data_docs.append(stage_gate_marts(settings, run_id))
            say("publish")
            result.published = stage_publish(settings, run_id)
        except BaseException as exc:
            record_run(settings, run_id, "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            raise
        record_run(settings, run_id, "published", f"{result.pages_new} new page(s)")
    return result


# --- Airflow task bodies: settings from the environment, values through XCom ---


def _settings() -> Settings:
    from customs_wh.config import load_settings

    return load_settings()


def task_discover(data_interval_start, params, run_id):
    """Sensor body: done once the index lists the run's releases; January runs skip."""
    from airflow.sdk import PokeReturnValue
    from airflow.sdk.exceptions import AirflowSkipException

    from customs_wh import orchestration

    window = orchestration.run_window(data_interval_start, params)
    if window.skip_reason:
        raise AirflowSkipException(window.skip_reason)
    settings = _settings()
    refs = stage_discover(settings, run_id, from_month=window.from_month, through_month=window.through_month)
    listed_months = {ref.reference_month for ref in refs}
    if window.through_month and window.through_month not in listed_months:
        overdue = orchestration.release_overdue(window.through_month, dt.datetime.now(dt.timezone.utc))
        if overdue:
            raise ReleaseOverdue(overdue)  # fails the task: Airflow's failure callback alerts
        log.info("GACC has not listed %s yet; waiting", window.through_month)
        return PokeReturnValue(is_done=False)
    return PokeReturnValue(is_done=True, xcom_value=[ref.to_dict() for ref in refs])


def on_task_failure(context) -> None:
    """Airflow's on_failure_callback: the alert (customs_wh.alerts), and the run marked failed."""
    from customs_wh.alerts import task_failure_callback

    task_failure_callback(context)
    run_id = context.get("run_id")
    exception = context.get("exception")
    try:
        if run_id:
            record_run(_settings(), str(run_id), "failed", (str(exception).splitlines() or [""])[0] if exception else "")
    except Exception:  # noqa: BLE001 - a failing callback must not hide the task's own failure
        log.exception("could not record the failed run %s", run_id)


def task_land(releases: list[dict], run_id: str) -> list[str]:
    settings = _settings()
    record_run(settings, run_id, "running")
    return stage_land(settings, run_id, [ReleaseRef(**release) for release in releases])


def task_parse(run_id: str) -> list[str]:
    return stage_parse(_settings(), run_id)


def task_gate_landed(run_id: str) -> str:
    return stage_gate_landed(_settings(), run_id)


def task_gate_marts(run_id: str) -> str:
    return stage_gate_marts(_settings(), run_id)


def task_publish(run_id: str) -> str:
    return str(stage_publish(_settings(), run_id))


def task_notify(published: str, data_docs: str, run_id: str) -> str:
    settings = _settings()
    record_run(settings, run_id, "published", f"published {published}; data docs {data_docs}")
    message = f"customs-wh run {run_id}: published {published}; Data Docs: {data_docs}"
    log.info(message)
    return message
