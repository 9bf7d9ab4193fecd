"""What the reliability tests share: refreshes and DAG tasks as real processes on a copied home,
the sample sites they land from, and fingerprints of what got published."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import site_edits as edits
from customs_wh import sample_site
from customs_wh.failpoints import FAILPOINT_ENV
from customs_wh.sample_site import calibration

# A small site (March to October 2026): every test here lands, builds and publishes in processes of
# their own, several times over, and what they prove (old or new warehouse, never a mix; one writer;
# only proven marts published) does not depend on how many months came before. The history checks
# that need years of months are proven in tests/quality/test_quality.py; the full site in tests/test_end_to_end.py.
FIRST, OLD_LAST, NEW_LAST = "2026-03", "2026-09", "2026-10"
INCREMENTAL = ("--from", "2026-08", "--through", NEW_LAST)
# Columns that record when and where something happened on this machine, not what was
# published: the time columns, and a page's address, which holds the port the site was served
# on. Each test process serves the sites on ports of its own, and the homes below are built once
# for the whole run, by the first process that asks; a page's bytes, key and vintage are the
# same whatever the port (customs_wh.sample_site.server), and landing knows a page by them.
VOLATILE = (
    "fetched_at",
    "loaded_at",
    "raised_at",
    "run_id",
    "started_at",
    "finished_at",
    "published_at",
    "built_at",
    "page_url",
)


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
def sites(built_once):
    """The older site (through OLD_LAST) and the newer one (through NEW_LAST), served: {"old": url, "new": url}."""

    def build(directory: Path) -> dict[str, Path]:
        sample_site.build_site(directory / "old", first_month=FIRST, last_month=OLD_LAST)
        sample_site.build_site(directory / "new", first_month=FIRST, last_month=NEW_LAST)
        return {"old": directory / "old", "new": directory / "new"}

    built = built_once("reliability-sites", build)
    with sample_site.serve(built["old"]) as old_url, sample_site.serve(built["new"]) as new_url:
        yield {"old": old_url, "new": new_url}


@pytest.fixture(scope="module")
def published_home(sites, built_once) -> Path:
    """A warehouse published from the older site: the state a monthly run starts from."""

    def build(directory: Path) -> Path:
        proc = refresh(directory / "home", sites["old"], "--from", FIRST, "--through", OLD_LAST)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return directory / "home"

    return built_once("reliability-published-home", build)


@pytest.fixture(scope="module")
def expected_new(sites, published_home, built_once) -> str:
    """What an uninterrupted monthly run publishes."""

    def build(directory: Path) -> str:
        home = copy_home(published_home, directory)
        proc = refresh(home, sites["new"], *INCREMENTAL)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return content_hash(home / "warehouse.duckdb")

    return built_once("reliability-expected-new", build)


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


# --- helpers for the tests below ---------------------------------------------------------------


# What one task of the DAG runs: the same stage function the DAG file calls, in a process of
# its own (as a Celery worker runs it), for the DAG's run id. A refused stage fails the way the
# task would (one line on stderr, exit 1, or 75 when the home is busy); anything else escapes
# as a traceback, which the tests below look for.
DAG_TASK = """
import sys
from customs_wh.config import load_settings
from customs_wh.orchestration import lock, stages
from customs_wh.warehouse import runs

stage, run_id = sys.argv[1], sys.argv[2]
settings = load_settings()
try:
    if stage == "land":
        runs.record_start(settings, run_id)
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


# Countries that belong to no group the pages or the reference data list (not in the EU, ASEAN,
# RCEP or Belt and Road), so raising them breaks no member-within-group rule.
UNGROUPED_COUNTRIES = (
    "United States (US)",
    "Hong Kong, China",
    "Taiwan, China",
    "India",
    "United Kingdom (UK)",
    "Canada",
)


def falsify_country_exports(site: Path) -> None:
    """Six ungrouped countries' exports raised in both editions of the new month's table by
    country: each row's arithmetic holds, each stays below the world, the editions agree, so
    the parser and gate 1 pass (a few year-on-year warnings); together the countries then take
    more than all of China's exports, and dbt's test assert_country_shares_add_up_to_at_most_100
    fails after some marts were rebuilt."""
    rate = calibration.cny_per_usd(NEW_LAST)
    for currency, per_usd_million in (("USD", 1.0), ("CNY", rate / 100)):  # CNY pages print CNY 100 million
        delta = 30_000 * per_usd_million
        release = sample_site.Release(NEW_LAST, 4, currency, "preliminary")
        for label in UNGROUPED_COUNTRIES:
            edits.rewrite(
                site, release, lambda html, label=label, delta=delta: edits.raise_flow(html, label, "export", delta)
            )


@pytest.fixture(scope="module")
def falsified_site(built_once):
    def build(directory: Path) -> Path:
        sample_site.build_site(directory, first_month=FIRST, last_month=NEW_LAST)
        falsify_country_exports(directory)
        return directory

    with sample_site.serve(built_once("reliability-falsified-site", build)) as url:
        yield url
