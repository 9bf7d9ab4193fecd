"""The ``customs-wh`` application object, its consoles and the checks its options share."""

from __future__ import annotations

import re

import typer
from rich.console import Console

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

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(value: str | None) -> str | None:
    """Typer callback: a month like 2025-06, or a usage error naming the value."""
    if value is not None and not MONTH_PATTERN.match(value):
        raise typer.BadParameter(f"{value!r} is not a month like 2025-06")
    return value
