"""One wall clock: every read of the time in the package and the DAGs goes through
``customs_wh.clock``, which tests pin with time-machine."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
import time_machine

from customs_wh import clock
from customs_wh.contracts import Alert, MonthRangeError, check_month_range
from repo_paths import REPO_ROOT

SOURCES = sorted([*(REPO_ROOT / "include" / "customs_wh").rglob("*.py"), *(REPO_ROOT / "dags").glob("*.py")])
CLOCK = REPO_ROOT / "include" / "customs_wh" / "clock.py"
# Calls that read the wall clock. time.monotonic and time.perf_counter measure durations, not dates.
WALL_CLOCK_CALLS = {"now", "utcnow", "today", "time", "time_ns", "localtime", "gmtime", "ctime"}
WALL_CLOCK_OWNERS = {"datetime", "date", "dt", "time"}
SQL_CLOCKS = ("now()", "current_date", "current_timestamp", "get_current_timestamp", "today()")


def wall_clock_reads(path: Path) -> list[str]:
    """``datetime.now()``, ``dt.date.today()``, ``time.time()``… in a file, and SQL that reads the clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WALL_CLOCK_CALLS:
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in WALL_CLOCK_OWNERS:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            found += [f"line {node.lineno}: SQL {word}" for word in SQL_CLOCKS if word in lowered]
    return found


@pytest.mark.parametrize("path", [p for p in SOURCES if p != CLOCK], ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_nothing_but_the_clock_module_reads_the_time(path):
    assert wall_clock_reads(path) == [], f"{path.name} reads the wall clock itself; use customs_wh.clock"


def test_the_scan_finds_every_way_of_reading_the_time(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime as dt, time\n"
        "a = dt.datetime.now(dt.UTC)\n"
        "b = dt.date.today()\n"
        "c = time.time()\n"
        "d = con.execute('update t set at = now()')\n"
        "e = time.monotonic()\n"
    )
    assert [line.split(":")[0] for line in wall_clock_reads(sample)] == ["line 2", "line 3", "line 4", "line 5"]


def test_the_clock_is_utc_and_follows_time_machine():
    with time_machine.travel(dt.datetime(2030, 6, 15, 23, 30, tzinfo=dt.UTC), tick=False):
        assert clock.now() == dt.datetime(2030, 6, 15, 23, 30, tzinfo=dt.UTC)
        assert clock.utcnow() == dt.datetime(2030, 6, 15, 23, 30) and clock.utcnow().tzinfo is None
        assert (clock.today(), clock.current_month()) == (dt.date(2030, 6, 15), "2030-06")
        assert Alert.now(
            run_id="r", release=None, check_name="c", severity="warning", observed=1, expected=2, message="m"
        ).raised_at == dt.datetime(2030, 6, 15, 23, 30)


def test_the_current_month_bounds_a_refresh_by_the_clock():
    with time_machine.travel(dt.datetime(2030, 6, 15, tzinfo=dt.UTC), tick=False):
        check_month_range("2018-01", "2030-06")
        with pytest.raises(MonthRangeError, match="after the current month 2030-06"):
            check_month_range(None, "2030-07")
    with time_machine.travel(dt.datetime(2026, 12, 3, tzinfo=dt.UTC), tick=False):
        with pytest.raises(MonthRangeError, match="after the current month 2026-12"):
            check_month_range(None, "2027-01")
