"""customs_monthly_refresh: land GACC's monthly release, gate it, build the marts, publish.

Wiring and schedule only; every step is a function of ``customs_wh.pipeline``.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Asset, CronDataIntervalTimetable, Param, PokeReturnValue, dag, task
from cosmos import DbtTaskGroup

from customs_wh import orchestration as orch
from customs_wh.pipeline import on_task_failure

WAREHOUSE = Asset(orch.WAREHOUSE_ASSET_NAME)


@dag(
    dag_id=orch.DAG_ID,
    # One run per reference month: the data interval is the month the release covers.
    schedule=CronDataIntervalTimetable("0 0 1 * *", timezone="UTC"),
    start_date=dt.datetime(2018, 1, 1, tzinfo=dt.timezone.utc),
    catchup=False,
    max_active_runs=1,
    # Only the download is retried: a rejected page, a failed gate or a failed dbt test
    # fails the same way every time until someone acts on the alert.
    default_args={"retries": 0, "on_failure_callback": on_task_failure},
    params={
        "from_month": Param(None, type=["null", "string"], pattern=r"^\d{4}-\d{2}$",
                            description="First reference month to land (YYYY-MM); default: the run's month minus two"),
        "through_month": Param(None, type=["null", "string"], pattern=r"^\d{4}-\d{2}$",
                               description="Last reference month to land (YYYY-MM); default: the run's month"),
    },
    tags=["customs-wh"],
    doc_md=__doc__,
)
def customs_monthly_refresh():
    # Looks every 6 hours, freeing its worker slot in between; fails with an alert once the
    # month after the reference month has ended without a release (the timeout is a backstop).
    @task.sensor(poke_interval=6 * 3600, timeout=35 * 24 * 3600, mode="reschedule")
    def discover(data_interval_start=None, params=None, run_id=None) -> PokeReturnValue:
        from customs_wh import pipeline

        return pipeline.task_discover(data_interval_start, params, run_id)

    @task(retries=2, retry_delay=dt.timedelta(minutes=15))
    def land(releases: list[dict], run_id=None) -> list[str]:
        from customs_wh import pipeline

        return pipeline.task_land(releases, run_id)

    @task
    def parse(run_id=None) -> list[str]:
        from customs_wh import pipeline

        return pipeline.task_parse(run_id)

    @task
    def gate_landed(run_id=None) -> str:
        from customs_wh import pipeline

        return pipeline.task_gate_landed(run_id)

    dbt_build = DbtTaskGroup(group_id="dbt_build", **orch.cosmos_configs())

    @task
    def gate_marts(run_id=None) -> str:
        from customs_wh import pipeline

        return pipeline.task_gate_marts(run_id)

    @task(outlets=[WAREHOUSE])
    def publish(run_id=None) -> str:
        from customs_wh import pipeline

        return pipeline.task_publish(run_id)

    @task
    def notify(published: str, data_docs: str, run_id=None) -> str:
        from customs_wh import pipeline

        return pipeline.task_notify(published, data_docs, run_id)

    landed = land(discover())
    landed_gate = gate_landed()
    landed >> parse() >> landed_gate >> dbt_build
    marts_gate = gate_marts()
    dbt_build >> marts_gate
    published = publish()
    marts_gate >> published
    notify(published, marts_gate)


customs_monthly_refresh()
