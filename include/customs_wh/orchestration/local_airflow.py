"""Run the refresh DAG once, then the report DAG, as ``airflow dags test`` runs a DAG: Airflow's home
and SQLite metadata under CUSTOMS_WH_HOME, no scheduler, no server.

Airflow runs in one child process (:mod:`customs_wh.orchestration.local_airflow_process`), started
first: it prepares its metadata and imports the DAGs while this process builds and serves the
sample site, then runs both DAGs once this process sends it the site's address.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from rich.console import Console

from customs_wh import clock
from customs_wh.config import PROJECT_ROOT, Settings
from customs_wh.orchestration import local_airflow_process as child
from customs_wh.orchestration.schedule import DAG_ID, REPORT_DAG_ID

# A child that outlives its parent's reason to wait (the site could not be built) has this long to
# read the end of its input and stop before it is killed.
CHILD_STOP_SECONDS = 60


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


def child_command(logical_date: str, conf: Mapping[str, str | None]) -> list[str]:
    """The command line of the process that runs Airflow (``local_airflow_process``)."""
    return [sys.executable, "-m", child.__name__, logical_date, json.dumps(conf)]


class AirflowProcess:
    """The child process that runs Airflow: started with the runs to make, told once where the site is."""

    def __init__(self, env: Mapping[str, str], logical_date: str, conf: Mapping[str, str | None], log_file: Path):
        self._log = open(log_file, "ab")  # noqa: SIM115 - closed in stop(), after the child
        command = child_command(logical_date, conf)
        self._log.write(f"\n$ {' '.join(command[1:])}\n".encode())
        self._log.flush()
        self.process = subprocess.Popen(
            command, env=dict(env), stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT
        )

    def run(self, site_env: Mapping[str, str]) -> int:
        """Send the site's environment; the child's exit status once both runs are over."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(dict(site_env)).encode() + b"\n")
            self.process.stdin.close()
        except BrokenPipeError:  # it stopped before asking (its metadata failed): its status says why
            pass
        return self.process.wait()

    def stop(self) -> None:
        """End of input (no site), then wait; killed if it does not stop."""
        with contextlib.suppress(BrokenPipeError):
            if self.process.stdin is not None and not self.process.stdin.closed:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=CHILD_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@contextlib.contextmanager
def _airflow_process(
    env: Mapping[str, str], logical_date: str, conf: Mapping[str, str | None], log_file: Path
) -> Iterator[AirflowProcess]:
    airflow = AirflowProcess(env, logical_date, conf, log_file)
    try:
        yield airflow
    finally:
        airflow.stop()


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
    if use_sample_site:
        from customs_wh import sample_site

        from_month = from_month or sample_site.SITE_FIRST_MONTH
        through_month = through_month or sample_site.SITE_LAST_MONTH
    conf = {"from_month": from_month, "through_month": through_month}
    logical_date = clock.now().replace(microsecond=0).isoformat()
    console.print(f"Airflow: preparing its metadata (SQLite) and importing the DAGs; log: {log_file}", markup=False)
    with (
        _airflow_process(airflow_env(settings, settings.base_url), logical_date, conf, log_file) as airflow,
        _site(settings, use_sample_site, console) as (base_url, last_month),
        _partner_sources(use_sample_site, console) as partners,
    ):
        site_env = {"GACC_BASE_URL": base_url, **partners}
        if last_month:
            site_env["GACC_LAST_MONTH"] = last_month  # a run for a later month then says so at once
        console.print(
            f"Airflow: {DAG_ID} (months {from_month} to {through_month}), then {REPORT_DAG_ID} "
            "(the report and dbt docs), each as `airflow dags test` runs it",
            markup=False,
        )
        code = airflow.run(site_env)
    if code != 0:
        tail = log_file.read_text(errors="replace").splitlines()[-40:]
        console.print("\n".join(tail), markup=False)
        console.print(f"Airflow: {child.REASONS.get(code, f'exit status {code}')}; log: {log_file}", markup=False)
    return code
