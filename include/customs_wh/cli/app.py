"""The ``customs-wh`` application object, its consoles, the checks its options share, and the
one place an unexpected error becomes a one-line message (or, with ``--debug``, a traceback)."""

from __future__ import annotations

import logging
import os
import sys
import traceback

import typer
from rich.console import Console

from customs_wh.words import is_month

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

# Exit statuses beyond 0, 1 (failed) and 2 (usage), after BSD's sysexits.h.
EXIT_ENVIRONMENT = 74  # EX_IOERR: CUSTOMS_WH_HOME cannot be read or written
EXIT_BUSY = 75  # EX_TEMPFAIL: another writer holds the home; try again later
DEBUG_ENV = "CUSTOMS_WH_DEBUG"


class _Options:
    debug = False


options = _Options()


@app.callback()
def global_options(
    debug: bool = typer.Option(
        False, "--debug", help="Show the full traceback of an unexpected error (or set CUSTOMS_WH_DEBUG=1)."
    ),
) -> None:
    options.debug = debug or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    # Library messages (an alert that could not be delivered, say) as plain lines on stderr.
    logging.basicConfig(level=logging.DEBUG if options.debug else logging.WARNING, format="%(message)s")


def check_month(value: str | None) -> str | None:
    """Typer callback: a month like 2025-06, or a usage error naming the value."""
    if value is not None and not is_month(value):
        raise typer.BadParameter(f"{value!r} is not a month like 2025-06")
    return value


def fail(message: str, code: int) -> typer.Exit:
    """Print ``error: message`` (one line) and return the Exit to raise."""
    err.print(f"error: {' '.join(message.split())}", markup=False)
    return typer.Exit(code=code)


def show_cause(exc: BaseException) -> None:
    """With --debug, the traceback of what caused a failure that is otherwise told in one line."""
    if options.debug and exc.__cause__ is not None:
        traceback.print_exception(exc.__cause__, file=sys.stderr)


def run(argv: list[str] | None = None) -> None:
    """The command line's entry point: every error a user meets is one line, no traceback
    unless ``--debug`` (or ``CUSTOMS_WH_DEBUG=1``) asks for it."""
    from customs_wh.orchestration import environment_errors
    from customs_wh.words import one_line

    try:
        app(args=argv)
    except KeyboardInterrupt:
        err.print("error: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: nothing escapes as a traceback
        if options.debug or os.environ.get(DEBUG_ENV, "") not in ("", "0"):
            raise
        problem = environment_errors.environment_problem(exc)
        if problem is not None:
            err.print(f"error: {problem}", markup=False)
            sys.exit(EXIT_ENVIRONMENT)
        err.print(
            f"error: {type(exc).__name__}: {one_line(exc)} (run with --debug for the traceback)",
            markup=False,
        )
        sys.exit(1)
