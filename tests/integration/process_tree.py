"""Which processes a service started, read from /proc, so teardown can end every one of them.

A process group is not enough: Airflow's task supervisor moves each task process into a group
of its own (``setpgid``), and subprocess hooks (Cosmos running dbt, BashOperator) start a new
session. So a service's processes are its session, its group, and every descendant of those
(followed by parent pid while the tree is still intact, i.e. before anything is signalled).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    """One process, the same one as long as pid and start time match (a reused pid is another)."""

    pid: int
    start_ticks: int  # start time since boot
    ppid: int = field(compare=False)
    pgrp: int = field(compare=False)
    session: int = field(compare=False)
    zombie: bool = field(compare=False)


def _read(stat: Path) -> Proc | None:
    try:
        text = stat.read_text()
    except OSError:  # ended while we were reading /proc
        return None
    # The command name is in parentheses and may hold spaces: split after its closing one.
    head, rest = text.rsplit(")", 1)
    fields = rest.split()
    # fields[0] is stat field 3 (state); ppid 4, pgrp 5, session 6, starttime 22.
    return Proc(
        pid=int(head.split("(", 1)[0]),
        ppid=int(fields[1]),
        pgrp=int(fields[2]),
        session=int(fields[3]),
        start_ticks=int(fields[19]),
        zombie=fields[0] in ("Z", "X"),
    )


def snapshot() -> dict[int, Proc]:
    table = (_read(stat) for stat in Path("/proc").glob("[0-9]*/stat"))
    return {proc.pid: proc for proc in table if proc is not None}


def started_by(roots: list[int]) -> set[Proc]:
    """Live processes in the sessions or groups led by ``roots``, and all their descendants."""
    table = snapshot()
    found = {pid for pid, proc in table.items() if proc.session in roots or proc.pgrp in roots or pid in roots}
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    pending = list(found)
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return {table[pid] for pid in found if not table[pid].zombie}


def still_alive(procs: set[Proc]) -> set[Proc]:
    """Those of ``procs`` still running (not zombies, pid not reused by another process)."""
    table = snapshot()
    return {
        proc
        for proc in procs
        if proc.pid in table and not table[proc.pid].zombie and table[proc.pid].start_ticks == proc.start_ticks
    }


def send(procs: set[Proc], sig: signal.Signals) -> None:
    for proc in still_alive(procs):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(proc.pid, sig)


def wait_gone(procs: set[Proc], timeout: float) -> set[Proc]:
    """Wait until none of ``procs`` runs any more, at most ``timeout`` seconds: those still running."""
    deadline = time.monotonic() + timeout
    while (alive := still_alive(procs)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive
