"""What the DAGs need from Airflow beyond the stages: the sensor's body, the failure notifier,
the runs' last task (``run_end``), the dbt tasks' hooks (the home's lock and the build proof),
the report tasks' bodies and the dbt executable Cosmos looks for.

The stages themselves (``customs_wh.orchestration.stages``) know nothing of Airflow; this
module is the only one in the package that imports it, and only the DAG files import this.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from airflow.sdk import BaseNotifier, PokeReturnValue
from airflow.sdk.exceptions import AirflowSkipException

from customs_wh import clock
from customs_wh.config import Settings, load_settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import alerts, run_end, schedule, stages
from customs_wh.words import one_line

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger(__name__)


class ReleaseOverdue(RuntimeError):
    """GACC has not listed a month's release by the time it always has."""


def discover_or_wait(data_interval_start, params, run_id) -> PokeReturnValue:
    """Sensor body: done once the index lists the run's releases; January runs skip."""
    window = schedule.run_window(data_interval_start, params)
    if window.skip_reason:
        raise AirflowSkipException(window.skip_reason)
    settings = load_settings()
    refs = stages.stage_discover(settings, run_id, from_month=window.from_month, through_month=window.through_month)
    listed_months = {ref.reference_month for ref in refs}
    if window.through_month and window.through_month not in listed_months:
        overdue = schedule.release_overdue(window.through_month, clock.now())
        if overdue:
            raise ReleaseOverdue(overdue)  # fails the task: the failure callback alerts
        log.info("GACC has not listed %s yet; waiting", window.through_month)
        return PokeReturnValue(is_done=False)
    return PokeReturnValue(is_done=True, xcom_value=[ref.to_dict() for ref in refs])


def land_partner_source(settings: Settings, run_id: str, source: str) -> dict:
    """A partner DAG's land task: the source's answers through the current month, and a warning when it
    publishes late; a source that did not answer (or answered what cannot be read) fails the task, alerted."""
    from customs_wh.orchestration import partner_stages

    outcome = partner_stages.land_partner_source(settings, run_id, source)
    late = partner_stages.lateness_alert(settings, run_id, source, clock.today())
    if late is not None:
        alerts.record_alert(settings, late)
    if outcome.failure is not None:
        raise stages.RefreshFailed(outcome.failure)
    return {"source": source, "new_answers": outcome.new_answers, "rows": outcome.rows}


def land_configured_partners(settings: Settings, run_id: str, params: dict | None = None) -> list[dict]:
    """The refresh DAG's land_partners task: the sources it is pointed at (``make run``'s sample servers);
    a source that fails is alerted and the GACC marts still publish."""
    from customs_wh.orchestration import partner_stages

    return [
        {"source": o.source, "new_answers": o.new_answers, "rows": o.rows, "failure": o.failure}
        for o in (
            partner_stages.land_partner_source(
                settings,
                run_id,
                source,
                from_month=(params or {}).get("from_month"),
                through_month=(params or {}).get("through_month"),
            )
            for source in partner_stages.configured_sources(settings)
        )
    ]


# --- failure callbacks ------------------------------------------------------------------


def _task_identity(context: Mapping[str, Any]) -> tuple[str, str, str | None]:
    ti = context.get("task_instance") or context.get("ti")
    dag = context.get("dag")
    dag_id = context.get("dag_id") or getattr(ti, "dag_id", None) or getattr(dag, "dag_id", None) or "unknown_dag"
    task_id = getattr(ti, "task_id", None) or getattr(context.get("task"), "task_id", None) or "unknown_task"
    run_id = context.get("run_id") or getattr(ti, "run_id", None)
    return str(dag_id), str(task_id), None if run_id is None else str(run_id)


def task_failure_alert(context: Mapping[str, Any]) -> Alert:
    """The critical alert for a failed Airflow task (pure: no delivery)."""
    dag_id, task_id, run_id = _task_identity(context)
    exception = context.get("exception")
    reason = one_line(exception) if exception is not None else "no exception recorded"
    return Alert.now(
        run_id=run_id,
        release=None,
        check_name=f"task {dag_id}.{task_id}",
        severity="critical",
        observed=reason,
        expected="task succeeds",
        message=f"task {dag_id}.{task_id} failed: {reason}",
    )


class TaskFailureNotifier(BaseNotifier):
    """Airflow notifier for failed tasks: a critical alert naming the DAG, the task and the error,
    recorded in ``ops.alerts`` for the run's one message (its DAG's ``finish`` task sends it).

    An exception marked ``alerted`` (a rejected page, a failed gate) has recorded its own, more
    precise alerts already. Settings come from the worker's environment. With ``dbt_task``
    (Cosmos' dbt tasks) the failed dbt step is first recorded for the build proof and the home's
    lock its pre_execute hook took is let go.
    """

    def __init__(self, *, dbt_task: bool = False) -> None:
        super().__init__()
        self.dbt_task = dbt_task

    def notify(self, context: Mapping[str, Any]) -> None:
        if self.dbt_task:
            _end_failed_dbt_task(context)
        task_failure_callback(context)


def task_failure_callback(context: Mapping[str, Any]) -> None:
    """Record the alert for a failed task (what ``TaskFailureNotifier`` does); never raises."""
    if getattr(context.get("exception"), "alerted", False):
        return
    try:
        alerts.record_alert(load_settings(), task_failure_alert(context))
    except Exception:  # noqa: BLE001 - a failing callback must not hide the task's own failure
        log.exception("could not record the alert for a failed task")


# --- the end of a run ------------------------------------------------------------------------


def finish_refresh(run_id: str) -> str:
    """The refresh DAG's last task (a teardown: it runs however the run went, and does not decide
    its state): the run's end in ``ops.runs`` and its one message (``run_end``)."""
    finished = run_end.finish_run(load_settings(), run_id)
    return f"run {run_id}: {finished.outcome or 'nothing to tell'}; message: {finished.delivery}"


def finish_dag_run(dag_id: str, run_id: str) -> str:
    """The last task of the report and export DAGs: one message for the run, when it raised alerts."""
    finished = run_end.finish_run(load_settings(), run_id, refresh=False, what=f"{dag_id} run")
    return f"{dag_id} run {run_id}: {finished.outcome or 'no alerts'}; message: {finished.delivery}"


def build_report_task(settings: Settings) -> dict:
    """customs_report's build_report task; a failure fails the task (and the notifier alerts)."""
    from customs_wh.reporting.report import build_report

    result = build_report(settings)
    log.info("report %s: charts %s; not available %s", result.index, result.drawn, result.missing)
    return {"index": str(result.index), "charts": result.drawn, "not_available": result.missing}


def generate_dbt_docs(settings: Settings) -> str:
    from customs_wh.warehouse.dbt_docs import generate_docs

    return str(generate_docs(settings).directory)


# --- the dbt tasks: the home's lock and the build proof ---------------------------------------
#
# Cosmos runs one dbt command per task. Passed through the task group's ``operator_args``,
# these hooks make each dbt task a writer like the other stages: it holds the home's lock
# from pre_execute to post_execute (or its failure callback), and may only rebuild the marts
# of the run that owns the build (the run whose gate 1 passed last).


def _task_key(context: Mapping[str, Any]) -> str:
    dag_id, task_id, run_id = _task_identity(context)
    ti = context.get("task_instance") or context.get("ti")
    return f"{dag_id}/{task_id}/{run_id}/{getattr(ti, 'map_index', -1)}"


# What one dbt task holds across its two hooks (pre_execute to post_execute or the failure
# callback), by task: the home's lock and the garbage collector's freeze. The hooks
# are separate calls, so no ``with`` block can span them.
_task_holds: dict[str, contextlib.ExitStack] = {}


def _hold_home_for_task(settings: Settings, run_id: str, task_key: str, what: str) -> contextlib.ExitStack:
    """:func:`stages.writing` for a task whose start and end are separate calls."""
    held = contextlib.ExitStack()
    held.enter_context(stages.writing(settings, run_id, what))
    _task_holds[task_key] = held
    return held


@contextlib.contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """The garbage collector leaves alone the objects alive when the block starts.

    ``airflow dags test`` (``make run``) runs every task of a run in one process, which holds
    Airflow, Cosmos, dbt and the DAG: millions of long-lived objects that each full collection
    walks again. Cosmos runs one after every dbt invocation (to free the adapters' semaphores),
    0.45 s of a dbt task's 1.3 s; a task that imports much sets off several (Great Expectations'
    import in gate 1: the task took 12.3 s, 9.5 to 10 s since). What the task itself leaves
    behind is still collected.

    A heap frozen already is left as it is: Airflow's LocalExecutor freezes its heap before
    forking its workers, and unfreezing there would hand the worker's inherited objects back
    to the collector (the copy-on-write growth that freeze spares), not only ours.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def collecting_only_its_own_objects(function: Callable[P, R]) -> Callable[P, R]:
    """A task's callable run in :func:`collecting_only_new_objects` (under ``@task``, which
    reads the callable's signature through the wrapper)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collecting_only_new_objects():
            return function(*args, **kwargs)

    return run


def _release_home_for_task(task_key: str) -> None:
    """Let go of what :func:`_hold_home_for_task` took for ``task_key``, if anything."""
    held = _task_holds.pop(task_key, None)
    if held is not None:
        held.close()


def dbt_task_pre_execute(context: Mapping[str, Any]) -> None:
    """Take the home's lock for the task (bounded wait) and claim the build for its run; until
    the task ends, the garbage collector walks only the objects the task makes."""
    settings = load_settings()
    _dag_id, task_id, run_id = _task_identity(context)
    key = _task_key(context)
    held = _hold_home_for_task(settings, str(run_id), key, f"dbt task {task_id}")
    held.enter_context(collecting_only_new_objects())
    try:
        stages.begin_dbt_step(settings, str(run_id), task_id)
    except BaseException:
        _release_home_for_task(key)
        raise


def dbt_task_post_execute(context: Mapping[str, Any], result: Any = None) -> None:
    """The dbt task passed: record it for the build proof and let go of the lock."""
    _dag_id, task_id, run_id = _task_identity(context)
    try:
        stages.end_dbt_step(load_settings(), str(run_id), task_id, None)
    finally:
        _release_home_for_task(_task_key(context))


def _end_failed_dbt_task(context: Mapping[str, Any]) -> None:
    """A dbt task failed: gate 2 must not vouch for this build, and the lock is let go."""
    _dag_id, task_id, run_id = _task_identity(context)
    key = _task_key(context)
    try:
        if key in _task_holds:  # it ran dbt (a refused claim changed nothing)
            exception = context.get("exception")
            reason = one_line(exception) if exception is not None else "failed"
            stages.end_dbt_step(load_settings(), str(run_id), task_id, reason)
    except Exception:  # noqa: BLE001 - a failing callback must not hide the task's own failure
        log.exception("could not record the failed dbt task %s", task_id)
    finally:
        _release_home_for_task(key)


# --- Cosmos -------------------------------------------------------------------------------


def dbt_executable_path() -> str:
    """The dbt beside this interpreter, put on PATH.

    Cosmos insists on finding `dbt` on PATH even when it runs dbt in-process; a virtualenv
    used without activating it does not have it there.
    """
    beside_python = Path(sys.executable).parent
    if shutil.which("dbt") is None and (beside_python / "dbt").exists():
        os.environ["PATH"] = os.pathsep.join([str(beside_python), os.environ.get("PATH", "")])
    return shutil.which("dbt") or "dbt"
