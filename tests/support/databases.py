"""Reading what a test's home holds: a DuckDB file opened read-only for one query and closed
again (no test holds a home's file against the next process that writes it), and a file's digest."""

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
