"""customs_partner_<source>: one DAG per partner source (Census, Comext, HMRC, ECB), each on its own release
rhythm, landing its answers into the raw zone and updating its own Asset; and customs_mirror, which rebuilds
and publishes the marts when any of those Assets updates (write-audit-publish: gate 1, dbt, gate 2, publish).

Wiring, schedule and configuration only; every step is a function of customs_wh.orchestration.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, dag, task

from customs_wh.config import load_settings
from customs_wh.orchestration import airflow_tasks, schedule, stages
from customs_wh.partner_contracts import PARTNER_SOURCES
from customs_wh.warehouse import runs

# When each source is looked at: weekdays after its usual release hour (UTC); landing an unchanged answer
# adds nothing, so looking often costs a few requests.
SCHEDULES = {"census": "30 13 * * 1-5", "eurostat": "0 11 * * 1-5", "hmrc": "30 9 * * 1-5", "ecb": "0 16 * * 1-5"}
ASSETS = {source: Asset(f"customs_wh_partner_{source}") for source in PARTNER_SOURCES}
DEFAULT_ARGS = {
    "retries": 2,
    "retry_delay": dt.timedelta(minutes=30),
    "on_failure_callback": airflow_tasks.TaskFailureNotifier(),
}


def partner_dag(source: str):
    @dag(
        dag_id=f"customs_partner_{source}",
        schedule=SCHEDULES[source],
        start_date=dt.datetime(2018, 1, 1, tzinfo=dt.UTC),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["customs-wh", "partners"],
        doc_md=__doc__,
    )
    def land_source():
        @task(outlets=[ASSETS[source]])
        @airflow_tasks.collecting_only_its_own_objects
        def land(run_id=None) -> dict:
            return airflow_tasks.land_partner_source(load_settings(), str(run_id), source)

        # One message for the run when it raised alerts (a teardown: it leaves the run's state alone).
        @task
        @airflow_tasks.collecting_only_its_own_objects
        def finish(run_id=None) -> str:
            return airflow_tasks.finish_dag_run(f"customs_partner_{source}", run_id)

        land() >> finish().as_teardown()

    return land_source()


for _source in PARTNER_SOURCES:
    partner_dag(_source)


@dag(
    dag_id="customs_mirror",
    schedule=ASSETS["census"] | ASSETS["eurostat"] | ASSETS["hmrc"] | ASSETS["ecb"],
    start_date=dt.datetime(2018, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0, "on_failure_callback": airflow_tasks.TaskFailureNotifier()},
    tags=["customs-wh", "partners"],
    doc_md=__doc__,
)
def customs_mirror():
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def gate_landed(run_id=None) -> str:
        settings = load_settings()
        runs.record_start(settings, run_id)
        return stages.stage_gate_landed(settings, run_id)

    @task(pool=schedule.DBT_POOL)
    @airflow_tasks.collecting_only_its_own_objects
    def dbt_build(run_id=None) -> None:
        stages.stage_transform(load_settings(), run_id)

    @task
    @airflow_tasks.collecting_only_its_own_objects
    def gate_marts(run_id=None) -> str:
        return stages.stage_gate_marts(load_settings(), run_id)

    @task(outlets=[Asset(schedule.WAREHOUSE_ASSET_NAME)])
    @airflow_tasks.collecting_only_its_own_objects
    def publish(run_id=None) -> str:
        settings = load_settings()
        published = stages.stage_publish(settings, run_id)
        return str(published)

    # The run's end, however it went: its record in ops.runs and its one message (a teardown).
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def finish(run_id=None) -> str:
        return airflow_tasks.finish_refresh(run_id)

    steps = [gate_landed(), dbt_build(), gate_marts(), publish()]
    steps[0] >> steps[1] >> steps[2] >> steps[3]
    steps >> finish().as_teardown()


customs_mirror()
