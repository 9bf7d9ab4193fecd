"""Fault injection for the crash tests: kill the process at a named point of a refresh.

``CUSTOMS_WH_FAILPOINT=<name>`` makes the refresh SIGKILL itself when it reaches that
point, exactly as an out-of-memory kill or a pulled plug would; unset (always, in
production) it does nothing. Points: after-land, mid-parse, mid-dbt, mid-gate, mid-publish.
"""

from __future__ import annotations

import os
import signal

FAILPOINT_ENV = "CUSTOMS_WH_FAILPOINT"
FAILPOINTS = ("after-land", "mid-parse", "mid-dbt", "mid-gate", "mid-publish")


def failpoint(name: str) -> None:
    if os.environ.get(FAILPOINT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
