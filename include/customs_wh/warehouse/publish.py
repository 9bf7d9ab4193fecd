"""Publish: copy the marts of build.duckdb into a new warehouse file and swap it in atomically.

Readers only ever open ``warehouse.duckdb``. The new file is written beside it under a
temporary name, checkpointed, fsynced and renamed over it: a reader that opened the old
file keeps reading the old one, a reader that opens the path gets the whole new one, and a
crash leaves the old one in place (plus a temporary file the next publish removes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from pathlib import Path

import duckdb

from customs_wh import faults
from customs_wh.config import Settings

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = ("marts",)
WAREHOUSE_STORAGE_VERSION = "v1.5.0"
# Copied as of the publish, so the warehouse can say what it holds and what went wrong.
PUBLISHED_OPS_TABLES = ("alerts", "runs")


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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_warehouse(settings: Settings, target: Path, run_id: str) -> dict[str, int]:
    """Copy the marts (and ops) of build.duckdb into a new file at ``target``.

    The new file is attached to a connection on build.duckdb rather than the other way
    round: a process may hold build.duckdb through one DuckDB instance only, and in a
    single-process run (``airflow dags test``) dbt may still hold it.
    """
    rows: dict[str, int] = {}
    con = duckdb.connect(str(settings.build_db))
    try:
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
        try:
            for schema in [*PUBLISHED_SCHEMAS, "ops"]:
                con.execute(f"create schema warehouse.{_quote(schema)}")
            for schema, table, comment in tables:
                _copy_table(con, schema, table, comment)
                rows[f"{schema}.{table}"] = con.execute(
                    f"select count(*) from warehouse.{_quote(schema)}.{_quote(table)}"
                ).fetchone()[0]
            for table in PUBLISHED_OPS_TABLES:
                con.execute(f"create table warehouse.ops.{table} as select * from ops.{table} order by all")
            con.execute(
                """
                create table warehouse.ops.warehouse_info as
                select ? as run_id, ? as published_at,
                       (select max(period_month) from marts.trade_balance_monthly) as data_through_month,
                       (select max(publication_date) from marts.release_vintages where is_current)
                           as newest_publication_date
                """,
                [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute(
                "comment on table warehouse.ops.warehouse_info is "
                "'The refresh that published this file, and how far its data reach.'"
            )
            con.execute("checkpoint warehouse")
        finally:
            con.execute("detach warehouse")
    finally:
        con.close()
    return rows


def publish(settings: Settings, run_id: str) -> Path:
    """Replace warehouse.duckdb with the marts of build.duckdb, atomically; returns its path."""
    warehouse = settings.warehouse_db
    for stale in warehouse.parent.glob(f"{warehouse.name}.*.tmp"):
        stale.unlink()  # left by a publish that crashed before its rename
    temporary = warehouse.with_name(f"{warehouse.name}.{run_id}.tmp")
    try:
        rows = _write_warehouse(settings, temporary, run_id)
        _fsync(temporary)
        faults.failpoint("mid-publish")
        os.replace(temporary, warehouse)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError):
        _fsync(warehouse.parent)  # the rename is durable once the directory is
    log.info("published %s: %s", warehouse, ", ".join(f"{name} {count}" for name, count in rows.items()))
    return warehouse
