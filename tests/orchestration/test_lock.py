"""The home's lock says who holds it: each writer by what it is doing, so that a writer that
waits (and the alert it raises) names the right one."""

from __future__ import annotations

import gc
import inspect
import subprocess
import sys
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from customs_wh.cli import app
from customs_wh.config import Settings, load_settings
from customs_wh.orchestration import lock


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path / "home"))
    return load_settings()


def test_the_lock_file_names_each_holder_by_its_purpose(settings):
    for purpose in ("gate 1 of run r1", "publish of run r2"):
        with lock.home_lock(settings, purpose):
            holder = settings.lock_file.read_text(encoding="utf-8")
        assert f": {purpose}, since " in holder, holder


def test_a_waiting_writer_is_told_who_holds_the_home(settings):
    """Another process holds the lock: the refusal names its purpose, not another command's."""
    with lock.home_lock(settings, "customs-wh report --dbt-docs"):
        code = (
            "from customs_wh.config import load_settings\n"
            "from customs_wh.orchestration import lock\n"
            "try:\n"
            "    with lock.home_lock(load_settings(), 'a second writer', wait_s=0):\n"
            "        print('acquired')\n"
            "except lock.HomeBusy as exc:\n"
            "    print(exc)\n"
        )
        env = {"CUSTOMS_WH_HOME": str(settings.home), "PATH": "/usr/bin:/bin"}
        waiting = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "another writer holds" in waiting.stdout and "customs-wh report --dbt-docs" in waiting.stdout, waiting


def _report_stub(settings: Settings, directory=None) -> SimpleNamespace:
    index = settings.report_dir / "index.html"
    return SimpleNamespace(index=index, page_bytes=0, seconds=0.0, drawn=[], missing={}, synthetic=False)


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        (["quarantine", "requeue", "--all"], "customs-wh quarantine requeue"),
        (["report", "--dbt-docs"], "customs-wh report --dbt-docs"),
    ],
)
def test_each_command_holds_the_lock_under_its_own_name(settings, monkeypatch, command, purpose):
    from customs_wh.reporting import report
    from customs_wh.warehouse import dbt_docs, landing

    holders: list[str] = []

    def note_holder(*_args, **_kwargs):
        holders.append(settings.lock_file.read_text(encoding="utf-8"))
        return SimpleNamespace(directory=settings.dbt_docs_dir) if command[0] == "report" else []

    monkeypatch.setattr(landing, "quarantined_pages", note_holder)
    monkeypatch.setattr(dbt_docs, "generate_docs", note_holder)
    monkeypatch.setattr(report, "build_report", _report_stub)
    CliRunner().invoke(app, command)
    assert holders and all(f": {purpose}, since " in holder for holder in holders), holders


# --- a dbt task of the DAG holds the lock from its pre_execute hook to its post_execute or failure ----


def _another_process_can_take_the_lock(settings: Settings) -> bool:
    code = (
        "from customs_wh.config import load_settings\n"
        "from customs_wh.orchestration import lock\n"
        "try:\n"
        "    with lock.home_lock(load_settings(), 'probe', wait_s=0):\n"
        "        print('free')\n"
        "except lock.HomeBusy:\n"
        "    print('held')\n"
    )
    env = {"CUSTOMS_WH_HOME": str(settings.home), "PATH": "/usr/bin:/bin"}
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return probe.stdout.strip() == "free"


def _dbt_task_context(run_id: str, exception: BaseException | None = None) -> dict:
    ti = SimpleNamespace(
        dag_id="customs_monthly_refresh", task_id="dbt_build.stg_model_run", run_id=run_id, map_index=-1
    )
    return {"ti": ti, "run_id": run_id, "exception": exception}


@pytest.mark.parametrize("outcome", ["passed", "failed"])
def test_a_dbt_task_holds_the_home_from_pre_execute_until_it_ends(settings, outcome):
    from customs_wh.orchestration import airflow_tasks
    from customs_wh.warehouse import build_proof, db

    settings.ensure_dirs()
    with db.connect(settings.build_db) as con:
        build_proof.record_gate1_passed(con, "manual__owner")  # the run owns the build: dbt may run
    context = _dbt_task_context("manual__owner", RuntimeError("model failed") if outcome == "failed" else None)

    airflow_tasks.dbt_task_pre_execute(context)
    assert not _another_process_can_take_the_lock(settings)
    # While the task runs, the collector leaves the objects that were alive before it alone.
    assert gc.get_freeze_count() > 0
    if outcome == "passed":
        airflow_tasks.dbt_task_post_execute(context)
    else:
        airflow_tasks.TaskFailureNotifier(dbt_task=True).notify(context)
    assert _another_process_can_take_the_lock(settings)
    assert gc.get_freeze_count() == 0
    with db.connect(settings.build_db) as con:
        failed = con.execute("select step, reason from ops.build_failures").fetchall()
    assert failed == ([("dbt_build.stg_model_run", "model failed")] if outcome == "failed" else [])


def test_a_dbt_task_leaves_a_heap_frozen_before_it_frozen(settings):
    """Airflow's LocalExecutor forks its workers from a frozen heap: a dbt task must not thaw it."""
    from customs_wh.orchestration import airflow_tasks
    from customs_wh.warehouse import build_proof, db

    settings.ensure_dirs()
    with db.connect(settings.build_db) as con:
        build_proof.record_gate1_passed(con, "manual__owner")
    context = _dbt_task_context("manual__owner")
    gc.freeze()
    try:
        airflow_tasks.dbt_task_pre_execute(context)
        airflow_tasks.dbt_task_post_execute(context)
        # Still frozen (the count itself may fall: a frozen object whose last reference goes is freed).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert _another_process_can_take_the_lock(settings)


def test_a_dbt_task_of_a_run_that_does_not_own_the_build_lets_go_of_the_home(settings):
    from customs_wh.orchestration import airflow_tasks, stages

    settings.ensure_dirs()
    with pytest.raises(stages.RefreshFailed, match="dbt refused"):
        airflow_tasks.dbt_task_pre_execute(_dbt_task_context("manual__not-gated"))
    assert _another_process_can_take_the_lock(settings)
    assert gc.get_freeze_count() == 0


def test_a_task_callable_collects_only_its_own_objects_and_keeps_its_signature():
    from customs_wh.orchestration import airflow_tasks

    seen = []

    @airflow_tasks.collecting_only_its_own_objects
    def task_body(run_id=None, *, fail: bool = False) -> str:
        seen.append(gc.get_freeze_count() > 0)
        if fail:
            raise RuntimeError("the task failed")
        return f"ran {run_id}"

    # Airflow passes the context values the callable names: the wrapper shows the same signature.
    assert list(inspect.signature(task_body).parameters) == ["run_id", "fail"]
    assert task_body(run_id="manual__1") == "ran manual__1"
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError, match="the task failed"):
        task_body(fail=True)
    assert gc.get_freeze_count() == 0
    assert seen == [True, True]
