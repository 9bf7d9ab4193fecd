"""Publish: copy the marts of build.duckdb into a new warehouse file and swap it in atomically.

Readers only ever open ``warehouse.duckdb``. The new file is written beside it under a
temporary name, checkpointed, fsynced and renamed over it: a reader that opened the old
file keeps reading the old one, a reader that opens the path gets the whole new one, and a
crash leaves the old one in place (plus temporary files the next publish removes).

Only proven marts are copied: the run's gate 2 must have stored the fingerprint of exactly
the marts in build.duckdb (warehouse/build_proof.py), or :class:`PublishRefused` is raised
and nothing is written. The caller holds the home's lock (one writer per home), which is
also what makes removing a crashed publish's leftovers safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from pathlib import Path

import duckdb

from customs_wh import clock, failpoints
from customs_wh.config import Settings
from customs_wh.warehouse import build_proof, db, runs

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = ("marts",)
WAREHOUSE_STORAGE_VERSION = "v1.5.0"
# ops.alerts, ops.runs and ops.accepted_losses are copied as of the publish, so the warehouse
# can say what it holds, what went wrong and what a person accepted to lose.


class PublishRefused(RuntimeError):
    """The marts in build.duckdb are not proven for this run by both gates; nothing was published."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, comment: str | None) -> None:
    """Same columns, types, NOT NULLs and comments as in build.duckdb; rows in a stable order."""
    columns = con.execute(
        """
        select column_name, data_type, is_nullable, comment
        from duckdb_columns()
        where database_name = current_database() and schema_name = ? and table_name = ?
        order by column_index
        """,
        [schema, table],
    ).fetchall()
    source = f"{_quote(schema)}.{_quote(table)}"
    target = f"warehouse.{source}"
    definitions = ", ".join(
        f"{_quote(name)} {data_type}{'' if nullable else ' not null'}" for name, data_type, nullable, _ in columns
    )
    con.execute(f"create table {target} ({definitions})")
    con.execute(f"insert into {target} select * from {source} order by all")
    if comment:
        con.execute(f"comment on table {target} is {_literal(comment)}")
    for name, _type, _nullable, column_comment in columns:
        if column_comment:
            con.execute(f"comment on column {target}.{_quote(name)} is {_literal(column_comment)}")


def _has_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, table],
    )
    return bool(db.one_row(exists)[0]) and bool(
        db.one_row(con.execute(f"select exists (from {_quote(schema)}.{_quote(table)})"))[0]
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_runs(con: duckdb.DuckDBPyConnection, run_id: str, published_at: dt.datetime, summary: str) -> None:
    """ops.runs as of the publish, with the publishing run already marked published (it is, once
    the file is in place; ``runs.record_published`` records it in the build database right after
    the rename, with the same summary)."""
    con.execute(
        """
        create table warehouse.ops.runs as
        select * from ops.runs where run_id <> $run_id
        union all
        select $run_id, coalesce((select started_at from ops.runs where run_id = $run_id), $at), $at,
               'published', $summary
        order by all
        """,
        {"run_id": run_id, "at": published_at, "summary": summary},
    )


def _write_warehouse(settings: Settings, target: Path, run_id: str) -> dict[str, int]:
    """Copy the proven marts (and ops) of build.duckdb into a new file at ``target``.

    The new file is attached to a connection on build.duckdb rather than the other way
    round: a process may hold build.duckdb through one DuckDB instance only, and in a
    single-process run (``airflow dags test``) dbt may still hold it.
    """
    published_at = clock.utcnow()
    with db.connect(settings.build_db) as con:
        refusal = build_proof.publish_refusal(con, run_id)
        if refusal is not None:
            raise PublishRefused(refusal)
        if not _has_rows(con, "marts", "trade_balance_monthly"):
            raise PublishRefused("the marts are empty: no release has been landed for this home yet")
        # No refusal: the marts are the ones whose fingerprint gate 2 stored (publish_refusal just
        # compared them), so the stored one is theirs; hashing every mart again would give it too.
        proven = build_proof.proven_fingerprint(con, run_id)
        tables = con.execute(
            """
            select schema_name, table_name, comment from duckdb_tables()
            where database_name = current_database() and schema_name in (select unnest(?))
            order by schema_name, table_name
            """,
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        if not tables:
            raise RuntimeError(f"{settings.build_db} has no marts to publish")
        # Written in DuckDB 1.5's storage format: readers' tools (the duckdb command line from
        # PyPI is 1.5, R and BI drivers lag too) then open the file; nothing here needs newer.
        con.execute(
            f"attach {_literal(str(target))} as warehouse (storage_version {_literal(WAREHOUSE_STORAGE_VERSION)})"
        )
        # One transaction for the whole copy: each statement on its own would be a commit of the
        # new file (a table's comments are a statement per column), and nothing reads the file
        # before it is whole.
        try:
            con.execute("begin")
            try:
                rows = _copy_marts_and_ops(con, settings, run_id, tables, published_at, proven)
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    con.execute("rollback")
                raise
            con.execute("commit")
            con.execute("checkpoint warehouse")
        finally:
            con.execute("detach warehouse")
    return rows


def _copy_marts_and_ops(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    run_id: str,
    tables: list[tuple[str, str, str | None]],
    published_at: dt.datetime,
    proven: str | None,
) -> dict[str, int]:
    """The marts and ops tables copied into the attached ``warehouse``, their copy checked against
    the fingerprint gate 2 stored: rows per table."""
    rows: dict[str, int] = {}
    for schema in [*PUBLISHED_SCHEMAS, "ops"]:
        con.execute(f"create schema warehouse.{_quote(schema)}")
    for schema, table, comment in tables:
        _copy_table(con, schema, table, comment)
        rows[f"{schema}.{table}"] = db.one_row(
            con.execute(f"select count(*) from warehouse.{_quote(schema)}.{_quote(table)}")
        )[0]
    con.execute("create table warehouse.ops.alerts as select * from ops.alerts order by all")
    # the losses a person accepted: the summary and the report name them
    con.execute("create table warehouse.ops.accepted_losses as select * from ops.accepted_losses order by all")
    _copy_runs(con, run_id, published_at, runs.published_summary(settings.warehouse_db))
    con.execute(
        """
        create table warehouse.ops.warehouse_info as
        select ? as run_id, ? as published_at,
               (select max(period_month) from marts.trade_balance_monthly) as data_through_month,
               (select max(publication_date) from marts.release_vintages where is_current)
                   as newest_publication_date,
               ? as marts_fingerprint
        """,
        [run_id, published_at, proven],
    )
    con.execute(
        "comment on table warehouse.ops.warehouse_info is "
        "'The refresh that published this file, how far its data reach, and the fingerprint of its "
        "marts that gate 2 passed.'"
    )
    if build_proof.marts_fingerprint(con, "warehouse") != proven:
        raise PublishRefused("the copy of the marts differs from the marts gate 2 passed")
    return rows


def temporary_files(warehouse: Path) -> list[Path]:
    """What a publish writes beside the warehouse before its rename: the file, DuckDB's
    ``.wal`` of it, and anything else DuckDB names after it."""
    return sorted(warehouse.parent.glob(f"{warehouse.name}.*.tmp*"))


def remove_leftovers(warehouse: Path) -> list[Path]:
    """Remove the temporary files of publishes that crashed before their rename.

    Only under the home's lock: another publish's files are then never in progress.
    """
    removed = temporary_files(warehouse)
    for stale in removed:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
    if removed:
        log.info("removed %d leftover(s) of a crashed publish: %s", len(removed), ", ".join(p.name for p in removed))
    return removed


def publish(settings: Settings, run_id: str) -> Path:
    """Replace warehouse.duckdb with the proven marts of build.duckdb, atomically; returns its path.

    Raises :class:`PublishRefused` (nothing written) when the marts are not proven for ``run_id``.
    """
    warehouse = settings.warehouse_db
    remove_leftovers(warehouse)
    temporary = warehouse.with_name(f"{warehouse.name}.{run_id}.tmp")
    try:
        rows = _write_warehouse(settings, temporary, run_id)
        _fsync(temporary)
        failpoints.failpoint("mid-publish")
        os.replace(temporary, warehouse)
    except BaseException:
        for leftover in temporary_files(warehouse):
            if leftover.name.startswith(temporary.name):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        raise
    with contextlib.suppress(OSError):
        _fsync(warehouse.parent)  # the rename is durable once the directory is
    log.info("published %s: %s", warehouse, ", ".join(f"{name} {count}" for name, count in rows.items()))
    return warehouse
