"""``customs-wh``: the command line (README: Command line).

One module per group of commands; importing them registers their commands on ``app``.
Heavy libraries (dbt, Great Expectations, Airflow) are imported inside the commands that
need them, so ``customs-wh query`` starts in a fraction of a second.
"""

import atexit
import os
import sys
import threading

from customs_wh.cli import parse, query, refresh, report, sample_site, warehouse  # noqa: F401 - registers the commands
from customs_wh.cli.app import app, run


def main() -> None:
    """The ``customs-wh`` console script."""
    try:
        run()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if not isinstance(code, int):  # sys.exit("message") prints its message, as Python would
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    # By now every file and database the command used is closed and its output written. The
    # interpreter's teardown would then walk every object dbt, Great Expectations and pandas left
    # behind: a second and more after a refresh has said all it has to say. The exit handlers
    # run as at any exit (logging, multiprocessing, temporary files); only the teardown is left
    # to the operating system, as multiprocessing does in its child processes.
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


__all__ = ["app", "main"]
