"""What the Airflow DAG needs beyond the pipeline stages: the run window and the Cosmos wiring.

Kept out of ``dags/`` so it is importable and unit-tested without a scheduler.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from customs_wh.config import DBT_PROJECT_DIR, load_settings

DAG_ID = "customs_monthly_refresh"
WAREHOUSE_ASSET_NAME = "customs_wh_warehouse"
DBT_POOL = "dbt_build"
# Monthly Bulletins revise the previous months: each run re-lists this many months before its own.
REVISION_LOOKBACK_MONTHS = 2


@dataclass(frozen=True)
class RunWindow:
    from_month: str | None
    through_month: str | None
    skip_reason: str | None = None


def month_of(day: dt.date | dt.datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, delta: int) -> str:
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def run_window(data_interval_start: dt.datetime | None, params: dict | None) -> RunWindow:
    """Which reference months a run lands.

    Explicit ``from_month``/``through_month`` params win (manual runs, ``make run``).
    Otherwise the run's data interval is its reference month; January is released
    together with February, so a January run has nothing of its own to land.
    """
    params = params or {}
    if params.get("from_month") or params.get("through_month"):
        return RunWindow(params.get("from_month") or None, params.get("through_month") or None)
    if data_interval_start is None:
        return RunWindow(None, None)
    reference = month_of(data_interval_start)
    if data_interval_start.month == 1:
        return RunWindow(
            None,
            None,
            skip_reason=(
                f"{reference}: GACC releases January together with February; "
                f"the {add_months(reference, 1)} run lands the combined January-February release"
            ),
        )
    return RunWindow(add_months(reference, -REVISION_LOOKBACK_MONTHS), reference)


def release_overdue(reference_month: str, now: dt.datetime) -> str | None:
    """Why waiting longer for ``reference_month`` is pointless, or None while it is not.

    GACC publishes a month between the 7th and the 20th of the next one; by the end of
    that next month a missing release means something is wrong, on their side or ours.
    """
    deadline = dt.datetime.fromisoformat(add_months(reference_month, 2) + "-01").replace(tzinfo=dt.timezone.utc)
    if now < deadline:
        return None
    return (
        f"GACC has not listed the {reference_month} release by {deadline:%Y-%m-%d}, the end of the month after it; "
        "check the index pages at GACC_BASE_URL"
    )


def _put_dbt_on_path() -> None:
    """Cosmos insists on finding `dbt` on PATH even when it runs dbt in-process: let it find
    the dbt installed beside this interpreter (a virtualenv used without activating it)."""
    beside_python = Path(sys.executable).parent
    if shutil.which("dbt") is None and (beside_python / "dbt").exists():
        os.environ["PATH"] = os.pathsep.join([str(beside_python), os.environ.get("PATH", "")])


def cosmos_configs() -> dict:
    """Keyword arguments for cosmos.DbtTaskGroup: one run task and one test task per model.

    dbt runs in the task's own process (``InvocationMode.DBT_RUNNER``), from the Python
    environment Airflow runs in: no dbt process start-up per task, and no second dbt install
    that could drift from the pinned one.
    """
    from cosmos import ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import InvocationMode, LoadMode, TestBehavior
    from cosmos.dbt.executable import get_system_dbt

    _put_dbt_on_path()

    return {
        # profiles.yml reads CUSTOMS_WH_HOME: give dbt the home the Python tasks use (its default too).
        "project_config": ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            install_dbt_deps=False,
            env_vars={"CUSTOMS_WH_HOME": str(load_settings().home)},
        ),
        "profile_config": ProfileConfig(
            profile_name="customs_wh",
            target_name="build",
            profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml",
        ),
        "execution_config": ExecutionConfig(invocation_mode=InvocationMode.DBT_RUNNER),
        "render_config": RenderConfig(
            load_method=LoadMode.DBT_LS,
            test_behavior=TestBehavior.AFTER_EACH,
            # A test that reads several models (relationships, the singular identity tests)
            # runs once all of them are built, in a task of its own.
            should_detach_multiple_parents_tests=True,
            emit_datasets=False,
            invocation_mode=InvocationMode.DBT_RUNNER,
            # Cosmos fixed its default when it was imported, possibly before PATH had dbt.
            dbt_executable_path=get_system_dbt(),
        ),
        # DuckDB allows one writer per file: every dbt task takes the single slot of this pool.
        "operator_args": {"pool": DBT_POOL, "install_deps": False},
    }
