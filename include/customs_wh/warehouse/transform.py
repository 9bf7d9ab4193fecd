"""The dbt stage: build the project (seeds, models, tests) into build.duckdb in one invocation.

``customs-wh refresh`` runs this; the Airflow DAG renders the same project with Cosmos, one
task per model. dbt runs in-process (``dbtRunner``): a new dbt process per build would pay
its start-up again, and partial parsing (state under ``$CUSTOMS_WH_HOME/dbt``) keeps
re-parsing cheap.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from customs_wh import failpoints
from customs_wh.config import DBT_PROJECT_DIR, Settings
from customs_wh.contracts import ROUNDING_TOLERANCE, Alert, Severity

log = logging.getLogger(__name__)

FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})


@dataclass(frozen=True)
class NodeOutcome:
    """A dbt node (model, seed, test, unit test) that did not simply pass."""

    name: str
    resource_type: str
    status: str
    message: str

    def describe(self) -> str:
        return f"{self.resource_type} {self.name}: {self.status}: {self.message}"


@dataclass
class BuildResult:
    nodes: int = 0
    seconds: float = 0.0
    failures: list[NodeOutcome] = field(default_factory=list)
    warnings: list[NodeOutcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures

    def alerts(self, run_id: str) -> list[Alert]:
        """A critical alert per failed node, a warning per node that warned."""
        problems: list[tuple[NodeOutcome, Severity]] = [(outcome, "critical") for outcome in self.failures]
        problems += [(outcome, "warning") for outcome in self.warnings]
        return [
            Alert.now(
                run_id=run_id,
                release=None,
                check_name=f"dbt {outcome.resource_type} {outcome.name}",
                severity=severity,
                observed=outcome.message,
                expected="the model builds and its tests pass",
                message=(
                    f"dbt {outcome.resource_type} {outcome.name}: {outcome.status}; "
                    + (
                        "the run stops and the warehouse is unchanged."
                        if severity == "critical"
                        else "published anyway."
                    )
                ),
            )
            for outcome, severity in problems
        ]

    def summary(self) -> str:
        head = f"dbt build: {self.nodes} nodes in {self.seconds:.1f} s"
        if self.failures:
            return f"{head}; {len(self.failures)} failed, first: {self.failures[0].describe()}"
        return head + (f"; {len(self.warnings)} warning(s)" if self.warnings else "")


# dbt's file log keeps what each node did and why one failed, not every query's SQL: at debug
# level its writes, under one lock, held up dbt's threads (about a second of a small refresh). In
# `make run`, whose Cosmos tasks log into directories deleted after them, info level took dbt's
# logging from about 7 s of processor time to about 3 s (sampled); the run was no shorter. The
# compiled SQL stays in the target directory. Every dbt invocation passes it, the DAG's too.
FILE_LOG_FLAGS = ("--log-level-file", "info")


def dbt_vars() -> dict[str, float]:
    """The project variables every dbt invocation of the warehouse passes (the DAG's too).

    ``rounding_tolerance`` is the one rounding tolerance (``contracts.ROUNDING_TOLERANCE``);
    dbt_project.yml declares no default, so dbt run without it stops instead of guessing.
    """
    return {"rounding_tolerance": ROUNDING_TOLERANCE}


def dbt_args(settings: Settings, command: str = "build", *, unit_tests: bool = False) -> list[str]:
    """dbt's command line for this warehouse.

    dbt unit tests check the models' SQL against fixed inputs, not the data: ``make test``
    runs them (tests/warehouse/test_dbt.py); a refresh leaves them out (``unit_tests=False``).
    A build writes no JSON artifacts (manifest.json, run_results.json: about a second of a
    refresh): the result is read in-process, and ``dbt docs generate`` writes its own.
    """
    return [
        *command.split(),  # "build", "compile", "source freshness" ...
        *([] if unit_tests or command != "build" else ["--exclude-resource-type", "unit_test"]),
        *(["--no-write-json"] if command == "build" else []),
        "--vars",
        json.dumps(dbt_vars()),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(settings.dbt_dir / "target"),
        "--log-path",
        str(settings.dbt_dir / "logs"),
        "--quiet",
        *FILE_LOG_FLAGS,
    ]


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """profiles.yml reads CUSTOMS_WH_HOME from the environment; set it for this build only."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _crash_test_hook(event) -> None:
    # For the crash tests: the failpoint fires once dbt has finished its first node.
    if event.info.name == "NodeFinished":
        failpoints.failpoint("mid-dbt")


def release_database() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open in this process after a build.

    A process may hold a database file through one DuckDB instance only: left open, it
    would hold build.duckdb against the stages that follow (publish attaches the file).
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager.close_all_connections()
    if environment is not None:
        environment.close()


def _single_spaced(text: object) -> str:
    """dbt's message whole, on one line: its first line names the node, the next ones say why."""
    return " ".join(str(text or "").split())


def dbt_build(settings: Settings) -> BuildResult:
    """``dbt build`` of the whole project; the result lists every failed and warning node."""
    from dbt.cli.main import dbtRunner

    started = time.monotonic()
    with _environment(CUSTOMS_WH_HOME=str(settings.home), DBT_SEND_ANONYMOUS_USAGE_STATS="False"):
        try:
            outcome = dbtRunner(callbacks=[_crash_test_hook]).invoke(dbt_args(settings))
        finally:
            release_database()
    result = BuildResult(seconds=time.monotonic() - started)
    if outcome.exception is not None:
        result.failures.append(NodeOutcome("dbt", "invocation", "error", _single_spaced(outcome.exception)))
    for node_result in getattr(outcome.result, "results", None) or []:
        result.nodes += 1
        status = str(getattr(node_result.status, "value", node_result.status))
        if status in FAILED_STATUSES or status == "warn":
            node = node_result.node
            entry = NodeOutcome(node.name, str(node.resource_type), status, _single_spaced(node_result.message))
            (result.warnings if status == "warn" else result.failures).append(entry)
    if not outcome.success and not result.failures:
        result.failures.append(NodeOutcome("dbt", "invocation", "error", "dbt build did not succeed (see the dbt log)"))
    log.info("%s", result.summary())
    return result
