"""``customs-wh refresh`` and ``customs-wh dag-test``: the monthly refresh, in-process or as the DAG."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from customs_wh.cli.app import EXIT_BUSY, EXIT_ENVIRONMENT, app, check_month, err, fail, out, show_cause
from customs_wh.config import load_settings
from customs_wh.contracts import MonthRangeError, check_month_range

# The command line's names for the arguments check_month_range names.
OPTION_NAMES = {"from_month": "--from", "through_month": "--through"}


def checked_months(from_month: str | None, through_month: str | None) -> None:
    """A usage error (exit 2) naming the option, before any work starts."""
    try:
        check_month_range(from_month, through_month)
    except MonthRangeError as exc:
        message = str(exc)
        for argument, option in OPTION_NAMES.items():
            message = message.replace(argument, option)
        raise typer.BadParameter(message, param_hint=f"'{OPTION_NAMES[exc.argument]}'") from None


# --- refresh ----------------------------------------------------------------


@app.command()
def refresh(
    from_month: Annotated[
        str | None, typer.Option("--from", help="First reference month, YYYY-MM.", callback=check_month)
    ] = None,
    through_month: Annotated[
        str | None, typer.Option("--through", help="Last reference month, YYYY-MM.", callback=check_month)
    ] = None,
) -> None:
    """Run the monthly refresh in-process (the same stages as the Airflow DAG).

    Exit status: 1 when a page is rejected, a download fails or a critical check fails; 2 for
    a bad argument; 74 when CUSTOMS_WH_HOME cannot be used; 75 when another writer holds it.
    The published warehouse is then unchanged.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from customs_wh.orchestration import lock, stages
    from customs_wh.orchestration.refresh import refresh as run_refresh

    checked_months(from_month, through_month)
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
    except lock.HomeBusy as exc:
        raise fail(str(exc), EXIT_BUSY) from None
    except stages.EnvironmentFailure as exc:
        show_cause(exc)
        raise fail(f"refresh failed, warehouse unchanged: {exc}", EXIT_ENVIRONMENT) from None
    except stages.RefreshFailed as exc:
        show_cause(exc)
        raise fail(f"refresh failed, warehouse unchanged: {exc}", 1) from None
    elapsed = time.monotonic() - started
    out.print(
        f"refresh {result.run_id}: {result.releases_listed} releases listed, {result.pages_new} new page(s), "
        f"{result.pages_parsed} parsed; published {result.published} in {elapsed:.1f} s",
        markup=False,
    )
    for docs in dict.fromkeys(filter(None, result.data_docs)):  # both gates write one site
        out.print(f"data docs: {docs}", markup=False)
    if result.report:
        out.print(f"report: {result.report}", markup=False)


# --- the DAG, end to end, without a scheduler ----------------------------------


@app.command("dag-test")
def dag_test(
    sample_site: Annotated[
        bool,
        typer.Option(
            "--sample-site/--no-sample-site", help="Build and serve the embedded sample site and land from it."
        ),
    ] = True,
    from_month: Annotated[str | None, typer.Option("--from", callback=check_month)] = None,
    through_month: Annotated[str | None, typer.Option("--through", callback=check_month)] = None,
) -> None:
    """Run the DAG customs_monthly_refresh, then customs_report, as `airflow dags test` does (what `make run` does).

    Airflow's home and SQLite metadata live under CUSTOMS_WH_HOME/airflow; no scheduler or server is needed.
    """
    from customs_wh.orchestration import local_airflow

    checked_months(from_month, through_month)
    settings = load_settings()
    code = local_airflow.run_dag_test(
        settings, use_sample_site=sample_site, from_month=from_month, through_month=through_month, console=err
    )
    if code != 0:
        err.print(
            "error: the DAG run failed; see the task logs above. The published warehouse is unchanged.", markup=False
        )
        raise typer.Exit(code=code)
    from customs_wh.reporting import summary

    summary.print_summary(load_settings(), out)
    if sample_site:
        out.print(
            "These figures come from the embedded sample site: synthetic, calibrated to GACC's published "
            "totals, not GACC data. Set GACC_BASE_URL to land the real releases.",
            markup=False,
        )
