"""Run the DAG once with ``airflow dags test``: Airflow home and SQLite metadata under CUSTOMS_WH_HOME."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from customs_wh import clock
from customs_wh.config import PROJECT_ROOT, Settings
from customs_wh.orchestration.schedule import DAG_ID, DBT_POOL
from customs_wh.warehouse import runs

# Scheduled on the warehouse Asset: `airflow dags test` does not follow Asset events, so
# `make run` runs it after the refresh, as the scheduler would.
REPORT_DAG_ID = "customs_report"


def airflow_env(settings: Settings, base_url: str) -> dict[str, str]:
    home = settings.airflow_home
    env = dict(os.environ)
    env.update(
        {
            "CUSTOMS_WH_HOME": str(settings.home),
            "GACC_BASE_URL": base_url,
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            # Importing the refresh DAG runs `dbt ls` (Cosmos renders a task per model): seconds on
            # an idle machine, over Airflow's default 30 s bound on a busy one, where the DAG then
            # "could not be found". A bound on a hang, as the scheduler's deployment sets it.
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "300",
            "NO_COLOR": "1",
            # No usage reports to third parties from a data pipeline (Cosmos, dbt, GX, Airflow).
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "SCARF_ANALYTICS": "false",
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "GX_ANALYTICS_ENABLED": "False",
        }
    )
    return env


def _airflow(args: list[str], env: dict[str, str], log_file: Path) -> int:
    airflow = Path(sys.executable).with_name("airflow")
    with open(log_file, "ab") as sink:
        sink.write(f"\n$ airflow {' '.join(args)}\n".encode())
        sink.flush()
        return subprocess.call([str(airflow), *args], env=env, stdout=sink, stderr=subprocess.STDOUT)


@contextlib.contextmanager
def _site(settings: Settings, use_sample_site: bool, console: Console) -> Iterator[tuple[str, str | None]]:
    """The site to land from, and its last month when it has one (the sample site's)."""
    if not use_sample_site:
        yield settings.base_url, settings.source_last_month
        return
    from customs_wh import sample_site

    site_dir = settings.home / "sample_site"
    console.print(f"building the sample GACC site in {site_dir}", markup=False)
    built = sample_site.build_site(site_dir)
    with sample_site.serve(site_dir) as base_url:
        console.print(f"serving it at {base_url} (months {built.first_month} to {built.last_month})", markup=False)
        yield base_url, built.last_month


@contextlib.contextmanager
def _partner_sources(use_sample_site: bool, console: Console) -> Iterator[dict[str, str]]:
    """With the sample GACC site, the sample partner servers too (their *_BASE_URL settings); else nothing:
    the partner DAGs land the real APIs on their own rhythm."""
    if not use_sample_site:
        yield {}
        return
    from customs_wh.sample_sources import serve_sources

    with serve_sources() as sources:
        console.print(f"serving the sample partner sources at {', '.join(sources.base_urls.values())}", markup=False)
        yield sources.environment()


def run_dag_test(
    settings: Settings,
    *,
    use_sample_site: bool,
    from_month: str | None,
    through_month: str | None,
    console: Console,
) -> int:
    settings.ensure_dirs()
    settings.airflow_home.mkdir(parents=True, exist_ok=True)
    log_file = settings.airflow_home / "dag-test.log"
    log_file.write_text("")
    console.print("preparing Airflow metadata (SQLite)", markup=False)
    with (
        _preparing_metadata(settings, log_file) as metadata,
        _site(settings, use_sample_site, console) as (base_url, last_month),
        _partner_sources(use_sample_site, console) as partners,
    ):
        env = {**airflow_env(settings, base_url), **partners}
        if last_month:
            env["GACC_LAST_MONTH"] = last_month  # a run for a later month then says so at once
        if use_sample_site:
            from customs_wh import sample_site

            from_month = from_month or sample_site.SITE_FIRST_MONTH
            through_month = through_month or sample_site.SITE_LAST_MONTH
        if not metadata.result():
            console.print(f"airflow db migrate failed; log: {log_file}", markup=False)
            return 1
        conf = json.dumps({"from_month": from_month, "through_month": through_month})
        logical_date = clock.now().replace(microsecond=0).isoformat()
        console.print(
            f"airflow dags test {DAG_ID} (months {from_month} to {through_month}); log: {log_file}", markup=False
        )
        code = _airflow(["dags", "test", DAG_ID, logical_date, "-c", conf], env, log_file)
        if code == 0 and not _last_run_published(settings):
            code = 1
        if code == 0:
            console.print(f"airflow dags test {REPORT_DAG_ID} (the report and dbt docs)", markup=False)
            report = settings.report_dir / "index.html"
            before = _modified(report)
            code = _airflow(["dags", "test", REPORT_DAG_ID, logical_date], env, log_file)
            if code == 0 and _modified(report) in (None, before):
                code = 1  # as for the refresh: the DAG test's exit status alone does not prove the run
    if code != 0:
        tail = log_file.read_text(errors="replace").splitlines()[-40:]
        console.print("\n".join(tail), markup=False)
    return code


@contextlib.contextmanager
def _preparing_metadata(settings: Settings, log_file: Path) -> Iterator[concurrent.futures.Future[bool]]:
    """Airflow's metadata, prepared by Airflow's own processes while this one goes on (builds
    the sample site): 4 s of `make run` that no longer wait for the site's 6 s, or it for them."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as preparing:
        yield preparing.submit(_prepare_metadata, airflow_env(settings, settings.base_url), log_file)


def _prepare_metadata(env: dict[str, str], log_file: Path) -> bool:
    """``airflow db migrate`` and the dbt pool; False when the migration failed."""
    if _airflow(["db", "migrate"], env, log_file) != 0:
        return False
    _airflow(["pools", "set", DBT_POOL, "1", "dbt writes build.duckdb: one writer at a time"], env, log_file)
    return True


def _modified(path: Path) -> tuple[int, int] | None:
    """The file's inode and modification time (None: no file). The report is written atomically
    (a new file renamed over the old), so a report written since has another pair: no clock
    is compared with the file system's."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _last_run_published(settings: Settings) -> bool:
    """``airflow dags test`` may exit 0 for a failed run; the run's own record is authoritative."""
    return runs.latest_status(settings) == runs.PUBLISHED
