"""Read-only connections to the published warehouse for people's SQL (``customs-wh query``).

``read_only=True`` alone stops writes to ``warehouse.duckdb`` but not SQL that reaches past it:
``COPY ... TO`` over the file itself, ``ATTACH`` of build.duckdb read-write, ``read_text`` of any
file, ``INSTALL``/``LOAD`` of extensions from the network. DuckDB's own settings close each of
these, and locking the configuration stops a query from setting them back:

* ``enable_external_access = false``: no file but the database itself, no ATTACH, no COPY, no
  ``read_*`` functions, no extension installs or loads from disk or the network;
* ``autoinstall_known_extensions`` / ``autoload_known_extensions = false``: nothing fetched or
  loaded behind a query's back; ``allow_community_extensions = false``;
* ``lock_configuration = true``: no ``SET``/``RESET``/``PRAGMA`` of any of the above afterwards.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from customs_wh.words import one_line

QUERY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,
}

# DuckDB's errors for what the settings above refuse, and for writes to a read-only database.
_REFUSALS = (
    duckdb.PermissionException,
    duckdb.InvalidInputException,
)
_REFUSAL_MARKERS = (
    "disabled by configuration",
    "disabled through configuration",
    "configuration has been locked",
    "read-only mode",
    "read-only",
    "Cannot launch in-memory database",
)


class QueryRefused(RuntimeError):
    """A statement that would write, or reach past the published warehouse; one line."""


def query_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that reads ``path`` and nothing else, and cannot write anything."""
    return duckdb.connect(str(path), read_only=True, config=dict(QUERY_CONFIG))


def refusal(exc: duckdb.Error) -> QueryRefused | None:
    """The :class:`QueryRefused` a DuckDB error amounts to, or None for an ordinary SQL error."""
    text = str(exc)
    if isinstance(exc, _REFUSALS) and any(marker in text for marker in _REFUSAL_MARKERS):
        return QueryRefused(
            "refused: customs-wh query only reads the published warehouse (no writes, files, "
            f"ATTACH, extensions or settings): {one_line(exc)}"
        )
    if isinstance(exc, duckdb.CatalogException) and "read-only" in text:
        return QueryRefused(f"refused: the published warehouse is read-only: {one_line(exc)}")
    return None


def run(path: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Columns and rows of ``sql`` against the published warehouse at ``path``.

    Raises :class:`QueryRefused` for what the connection forbids, ``duckdb.Error`` for the rest.
    """
    con = query_connection(path)
    try:
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            refused = refusal(exc)
            if refused is not None:
                raise refused from None
            raise
    finally:
        con.close()
    return columns, rows
