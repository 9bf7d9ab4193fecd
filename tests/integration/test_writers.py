"""Several writers on one home (make test-integration: each test runs several dbt builds).

A CLI refresh races the DAG's tasks; three publish tasks run at once; a CLI refresh changes the
build between a DAG run's gate 2 and its publish; a publish task is cleared and runs again.
The DAG's tasks run as real processes calling the stage functions the DAG file calls, on a
copy of a published home, against the sample site on 127.0.0.1. Whatever the interleaving, the
published warehouse is the old one or the new one, every refusal is an alert, and no process
prints a traceback.
"""

from __future__ import annotations

import threading

import pytest

from databases import build_rows, file_digest
from reliability_support import (
    DAG_STAGES,
    INCREMENTAL,
    content_hash,
    copy_home,
    dag_task,
    finish,
    refresh,
    run_dag_tasks,
)

# The fixtures (sites, published_home, expected_new, falsified_site) come from there too.
pytest_plugins = ["reliability_support"]

pytestmark = [pytest.mark.integration, pytest.mark.timeout(3600)]


# --- only proven marts are published ------------------------------------------------------------


def test_a_dag_run_cannot_publish_marts_changed_after_its_gate_2(sites, falsified_site, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    before = file_digest(home / "warehouse.duckdb")
    through_gate_2 = run_dag_tasks(home, sites["new"], "scheduled__dag", DAG_STAGES[:-1])
    assert [proc.returncode for _stage, proc in through_gate_2] == [0] * 5, through_gate_2[-1][1].stderr[-3000:]

    # Between gate_marts and publish, a CLI refresh rebuilds some marts and fails a dbt test.
    assert refresh(home, falsified_site, *INCREMENTAL).returncode == 1
    publish = finish(dag_task(home, sites["new"], "publish", "scheduled__dag"))
    assert publish.returncode == 1 and "publish refused" in publish.stderr, publish.stderr[-3000:]
    assert file_digest(home / "warehouse.duckdb") == before
    assert ("critical", "scheduled__dag") in build_rows(
        home, "select severity, run_id from ops.alerts where check_name = 'publish'"
    )


def test_a_cleared_publish_of_an_unchanged_build_publishes_it(sites, published_home, expected_new, tmp_path):
    home = copy_home(published_home, tmp_path)
    assert all(proc.returncode == 0 for _stage, proc in run_dag_tasks(home, sites["new"], "scheduled__dag"))
    assert content_hash(home / "warehouse.duckdb") == expected_new
    again = finish(dag_task(home, sites["new"], "publish", "scheduled__dag"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert content_hash(home / "warehouse.duckdb") == expected_new


# --- one writer per home (item 2) --------------------------------------------------------------


def test_a_cli_refresh_racing_the_dag_tasks_ends_consistent_and_alerted(sites, published_home, expected_new, tmp_path):
    home = copy_home(published_home, tmp_path)
    old_hash = content_hash(home / "warehouse.duckdb")
    dag: list = []
    dag_thread = threading.Thread(target=lambda: dag.extend(run_dag_tasks(home, sites["new"], "scheduled__race")))
    dag_thread.start()
    try:
        cli = refresh(home, sites["new"], *INCREMENTAL)
    finally:
        dag_thread.join()

    outcomes = [("cli", cli)] + [(f"dag {stage}", proc) for stage, proc in dag]
    for name, proc in outcomes:
        assert "Traceback" not in proc.stderr and "IOException" not in proc.stderr, (name, proc.stderr[-3000:])
        assert proc.returncode in (0, 1, 75), (name, proc.returncode, proc.stderr[-3000:])
    assert content_hash(home / "warehouse.duckdb") in {old_hash, expected_new}
    assert cli.returncode == 0 or dag[-1][1].returncode == 0, "one of the two published"
    assert content_hash(home / "warehouse.duckdb") == expected_new
    if dag[-1][1].returncode != 0:
        refused = build_rows(home, "select count(*) from ops.alerts where run_id = 'scheduled__race'")[0][0]
        assert refused > 0, "the refused DAG task raised an alert"
    assert not list(home.glob("warehouse.duckdb.*.tmp*"))


def test_concurrent_publishers_take_turns(sites, published_home, expected_new, tmp_path):
    home = copy_home(published_home, tmp_path)
    gated = run_dag_tasks(home, sites["new"], "scheduled__pub", DAG_STAGES[:-1])
    assert all(proc.returncode == 0 for _stage, proc in gated)
    publishers = [dag_task(home, sites["new"], "publish", "scheduled__pub") for _ in range(3)]
    results = [finish(process) for process in publishers]
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr[-2000:] for r in results]
    assert content_hash(home / "warehouse.duckdb") == expected_new
    assert not list(home.glob("warehouse.duckdb.*.tmp*"))
