"""``customs-wh report``: the HTML report of the published warehouse (and dbt's docs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from customs_wh.cli.app import app, err, out
from customs_wh.config import load_settings


@app.command("report")
def report(
    directory: Annotated[
        Path | None, typer.Argument(help="Where to write index.html and data/ (default: CUSTOMS_WH_HOME/report).")
    ] = None,
    dbt_docs: Annotated[
        bool,
        typer.Option("--dbt-docs/--no-dbt-docs", help="Also run `dbt docs generate` into CUSTOMS_WH_HOME/dbt/docs."),
    ] = False,
) -> None:
    """Write the report: headlines, charts and the CSV behind each, from the published marts.

    One self-contained page (it needs no network) at DIR/index.html.
    """
    from customs_wh.reporting.report import build_report
    from customs_wh.warehouse.published import NothingPublished

    settings = load_settings()
    try:
        result = build_report(settings, directory)
    except NothingPublished as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=2) from None
    out.print(f"report: {result.index} ({result.page_bytes / 1e6:.1f} MB, {result.seconds:.1f} s)", markup=False)
    out.print(f"charts: {', '.join(result.drawn) or 'none'}", markup=False)
    for key, why in result.missing.items():
        out.print(f"not available: {key}: {why}", markup=False)
    if result.synthetic:
        out.print("these figures come from the embedded sample site: synthetic, not GACC data", markup=False)
    if dbt_docs:
        _dbt_docs(settings)


def _dbt_docs(settings) -> None:
    from customs_wh.orchestration import lock
    from customs_wh.warehouse.dbt_docs import DocsFailed, generate_docs

    try:
        # dbt opens build.duckdb, which a refresh writes: wait for none to run.
        with lock.home_lock(settings, "customs-wh report --dbt-docs"):
            result = generate_docs(settings)
    except lock.HomeBusy as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=75) from None
    except DocsFailed as exc:
        err.print(f"error: dbt docs generate failed: {exc}", markup=False)
        raise typer.Exit(code=1) from None
    out.print(f"dbt docs: {result.directory / 'static_index.html'} (opens from disk; index.html for a server)")
