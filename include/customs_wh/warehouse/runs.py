"""``ops.runs``: the one recorder of a refresh's life, running → published or failed.

Every status is written once, here, and only forwards: ``running`` when the run starts to
write, ``published`` by the publish stage right after the new warehouse is in place, and
``failed`` at the run's end when it did not publish (``orchestration.run_end``). A later call
for a run that already has its final status changes nothing, so the command line and the
DAG may both reach the end of a run without writing it twice. The published warehouse's copy
of the table (``publish``) is made with :func:`published_summary`, so both files say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.warehouse import db
from customs_wh.warehouse.published import tables

RUNNING, PUBLISHED, FAILED = "running", "published", "failed"


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    summary: str | None


def published_summary(warehouse: Path) -> str:
    return f"published {warehouse}"


def record_start(settings: Settings, run_id: str) -> None:
    """The run begins to write: ``running`` (a run already recorded keeps its row)."""
    with db.connect(settings.build_db) as con:
        con.execute(
            "insert into ops.runs (run_id, started_at, status, summary) values (?, ?, ?, '') on conflict do nothing",
            [run_id, clock.utcnow(), RUNNING],
        )


def record_published(con: duckdb.DuckDBPyConnection, run_id: str, warehouse: Path) -> None:
    """The run's warehouse is in place (called by the publish stage, on its open connection)."""
    _finish(con, run_id, PUBLISHED, published_summary(warehouse))


def record_failed(con: duckdb.DuckDBPyConnection, run_id: str, reason: str) -> bool:
    """The run ended without publishing; False when its row already had a final status."""
    return _finish(con, run_id, FAILED, reason)


def _finish(con: duckdb.DuckDBPyConnection, run_id: str, status: str, summary: str) -> bool:
    now = clock.utcnow()
    before = con.execute("select status from ops.runs where run_id = ?", [run_id]).fetchone()
    if before is not None and before[0] != RUNNING:
        return False
    con.execute(
        """
        insert into ops.runs (run_id, started_at, finished_at, status, summary) values (?, ?, ?, ?, ?)
        on conflict (run_id) do update set
            finished_at = excluded.finished_at, status = excluded.status, summary = excluded.summary
        """,
        [run_id, now, now, status, summary],
    )
    return True


def read_run(con: duckdb.DuckDBPyConnection, run_id: str) -> RunRecord | None:
    if "runs" not in tables(con, "ops"):
        return None
    row = con.execute(
        "select run_id, started_at, finished_at, status, summary from ops.runs where run_id = ?", [run_id]
    ).fetchone()
    return None if row is None else RunRecord(*row)
