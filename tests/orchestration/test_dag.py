"""DAG integrity: the DagBag imports cleanly, cheaply, and wires the intended graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from customs_wh.orchestration import schedule as orchestration
from customs_wh.warehouse import transform
from repo_paths import REPO_ROOT

INSPECT_DAG = textwrap.dedent(
    """
    import json, socket, sys
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise RuntimeError("network access while importing the DAG")
    socket.socket.connect = refuse

    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag(dag_folder=sys.argv[1])
    dag = bag.dags.get("customs_monthly_refresh")
    out = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dag_ids": sorted(bag.dag_ids)}
    export = bag.dags.get("customs_marts_export")
    if export is not None:
        condition = getattr(export.timetable, "asset_condition", None)
        out["export_schedule"] = [a.name for a in getattr(condition, "objects", [])]
    report = bag.dags.get("customs_report")
    if report is not None:
        condition = getattr(report.timetable, "asset_condition", None)
        out["report_schedule"] = [a.name for a in getattr(condition, "objects", [])]
        out["report_pools"] = {t.task_id: t.pool for t in report.tasks}
        callbacks = [t.on_failure_callback for d in bag.dags.values() for t in d.tasks if t.on_failure_callback]
        out["failure_notifiers"] = sorted({type(c[0] if isinstance(c, list) else c).__name__ for c in callbacks})
    if dag is not None:
        out["tasks"] = {t.task_id: sorted(t.downstream_task_ids) for t in dag.tasks}
        out["pools"] = {t.task_id: t.pool for t in dag.tasks}
        out["dbt_global_flags"] = {
            t.task_id: list(t.dbt_cmd_global_flags) for t in dag.tasks if hasattr(t, "dbt_cmd_global_flags")
        }
        out["dbt_selection"] = {
            t.task_id: {
                "command": t.base_cmd[0],
                "select": t.select,
                "exclude": t.exclude,
                "indirect_selection": t.indirect_selection,
            }
            for t in dag.tasks
            if hasattr(t, "dbt_cmd_global_flags")
        }
        out["max_active_runs"] = dag.max_active_runs
        out["catchup"] = dag.catchup
        out["timetable"] = type(dag.timetable).__name__
        out["outlets"] = {t.task_id: [getattr(o, "name", str(o)) for o in t.outlets] for t in dag.tasks}
        out["teardowns"] = {
            d.dag_id: sorted(t.task_id for t in d.tasks if t.is_teardown) for d in bag.dags.values()
        }
        out["upstream_of_finish"] = {
            d.dag_id: sorted(d.get_task("finish").upstream_task_ids) for d in bag.dags.values()
        }
        out["all_tasks"] = {d.dag_id: sorted(t.task_id for t in d.tasks) for d in bag.dags.values()}
    from customs_wh.orchestration.airflow_tasks import collecting_only_its_own_objects
    wrapper = collecting_only_its_own_objects(lambda: None).__code__
    out["python_tasks"] = {
        d.dag_id: {
            t.task_id: t.python_callable.__code__ is wrapper for t in d.tasks if hasattr(t, "python_callable")
        }
        for d in bag.dags.values()
    }
    print("RESULT " + json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def dag_info(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("dag-home")
    env = dict(os.environ)
    env.update(
        {
            "CUSTOMS_WH_HOME": str(home / "wh"),
            "AIRFLOW_HOME": str(home / "airflow"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            # The dbt ls cache lives in Airflow Variables; this check runs without a metadata DB.
            "AIRFLOW__COSMOS__ENABLE_CACHE_DBT_LS": "False",
            # Cosmos runs `dbt ls` while the file imports: on a busy 2-core machine that passes
            # Airflow's default 30 s import timeout, an import error of the load, not of the DAG.
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "180",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-c", INSPECT_DAG, str(REPO_ROOT / "dags")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"DAG inspection failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    info = json.loads(lines[-1][len("RESULT ") :])
    info["home"] = home
    return info


def test_dagbag_imports_without_errors(dag_info):
    assert dag_info["import_errors"] == {}
    partner_dags = [f"customs_partner_{source}" for source in ("census", "ecb", "eurostat", "hmrc")]
    assert dag_info["dag_ids"] == [
        "customs_marts_export",
        "customs_mirror",
        orchestration.DAG_ID,
        *partner_dags,
        "customs_report",
    ]


def test_importing_the_dag_does_no_work(dag_info):
    # No warehouse state is created just by parsing the DAG file.
    assert not (dag_info["home"] / "wh" / "build.duckdb").exists()
    assert not (dag_info["home"] / "wh" / "raw").exists()


def test_pipeline_order(dag_info):
    tasks = dag_info["tasks"]
    assert tasks["discover"] == ["finish", "land"]
    assert tasks["land"] == ["finish", "parse"]
    assert tasks["parse"] == ["finish", "land_partners"]
    assert tasks["land_partners"] == ["finish", "gate_landed"]
    assert tasks["gate_marts"] == ["finish", "publish"]
    assert tasks["publish"] == ["finish"]
    assert tasks["finish"] == []


def test_every_dag_ends_with_one_message_after_all_its_tasks(dag_info):
    """Each DAG's last task sends the run's one message: a teardown (it runs however the run
    went and leaves the run's state to the other tasks) downstream of every other task."""
    for dag_id, every in dag_info["all_tasks"].items():
        assert dag_info["teardowns"][dag_id] == ["finish"], dag_id
        assert dag_info["upstream_of_finish"][dag_id] == [task for task in every if task != "finish"], dag_id


def test_dbt_group_builds_each_mart_with_its_tests_in_one_task(dag_info):
    tasks = dag_info["tasks"]
    dbt_tasks = [t for t in tasks if t.startswith("dbt_build.")]
    built = {t.removeprefix("dbt_build.").removesuffix("_model_build") for t in dbt_tasks if t.endswith("_model_build")}
    models = REPO_ROOT / "dbt_project" / "models"
    marts = {p.stem for p in (models / "marts").glob("*.sql")}
    assert marts, "the dbt project has marts"
    assert marts <= built, f"marts without a build task: {sorted(marts - built)}"
    # Besides the marts, only intermediate models that read a mart (the mirror's China side).
    assert built - marts <= {p.stem for p in (models / "intermediate").glob("*.sql")}
    # The layers the marts read in a task each right after gate 1, before every mart; the tests
    # that read several models in one task once every model is built, before gate 2.
    assert tasks["gate_landed"] == ["dbt_build.seeds_and_staging", "finish"]
    assert tasks["dbt_build.seeds_and_staging"] == ["dbt_build.intermediate", "finish"]
    first_marts = set(tasks["dbt_build.intermediate"]) - {"finish"}
    assert first_marts and first_marts <= {f"dbt_build.{m}_model_build" for m in built}
    assert tasks["dbt_build.tests_across_models"] == ["finish", "gate_marts"]
    leaves = [t for t in dbt_tasks if "dbt_build.tests_across_models" in tasks[t]]
    assert leaves and all(t.endswith("_model_build") for t in leaves)
    layers = ["dbt_build.seeds_and_staging", "dbt_build.intermediate", "dbt_build.tests_across_models"]
    assert sorted(dbt_tasks) == sorted([*(f"dbt_build.{m}_model_build" for m in built), *layers]), "no other dbt task"


@pytest.fixture(scope="module")
def parsed_project(tmp_path_factory):
    """The dbt project parsed once, in a home of its own: every `dbt ls` below reads that parse."""
    from dbt.cli.main import dbtRunner

    from customs_wh.config import Settings

    home = tmp_path_factory.mktemp("dbt-ls-home")
    settings = Settings(home=home, base_url="http://127.0.0.1:9")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CUSTOMS_WH_HOME", str(home))
        outcome = dbtRunner().invoke(transform.dbt_args(settings, "parse"))
        assert outcome.success, outcome.exception
        yield settings, outcome.result


def listed(parsed_project, *args: str, resource_type: str = "test") -> set[str]:
    from dbt.cli.main import dbtRunner

    settings, manifest = parsed_project
    command = [*transform.dbt_args(settings, "ls"), "--resource-type", resource_type, *args]
    outcome = dbtRunner(manifest=manifest).invoke(command)
    assert outcome.success, outcome.exception
    return set(outcome.result)


def test_every_dbt_test_runs_in_exactly_one_task_of_the_dag(dag_info, parsed_project):
    """Read with dbt's own selection: the tasks of the layers the marts read (their models, and
    the tests whose every parent they build), the task of each model from the marts on (the
    model, its tests eagerly, less the exclusions) and the task of the tests that read several
    models together build every model and run every test of the project once, and no unit test
    (they check the SQL, not the data: `make test` runs them, as the CLI's refresh leaves them out)."""
    selection = dag_info["dbt_selection"]
    layers = [selection["dbt_build.seeds_and_staging"], selection["dbt_build.intermediate"]]
    last = selection["dbt_build.tests_across_models"]
    marts = [task for name, task in selection.items() if name.endswith("_model_build")]
    assert {(task["command"], task["indirect_selection"]) for task in layers} == {("build", "cautious")}
    assert last["command"] == "test" and {task["command"] for task in marts} == {"build"}
    assert len({task["exclude"] for task in marts}) == 1, "every mart's task leaves out the same"

    def chosen(task: dict, resource_type: str = "test") -> set[str]:
        """What the task's own selection (select, exclude, indirect selection) picks."""
        excluded = ["--exclude", *task["exclude"].split()] if task["exclude"] else []
        indirect = ["--indirect-selection", task["indirect_selection"]] if task.get("indirect_selection") else []
        selected = ["--select", *task["select"].split(), *excluded, *indirect]
        return listed(parsed_project, *selected, resource_type=resource_type)

    # Eager selection is additive: what the marts' tasks run together is what one selection of
    # all the marts runs.
    all_marts = {"select": " ".join(task["select"] for task in marts), "exclude": marts[0]["exclude"]}
    every = listed(parsed_project)
    runs = [chosen(task) for task in [*layers, all_marts, last]]
    assert all(runs), "every task runs tests"
    assert sum(map(len, runs)) == len(set().union(*runs)), "no test runs twice"
    assert set().union(*runs) == every, sorted(every - set().union(*runs))
    builds = [chosen(task, resource_type="model") for task in layers] + [chosen(all_marts, resource_type="model")]
    assert all(builds) and sum(map(len, builds)) == len(set().union(*builds)), "no model is built twice"
    assert set().union(*builds) == listed(parsed_project, resource_type="model")
    # Each layer reads only what is built before it: no model a layer reads is built later.
    for position, built_here in enumerate(builds[:-1]):
        read_here = listed(parsed_project, "--select", *(f"+{model}" for model in built_here), resource_type="model")
        built_later = set().union(*builds[position + 1 :])
        assert not read_here & built_later, f"read before it is built: {sorted(read_here & built_later)}"
    assert listed(parsed_project, resource_type="unit_test"), "the project has unit tests"
    assert not any(chosen(task, resource_type="unit_test") for task in [*layers, all_marts])


def test_dbt_tasks_write_no_artifacts_and_log_to_file_as_the_refresh_does(dag_info):
    flags = dag_info["dbt_global_flags"]
    dbt_tasks = [t for t in dag_info["tasks"] if t.startswith("dbt_build.")]
    assert sorted(flags) == sorted(dbt_tasks), "every dbt task, and only those, runs dbt"
    for task, task_flags in flags.items():
        assert "--no-write-json" in task_flags, task
        position = task_flags.index(transform.FILE_LOG_FLAGS[0])
        assert tuple(task_flags[position : position + len(transform.FILE_LOG_FLAGS)]) == transform.FILE_LOG_FLAGS, task
    assert all(dag_info["pools"][t] == orchestration.DBT_POOL for t in dbt_tasks)


def test_schedule_and_concurrency(dag_info):
    assert dag_info["max_active_runs"] == 1
    assert dag_info["timetable"] == "CronDataIntervalTimetable"
    assert dag_info["outlets"]["publish"] == [orchestration.WAREHOUSE_ASSET_NAME]


def test_the_published_warehouse_triggers_the_parquet_export(dag_info):
    assert dag_info["export_schedule"] == [orchestration.WAREHOUSE_ASSET_NAME]


def test_the_published_warehouse_triggers_the_report_and_dbt_docs(dag_info):
    assert dag_info["report_schedule"] == [orchestration.WAREHOUSE_ASSET_NAME]
    # dbt docs read build.duckdb: they wait for the single dbt slot like the refresh's dbt tasks.
    assert dag_info["report_pools"]["dbt_docs"] == orchestration.DBT_POOL
    assert set(dag_info["report_pools"]) == {"build_report", "dbt_docs", "finish"}


def test_the_task_make_run_waits_for_before_the_report_is_the_one_that_triggers_it(dag_info):
    """`customs-wh dag-test` runs the report DAG when the refresh's publish task succeeded, as the
    scheduler does on that task's outlet (tests/orchestration/test_local_airflow.py)."""
    from customs_wh.orchestration.local_airflow_process import PUBLISH_TASK_ID

    assert dag_info["outlets"][PUBLISH_TASK_ID] == dag_info["report_schedule"]
    assert [task for task, outlets in dag_info["outlets"].items() if outlets] == [PUBLISH_TASK_ID]


def test_failed_tasks_alert_through_the_airflow_notifier(dag_info):
    assert dag_info["failure_notifiers"] == ["TaskFailureNotifier"]


def test_every_python_task_collects_only_its_own_objects(dag_info):
    """`airflow dags test` runs a whole run in one process: no task's garbage collection walks the
    objects of Airflow, Cosmos, dbt and the tasks before it (airflow_tasks.collecting_only_new_objects)."""
    python_tasks = dag_info["python_tasks"]
    assert python_tasks[orchestration.DAG_ID].keys() >= {"discover", "land", "parse", "gate_landed", "publish"}
    unwrapped = {
        dag_id: sorted(task for task, wrapped in tasks.items() if not wrapped) for dag_id, tasks in python_tasks.items()
    }
    assert unwrapped == dict.fromkeys(python_tasks, [])
