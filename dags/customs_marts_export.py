"""customs_marts_export: Parquet copies of the marts, each time the warehouse is published.

Scheduled on the warehouse Asset that customs_monthly_refresh's publish task emits.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, dag, task

from customs_wh.config import load_settings
from customs_wh.orchestration import airflow_tasks, schedule
from customs_wh.warehouse.export import export_marts


@dag(
    dag_id="customs_marts_export",
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
def customs_marts_export():
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def export_parquet() -> dict[str, str]:
        return {table: str(path) for table, path in export_marts(load_settings()).items()}

    # One message for the run when the export failed (a teardown: it leaves the run's state alone).
    @task
    @airflow_tasks.collecting_only_its_own_objects
    def finish(run_id=None) -> str:
        return airflow_tasks.finish_dag_run("customs_marts_export", run_id)

    export_parquet() >> finish().as_teardown()


customs_marts_export()
