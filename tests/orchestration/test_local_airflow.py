"""`customs-wh dag-test` (make run) without running Airflow: the Airflow process is started before
the site is built and sent the site once it is served, each of its failures is named in one line,
and the process runs the report DAG only after a refresh that published. A whole `make run` is
tests/integration/test_make_run.py (make test-integration)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from customs_wh.config import load_settings
from customs_wh.orchestration import local_airflow, local_airflow_process
from customs_wh.orchestration.schedule import DAG_ID, REPORT_DAG_ID
from repo_paths import REPO_ROOT

# Stands in for the Airflow process: records how it was started, says it is waiting, reads the
# site's line, and exits with the status it is told to.
STAND_IN = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path

    record = Path(os.environ["STAND_IN_RECORD"])
    names = ("AIRFLOW_HOME", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__DAGS_FOLDER", "CUSTOMS_WH_HOME")
    started = {"argv": sys.argv[1:], "env": {name: os.environ.get(name) for name in names}}
    record.with_suffix(".waiting").write_text(json.dumps(started))
    started["site"] = sys.stdin.readline()
    record.write_text(json.dumps(started))
    sys.exit(int(os.environ["STAND_IN_STATUS"]))
    """
)
SITE_URL = "http://127.0.0.1:9"


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """run_dag_test with the stand-in for the Airflow process: (run, record file)."""
    script, record = tmp_path / "stand_in.py", tmp_path / "record.json"
    script.write_text(STAND_IN)
    monkeypatch.setenv("STAND_IN_RECORD", str(record))
    monkeypatch.setattr(
        local_airflow, "child_command", lambda date, conf: [sys.executable, str(script), date, json.dumps(conf)]
    )
    settings = load_settings({"CUSTOMS_WH_HOME": str(tmp_path / "home"), "GACC_BASE_URL": SITE_URL})

    def run(status: int = 0, console: Console | None = None) -> int:
        monkeypatch.setenv("STAND_IN_STATUS", str(status))
        return local_airflow.run_dag_test(
            settings,
            use_sample_site=False,
            from_month="2026-08",
            through_month="2026-10",
            console=console or Console(quiet=True),
        )

    run.settings = settings
    return run, record


def test_airflow_starts_before_the_site_is_ready_and_is_sent_it_once_served(stand_in, monkeypatch):
    run, record = stand_in
    waiting = record.with_suffix(".waiting")

    @contextlib.contextmanager
    def site_built_while_airflow_starts(settings, use_sample_site, console):
        deadline = time.monotonic() + 60
        while not waiting.exists():  # the Airflow process is running before the site is ready
            assert time.monotonic() < deadline, "the Airflow process did not start before the site was built"
            time.sleep(0.05)
        yield SITE_URL, "2026-10"

    monkeypatch.setattr(local_airflow, "_site", site_built_while_airflow_starts)
    assert run() == 0
    started = json.loads(record.read_text())
    logical_date, conf = started["argv"]
    assert dt.datetime.fromisoformat(logical_date).tzinfo is not None
    assert json.loads(conf) == {"from_month": "2026-08", "through_month": "2026-10"}
    assert json.loads(started["site"]) == {"GACC_BASE_URL": SITE_URL, "GACC_LAST_MONTH": "2026-10"}
    home = run.settings.airflow_home
    assert started["env"] == {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
        "CUSTOMS_WH_HOME": str(run.settings.home),
    }


@pytest.mark.parametrize("status", sorted(local_airflow_process.REASONS))
def test_each_failure_of_the_airflow_process_is_named_in_one_line(stand_in, status):
    run, _record = stand_in
    out = io.StringIO()
    assert run(status, Console(file=out, width=300)) == status
    last = out.getvalue().splitlines()[-1]
    assert (
        last == f"Airflow: {local_airflow_process.REASONS[status]}; log: {run.settings.airflow_home / 'dag-test.log'}"
    )


def test_a_site_that_cannot_be_built_stops_the_airflow_process_before_any_run(stand_in, monkeypatch):
    run, record = stand_in

    @contextlib.contextmanager
    def site_that_fails(settings, use_sample_site, console):
        raise OSError("no space left to build the sample site")
        yield  # pragma: no cover

    monkeypatch.setattr(local_airflow, "_site", site_that_fails)
    with pytest.raises(OSError, match="no space left"):
        run(local_airflow_process.NO_SITE)
    assert json.loads(record.read_text())["site"] == ""  # its input ended: it was sent no site


def test_the_airflow_process_is_the_module_that_runs_the_dags():
    command = local_airflow.child_command("2026-11-01T00:00:00+00:00", {"from_month": None, "through_month": None})
    assert command[:3] == [sys.executable, "-m", "customs_wh.orchestration.local_airflow_process"]
    assert Path(local_airflow_process.__file__).stem == command[2].rsplit(".", 1)[-1]


# --- the Airflow process itself, with stand-ins for Airflow's metadata and DAGs ----------------


class StandInDag:
    def __init__(self, state: str, publish_state: str | None = None):
        self.state, self.publish_state, self.calls = state, publish_state, []

    def test(self, **kwargs):
        self.calls.append(kwargs)
        tasks = {} if self.publish_state is None else {"publish": SimpleNamespace(state=self.publish_state)}
        return SimpleNamespace(state=self.state, get_task_instance=tasks.get)


LOGICAL_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
CONF = {"from_month": "2026-08", "through_month": "2026-10"}
SITE_LINE = json.dumps({"GACC_BASE_URL": SITE_URL}) + "\n"


def run_process(refresh: StandInDag, report: StandInDag, site_line: str = SITE_LINE, metadata_error=None) -> int:
    def prepare_metadata():
        if metadata_error:
            raise metadata_error

    return local_airflow_process.run(
        LOGICAL_DATE,
        CONF,
        io.StringIO(site_line),
        prepare_metadata=prepare_metadata,
        load_dags=lambda dag_ids: dict(zip(dag_ids, (refresh, report), strict=True)),
    )


@pytest.mark.parametrize(
    ("refresh_state", "publish_state", "report_state", "status", "report_runs"),
    [
        ("success", "success", "success", 0, 1),
        ("failed", "success", "success", local_airflow_process.REFRESH_FAILED, 0),
        ("success", "skipped", "success", local_airflow_process.NOT_PUBLISHED, 0),
        ("success", None, "success", local_airflow_process.NOT_PUBLISHED, 0),
        ("success", "success", "failed", local_airflow_process.REPORT_FAILED, 1),
    ],
)
def test_the_report_runs_only_after_a_refresh_that_published(
    refresh_state, publish_state, report_state, status, report_runs, monkeypatch
):
    monkeypatch.setenv("GACC_BASE_URL", "http://127.0.0.1:1")  # restored after: the process sets it
    refresh, report = StandInDag(refresh_state, publish_state), StandInDag(report_state)
    assert run_process(refresh, report) == status
    assert refresh.calls == [{"logical_date": LOGICAL_DATE, "run_conf": CONF}]
    assert report.calls == [{"logical_date": LOGICAL_DATE}] * report_runs
    assert os.environ["GACC_BASE_URL"] == SITE_URL  # the tasks read the site from the environment


def test_no_run_without_a_site_or_without_metadata(capsys):
    refresh, report = StandInDag("success", "success"), StandInDag("success")
    assert run_process(refresh, report, site_line="") == local_airflow_process.NO_SITE
    failed = run_process(refresh, report, metadata_error=local_airflow_process.MetadataFailed("database is locked"))
    assert failed == local_airflow_process.METADATA_FAILED
    assert refresh.calls == report.calls == []
    assert capsys.readouterr().err.splitlines()[-1] == (
        "customs-wh: Airflow's metadata could not be migrated: database is locked"
    )


def test_a_dag_folder_without_the_dags_runs_nothing():
    def no_dags(dag_ids):
        raise LookupError(f"no {DAG_ID}, {REPORT_DAG_ID} in it (dags/x.py: SyntaxError)")

    status = local_airflow_process.run(
        LOGICAL_DATE, CONF, io.StringIO(SITE_LINE), prepare_metadata=lambda: None, load_dags=no_dags
    )
    assert status == local_airflow_process.DAGS_MISSING
