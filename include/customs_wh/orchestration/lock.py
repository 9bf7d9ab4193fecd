"""One writer per ``CUSTOMS_WH_HOME``: an exclusive lock on ``refresh.lock``, held by every stage
that writes (the CLI's refresh across all of its stages, each DAG task, the dbt tasks included).

* **Bounded wait.** A writer waits up to ``CUSTOMS_WH_LOCK_WAIT_S`` for the lock, then gives up
  with :class:`HomeBusy`, whose one-line message names the holder (pid, host, what, since when).
* **Re-entrant within a process.** ``airflow dags test`` runs every task in one process and the
  CLI's refresh holds the lock across the stages it calls, so a process that holds the lock takes
  it again at once; it is released when the outermost holder lets go.
* **What it needs from the file system:** ``flock`` locks that every machine mounting the home
  sees. A local disk or a Docker volume on one host has them; across machines, NFSv4 (or NFSv3
  with lockd), where Linux turns ``flock`` into NFS byte-range locks. File systems that ignore
  locks (some FUSE mounts, object-storage mounts) are refused rather than used unlocked.

The lock is ``filelock``'s (the maintained library for exactly this); this module adds the
holder's description, the re-entrancy across threads of one process, and the messages.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from customs_wh import clock
from customs_wh.config import HomeUnusable, Settings

# Checked this often while waiting; short enough that a waiter starts soon after the release.
POLL_INTERVAL_S = 0.2


class HomeBusy(RuntimeError):
    """Another writer held this CUSTOMS_WH_HOME for longer than ``CUSTOMS_WH_LOCK_WAIT_S``."""


_registry_guard = threading.Lock()
_locks: dict[Path, FileLock] = {}
_purposes: dict[Path, str] = {}


def _holder_line(path: Path) -> str:
    what = _purposes.get(path, "a writer")
    since = clock.now().strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pid {os.getpid()} on {socket.gethostname()}: {what}, since {since}\n"


def _lock_for(path: Path) -> FileLock:
    """One lock object per lock file in this process: that is what makes it re-entrant here."""
    with _registry_guard:
        lock = _locks.get(path)
        if lock is None:

            def write_holder(fd: int) -> None:
                # Who holds the lock, for the message a waiting writer prints; written through
                # the lock's own descriptor (a second descriptor, closed, would drop a POSIX
                # lock on NFS).
                os.ftruncate(fd, 0)
                os.pwrite(fd, _holder_line(path).encode(), 0)

            lock = FileLock(
                path,
                thread_local=False,  # any thread of the holding process may take it again
                fallback_to_soft=False,  # never pretend to lock where flock does not work
                preserve_lock_file=True,
                on_acquired=write_holder,
                poll_interval=POLL_INTERVAL_S,
            )
            _locks[path] = lock
        return lock


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or "holder unknown"
    except OSError:
        return "holder unknown"


@contextlib.contextmanager
def home_lock(settings: Settings, purpose: str, *, wait_s: float | None = None) -> Iterator[None]:
    """Hold the home's lock for the block: wait up to ``wait_s`` (default ``settings.lock_wait_s``).

    Raises :class:`HomeBusy` when another process keeps it longer, and
    :class:`customs_wh.config.HomeUnusable` when the home itself cannot take the lock file.
    """
    settings.ensure_dirs()
    path = settings.lock_file
    lock = _lock_for(path)
    wait = settings.lock_wait_s if wait_s is None else wait_s
    if not lock.is_locked:
        _purposes[path] = purpose
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise HomeBusy(
            f"another writer holds {settings.home} ({_holder(path)}); gave up after waiting {wait:g} s "
            "(CUSTOMS_WH_LOCK_WAIT_S); try again when it ends"
        ) from None
    except OSError as exc:  # cannot create or open the file, or the file system refuses flock
        raise HomeUnusable(
            f"CUSTOMS_WH_HOME: cannot lock {path}: {exc.strerror or exc} "
            "(the home needs a writable file system with working flock locks)"
        ) from None
    try:
        yield
    finally:
        lock.release()
