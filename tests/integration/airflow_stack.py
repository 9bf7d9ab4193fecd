"""A real Airflow deployment in miniature: metadata on PostgreSQL, LocalExecutor, and the
scheduler, dag-processor and api-server (the execution API the task processes report to)
as separate processes, each in its own process group so teardown ends all it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
TERMINAL_RUN_STATES = {"success", "failed"}


class AirflowCommandFailed(RuntimeError):
    pass


def airflow_env(*, home: Path, sql_alchemy_conn: str, dags_folder: Path, api_port: int, extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW__")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sql_alchemy_conn,
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags_folder),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            # Two cores shared with other work: a slow parse must not be taken for a broken DAG.
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "300",
            "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": "300",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
            "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api_port}",
            "AIRFLOW__API__PORT": str(api_port),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__WORKERS": "1",
            # The scheduler signs task tokens that the api-server checks: one shared secret.
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "1200",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "NO_COLOR": "1",
            **extra,
        }
    )
    return env


@dataclass
class AirflowStack:
    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def cli(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run([AIRFLOW, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        with open(self.log_dir / "cli.log", "a") as log:
            log.write(f"$ airflow {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise AirflowCommandFailed(f"airflow {' '.join(args)} exited {result.returncode}: {' | '.join(tail)}")
        return result.stdout

    def start(self, name: str, *args: str) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")
        # A new session per service: its pid is the group id of everything it forks.
        self.processes[name] = subprocess.Popen(
            [AIRFLOW, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def assert_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise AirflowCommandFailed(f"airflow {name} exited early with {process.returncode}; {self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"last lines of {path.name}:\n" + "\n".join(text.splitlines()[-lines:])

    def stop_all(self, grace_seconds: float = 30) -> None:
        for process in self.processes.values():
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.processes.values():
            # Whatever ignored SIGTERM, including grandchildren still in the group.
            _signal_group(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)

    def leftover_groups(self) -> list[str]:
        return [name for name, process in self.processes.items() if _group_alive(process.pid)]

    # --- DAG runs through the CLI -------------------------------------------------------------

    def wait_for_dag(self, dag_id: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            listed = json.loads(self.cli("dags", "list", "-o", "json") or "[]")
            if any(row.get("dag_id") == dag_id for row in listed):
                return
            time.sleep(5)
        errors = self.cli("dags", "list-import-errors")
        raise AirflowCommandFailed(f"{dag_id} was not parsed within {timeout:.0f} s; import errors: {errors.strip()}")

    def trigger(self, dag_id: str, logical_date: str, conf: dict | None = None) -> str:
        args = ["dags", "trigger", dag_id, "--logical-date", logical_date, "-o", "json"]
        if conf:
            args += ["-c", json.dumps(conf)]
        runs = json.loads(self.cli(*args))
        return runs[0]["dag_run_id"]

    def run_state(self, dag_id: str, run_id: str) -> str | None:
        for run in json.loads(self.cli("dags", "list-runs", dag_id, "-o", "json") or "[]"):
            if run.get("run_id") == run_id:
                return run.get("state")
        return None

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float, poll_seconds: float = 10) -> str:
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            self.assert_alive()
            state = self.run_state(dag_id, run_id)
            if state in TERMINAL_RUN_STATES:
                return state
            time.sleep(poll_seconds)
        return f"not finished within {timeout:.0f} s (last state: {state})"


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    """Any live (not zombie) process left in the group, read from /proc."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # Fields after the parenthesised command: state, ppid, pgrp, ...
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


@contextlib.contextmanager
def running_stack(env: dict[str, str], log_dir: Path, *, pools: dict[str, int]) -> Iterator[AirflowStack]:
    """Migrate the metadata database, create the pools, start the services; stop them all on exit."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = AirflowStack(env=env, log_dir=log_dir)
    try:
        stack.cli("db", "migrate", timeout=600)
        for pool, slots in pools.items():
            stack.cli("pools", "set", pool, str(slots), "one writer at a time")
        stack.start("api-server", "api-server", "--port", env["AIRFLOW__API__PORT"], "--host", "127.0.0.1", "--workers", "1")
        stack.start("scheduler", "scheduler")
        stack.start("dag-processor", "dag-processor")
        yield stack
    finally:
        stack.stop_all()
