"""A real scheduler on PostgreSQL runs the DAGs (make test-integration).

Airflow's metadata lives in a throwaway PostgreSQL cluster; the scheduler, dag-processor and
api-server run as separate processes with the LocalExecutor, the way a single production
machine runs them. Every process started here is stopped at teardown, pass or fail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from repo_paths import REPO_ROOT

from . import postgres_cluster as pg
from . import process_tree
from .airflow_stack import airflow_env, running_stack

pytestmark = [pytest.mark.integration, pytest.mark.timeout(3600)]

LOGICAL_DATE = "2026-10-01T00:00:00+00:00"
REFERENCE_MONTH = dt.date(2026, 10, 1)
# The months the run lands, given as the run's params: a triggered run's data interval comes from
# the time of the trigger (Airflow 3), and the sample site ends at 2026-10 whatever the date.
MONTHS = {"from_month": "2026-08", "through_month": "2026-10"}
DAG_PARSE_TIMEOUT = 600
# On 2 cores a good run of the real DAG took about 4 min, one that failed after a retry
# (retry_delay 5 min) about 6; its sensor, in reschedule mode, could otherwise wait for days.
DAG_RUN_TIMEOUT = 1200


@pytest.fixture(scope="module")
def postgres(timings) -> pg.Cluster:
    try:
        bin_dir, timing = pg.ensure_server_installed()
    except pg.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    if timing.install_seconds is not None:
        timings["apt-get update + install postgresql"] = timing.install_seconds
    with pg.running_cluster(bin_dir) as cluster:
        timings["PostgreSQL initdb"] = cluster.initdb_seconds
        timings["PostgreSQL start"] = cluster.start_seconds
        postmaster_pid = int((cluster.data_dir / "postmaster.pid").read_text().splitlines()[0])
        # The postmaster leads a session of its own: it and every backend it forked.
        server = process_tree.started_by([postmaster_pid])
        yield cluster
    left = process_tree.still_alive(server)
    assert not left, f"PostgreSQL processes still running after teardown: {sorted(proc.pid for proc in left)}"


@pytest.fixture
def scratch():
    # Not tmp_path: pytest keeps those around, and each run leaves Airflow logs and DAG files.
    path = Path(tempfile.mkdtemp(prefix="customs-wh-it-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _stack_env(
    postgres: pg.Cluster, database: str, scratch: Path, dags_folder: Path, extra: dict[str, str]
) -> dict[str, str]:
    postgres.create_database(database)
    return airflow_env(
        home=scratch / "airflow",
        sql_alchemy_conn=postgres.url(database),
        dags_folder=dags_folder,
        api_port=pg.free_port(),
        extra=extra,
    )


def _parse_unpause_trigger(stack, dag_id: str, timings: dict[str, float], label: str, conf: dict | None = None) -> str:
    """Wait for the dag-processor to serialize the DAG, unpause it, trigger a run: its run id."""
    began = time.perf_counter()
    stack.wait_for_dag(dag_id, timeout=DAG_PARSE_TIMEOUT)
    timings[f"{label}: DAG parsed by the dag-processor"] = time.perf_counter() - began
    stack.cli("dags", "unpause", dag_id)
    return stack.trigger(dag_id, LOGICAL_DATE, conf)


def _explain(stack, message: str) -> str:
    """Why a run did not succeed: the errors its tasks logged first, then the services' last lines."""
    task_errors = _task_errors(Path(stack.env["AIRFLOW_HOME"]) / "logs")
    services = "\n\n".join(stack.tail(name, lines=15) for name in ("scheduler", "dag-processor", "api-server"))
    return f"{message}\n\ntask errors:\n{task_errors or '(none logged)'}\n\n{services}"


def _task_errors(log_root: Path, limit: int = 8) -> str:
    """Error events from the task logs (Airflow 3 writes them as JSON lines), oldest first."""
    found = []
    for log in sorted(log_root.glob("dag_id=*/run_id=*/task_id=*/*.log"), key=lambda path: path.stat().st_mtime):
        for line in log.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                event = json.loads(line)
                if event.get("level") == "error":
                    details = "; ".join(
                        f"{d.get('exc_type')}: {d.get('exc_value')}" for d in event.get("error_detail") or []
                    )
                    found.append(f"{log.parent.name}/{log.name}: {event.get('event')} {details[:1500]}")
    return "\n".join(found[:limit])


PLUMBING_DAG = textwrap.dedent(
    """
    import datetime as dt
    import os
    from pathlib import Path

    from airflow.sdk import dag, task


    @dag(
        dag_id="integration_plumbing",
        schedule=None,
        start_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        catchup=False,
    )
    def integration_plumbing():
        @task
        def first() -> str:
            return "landed"

        @task(pool="{pool}")
        def second(value: str, logical_date=None) -> None:
            marker = Path(os.environ["CUSTOMS_WH_HOME"]) / "plumbing.txt"
            marker.write_text(f"{{value}} {{logical_date.date().isoformat()}}")

        second(first())


    integration_plumbing()
    """
)


def test_scheduler_on_postgres_runs_the_plumbing_dag_through_the_pool(postgres, scratch, timings):
    """The plumbing alone: PostgreSQL metadata, scheduler, dag-processor, api-server, pool, XCom."""
    from customs_wh.orchestration.schedule import DBT_POOL

    dags = scratch / "dags"
    dags.mkdir()
    (dags / "integration_plumbing.py").write_text(PLUMBING_DAG.format(pool=DBT_POOL))
    home = scratch / "home"
    home.mkdir()
    env = _stack_env(postgres, "airflow_plumbing", scratch, dags, {"CUSTOMS_WH_HOME": str(home)})
    with running_stack(env, scratch / "logs", pools={DBT_POOL: 1}, timings=timings, label="plumbing") as stack:
        run_id = _parse_unpause_trigger(stack, "integration_plumbing", timings, "plumbing")
        began = time.perf_counter()
        state = stack.wait_for_run("integration_plumbing", run_id, timeout=600, poll_seconds=2)
        timings["plumbing: DAG run (triggered to finished)"] = time.perf_counter() - began
        assert state == "success", _explain(stack, f"integration_plumbing run {run_id}: {state}")
        assert (home / "plumbing.txt").read_text() == "landed 2026-10-01"
        pools = stack.cli("pools", "get", DBT_POOL, "-o", "plain")
        assert DBT_POOL in pools and " 1 " in f" {pools} "
    assert stack.leftovers() == [], "Airflow processes still running after teardown"


def test_scheduler_on_postgres_runs_customs_monthly_refresh(postgres, scratch, timings):
    """The real DAG, landing from the sample site, publishes the marts for its month, and its
    tasks, each a process of its own, tell it in one message."""
    import duckdb

    from customs_wh import sample_site
    from customs_wh.orchestration.schedule import DAG_ID, DBT_POOL
    from receivers import webhook_receiver

    home = scratch / "home"
    home.mkdir()
    built = sample_site.build_site(scratch / "site")
    with sample_site.serve(scratch / "site") as base_url, webhook_receiver() as (hook, posts):
        env = _stack_env(
            postgres,
            "airflow",
            scratch,
            REPO_ROOT / "dags",
            {
                "CUSTOMS_WH_HOME": str(home),
                "GACC_BASE_URL": base_url,
                "GACC_LAST_MONTH": built.last_month,
                "ALERT_WEBHOOK_URL": hook,
            },
        )
        with running_stack(env, scratch / "logs", pools={DBT_POOL: 1}, timings=timings, label=DAG_ID) as stack:
            run_id = _parse_unpause_trigger(stack, DAG_ID, timings, DAG_ID, MONTHS)
            began = time.perf_counter()
            state = stack.wait_for_run(DAG_ID, run_id, timeout=DAG_RUN_TIMEOUT)
            timings[f"{DAG_ID}: DAG run {LOGICAL_DATE[:7]} (triggered to finished)"] = time.perf_counter() - began
            assert state == "success", _explain(stack, f"{DAG_ID} run {run_id}: {state}")
        assert stack.leftovers() == [], "Airflow processes still running after teardown"
        messages = [post["text"] for post in posts]
    assert len(messages) == 1, messages
    assert messages[0].startswith("customs-wh published China's trade through October 2026"), messages[0][:500]

    warehouse = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = warehouse.execute(
            "select partner_code, exports_usd, imports_usd, balance_usd from marts.trade_balance_monthly "
            "where period_month = ?",
            [REFERENCE_MONTH],
        ).fetchall()
    finally:
        warehouse.close()
    by_partner = {code: (exports, imports, balance) for code, exports, imports, balance in rows}
    assert "WORLD" in by_partner, f"no WORLD row for {REFERENCE_MONTH:%Y-%m} in marts.trade_balance_monthly"
    exports, imports, balance = by_partner["WORLD"]
    assert exports > 0 and imports > 0
    assert balance == pytest.approx(exports - imports, rel=1e-9)
