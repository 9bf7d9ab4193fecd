"""A throwaway PostgreSQL cluster for the integration tests: initdb, start on 127.0.0.1, stop.

PostgreSQL refuses to run as root, so under root every server command runs as the system
user ``postgres`` (created by Debian's package) and the cluster lives in a directory it owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PREFERRED_MAJOR = "15"
SERVER_USER = "postgres"
SUPERUSER = "customs_wh_test"


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing and could not be installed."""


@dataclass(frozen=True)
class Timing:
    install_seconds: float | None  # None: already installed


@dataclass(frozen=True)
class Cluster:
    bin_dir: Path
    data_dir: Path
    port: int
    user: str
    password: str
    initdb_seconds: float
    start_seconds: float

    def url(self, database: str, driver: str = "postgresql+psycopg2") -> str:
        return f"{driver}://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        import psycopg2

        con = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname="postgres"
        )
        try:
            con.autocommit = True  # CREATE DATABASE cannot run inside a transaction
            with con.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            con.close()


def find_server_binaries() -> Path | None:
    """The bin directory of the installed server, PostgreSQL 15 first (Debian's layout)."""
    root = Path("/usr/lib/postgresql")
    candidates = [root / PREFERRED_MAJOR / "bin"] + sorted(root.glob("*/bin"), reverse=True)
    for bin_dir in candidates:
        if all((bin_dir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return bin_dir
    return None


def ensure_server_installed() -> tuple[Path, Timing]:
    """Find the server binaries, installing Debian's ``postgresql`` package when they are missing."""
    bin_dir = find_server_binaries()
    if bin_dir is not None:
        return bin_dir, Timing(install_seconds=None)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them "
            "(Debian/Ubuntu: sudo apt-get install postgresql) and run make test-integration again"
        )
    started = time.perf_counter()
    _apt_install_postgresql()
    _stop_package_clusters()
    bin_dir = find_server_binaries()
    if bin_dir is None:
        raise PostgresUnavailable(
            "apt-get installed postgresql but no server binaries appeared under /usr/lib/postgresql"
        )
    return bin_dir, Timing(install_seconds=time.perf_counter() - started)


def _apt_install_postgresql() -> None:
    # No prompts (no terminal in CI); wait for a concurrent apt/dpkg rather than fail on its lock.
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]
    for command in ([*apt, "update"], [*apt, "install", "-y", "--no-install-recommends", "postgresql"]):
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PostgresUnavailable(f"could not install PostgreSQL: `{' '.join(command)}` failed: {last[0]}")


def _stop_package_clusters() -> None:
    """Stop the default cluster that Debian's package creates and may start on port 5432.

    Its postinst starts it unless a policy-rc.d forbids (Docker-style images do): the test
    installed it, so the test must not leave it running.
    """
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        version, name, _port, status, *_ = line.split()
        if status.startswith("online"):
            subprocess.run(["pg_ctlcluster", version, name, "stop"], capture_output=True, text=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}): {(result.stderr or result.stdout).strip()}")


def _owned_scratch_dir() -> Path:
    # Not under pytest's tmp_path: that is private to root, and the server user must reach it.
    scratch = Path(tempfile.mkdtemp(prefix="customs-wh-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise PostgresUnavailable(
                f"running as root needs the system user '{SERVER_USER}' (Debian's postgresql package creates it)"
            ) from exc
        os.chown(scratch, account.pw_uid, account.pw_gid)
    return scratch


@contextlib.contextmanager
def running_cluster(bin_dir: Path) -> Iterator[Cluster]:
    """initdb a fresh cluster, start it on a free 127.0.0.1 port; stop it and delete it on exit."""
    scratch = _owned_scratch_dir()
    data_dir = scratch / "data"
    password = secrets.token_urlsafe(24)
    password_file = scratch / "password"
    password_file.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(password_file, SERVER_USER)
    try:
        began = time.perf_counter()
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                SUPERUSER,
                f"--pwfile={password_file}",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            "initdb",
        )
        password_file.unlink()
        initdb_seconds = time.perf_counter() - began
        port = free_port()
        began = time.perf_counter()
        server_options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={scratch} -c fsync=off"
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-l",
                str(scratch / "server.log"),
                "-o",
                server_options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        yield Cluster(bin_dir, data_dir, port, SUPERUSER, password, initdb_seconds, time.perf_counter() - began)
    finally:
        # Even when pg_ctl start gave up waiting: a server that came up late must not outlive the test.
        if (data_dir / "postmaster.pid").exists():
            stop_cluster(bin_dir, data_dir)
        shutil.rmtree(scratch, ignore_errors=True)


def stop_cluster(bin_dir: Path, data_dir: Path) -> None:
    """Fast shutdown; if pg_ctl cannot, end the postmaster by the pid it recorded."""
    result = subprocess.run(
        _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "-t", "60", "stop"]),
        capture_output=True,
        text=True,
    )
    pid_file = data_dir / "postmaster.pid"
    if result.returncode != 0 and pid_file.exists():
        postmaster = int(pid_file.read_text().splitlines()[0])
        with contextlib.suppress(ProcessLookupError):
            os.kill(postmaster, 9)
