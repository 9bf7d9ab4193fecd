"""Commands on the warehouse as it stands: summary, alerts, quarantine, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from customs_wh import clock
from customs_wh.cli.app import app, check_month, err, out, quarantine_app
from customs_wh.config import load_settings


@app.command("export")
def export(
    directory: Annotated[Path | None, typer.Argument(help="Where to write (default: CUSTOMS_WH_HOME/exports).")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="parquet or csv (a file per mart), or xlsx (one workbook).")
    ] = "parquet",
) -> None:
    """Write every mart of the published warehouse as Parquet, CSV or one Excel workbook."""
    from customs_wh.warehouse.export import FORMATS, NoMarts, export_marts
    from customs_wh.warehouse.published import NothingPublished

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    settings = load_settings()
    try:
        written = export_marts(settings, directory, fmt)
    except (NothingPublished, NoMarts) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=2) from None
    if fmt == "xlsx":
        workbook = next(iter(written.values()))
        out.print(f"{workbook}: {len(written)} marts, one sheet each, and a columns sheet", markup=False)
        return
    for table, path in written.items():
        out.print(f"{table}: {path}", markup=False)


@app.command("summary")
def print_summary() -> None:
    """Print a short summary of the published warehouse."""
    from customs_wh.reporting import summary

    settings = load_settings()
    summary.print_summary(settings, out)


@app.command("alerts")
def list_alerts(
    limit: Annotated[int, typer.Option(help="How many, newest first.", min=1)] = 20,
    rows: Annotated[int, typer.Option(help="Failing rows shown per alert (all of them with --json).", min=0)] = 5,
    run: Annotated[str | None, typer.Option(help="Only the alerts of this run id.")] = None,
    muted: Annotated[
        bool, typer.Option("--muted/--no-muted", help="Show the alerts a mute rule kept out of the run's message.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array, every field and failing row.")] = False,
) -> None:
    """The newest alerts (ops.alerts): what was observed, the failing rows, and what was expected."""
    import json

    from customs_wh.reporting.alert_view import AlertsBusy, NoAlertsYet, observed_lines, read_alerts

    settings = load_settings()
    try:
        views, note = read_alerts(settings, limit, run, muted=muted)
    except NoAlertsYet as exc:
        if as_json:
            out.print("[]", markup=False)
        else:
            out.print(str(exc), markup=False)
        return
    except AlertsBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    if note:
        err.print(f"note: {note}", markup=False)
    if as_json:
        out.print(json.dumps([view.to_json() for view in views], indent=2, ensure_ascii=False), markup=False)
        return
    if not views:
        out.print("no alerts" + (f" for run {run}" if run else ""), markup=False)
        return
    for view in views:
        out.print(
            f"{view.raised_at:%Y-%m-%d %H:%M} UTC  {view.severity.upper():8}  {view.release or '-'}  "
            f"{view.check_name}  (run {view.run_id or '-'})",
            markup=False,
        )
        out.print(f"    {view.message}", markup=False)
        if view.muted_by:
            out.print(f"    muted by rule {view.muted_by}: {view.muted_reason or '-'}", markup=False)
        lines = observed_lines(view, rows)
        out.print(f"    observed: {lines[0]}", markup=False)
        for line in lines[1:]:
            out.print(f"    {line}", markup=False)
        out.print(f"    expected: {view.expected or '-'}", markup=False)


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
        with lock.home_lock(settings, "customs-wh quarantine requeue"), db.connect(settings.build_db) as con:
            known = landing.quarantined_pages(con)
            chosen = [page.sha256 for page in known if all_pages or any(page.sha256.startswith(p) for p in pages or [])]
            requeued = landing.requeue(con, chosen)
    except lock.HomeBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    for page in requeued:
        out.print(f"requeued {page.release_key} {page.sha256[:12]}", markup=False)
    if not requeued:
        err.print("error: no quarantined page matches", markup=False)
        raise typer.Exit(code=1)
    out.print("the next `customs-wh refresh` (or DAG run) parses and checks them again", markup=False)


@app.command("accept-loss")
def accept_loss(
    partner: Annotated[str, typer.Argument(help="The partner code whose published rows may go, e.g. ANT.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the loss is right (required; shown in the report).")],
    section: Annotated[int | None, typer.Option(help="Only this table, e.g. 2 (the Bulletin's by country).")] = None,
    currency: Annotated[str | None, typer.Option(help="Only this currency (CNY or USD).")] = None,
    from_month: Annotated[
        str | None, typer.Option("--from", help="Only from this month, e.g. 2026-01.", callback=check_month)
    ] = None,
    through_month: Annotated[
        str | None, typer.Option("--through", help="Only through this month.", callback=check_month)
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who accepts it (default: the login name).")] = None,
) -> None:
    """Accept one named loss: the next runs may publish without this partner's rows.

    Publishing less than before stops a run (gate 2, nothing_published_goes_missing); this lifts
    the stop for exactly this partner (and table, currency, months where given), nothing else.
    """
    import getpass

    from customs_wh.contracts import CURRENCIES, OBSERVATION_SECTIONS
    from customs_wh.orchestration import lock
    from customs_wh.warehouse import accepted_losses, db

    code = partner.strip().upper()
    if not code.replace("_", "").isalpha():
        raise typer.BadParameter(f"{partner!r} is not a partner code like ANT or NORTH_AMERICA")
    if not reason.strip():
        raise typer.BadParameter("say why the loss is right", param_hint="--reason")
    if section is not None and section not in OBSERVATION_SECTIONS:
        raise typer.BadParameter(f"{section} is not one of {list(OBSERVATION_SECTIONS)}", param_hint="--section")
    if currency is not None and currency.upper() not in CURRENCIES:
        raise typer.BadParameter(f"{currency!r} is not one of {', '.join(CURRENCIES)}", param_hint="--currency")
    loss = accepted_losses.AcceptedLoss(
        partner_code=code,
        reason=" ".join(reason.split()),
        accepted_by=by or getpass.getuser(),
        # the command line is the edge where a person acts: the record keeps when
        accepted_at=clock.utcnow(),
        section=section,
        currency=currency.upper() if currency else None,
        first_month=from_month,
        last_month=through_month,
    )
    settings = load_settings()
    try:
        with lock.home_lock(settings, "customs-wh accept-loss"), db.connect(settings.build_db) as con:
            accepted_losses.record(con, loss)
    except lock.HomeBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    out.print(f"accepted: {loss.describe()}", markup=False)
    out.print("the next `customs-wh refresh` (or DAG run) may publish without these rows", markup=False)
