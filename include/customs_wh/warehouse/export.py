"""Copies of the published marts for tools that do not speak DuckDB: Parquet, CSV, an Excel workbook.

Run by the ``customs_marts_export`` DAG whenever ``customs_monthly_refresh`` publishes the
warehouse (an Airflow Asset; Parquet), or by ``customs-wh export --format parquet|csv|xlsx``.
Each file is written under a temporary name and renamed, so a reader never sees half a file.

The workbook has one sheet per mart (a mart longer than a sheet continues on the next:
``published_numbers (2)``), a ``columns`` sheet with every column's description (the column
comments dbt writes), frozen header rows, filters, and number formats for amounts and
percentages. It is written with xlsxwriter, row by row in constant memory.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from customs_wh.config import Settings
from customs_wh.warehouse.published import open_published, tables

FORMATS = ("parquet", "csv", "xlsx")
WORKBOOK_NAME = "customs-wh-marts.xlsx"
EXCEL_MAX_ROWS = 1_048_576 - 1  # a sheet's rows, less the header
SHEET_NAME_MAX = 31
# Excel number formats by column name: amounts in whole dollars, percentages as printed (11.5 is 11.5%).
AMOUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.00"%"'
POINTS_FORMAT = '+0.00" pp";-0.00" pp";0.00" pp"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class NoMarts(RuntimeError):
    """The published warehouse has no marts to export."""


@dataclass(frozen=True)
class ColumnDoc:
    table: str
    column: str
    data_type: str
    description: str


def number_format(column: str) -> str | None:
    """The Excel format of a column, from its name; None for text and plain numbers."""
    if column.endswith("_pct") or column.endswith("_pct_prior") or column == "share_pct":
        return PERCENT_FORMAT
    if column.endswith("_pp"):
        return POINTS_FORMAT
    if column.endswith("_usd") or column in {"amount", "amount_usd"}:
        return AMOUNT_FORMAT
    return None


def sheet_names(table: str, rows: int) -> list[str]:
    """One sheet name per EXCEL_MAX_ROWS rows, each at most 31 characters."""
    parts = max(1, -(-rows // EXCEL_MAX_ROWS))
    names = []
    for part in range(1, parts + 1):
        suffix = "" if part == 1 else f" ({part})"
        names.append(table[: SHEET_NAME_MAX - len(suffix)] + suffix)
    return names


def column_docs(con: duckdb.DuckDBPyConnection) -> list[ColumnDoc]:
    rows = con.execute(
        """
        select table_name, column_name, data_type, coalesce(comment, '')
        from duckdb_columns()
        where database_name = current_database() and schema_name = 'marts'
        order by table_name, column_index
        """
    ).fetchall()
    return [ColumnDoc(*row) for row in rows]


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def _copy(con: duckdb.DuckDBPyConnection, table: str, path: Path, options: str) -> Path:
    temporary = _temporary(path)
    escaped = str(temporary).replace("'", "''")
    try:
        con.execute(f"copy marts.\"{table}\" to '{escaped}' ({options})")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _write_workbook(con: duckdb.DuckDBPyConnection, names: list[str], path: Path) -> Path:
    """Row by row with xlsxwriter in constant-memory mode: a mart of a million cells takes seconds."""
    import xlsxwriter

    docs = column_docs(con)
    types = {(doc.table, doc.column): doc.data_type for doc in docs}
    temporary = _temporary(path)
    try:
        book = xlsxwriter.Workbook(str(temporary), {"constant_memory": True, "strings_to_numbers": False})
        styles = _Styles(book)
        for table in names:
            cursor = con.execute(f'select * from marts."{table}"')
            headings = [column[0] for column in cursor.description]
            kinds = [types.get((table, heading), "") for heading in headings]
            rows = cursor.fetchall()
            for part, sheet in enumerate(sheet_names(table, len(rows))):
                chunk = rows[part * EXCEL_MAX_ROWS : (part + 1) * EXCEL_MAX_ROWS]
                _write_sheet(book.add_worksheet(sheet), styles, headings, kinds, chunk)
        documentation = [(d.table, d.column, d.data_type, d.description) for d in docs]
        _write_sheet(
            book.add_worksheet("columns"),
            styles,
            ["table", "column", "type", "description"],
            ["VARCHAR"] * 4,
            documentation,
            widths=[24, 28, 12, 100],
        )
        book.close()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


class _Styles:
    def __init__(self, book) -> None:
        self.header = book.add_format({"bold": True, "bottom": 1})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.datetime = book.add_format({"num_format": DATETIME_FORMAT})
        self.numbers = {
            fmt: book.add_format({"num_format": fmt}) for fmt in (AMOUNT_FORMAT, PERCENT_FORMAT, POINTS_FORMAT)
        }


def _cell_writer(sheet, kind: str):
    """The xlsxwriter method for a DuckDB type: the generic ``write`` would inspect every value."""
    if kind == "DATE" or kind.startswith("TIMESTAMP"):
        return sheet.write_datetime
    if kind == "BOOLEAN":
        return sheet.write_boolean
    if kind in {"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER"}:
        return sheet.write_number
    if kind.startswith("DECIMAL"):
        return lambda row, column, value, fmt: sheet.write_number(row, column, float(value), fmt)
    if kind == "VARCHAR":
        return sheet.write_string
    return lambda row, column, value, fmt: sheet.write_string(row, column, str(value), fmt)


def _write_sheet(sheet, styles: _Styles, headings, kinds, rows, widths=None) -> None:
    formats, writers = [], []
    for index, (heading, kind) in enumerate(zip(headings, kinds, strict=True)):
        if kind == "DATE":
            cell_format = styles.date
        elif kind.startswith("TIMESTAMP"):
            cell_format = styles.datetime
        else:
            fmt = number_format(heading)
            cell_format = styles.numbers[fmt] if fmt else None
        formats.append(cell_format)
        writers.append(_cell_writer(sheet, kind))
        width = widths[index] if widths else min(max(len(heading) + 2, 12), 40)
        sheet.set_column(index, index, width, cell_format)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, headings, styles.header)
    columns = list(zip(range(len(headings)), writers, formats, strict=True))
    for number, row in enumerate(rows, start=1):
        for index, write, cell_format in columns:
            value = row[index]
            if value is not None and value == value:  # null and NaN stay empty cells
                write(number, index, value, cell_format)
    if headings:
        sheet.autofilter(0, 0, max(len(rows), 1), len(headings) - 1)


def export_marts(settings: Settings, directory: Path | None = None, fmt: str = "parquet") -> dict[str, Path]:
    """Every mart of the published warehouse: ``<mart>.parquet`` or ``<mart>.csv`` each, or one workbook.

    Returns the files written by mart name (for xlsx every mart maps to the one workbook).
    Raises NothingPublished when there is no warehouse, NoMarts when it has no marts.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    target = directory or settings.exports_dir
    target.mkdir(parents=True, exist_ok=True)
    with open_published(settings.warehouse_db) as con:
        names = tables(con, "marts")
        if not names:
            raise NoMarts(f"{settings.warehouse_db} has no marts to export")
        if fmt == "xlsx":
            workbook = _write_workbook(con, names, target / WORKBOOK_NAME)
            return dict.fromkeys(names, workbook)
        options = "format parquet, compression zstd" if fmt == "parquet" else "format csv, header true"
        return {table: _copy(con, table, target / f"{table}.{fmt}", options) for table in names}
