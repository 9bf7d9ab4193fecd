"""customs_marts_export: Parquet copies of the marts, each time the warehouse is published.

Scheduled on the warehouse Asset that customs_monthly_refresh's publish task emits.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, dag, task

from customs_wh import orchestration as orch
from customs_wh.alerts import task_failure_callback


@dag(
    dag_id="customs_marts_export",
    schedule=[Asset(orch.WAREHOUSE_ASSET_NAME)],
    start_date=dt.datetime(2018, 1, 1, tzinfo=dt.timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": dt.timedelta(minutes=5), "on_failure_callback": task_failure_callback},
    tags=["customs-wh"],
    doc_md=__doc__,
)
def customs_marts_export():
    @task
    def export_parquet() -> dict[str, str]:
        from customs_wh.config import load_settings
        from customs_wh.export import export_marts

        return {table: str(path) for table, path in export_marts(load_settings()).items()}

    export_parquet()


customs_marts_export()
