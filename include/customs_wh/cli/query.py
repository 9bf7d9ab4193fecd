"""``customs-wh query``: read-only SQL against the published warehouse, on a connection that
cannot write anything or read anything else (customs_wh.warehouse.reader)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from customs_wh.cli.app import app, fail, out
from customs_wh.config import load_settings
from customs_wh.words import one_line


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


# --- query ------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _read_sql(sql: str | None, file: Path | None) -> str:
    if sql is not None and file is None:
        return sql
    if file is not None and sql is None:
        return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    raise typer.BadParameter("give the SQL as an argument or with --file (not both)")


@app.command()
def query(
    sql: Annotated[
        str | None, typer.Argument(help="SQL to run, read-only (SQL that starts with '--': put -- before it).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the SQL from this file ('-' for standard input).")
    ] = None,
    format: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
) -> None:
    """Query the published warehouse (read-only; safe while a refresh runs).

    The connection cannot write, read files, attach databases, install or load extensions, or
    change its settings: such statements are refused with a one-line reason (exit 1).
    """
    import duckdb

    from customs_wh.warehouse import reader

    statement = _read_sql(sql, file)
    settings = load_settings()
    if not settings.warehouse_db.is_file():
        raise fail(
            f"no published warehouse at {settings.warehouse_db}; run `make run` or `customs-wh refresh` first", 2
        )
    try:
        columns, rows = reader.run(settings.warehouse_db, statement)
    except reader.QueryRefused as exc:
        raise fail(str(exc), 1) from None
    except duckdb.Error as exc:
        raise fail(one_line(exc), 1) from None
    if format is QueryFormat.json:
        sys.stdout.write(
            json.dumps(
                [{c: _jsonable(v) for c, v in zip(columns, row, strict=False)} for row in rows], ensure_ascii=False
            )
            + "\n"
        )
    elif format is QueryFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_jsonable(v) for v in row] for row in rows])
    else:
        table = Table(show_lines=False)
        for position, column in enumerate(columns):
            numeric = any(isinstance(row[position], (int, float, decimal.Decimal)) for row in rows)
            table.add_column(column, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*("" if v is None else str(_jsonable(v)) for v in row))
        # Piped or captured output is read whole: never squeeze a column to fit 80 characters.
        (out if sys.stdout.isatty() else Console(highlight=False, width=1000)).print(table)
