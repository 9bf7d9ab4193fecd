"""Reading the published warehouse: the one place readers (summary, report, exports) open it.

``warehouse.duckdb`` is replaced whole by each publish, so a reader's connection sees one
publication from start to end. It is opened read-only: a reader can never change it, and
any number of readers share it while a refresh runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from customs_wh.warehouse.db import one_row


class NothingPublished(RuntimeError):
    """No warehouse has been published yet under this home."""


@contextlib.contextmanager
def open_published(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection on the published warehouse at ``path``; closed on exit."""
    if not path.exists():
        raise NothingPublished(f"no published warehouse at {path} yet: run `make run` or `customs-wh refresh`")
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The tables of ``schema``, by name."""
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = ? "
        "order by table_name",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    """The columns of ``schema.table`` in order; empty when the table is absent."""
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = current_database() "
        "and schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    return [name for (name,) in rows]


def has_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """True when the table exists and holds at least one row."""
    if table not in tables(con, schema):
        return False
    quoted = '"' + schema.replace('"', '""') + '"."' + table.replace('"', '""') + '"'
    return bool(one_row(con.execute(f"select exists (select 1 from {quoted})"))[0])
