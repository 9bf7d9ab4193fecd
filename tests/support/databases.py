"""Reading what a test's home holds: a DuckDB file opened read-only for one query and closed
again (no test holds a home's file against the next process that writes it), and a file's digest;
and writing the rows a test lands by hand, in one statement."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import duckdb


def query_rows(database: Path, sql: str, params: Sequence[object] | None = None) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql, list(params or [])).fetchall()
    finally:
        con.close()


def build_rows(home: Path, sql: str, params: Sequence[object] | None = None) -> list[tuple]:
    """The rows of a query on the home's build database (raw, ops, the marts being built)."""
    return query_rows(home / "build.duckdb", sql, params)


def warehouse_rows(home: Path, sql: str, params: Sequence[object] | None = None) -> list[tuple]:
    """The rows of a query on the home's published warehouse."""
    return query_rows(home / "warehouse.duckdb", sql, params)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: Sequence[Sequence[object]]) -> None:
    """``rows`` (values in the order of ``columns``, a comma-separated list) into ``table`` in one
    statement. DuckDB's ``executemany`` runs one insert a row: 34–47 s for the year of every
    country tests/support/bulletin_pages.py lands, against a fraction of a second this way.

    The rows go through a frame of Python objects whose every value DuckDB reads to type each
    column, so None stays NULL (never NaN) and the table's own types convert the rest.
    """
    import pandas as pd  # the load path's own frame library (customs_wh.warehouse.raw_tables)

    names = [name.strip() for name in columns.split(",")]
    frame = pd.DataFrame(list(rows), columns=names, dtype=object)
    con.execute(f"set pandas_analyze_sample = {max(len(frame), 1)}")
    con.register("rows_to_insert", frame)
    try:
        con.execute(f"insert into {table} ({columns}) select {columns} from rows_to_insert")
    finally:
        con.unregister("rows_to_insert")
        con.execute("reset pandas_analyze_sample")
