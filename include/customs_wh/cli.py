"""``customs-wh``: the command line (README: Command line)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from customs_wh.config import load_settings

app = typer.Typer(
    help="China's monthly customs statistics (GACC) as a tested DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
sample_site_app = typer.Typer(help="The embedded sample GACC site (synthetic, for offline runs).", no_args_is_help=True)
app.add_typer(sample_site_app, name="sample-site")
quarantine_app = typer.Typer(help="Pages rejected by the parser or by gate 1.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")

# soft_wrap: a message or path is one line however narrow the terminal (errors are parsed by scripts).
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _check_month(value: str | None) -> str | None:
    import re

    if value is not None and not re.match(MONTH_PATTERN, value):
        raise typer.BadParameter(f"{value!r} is not a month like 2025-06")
    return value


# --- parse ------------------------------------------------------------------


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Saved GACC release pages (HTML).", exists=False)],
    format: Annotated[ParseFormat, typer.Option("--format", help="Output format.")] = ParseFormat.jsonl,
) -> None:
    """Print every published number of each page, one observation per line (README: observation contract).

    A page that cannot be parsed faithfully prints `error: FILE: reason` on stderr,
    nothing on stdout, and makes the exit status non-zero.
    """
    from customs_wh.contracts import OBSERVATION_FIELDS, ParseError
    from customs_wh.gacc.parse import parse_release

    failed = 0
    writer = None
    if format is ParseFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(OBSERVATION_FIELDS), lineterminator="\n")
        writer.writeheader()
    for path in files:
        try:
            parsed = parse_release(path.read_bytes(), page=str(path))
        except OSError as exc:
            err.print(f"error: {path}: cannot read: {exc.strerror or exc}", markup=False)
            failed += 1
            continue
        except ParseError as exc:
            err.print(f"error: {path}: {exc.reason}", markup=False)
            failed += 1
            continue
        rows = [obs.to_dict() for obs in parsed.observations]
        if writer is not None:
            writer.writerows(rows)
        else:
            sys.stdout.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(code=1)


# --- refresh ----------------------------------------------------------------


@app.command()
def refresh(
    from_month: Annotated[
        str | None, typer.Option("--from", help="First reference month, YYYY-MM.", callback=_check_month)
    ] = None,
    through_month: Annotated[
        str | None, typer.Option("--through", help="Last reference month, YYYY-MM.", callback=_check_month)
    ] = None,
) -> None:
    """Run the monthly refresh in-process (the same stages as the Airflow DAG).

    Exit status is non-zero when a page is rejected, a download fails or a
    critical quality gate fails; the published warehouse is then unchanged.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from customs_wh.orchestration import lock, stages
    from customs_wh.orchestration.refresh import refresh as run_refresh

    settings = load_settings()
    started = time.monotonic()
    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
        ) as bar:
            step = bar.add_task("refresh", total=None)
            result = run_refresh(
                settings,
                from_month=from_month,
                through_month=through_month,
                progress=lambda message: bar.update(step, description=message),
            )
    except lock.RefreshBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    except stages.RefreshFailed as exc:
        err.print(f"error: refresh failed, warehouse unchanged: {exc}", markup=False)
        raise typer.Exit(code=1) from None
    elapsed = time.monotonic() - started
    out.print(
        f"refresh {result.run_id}: {result.releases_listed} releases listed, {result.pages_new} new page(s), "
        f"{result.pages_parsed} parsed; published {result.published} in {elapsed:.1f} s",
        markup=False,
    )
    for docs in dict.fromkeys(filter(None, result.data_docs)):  # both gates write one site
        out.print(f"data docs: {docs}", markup=False)


# --- query ------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _read_sql(sql: str | None, file: Path | None) -> str:
    if (sql is None) == (file is None):
        raise typer.BadParameter("give the SQL as an argument or with --file (not both)")
    if file is None:
        return sql
    return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")


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
    """Query the published warehouse (read-only; safe while a refresh runs)."""
    import duckdb

    statement = _read_sql(sql, file)
    settings = load_settings()
    if not settings.warehouse_db.exists():
        err.print(
            f"error: no published warehouse at {settings.warehouse_db}; run `make run` or `customs-wh refresh` first",
            markup=False,
        )
        raise typer.Exit(code=2)
    con = duckdb.connect(str(settings.warehouse_db), read_only=True)
    try:
        cursor = con.execute(statement)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        err.print(f"error: {str(exc).splitlines()[0]}", markup=False)
        raise typer.Exit(code=1) from None
    finally:
        con.close()
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


# --- sample site --------------------------------------------------------------


@sample_site_app.command("build")
def sample_site_build(directory: Annotated[Path, typer.Argument(help="Where to write the static site.")]) -> None:
    """Write the sample GACC site (2018-01 to 2026-10) as static files."""
    from customs_wh import sample_site

    summary = sample_site.build_site(directory)
    out.print(f"sample site written to {directory}: {summary}", markup=False)


@sample_site_app.command("serve")
def sample_site_serve(
    directory: Annotated[Path, typer.Argument(help="A directory written by `sample-site build`.")],
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0 picks a free one).")] = 8000,
) -> None:
    """Serve a built sample site on 127.0.0.1 until interrupted."""
    from customs_wh import sample_site

    sample_site.serve_forever(directory, port)


# --- the DAG, end to end, without a scheduler ----------------------------------


@app.command("dag-test")
def dag_test(
    sample_site: Annotated[
        bool,
        typer.Option(
            "--sample-site/--no-sample-site", help="Build and serve the embedded sample site and land from it."
        ),
    ] = True,
    from_month: Annotated[str | None, typer.Option("--from", callback=_check_month)] = None,
    through_month: Annotated[str | None, typer.Option("--through", callback=_check_month)] = None,
) -> None:
    """Run the Airflow DAG customs_monthly_refresh once with `airflow dags test` (what `make run` does).

    Airflow's home and SQLite metadata live under CUSTOMS_WH_HOME/airflow; no server is needed.
    """
    from customs_wh.orchestration import local_airflow

    settings = load_settings()
    code = local_airflow.run_dag_test(
        settings, use_sample_site=sample_site, from_month=from_month, through_month=through_month, console=err
    )
    if code != 0:
        err.print(
            "error: the DAG run failed; see the task logs above. The published warehouse is unchanged.", markup=False
        )
        raise typer.Exit(code=code)
    print_summary()
    if sample_site:
        out.print(
            "These figures come from the embedded sample site: synthetic, calibrated to GACC's published "
            "totals, not GACC data. Set GACC_BASE_URL to land the real releases.",
            markup=False,
        )


@app.command("export")
def export(
    directory: Annotated[Path | None, typer.Argument(help="Where to write (default: CUSTOMS_WH_HOME/exports).")] = None,
) -> None:
    """Write every mart of the published warehouse as a Parquet file."""
    from customs_wh.warehouse.export import export_marts

    settings = load_settings()
    if not settings.warehouse_db.exists():
        err.print(
            f"error: no published warehouse at {settings.warehouse_db}; run `make run` or `customs-wh refresh` first",
            markup=False,
        )
        raise typer.Exit(code=2)
    for table, path in export_marts(settings, directory).items():
        out.print(f"{table}: {path}", markup=False)


@app.command("summary")
def print_summary() -> None:
    """Print a short summary of the published warehouse."""
    from customs_wh.reporting import summary

    settings = load_settings()
    summary.print_summary(settings, out)


@app.command("alerts")
def list_alerts(limit: Annotated[int, typer.Option(help="How many, newest first.")] = 20) -> None:
    """List the newest alerts: rejected pages, failed checks, failed tasks (ops.alerts)."""
    import duckdb

    settings = load_settings()
    sql = (
        "select raised_at, severity, release, check_name, message, run_id "
        "from ops.alerts order by raised_at desc limit ?"
    )
    try:
        con = duckdb.connect(str(settings.build_db), read_only=True)
        source = None
    except duckdb.IOException:
        # A refresh holds build.duckdb: the published copy has the alerts up to the last publish.
        if not settings.warehouse_db.exists():
            err.print("error: a refresh is running and nothing is published yet; try again when it ends", markup=False)
            raise typer.Exit(code=75) from None
        con = duckdb.connect(str(settings.warehouse_db), read_only=True)
        source = "a refresh is running: alerts as of the last publish"
    except duckdb.Error:
        out.print("no alerts: nothing has run yet")
        return
    try:
        rows = con.execute(sql, [limit]).fetchall()
    except duckdb.CatalogException:
        rows = []
    finally:
        con.close()
    if source:
        err.print(f"note: {source}", markup=False)
    if not rows:
        out.print("no alerts")
        return
    for raised_at, severity, release, check, message, run_id in rows:
        out.print(
            f"{raised_at:%Y-%m-%d %H:%M} UTC  {severity.upper():8}  {release or '-'}  {check}  (run {run_id or '-'})",
            markup=False,
        )
        out.print(f"    {message}", markup=False)


@quarantine_app.command("list")
def quarantine_list() -> None:
    """Pages the parser or gate 1 rejected, with the reason (their bytes are in quarantine/)."""
    from customs_wh.warehouse import db, landing

    settings = load_settings()
    if not settings.build_db.exists():
        out.print("nothing is quarantined: nothing has run yet")
        return
    with db.connect(settings.build_db, wait_s=5) as con:
        pages = landing.quarantined_pages(con)
    if not pages:
        out.print("nothing is quarantined")
        return
    table = Table("release", "sha256", "reason")
    for page in pages:
        table.add_row(page.release_key, page.sha256[:12], page.reason)
    out.print(table)


@quarantine_app.command("requeue")
def quarantine_requeue(
    pages: Annotated[list[str] | None, typer.Argument(help="sha256 (or a unique prefix of it) of each page.")] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Every quarantined page.")] = False,
) -> None:
    """Send quarantined pages back through parse and gate 1 at the next refresh (after a fix)."""
    from customs_wh.orchestration import lock
    from customs_wh.warehouse import db, landing

    if bool(pages) == all_pages:
        raise typer.BadParameter("name the pages (sha256 prefixes) or give --all")
    settings = load_settings()
    try:
        with lock.exclusive_refresh(settings), db.connect(settings.build_db) as con:
            known = landing.quarantined_pages(con)
            chosen = [page.sha256 for page in known if all_pages or any(page.sha256.startswith(p) for p in pages or [])]
            requeued = landing.requeue(con, chosen)
    except lock.RefreshBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    for page in requeued:
        out.print(f"requeued {page.release_key} {page.sha256[:12]}", markup=False)
    if not requeued:
        err.print("error: no quarantined page matches", markup=False)
        raise typer.Exit(code=1)
    out.print("the next `customs-wh refresh` (or DAG run) parses and checks them again", markup=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
