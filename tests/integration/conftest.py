"""Timings of the integration run (install, PostgreSQL, Airflow start, DAG runs), printed at the end."""

from __future__ import annotations

import pytest

_TIMINGS = pytest.StashKey[dict[str, float]]()


@pytest.fixture(scope="session")
def timings(pytestconfig) -> dict[str, float]:
    """Name → seconds; whatever a test records here is shown in the terminal summary, pass or fail."""
    return pytestconfig.stash.setdefault(_TIMINGS, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    recorded = config.stash.get(_TIMINGS, {})
    if recorded:
        terminalreporter.write_sep("-", "integration timings")
        for name, seconds in recorded.items():
            terminalreporter.write_line(f"{seconds:8.1f} s  {name}")
