"""``customs-wh``: the command line (README: Command line).

One module per group of commands; importing them registers their commands on ``app``.
Heavy libraries (dbt, Great Expectations, Airflow) are imported inside the commands that
need them, so ``customs-wh query`` starts in a fraction of a second.
"""

from customs_wh.cli import parse, query, refresh, report, sample_site, warehouse  # noqa: F401 - registers the commands
from customs_wh.cli.app import app, run


def main() -> None:
    run()


__all__ = ["app", "main"]
