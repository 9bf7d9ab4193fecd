"""`make run`'s job: the Airflow DAGs, each run as `airflow dags test` runs one (``DAG.test()``) on the
sample site, publish the marts, then the report.

A whole `make run` (a full backfill through Airflow, minutes on 2 cores) belongs to `make test-integration`;
`make test` checks that the DAGs parse (tests/orchestration/test_dag.py) and how `dag-test` drives Airflow
(tests/orchestration/test_local_airflow.py) without running it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from receivers import webhook_receiver

# The run's own bound (its subprocess may take 1500 s on a busy machine), above the suite's
# default per-test timeout, which would otherwise cut it short first.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(1800)]


def test_dag_run_publishes_the_warehouse_and_prints_a_summary(tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home))
    for name in ("GACC_BASE_URL", "GACC_LAST_MONTH", "ALERT_SMTP_HOST"):
        env.pop(name, None)
    exe = Path(sys.executable).with_name("customs-wh")
    with webhook_receiver() as (hook, posts):
        proc = subprocess.run(
            [str(exe), "dag-test", "--sample-site"],
            env={**env, "ALERT_WEBHOOK_URL": hook},
            capture_output=True,
            text=True,
            timeout=1500,
        )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    # The refresh DAG's last task sent the run's one message; the report DAG raised nothing to send.
    (post,) = posts
    assert post["text"].startswith("customs-wh published China's trade through October 2026"), post["text"][:500]
    summary = proc.stdout
    assert "China's trade with the world" in summary
    # The calibrated headline figures, as an analyst reads them off the summary.
    rows = {
        cells[0]: cells[1:] for line in summary.splitlines() if len(cells := [c.strip() for c in line.split("│")]) == 5
    }
    assert rows["2024"] == ["3,580.0", "2,590.0", "990.0", "+20.3%"]
    assert rows["2025"][2:] == ["1,188.0", "+20.0%"]
    assert "Data Docs" in summary and "customs-wh query" in summary and "synthetic" in summary

    warehouse = home / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        months = con.execute("select count(distinct period_month) from marts.trade_balance_monthly").fetchone()[0]
        latest = con.execute("select max(period_month) from marts.trade_balance_monthly").fetchone()[0]
        status = con.execute("select status from ops.runs order by started_at desc limit 1").fetchone()
    finally:
        con.close()
    # 2018-01..2026-10: 106 months, less January 2020, inside the January-February row both
    # products print that year; the Monthly Bulletin prints every other January on its own.
    assert months == 106 - 1
    assert latest.isoformat() == "2026-10-01"
    # The airflow log and metadata live under CUSTOMS_WH_HOME, not in the repository.
    assert (home / "airflow" / "airflow.db").exists()
    assert status is not None
