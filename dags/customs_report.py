"""customs_report: the HTML report and dbt's documentation, each time the warehouse is published.

Scheduled on the warehouse Asset that customs_monthly_refresh's publish task emits, like
customs_marts_export. ``build_report`` writes $CUSTOMS_WH_HOME/report/index.html (charts,
headlines, the CSV behind each chart) from the published marts; ``dbt_docs`` runs
``dbt docs generate`` into $CUSTOMS_WH_HOME/dbt/docs, which Cosmos shows in the Airflow UI
(Browse > dbt Docs) when AIRFLOW__COSMOS__DBT_DOCS_PROJECTS points at it.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, dag, task

from customs_wh.config import load_settings
from customs_wh.orchestration import airflow_tasks, schedule


@dag(
    dag_id=schedule.REPORT_DAG_ID,
    schedule=[Asset(schedule.WAREHOUSE_ASSET_NAME)],
    start_date=dt.datetime(2018, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": 1,
        "retry_delay": dt.timedelta(minutes=5),
        "on_failure_callback": airflow_tasks.TaskFailureNotifier(),
    },
    tags=["customs-wh"],
    doc_md=__doc__,
)
def customs_report():
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def build_report() -> dict:
        return airflow_tasks.build_report_task(load_settings())

    # dbt reads build.duckdb for its catalog: one writer at a time, like the refresh's dbt tasks.
    @task(pool=schedule.DBT_POOL, retries=2, retry_delay=dt.timedelta(minutes=2))
    @airflow_tasks.collecting_only_its_own_objects
    def dbt_docs() -> str:
        return airflow_tasks.generate_dbt_docs(load_settings())

    # One message for the run when a task failed (a teardown: the tasks decide the run's state).
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def finish(run_id=None) -> str:
        return airflow_tasks.finish_dag_run(schedule.REPORT_DAG_ID, run_id)

    [build_report(), dbt_docs()] >> finish().as_teardown()


customs_report()
