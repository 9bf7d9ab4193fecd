"""Reliability: reruns are idempotent, a crash at any stage never leaves a mixed warehouse,
concurrent refreshes are refused, and readers see a consistent warehouse during a publish.

The refreshes run as real `customs-wh refresh` processes against the sample site served on
127.0.0.1; crashes are real SIGKILLs at named points (customs_wh.faults).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from customs_wh import sample_site
from customs_wh.faults import FAILPOINT_ENV, FAILPOINTS

pytestmark = pytest.mark.slow

FIRST, OLD_LAST, NEW_LAST = "2024-01", "2026-09", "2026-10"
INCREMENTAL = ("--from", "2026-08", "--through", NEW_LAST)
# Columns that record when something happened on this machine, not what was published.
VOLATILE = ("fetched_at", "loaded_at", "raised_at", "run_id", "started_at", "finished_at", "published_at", "built_at")


def refresh(
    home: Path, base_url: str, *args: str, failpoint: str | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home), GACC_BASE_URL=base_url)
    env.pop(FAILPOINT_ENV, None)
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


def test_a_second_refresh_is_refused_while_one_runs(sites, published_home, tmp_path):
    home = copy_home(published_home, tmp_path)
    before = (home / "warehouse.duckdb").read_bytes()
    with open(home / "refresh.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = refresh(home, sites["new"], *INCREMENTAL)
    assert proc.returncode == 75
    assert "another refresh is running" in proc.stderr
    assert (home / "warehouse.duckdb").read_bytes() == before


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
