"""A real Airflow deployment in miniature: metadata on PostgreSQL, LocalExecutor, and the
scheduler, dag-processor and api-server (the execution API the task processes report to)
as separate processes, each in a session of its own; teardown ends every process they started
(see process_tree) and the test checks that none is left.
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
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import process_tree

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
TERMINAL_RUN_STATES = {"success", "failed"}
# Everything stays on 127.0.0.1, even on a machine that configures an HTTP proxy.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AirflowCommandFailed(RuntimeError):
    pass


def parse_json_output(stdout: str) -> list | dict:
    """The JSON document an ``airflow … -o json`` command printed.

    Airflow 3 logs warnings (e.g. "Could not import graphviz") to stdout too, so the
    document is whatever line starts a JSON value that runs to the end of the output.
    """
    decoder = json.JSONDecoder()
    offset = 0
    for line in stdout.splitlines(keepends=True):
        if line.lstrip().startswith(("[", "{")):
            start = offset + len(line) - len(line.lstrip())
            with contextlib.suppress(json.JSONDecodeError):
                document, end = decoder.raw_decode(stdout, start)
                if not stdout[end:].strip():
                    return document
        offset += len(line)
    raise AirflowCommandFailed(f"no JSON document in the output: {stdout.strip()[-500:]}")


def airflow_env(
    *, home: Path, sql_alchemy_conn: str, dags_folder: Path, api_port: int, extra: dict[str, str]
) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW__")}
    env.update(
        {
            # As from an activated virtualenv, the way a deployment runs its services: dbt and
            # airflow beside the interpreter come first (Cosmos checks dbt against the PATH).
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]),
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
            # Only the runs a test triggers: unpausing a scheduled DAG would otherwise add a run for
            # the last interval before today's date, which may clash with (or, at one active run
            # per DAG, hold up) the run the test triggers for its fixed logical date.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "1200",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "NO_COLOR": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            **extra,
        }
    )
    return env


@dataclass
class AirflowStack:
    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    seen: set[process_tree.Proc] = field(default_factory=set)

    def cli(self, *args: str, timeout: float = 300, ok_codes: tuple[int, ...] = (0,)) -> str:
        result = subprocess.run([AIRFLOW, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        with open(self.log_dir / "cli.log", "a") as log:
            log.write(f"$ airflow {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if result.returncode not in ok_codes:
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise AirflowCommandFailed(f"airflow {' '.join(args)} exited {result.returncode}: {' | '.join(tail)}")
        return result.stdout

    def start(self, name: str, *args: str) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - the service writes to it until stop()
        # A new session per service: its pid is the session and group id of what it forks.
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

    def wait_until_serving(self, timeout: float = 180) -> None:
        """Until the api-server answers: task processes report to its execution API from their first line."""
        url = f"{self.env['AIRFLOW__CORE__EXECUTION_API_SERVER_URL'].rstrip('/')}/health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            with contextlib.suppress(OSError), _NO_PROXY.open(url, timeout=5) as response:
                if response.status == 200:
                    return
            time.sleep(1)
        raise AirflowCommandFailed(
            f"the api-server did not answer {url} within {timeout:.0f} s; {self.tail('api-server')}"
        )

    def stop_all(self, grace_seconds: float = 30) -> None:
        """SIGTERM to the services, then to whatever they left, then SIGKILL to the rest.

        The services get the first word so the scheduler can end its tasks; task processes sit
        in groups (and their subprocesses in sessions) of their own, so they get their own.
        """
        roots = [process.pid for process in self.processes.values()]
        # Taken before any signal, while every task process still hangs off its supervisor.
        self.seen |= process_tree.started_by(roots)
        for pid in roots:
            _signal_group(pid, signal.SIGTERM)
        services = {proc for proc in self.seen if proc.pid in roots}
        self._reap_while_waiting(services, grace_seconds)
        self.seen |= process_tree.started_by(roots)
        process_tree.send(self.seen, signal.SIGTERM)
        self._reap_while_waiting(self.seen, 10)
        process_tree.send(self.seen, signal.SIGKILL)
        self._reap_while_waiting(self.seen, 10)
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)

    def _reap_while_waiting(self, procs: set[process_tree.Proc], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes.values():
                process.poll()  # our direct children stay zombies until waited for
            if not process_tree.wait_gone(procs, 0.5):
                return

    def leftovers(self) -> list[str]:
        """Processes this stack started that are still running, as "pid command line"."""
        alive = process_tree.still_alive(self.seen | process_tree.started_by([p.pid for p in self.processes.values()]))
        return sorted(f"{proc.pid} {_command_line(proc.pid)}" for proc in alive)

    # --- DAG runs through the CLI -------------------------------------------------------------

    def wait_for_dag(self, dag_id: str, timeout: float) -> None:
        """Until the dag-processor has stored ``dag_id``; fails at once when it reports an import error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            listed = parse_json_output(self.cli("dags", "list", "-o", "json"))
            if any(row.get("dag_id") == dag_id for row in listed):
                return
            if errors := self.import_errors():
                raise AirflowCommandFailed(
                    f"{dag_id} is not parsed: the dag-processor reports import errors:\n{errors}"
                )
            time.sleep(5)
        raise AirflowCommandFailed(f"{dag_id} was not parsed within {timeout:.0f} s; {self.tail('dag-processor')}")

    def import_errors(self) -> str:
        """The import errors stored by the dag-processor, each file with the end of its traceback; "" if none."""
        # The command exits 1 when it has errors to list.
        listed = parse_json_output(self.cli("dags", "list-import-errors", "-o", "json", ok_codes=(0, 1)))
        return "\n".join(
            f"{row['filepath']}:\n    " + "\n    ".join(row["error"].strip().splitlines()[-6:]) for row in listed
        )

    def trigger(self, dag_id: str, logical_date: str, conf: dict | None = None) -> str:
        args = ["dags", "trigger", dag_id, "--logical-date", logical_date, "-o", "json"]
        if conf:
            args += ["-c", json.dumps(conf)]
        runs = parse_json_output(self.cli(*args))
        return runs[0]["dag_run_id"]

    def run_state(self, dag_id: str, run_id: str) -> str | None:
        for run in parse_json_output(self.cli("dags", "list-runs", dag_id, "-o", "json")):
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


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    return "?"


@contextlib.contextmanager
def running_stack(
    env: dict[str, str], log_dir: Path, *, pools: dict[str, int], timings: dict[str, float], label: str
) -> Iterator[AirflowStack]:
    """Migrate the metadata database, create the pools, start the services; stop them all on exit.

    Records how long each step took in ``timings``, keys prefixed with ``label``.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = AirflowStack(env=env, log_dir=log_dir)
    try:
        with _timed(timings, f"{label}: airflow db migrate + pools"):
            stack.cli("db", "migrate", timeout=600)
            for pool, slots in pools.items():
                stack.cli("pools", "set", pool, str(slots), "one writer at a time")
        with _timed(timings, f"{label}: start api-server, scheduler, dag-processor (until serving)"):
            stack.start(
                "api-server", "api-server", "--port", env["AIRFLOW__API__PORT"], "--host", "127.0.0.1", "--workers", "1"
            )
            stack.start("scheduler", "scheduler")
            stack.start("dag-processor", "dag-processor")
            stack.wait_until_serving()
        yield stack
    finally:
        with _timed(timings, f"{label}: stop all Airflow processes"):
            stack.stop_all()


@contextlib.contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    began = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - began
