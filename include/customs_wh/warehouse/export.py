"""Parquet copies of the published marts, for tools that do not speak DuckDB (R, Excel, BI).

Run by the ``customs_marts_export`` DAG whenever ``customs_monthly_refresh`` publishes the
warehouse (an Airflow Asset), or by ``customs-wh export``. Each file is written under a
temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from customs_wh.config import Settings


def export_marts(settings: Settings, directory: Path | None = None) -> dict[str, Path]:
    """One ``<mart>.parquet`` per table of the published ``marts`` schema; returns them by name."""
    target = directory or settings.home / "exports"
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    con = duckdb.connect(str(settings.warehouse_db), read_only=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
            ).fetchall()
        ]
        for table in tables:
            path = target / f"{table}.parquet"
            temporary = path.with_name(f".{path.name}.tmp")
            con.execute(f"copy marts.\"{table}\" to '{temporary}' (format parquet, compression zstd)")
            os.replace(temporary, path)
            written[table] = path
    finally:
        con.close()
    return written
