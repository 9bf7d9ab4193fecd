"""A real scheduler on PostgreSQL runs the DAGs (make test-integration).

Airflow's metadata lives in a throwaway PostgreSQL cluster; the scheduler, dag-processor and
api-server run as separate processes with the LocalExecutor, the way a single production
machine runs them. Every process started here is stopped at teardown, pass or fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from . import postgres_cluster as pg
from .airflow_stack import airflow_env, running_stack

pytestmark = [pytest.mark.integration, pytest.mark.timeout(3600)]

REPO_ROOT = Path(__file__).resolve().parents[2]
LOGICAL_DATE = "2026-10-01T00:00:00+00:00"
REFERENCE_MONTH = dt.date(2026, 10, 1)
DAG_PARSE_TIMEOUT = 600
DAG_RUN_TIMEOUT = 2400

TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def postgres() -> pg.Cluster:
    try:
        bin_dir, timing = pg.ensure_server_installed()
    except pg.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    if timing.install_seconds is not None:
        TIMINGS["apt-get install postgresql"] = timing.install_seconds
    with pg.running_cluster(bin_dir) as cluster:
        TIMINGS["PostgreSQL cluster start"] = cluster.start_seconds
        postmaster_pid = int((cluster.data_dir / "postmaster.pid").read_text().splitlines()[0])
        yield cluster
    assert not _pid_alive(postmaster_pid), f"the PostgreSQL server (pid {postmaster_pid}) is still running after teardown"


@pytest.fixture
def scratch():
    # Task processes may run as the Airflow user of the stack: keep the scratch world-traversable.
    path = Path(tempfile.mkdtemp(prefix="customs-wh-it-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _stack_env(postgres: pg.Cluster, database: str, scratch: Path, dags_folder: Path, extra: dict[str, str]) -> dict[str, str]:
    postgres.create_database(database)
    return airflow_env(
        home=scratch / "airflow",
        sql_alchemy_conn=postgres.url(database),
        dags_folder=dags_folder,
        api_port=pg.free_port(),
        extra=extra,
    )


def _explain(stack, message: str) -> str:
    logs = "\n\n".join(stack.tail(name) for name in ("scheduler", "dag-processor", "api-server"))
    task_logs = sorted((Path(stack.env["AIRFLOW_HOME"]) / "logs").rglob("*.log"), key=lambda p: p.stat().st_mtime)
    failed = [log for log in task_logs if "ERROR" in log.read_text(errors="replace")][-2:]
    excerpts = "\n\n".join(f"{log}:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-25:]) for log in failed)
    return f"{message}\n\n{logs}\n\n{excerpts}"


PLUMBING_DAG = textwrap.dedent(
    '''
    import datetime as dt
    import os
    from pathlib import Path

    from airflow.sdk import dag, task


    @dag(dag_id="integration_plumbing", schedule=None, start_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), catchup=False)
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
    '''
)


def test_scheduler_on_postgres_runs_a_dag_through_the_pool(postgres, scratch):
    """The plumbing alone: PostgreSQL metadata, scheduler, dag-processor, api-server, pool, XCom."""
    from customs_wh.orchestration import DBT_POOL

    dags = scratch / "dags"
    dags.mkdir()
    (dags / "integration_plumbing.py").write_text(PLUMBING_DAG.format(pool=DBT_POOL))
    home = scratch / "home"
    home.mkdir()
    env = _stack_env(postgres, "airflow_plumbing", scratch, dags, {"CUSTOMS_WH_HOME": str(home)})
    with running_stack(env, scratch / "logs", pools={DBT_POOL: 1}) as stack:
        stack.wait_for_dag("integration_plumbing", timeout=DAG_PARSE_TIMEOUT)
        stack.cli("dags", "unpause", "integration_plumbing")
        run_id = stack.trigger("integration_plumbing", LOGICAL_DATE)
        state = stack.wait_for_run("integration_plumbing", run_id, timeout=600, poll_seconds=5)
        assert state == "success", _explain(stack, f"integration_plumbing run {run_id}: {state}")
        assert (home / "plumbing.txt").read_text() == "landed 2026-10-01"
        pools = stack.cli("pools", "get", DBT_POOL, "-o", "plain")
        assert DBT_POOL in pools and " 1 " in f" {pools} "
    assert stack.leftover_groups() == [], "Airflow processes still running after teardown"


def test_scheduler_on_postgres_runs_customs_monthly_refresh(postgres, scratch):
    """The real DAG, landing from the sample site, publishes the marts for its month."""
    import duckdb

    from customs_wh import sample_site
    from customs_wh.orchestration import DAG_ID, DBT_POOL

    home = scratch / "home"
    home.mkdir()
    sample_site.build_site(scratch / "site")
    with sample_site.serve(scratch / "site") as base_url:
        env = _stack_env(
            postgres, "airflow", scratch, REPO_ROOT / "dags",
            {"CUSTOMS_WH_HOME": str(home), "GACC_BASE_URL": base_url},
        )
        with running_stack(env, scratch / "logs", pools={DBT_POOL: 1}) as stack:
            began = time.perf_counter()
            stack.wait_for_dag(DAG_ID, timeout=DAG_PARSE_TIMEOUT)
            TIMINGS["DAG parsed by the dag-processor"] = time.perf_counter() - began
            stack.cli("dags", "unpause", DAG_ID)
            run_id = stack.trigger(DAG_ID, LOGICAL_DATE)
            began = time.perf_counter()
            state = stack.wait_for_run(DAG_ID, run_id, timeout=DAG_RUN_TIMEOUT)
            TIMINGS[f"DAG run {LOGICAL_DATE[:7]}"] = time.perf_counter() - began
            assert state == "success", _explain(stack, f"{DAG_ID} run {run_id}: {state}")
        assert stack.leftover_groups() == [], "Airflow processes still running after teardown"

    warehouse = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = warehouse.execute(
            "select partner_code, exports_usd, imports_usd, balance_usd from marts.trade_balance_monthly "
            "where period_month = ?", [REFERENCE_MONTH]
        ).fetchall()
    finally:
        warehouse.close()
    by_partner = {code: (exports, imports, balance) for code, exports, imports, balance in rows}
    assert "WORLD" in by_partner, f"no WORLD row for {REFERENCE_MONTH:%Y-%m} in marts.trade_balance_monthly"
    exports, imports, balance = by_partner["WORLD"]
    assert exports > 0 and imports > 0
    assert balance == pytest.approx(exports - imports, rel=1e-9)


def teardown_module(module) -> None:
    if TIMINGS:
        print("\nintegration timings: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in TIMINGS.items()))
