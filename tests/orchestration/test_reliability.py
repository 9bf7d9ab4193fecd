"""Reliability: reruns are idempotent, a crash at any stage never leaves a mixed warehouse,
a second writer waits a bounded time, readers see a consistent warehouse during a publish,
only marts proven by both gates are published, and ``customs-wh query`` cannot write or read
outside the warehouse.

The refreshes run as real `customs-wh refresh` processes against the sample site served on
127.0.0.1; crashes are real SIGKILLs at named points (customs_wh.failpoints); the DAG's tasks
run as real processes calling the same stage functions the DAG file calls. The races of
several writers on one home are in tests/integration/test_writers.py (make test-integration).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from customs_wh.failpoints import FAILPOINTS
from databases import build_rows, file_digest, warehouse_rows
from reliability_support import (
    FIRST,
    INCREMENTAL,
    OLD_LAST,
    content_hash,
    copy_home,
    dag_task,
    finish,
    home_env,
    raw_counts,
    refresh,
)

# The fixtures (sites, published_home, expected_new, falsified_site) come from there too.
pytest_plugins = ["reliability_support"]

pytestmark = pytest.mark.slow


def test_rerunning_the_same_months_changes_nothing(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    first_hash = content_hash(home / "warehouse.duckdb")
    first_counts = raw_counts(home)
    for _ in range(2):
        proc = refresh(home, sites["old"], "--from", FIRST, "--through", OLD_LAST)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert content_hash(home / "warehouse.duckdb") == first_hash
        assert raw_counts(home) == first_counts
    assert first_counts[2] == 0


@pytest.mark.parametrize("point", FAILPOINTS)
def test_a_crash_at_any_stage_leaves_the_old_or_the_new_warehouse(point, sites, published_home, expected_new, tmp_path):
    home = copy_home(published_home, tmp_path)
    old_hash = content_hash(home / "warehouse.duckdb")
    crashed = refresh(home, sites["new"], *INCREMENTAL, failpoint=point)
    assert crashed.returncode == -signal.SIGKILL, (
        f"{point}: the refresh was expected to be killed\n{crashed.stderr[-2000:]}"
    )
    assert content_hash(home / "warehouse.duckdb") in {old_hash, expected_new}
    assert not list(home.glob("warehouse.duckdb.*.tmp")) or point == "mid-publish"

    recovered = refresh(home, sites["new"], *INCREMENTAL)
    assert recovered.returncode == 0, recovered.stderr[-3000:]
    assert content_hash(home / "warehouse.duckdb") == expected_new
    assert raw_counts(home)[2] == 0


def test_a_second_writer_waits_a_bounded_time_then_is_refused_with_an_alert(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    before = (home / "warehouse.duckdb").read_bytes()
    with open(home / "refresh.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = refresh(home, sites["new"], *INCREMENTAL, CUSTOMS_WH_LOCK_WAIT_S="1")
    assert proc.returncode == 75, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "another writer holds" in proc.stderr and "CUSTOMS_WH_LOCK_WAIT_S" in proc.stderr, proc.stderr
    assert (home / "warehouse.duckdb").read_bytes() == before
    assert ("home lock", "critical") in build_rows(home, "select check_name, severity from ops.alerts")


def test_readers_see_a_consistent_warehouse_during_a_publish(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    warehouse = home / "warehouse.duckdb"
    sql = "select count(*), sum(balance_usd) from marts.trade_balance_monthly"

    def answer():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(sql).fetchone()
        finally:
            con.close()

    old_answer = answer()
    seen: list = []
    errors: list[Exception] = []
    done = threading.Event()

    def reader():
        while not done.is_set():
            try:
                seen.append(answer())
            except duckdb.Error as exc:  # a reader must never see a broken file
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        proc = refresh(home, sites["new"], *INCREMENTAL)
    finally:
        done.set()
        thread.join()
    assert proc.returncode == 0, proc.stderr[-3000:]
    new_answer = answer()
    assert not errors, errors[:3]
    assert seen and set(seen) <= {old_answer, new_answer}
    assert new_answer != old_answer


# --- only proven marts are published (item 1) ---------------------------------------------------


def test_publish_after_a_failed_dbt_test_publishes_nothing_and_alerts(sites, falsified_site, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    before = file_digest(home / "warehouse.duckdb")
    failed = refresh(home, falsified_site, *INCREMENTAL)
    assert failed.returncode == 1 and "dbt" in failed.stderr, failed.stderr[-3000:]

    # The publish task of a DAG run that never passed the gates, e.g. started by hand.
    publish = finish(dag_task(home, falsified_site, "publish", "manual__not-gated"))
    assert publish.returncode == 1, publish.stderr[-3000:]
    assert "Traceback" not in publish.stderr and "publish refused" in publish.stderr
    assert file_digest(home / "warehouse.duckdb") == before
    alerts = build_rows(home, "select severity, run_id from ops.alerts where check_name = 'publish'")
    assert ("critical", "manual__not-gated") in alerts, alerts


# --- after a publish: its own run recorded, a crashed publish's leftovers gone (item 8) -------------


def test_a_publish_records_its_own_run_and_removes_every_leftover_of_a_crashed_one(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    crashed = home / "warehouse.duckdb.20261124T010211Z-1bca2d.tmp"
    crashed.write_bytes(bytes(4096))
    crashed.with_name(crashed.name + ".wal").write_bytes(os.urandom(2048))
    assert refresh(home, sites["new"], *INCREMENTAL).returncode == 0
    assert not list(home.glob("warehouse.duckdb.*")), list(home.glob("warehouse.duckdb.*"))
    # The published file says its own run published (it was copied before the run was marked).
    rows = warehouse_rows(
        home, "select r.status, r.finished_at is not null from ops.runs r join ops.warehouse_info i using (run_id)"
    )
    assert rows == [("published", True)]


# --- a query connection that cannot write or read outside the warehouse (item 3) ------------------


def query(home: Path, sql: str, *options: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("customs-wh")
    return subprocess.run(
        [str(exe), "query", *options, "--", sql],
        env=home_env(home, "http://127.0.0.1:9"),
        capture_output=True,
        text=True,
        timeout=120,
    )


ESCAPES = {
    "overwrite the warehouse": "copy (select 1) to '{home}/warehouse.duckdb'",
    "write a file": "copy (select 1 as a) to '{home}/exports/leak.csv'",
    "attach the build database writable": "attach '{home}/build.duckdb' as b (read_only false)",
    "delete alerts through an attach": "attach '{home}/build.duckdb' as b; delete from b.ops.alerts",
    "read a file": "select * from read_text('{home}/secret.txt')",
    "read /etc/shadow": "select * from read_text('/etc/shadow')",
    "read a csv": "select * from read_csv('{home}/secret.txt')",
    "install an extension": "install httpfs",
    "load an extension": "load httpfs",
    "turn external access back on": "set enable_external_access = true",
    "unlock the configuration": "set lock_configuration = false",
    "write into the warehouse": "delete from marts.trade_balance_monthly",
    "export the database": "export database '{home}/exports/dump'",
}


@pytest.fixture
def query_home(published_home, tmp_path) -> Path:
    """A home of copies of the two database files alone: the warehouse the query connection opens,
    and the build database the escapes aim at (its alerts). Raw pages, Data Docs and the rest of a
    home are nothing a query reaches, and copying them for each case cost more than the query."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("warehouse.duckdb", "build.duckdb"):
        shutil.copyfile(published_home / name, home / name)
    return home


@pytest.mark.parametrize("escape", list(ESCAPES), ids=list(ESCAPES))
def test_query_refuses_every_escape(escape, query_home):
    home = query_home
    (home / "secret.txt").write_text("top secret\n")
    (home / "exports").mkdir(exist_ok=True)
    warehouse_before = file_digest(home / "warehouse.duckdb")
    alerts_before = build_rows(home, "select count(*) from ops.alerts")
    proc = query(home, ESCAPES[escape].format(home=home))
    assert proc.returncode == 1, (proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "top secret" not in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "refused" in errors[0], proc.stderr
    assert file_digest(home / "warehouse.duckdb") == warehouse_before
    assert build_rows(home, "select count(*) from ops.alerts") == alerts_before
    assert not list((home / "exports").iterdir())
    assert query(home, "select count(*) as n from marts.dim_partner").returncode == 0


def test_query_still_answers_every_readme_question(published_sample_site):
    from customs_wh.reporting.queries import example_queries

    # The questions ask about whole years (2024, 2025): the session's warehouse of the whole site
    # (tests/conftest.py), not this module's small one.
    for name, sql in example_queries():
        proc = query(published_sample_site["home"], sql, "--format", "json")
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
        assert json.loads(proc.stdout), f"{name} answered nothing"
