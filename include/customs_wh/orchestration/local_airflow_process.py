"""The Airflow side of ``customs-wh dag-test`` (``make run``), in one process.

It migrates Airflow's SQLite metadata, creates the dbt pool and imports the DAGs, then waits for
one line on standard input: the environment of the site to land from (its address), which its
parent (:mod:`customs_wh.orchestration.local_airflow`) sends once the sample site is built and
served. It then runs ``customs_monthly_refresh`` and, when that run published, ``customs_report``,
each with ``DAG.test()``, which is what ``airflow dags test`` runs.

Why one process and not the four ``airflow`` commands (``db migrate``, ``pools set``, then
``dags test`` twice): each command imports Airflow and its providers again, and the second
``dags test`` imports the DAG files, dbt and the report's libraries again: in `make run`'s log,
about 9 s before each DAG run's first task, the commands one after the other. This way, what
does not depend on the site (Airflow's import, the metadata, the DAG files with Cosmos's
listing of the dbt project) runs while the parent builds the site.

Exit status: 0 when both runs succeeded and the refresh published. Otherwise one of the
statuses below, after one line on standard error saying why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from customs_wh.orchestration.schedule import DAG_ID, DBT_POOL, REPORT_DAG_ID
from customs_wh.words import one_line

METADATA_FAILED = 10
NO_SITE = 11
REFRESH_FAILED = 12
NOT_PUBLISHED = 13
REPORT_FAILED = 14
DAGS_MISSING = 15
# The refresh task whose outlet is the warehouse Asset (customs_monthly_refresh).
PUBLISH_TASK_ID = "publish"
# A run's and a task's state when it succeeded, as Airflow stores both (DagRunState.SUCCESS and
# TaskInstanceState.SUCCESS are this string): compared as a string, the logic above Airflow's
# calls runs, and is tested, without importing Airflow.
SUCCESS = "success"
# Each status's reason: the child's line in the log, and the parent's last line to the user.
REASONS = {
    METADATA_FAILED: "Airflow's metadata could not be migrated",
    DAGS_MISSING: "the DAG folder could not be imported",
    NO_SITE: "no site to land from arrived: nothing was run",
    REFRESH_FAILED: f"the {DAG_ID} run failed",
    NOT_PUBLISHED: f"the {DAG_ID} run published nothing: its {PUBLISH_TASK_ID} task did not succeed",
    REPORT_FAILED: f"the {REPORT_DAG_ID} run failed",
}
DBT_POOL_DESCRIPTION = "dbt writes build.duckdb: one writer at a time"


def main(argv: list[str]) -> int:
    """``argv``: the runs' logical date (ISO 8601) and the refresh run's configuration (JSON)."""
    from airflow.utils.providers_configuration_loader import providers_configuration_loaded

    logical_date, conf = dt.datetime.fromisoformat(argv[0]), json.loads(argv[1])
    return providers_configuration_loaded(run)(logical_date, conf, sys.stdin)


def run(
    logical_date: dt.datetime,
    conf: Mapping[str, Any],
    site_input: TextIO,
    *,
    prepare_metadata: Callable[[], None] | None = None,
    load_dags: Callable[[tuple[str, ...]], Mapping[str, Any]] | None = None,
) -> int:
    """The metadata, the DAGs, the site's environment from ``site_input``, then the two runs.
    ``prepare_metadata`` and ``load_dags`` default to Airflow's (tests stand in for them)."""
    try:
        (prepare_metadata or _prepare_metadata)()
    except MetadataFailed as exc:
        return _stop(METADATA_FAILED, str(exc))
    try:
        dags = (load_dags or _dags)((DAG_ID, REPORT_DAG_ID))
    except LookupError as exc:
        return _stop(DAGS_MISSING, str(exc))
    site = site_input.readline()
    if not site.strip():
        return _stop(NO_SITE)
    os.environ.update(json.loads(site))
    refresh = dags[DAG_ID].test(logical_date=logical_date, run_conf=dict(conf))
    if not _succeeded(refresh):
        return _stop(REFRESH_FAILED)
    if not _published(refresh):
        return _stop(NOT_PUBLISHED)
    if not _succeeded(dags[REPORT_DAG_ID].test(logical_date=logical_date)):
        return _stop(REPORT_FAILED)
    return 0


class MetadataFailed(RuntimeError):
    """Airflow's metadata database could not be migrated or written."""


def _prepare_metadata() -> None:
    """``airflow db migrate`` and ``airflow pools set``, as those commands do them."""
    from airflow.models.pool import Pool
    from airflow.utils import db

    try:
        db.upgradedb()
        Pool.create_or_update_pool(name=DBT_POOL, slots=1, description=DBT_POOL_DESCRIPTION, include_deferred=False)
    except Exception as exc:  # noqa: BLE001 - the database's and the migration's errors alike: no run can start
        traceback.print_exc()  # the whole story for the log; the parent shows its last lines
        raise MetadataFailed(one_line(exc)) from exc


def _dags(dag_ids: tuple[str, ...]) -> dict[str, Any]:
    """The DAGs from the configured DAG folder, imported once (``DAG.test()`` writes them to the
    metadata); LookupError naming each import error when one is missing."""
    from airflow.configuration import conf
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=conf.get("core", "dags_folder"))
    missing = [dag_id for dag_id in dag_ids if dag_id not in bag.dags]
    if missing:
        problems = "; ".join(f"{path}: {one_line(error)}" for path, error in bag.import_errors.items())
        raise LookupError(f"no {', '.join(missing)} in it ({problems or 'no import error'})")
    return {dag_id: bag.dags[dag_id] for dag_id in dag_ids}


def _succeeded(dag_run: Any) -> bool:
    return dag_run is not None and dag_run.state == SUCCESS


def _published(dag_run: Any) -> bool:
    """Whether the run's publish task succeeded: its outlet, the warehouse Asset, is what schedules
    the report DAG, so the scheduler would run the report exactly then."""
    publish = dag_run.get_task_instance(PUBLISH_TASK_ID)
    return publish is not None and publish.state == SUCCESS


def _stop(status: int, detail: str = "") -> int:
    print(f"customs-wh: {REASONS[status]}{f': {detail}' if detail else ''}", file=sys.stderr, flush=True)
    return status


def exit_at_once(status: int) -> None:
    """Exit without tearing the interpreter down: freeing the million objects Airflow, Cosmos,
    dbt and Great Expectations leave took 3.1-3.6 s of every `make run`. What must outlive the
    process is closed first: dbt's DuckDB instance (build.duckdb written whole) and the log. No
    thread is working by then (both runs are over); Airflow's metadata is committed task by task."""
    import logging

    from customs_wh.warehouse import transform

    transform.release_database()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_at_once(main(sys.argv[1:]))
