"""Reliability: reruns are idempotent, a crash at any stage never leaves a mixed warehouse,
writers on one home take turns, readers see a consistent warehouse during a publish, only
marts proven by both gates are published, and ``customs-wh query`` cannot write or read
outside the warehouse.

The refreshes run as real `customs-wh refresh` processes against the sample site served on
127.0.0.1; crashes are real SIGKILLs at named points (customs_wh.faults); the DAG's tasks
run as real processes calling the same stage functions the DAG file calls.
"""

from __future__ import annotations

import fcntl
import hashlib
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

import site_edits as edits
from customs_wh import sample_site
from customs_wh.faults import FAILPOINT_ENV, FAILPOINTS

pytestmark = pytest.mark.slow

FIRST, OLD_LAST, NEW_LAST = "2024-01", "2026-09", "2026-10"
INCREMENTAL = ("--from", "2026-08", "--through", NEW_LAST)
# Columns that record when something happened on this machine, not what was published.
VOLATILE = ("fetched_at", "loaded_at", "raised_at", "run_id", "started_at", "finished_at", "published_at", "built_at")


def home_env(home: Path, base_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home), GACC_BASE_URL=base_url, **extra)
    env.pop(FAILPOINT_ENV, None)
    return env


def refresh(
    home: Path, base_url: str, *args: str, failpoint: str | None = None, timeout: float = 600, **extra: str
) -> subprocess.CompletedProcess:
    env = home_env(home, base_url, **extra)
    if failpoint:
        env[FAILPOINT_ENV] = failpoint
    exe = Path(sys.executable).with_name("customs-wh")
    return subprocess.run([str(exe), "refresh", *args], env=env, capture_output=True, text=True, timeout=timeout)


def content_hash(warehouse: Path) -> str:
    """A hash of every marts table's content, ignoring columns that only record timing."""
    digest = hashlib.sha256()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        assert tables, "the warehouse has marts"
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'marts' and table_name "
                    "= ? "
                    "order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            kept = [c for c in columns if c not in VOLATILE]
            select = ", ".join(f'"{c}"' for c in kept)
            rows = con.execute(f'select {select} from marts."{table}" order by all').fetchall()
            digest.update(f"{table}:{kept}:{rows!r}".encode())
    finally:
        con.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("sites")
    old, new = root / "old", root / "new"
    sample_site.build_site(old, first_month=FIRST, last_month=OLD_LAST)
    sample_site.build_site(new, first_month=FIRST, last_month=NEW_LAST)
    with sample_site.serve(old) as old_url, sample_site.serve(new) as new_url:
        yield {"old": old_url, "new": new_url}


@pytest.fixture(scope="module")
def published_home(sites, tmp_path_factory) -> Path:
    """A warehouse published from the older site: the state a monthly run starts from."""
    home = tmp_path_factory.mktemp("published") / "home"
    proc = refresh(home, sites["old"], "--from", FIRST, "--through", OLD_LAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return home


@pytest.fixture(scope="module")
def expected_new(sites, published_home, tmp_path_factory) -> str:
    """What an uninterrupted monthly run publishes."""
    home = tmp_path_factory.mktemp("reference") / "home"
    shutil.copytree(published_home, home)
    proc = refresh(home, sites["new"], *INCREMENTAL)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return content_hash(home / "warehouse.duckdb")


def copy_home(source: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(source, home)
    return home


def raw_counts(home: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        manifest = con.execute("select count(*) from raw.manifest").fetchone()[0]
        observations = con.execute("select count(*) from raw.observations").fetchone()[0]
        duplicates = con.execute(
            "select count(*) from (select sha256, partner_code, flow, measure, period_kind, count(*) n "
            "from raw.observations group by all having n > 1)"
        ).fetchone()[0]
    finally:
        con.close()
    return manifest, observations, duplicates


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


# --- helpers for the tests below ---------------------------------------------------------------


def build_rows(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def warehouse_rows(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# What one task of the DAG runs: the same stage function the DAG file calls, in a process of
# its own (as a Celery worker runs it), for the DAG's run id. A refused stage fails the way the
# task would (one line on stderr, exit 1, or 75 when the home is busy); anything else escapes
# as a traceback, which the tests below look for.
DAG_TASK = """
import sys
from customs_wh.config import load_settings
from customs_wh.orchestration import lock, stages

stage, run_id = sys.argv[1], sys.argv[2]
settings = load_settings()
try:
    if stage == "land":
        stages.record_run(settings, run_id, "running")
        refs = stages.stage_discover(settings, run_id, from_month=sys.argv[3], through_month=sys.argv[4])
        stages.stage_land(settings, run_id, refs)
    elif stage == "dbt":
        stages.stage_transform(settings, run_id)
    else:
        getattr(stages, "stage_" + stage)(settings, run_id)
except lock.HomeBusy as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(75)
except stages.RefreshFailed as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(1)
"""
DAG_STAGES = ("land", "parse", "gate_landed", "dbt", "gate_marts", "publish")


def dag_task(home: Path, base_url: str, stage: str, run_id: str, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DAG_TASK, stage, run_id, *args],
        env=home_env(home, base_url, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 600) -> subprocess.CompletedProcess:
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run_dag_tasks(home: Path, base_url: str, run_id: str, stages=DAG_STAGES, **extra: str) -> list:
    """The DAG's tasks one after the other, each in its own process; stops at the first failure."""
    done = []
    for stage in stages:
        args = INCREMENTAL[1::2] if stage == "land" else ()
        proc = finish(dag_task(home, base_url, stage, run_id, *args, **extra))
        done.append((stage, proc))
        if proc.returncode != 0:
            break
    return done


def falsify_world_growth(site: Path) -> None:
    """GACC's printed year-to-date export growth of the world, five points off: gate 1 only warns,
    dbt's test assert_gacc_world_growth_is_reproduced fails, after some marts were rebuilt."""
    release = sample_site.Release(NEW_LAST, 1, "USD", "preliminary")
    edits.rewrite(site, release, lambda html: edits.edit_row(html, "Export", {3: lambda v: v + 5.0}))


@pytest.fixture(scope="module")
def falsified_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("falsified")
    sample_site.build_site(site, first_month=FIRST, last_month=NEW_LAST)
    falsify_world_growth(site)
    with sample_site.serve(site) as url:
        yield url


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


def test_the_published_warehouse_records_its_own_run_as_published(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    assert refresh(home, sites["new"], *INCREMENTAL).returncode == 0
    rows = warehouse_rows(
        home, "select r.status, r.finished_at is not null from ops.runs r join ops.warehouse_info i using (run_id)"
    )
    assert rows == [("published", True)]


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


# --- leftovers of a crashed publish (item 8) -----------------------------------------------------


def test_every_temporary_file_of_a_crashed_publish_is_removed_by_the_next_run(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    crashed = home / "warehouse.duckdb.20261124T010211Z-1bca2d.tmp"
    crashed.write_bytes(bytes(4096))
    crashed.with_name(crashed.name + ".wal").write_bytes(os.urandom(2048))
    assert refresh(home, sites["new"], *INCREMENTAL).returncode == 0
    assert not list(home.glob("warehouse.duckdb.*")), list(home.glob("warehouse.duckdb.*"))


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


@pytest.mark.parametrize("escape", list(ESCAPES), ids=list(ESCAPES))
def test_query_refuses_every_escape(escape, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
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


def test_query_still_answers_every_readme_question(published_home):
    from customs_wh.reporting.queries import example_queries

    for name, sql in example_queries():
        proc = query(published_home, sql, "--format", "json")
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
        assert json.loads(proc.stdout), f"{name} answered nothing"
