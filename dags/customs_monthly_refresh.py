"""customs_monthly_refresh: land GACC's monthly release, gate it, build the marts, publish.

Wiring, schedule and configuration only; every step is a function of
``customs_wh.orchestration.stages``.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, CronDataIntervalTimetable, Param, PokeReturnValue, dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior
from cosmos.operators.local import DbtBuildLocalOperator, DbtTestLocalOperator

from customs_wh.config import DBT_PROJECT_DIR, load_settings
from customs_wh.contracts import MONTH_FROM_FIRST_RELEASE_PATTERN, ReleaseRef, check_month_range
from customs_wh.orchestration import airflow_tasks, schedule, stages
from customs_wh.warehouse import runs, transform

WAREHOUSE = Asset(schedule.WAREHOUSE_ASSET_NAME)

# dbt runs in the task's own process (DBT_RUNNER), from the Python environment Airflow runs
# in: no dbt process start-up per task, and no second dbt install that could drift.
PROJECT_CONFIG = ProjectConfig(
    dbt_project_path=DBT_PROJECT_DIR,
    install_dbt_deps=False,
    # profiles.yml reads CUSTOMS_WH_HOME: give dbt the home the Python tasks use.
    env_vars={"CUSTOMS_WH_HOME": str(load_settings().home)},
    # The project's variables (the one rounding tolerance), for dbt ls and every dbt task.
    dbt_vars=transform.dbt_vars(),
)
PROFILE_CONFIG = ProfileConfig(
    profile_name="customs_wh",
    target_name="build",
    profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml",
)
EXECUTION_CONFIG = ExecutionConfig(invocation_mode=InvocationMode.DBT_RUNNER)
# Each dbt task costs about 0.35 s under `airflow dags test` and a few seconds as a process of
# the scheduler's executor, whatever it builds. The layers the marts read have a task each: the
# seeds and the staging views (reference data and renamed raw columns, a second's work), then
# the intermediate models (dbt builds them side by side, each tested before what reads it); the
# marts, which people query, and the models that read them a task each; and the tests that read
# several models (the singular ones, `relationships`) one task once every model is built. dbt's
# unit tests check the models' SQL, not the data: `make test` runs them, a refresh does not
# (transform.dbt_args).
SEEDS_AND_STAGING = "resource_type:seed path:models/staging"
INTERMEDIATE = "path:models/intermediate"
MARTS_AND_AFTER = "path:models/marts+"
TESTS_ACROSS_MODELS = "test_type:singular test_name:relationships"
NOT_IN_A_REFRESH = "resource_type:unit_test"
RENDER_CONFIG = RenderConfig(
    load_method=LoadMode.DBT_LS,
    # One task per model from the marts on: `dbt build` runs the model and then its tests, and a
    # failing test fails the task before anything downstream runs: half the tasks of a run task
    # and a test task per model, each with a start-up of its own (above).
    test_behavior=TestBehavior.BUILD,
    # The marts and the models that read them; the layers they read are tasks added below.
    select=[MARTS_AND_AFTER],
    # Cosmos passes these exclusions on to every model's `dbt build` as well.
    exclude=[*TESTS_ACROSS_MODELS.split(), NOT_IN_A_REFRESH],
    # Any other test that reads several models runs once all of them are built, in a task of its own.
    should_detach_multiple_parents_tests=True,
    emit_datasets=False,
    invocation_mode=InvocationMode.DBT_RUNNER,
    dbt_executable_path=airflow_tasks.dbt_executable_path(),
)
# DuckDB allows one writer per file: every dbt task takes the single slot of this pool, and,
# like every stage that writes, holds the home's lock while it runs (and may only rebuild the
# marts of the run that owns the build): Airflow's pre_execute/post_execute hooks, and the
# failure callback to let go of the lock when dbt fails.
#
# No JSON artifacts (manifest.json, run_results.json: 0.2 s of each task): the task reads dbt's
# result in-process, and the report DAG's `dbt docs generate` writes its own. dbt's file log at
# info level, as every dbt invocation of the warehouse (transform.FILE_LOG_FLAGS).
DBT_OPERATOR_ARGS = {
    "pool": schedule.DBT_POOL,
    "install_deps": False,
    "dbt_cmd_global_flags": ["--no-write-json", *transform.FILE_LOG_FLAGS],
    "pre_execute": airflow_tasks.dbt_task_pre_execute,
    "post_execute": airflow_tasks.dbt_task_post_execute,
    "on_failure_callback": airflow_tasks.TaskFailureNotifier(dbt_task=True),
}
# What the task group gives its operators, for the dbt tasks added to it.
DBT_TASK_ARGS = {
    **DBT_OPERATOR_ARGS,
    "project_dir": DBT_PROJECT_DIR,
    "profile_config": PROFILE_CONFIG,
    "vars": PROJECT_CONFIG.dbt_vars,
    "env": PROJECT_CONFIG.env_vars,
    "append_env": True,
    "invocation_mode": EXECUTION_CONFIG.invocation_mode,
}


@dag(
    dag_id=schedule.DAG_ID,
    # One run per reference month: the data interval is the month the release covers.
    schedule=CronDataIntervalTimetable(schedule.MONTHLY_CRON, timezone="UTC"),
    start_date=dt.datetime(2018, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    # Only the download is retried: a rejected page, a failed gate or a failed dbt test
    # fails the same way every time until someone acts on the alert.
    default_args={"retries": 0, "on_failure_callback": airflow_tasks.TaskFailureNotifier()},
    params={
        # Checked when the run is triggered (a month, from 2018-01); the range itself (not
        # reversed, not after the current month) by the first task, before any download.
        "from_month": Param(
            None,
            type=["null", "string"],
            pattern=MONTH_FROM_FIRST_RELEASE_PATTERN,
            description="First reference month to land (YYYY-MM, from 2018-01); default: the run's month minus two",
        ),
        "through_month": Param(
            None,
            type=["null", "string"],
            pattern=MONTH_FROM_FIRST_RELEASE_PATTERN,
            description="Last reference month to land (YYYY-MM, not after the current month); default: the run's month",
        ),
    },
    tags=["customs-wh"],
    doc_md=__doc__,
)
def customs_monthly_refresh():
    # Every task's callable collects only its own objects: `airflow dags test` (make run) runs the
    # whole run in one process, whose older objects each full collection would walk again.

    # Looks every 6 hours, freeing its worker slot in between; fails with an alert once the
    # month after the reference month has ended without a release (the timeout is a backstop).
    @task.sensor(poke_interval=6 * 3600, timeout=35 * 24 * 3600, mode="reschedule")
    @airflow_tasks.collecting_only_its_own_objects
    def discover(data_interval_start=None, params=None, run_id=None) -> PokeReturnValue:
        check_month_range((params or {}).get("from_month"), (params or {}).get("through_month"))
        return airflow_tasks.discover_or_wait(data_interval_start, params, run_id)

    @task(retries=2, retry_delay=dt.timedelta(minutes=15))
    @airflow_tasks.collecting_only_its_own_objects
    def land(releases: list[dict], run_id=None) -> list[str]:
        settings = load_settings()
        runs.record_start(settings, run_id)
        return stages.stage_land(settings, run_id, [ReleaseRef(**release) for release in releases])

    @task
    @airflow_tasks.collecting_only_its_own_objects
    def parse(run_id=None) -> list[str]:
        return stages.stage_parse(load_settings(), run_id)

    @task
    @airflow_tasks.collecting_only_its_own_objects
    def land_partners(params=None, run_id=None) -> list[dict]:
        return airflow_tasks.land_configured_partners(load_settings(), run_id, params)

    @task
    @airflow_tasks.collecting_only_its_own_objects
    def gate_landed(run_id=None) -> str:
        return stages.stage_gate_landed(load_settings(), run_id)

    dbt_build = DbtTaskGroup(
        group_id="dbt_build",
        project_config=PROJECT_CONFIG,
        profile_config=PROFILE_CONFIG,
        execution_config=EXECUTION_CONFIG,
        render_config=RENDER_CONFIG,
        operator_args=DBT_OPERATOR_ARGS,
    )
    first_marts, last_models = dbt_build.roots, dbt_build.leaves
    with dbt_build:
        # `cautious`: a test runs in a layer's task only when every model it reads is built there.
        seeds_and_staging, intermediate = (
            DbtBuildLocalOperator(
                task_id=task_id,
                select=selection,
                exclude=f"{MARTS_AND_AFTER} {TESTS_ACROSS_MODELS} {NOT_IN_A_REFRESH}",
                indirect_selection="cautious",
                **DBT_TASK_ARGS,
            )
            for task_id, selection in (("seeds_and_staging", SEEDS_AND_STAGING), ("intermediate", INTERMEDIATE))
        )
        tests_across_models = DbtTestLocalOperator(
            task_id="tests_across_models", select=TESTS_ACROSS_MODELS, **DBT_TASK_ARGS
        )
    seeds_and_staging >> intermediate >> first_marts
    last_models >> tests_across_models

    @task
    @airflow_tasks.collecting_only_its_own_objects
    def gate_marts(run_id=None) -> str:
        return stages.stage_gate_marts(load_settings(), run_id)

    @task(outlets=[WAREHOUSE])
    @airflow_tasks.collecting_only_its_own_objects
    def publish(run_id=None) -> str:
        return str(stages.stage_publish(load_settings(), run_id))

    # The run's end, however it went: a teardown waits for every task and leaves the run's state
    # to them; it records a run that did not publish as failed and sends the run's one message.
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def finish(run_id=None) -> str:
        return airflow_tasks.finish_refresh(run_id)

    discovered = discover()
    # TaskFlow: a task called while the DAG is parsed takes the XComArg of another task's result.
    landed = land(discovered)  # type: ignore[arg-type]
    parsed = parse()
    landed_gate = gate_landed()
    partners_landed = land_partners()
    landed >> parsed >> partners_landed >> landed_gate >> dbt_build
    marts_gate = gate_marts()
    dbt_build >> marts_gate
    published = publish()
    marts_gate >> published
    [
        discovered,
        landed,
        parsed,
        partners_landed,
        landed_gate,
        marts_gate,
        published,
        *dbt_build.iter_tasks(),
    ] >> finish().as_teardown()


customs_monthly_refresh()
