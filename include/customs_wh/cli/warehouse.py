"""Commands on the warehouse as it stands: summary, alerts, quarantine, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from customs_wh.cli.app import app, err, out, quarantine_app
from customs_wh.config import load_settings


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
