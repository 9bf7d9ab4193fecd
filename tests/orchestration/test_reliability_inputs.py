"""Arguments are checked before any work, environment failures are one-line messages and
alerts, and gate 1 survives rejecting every page it looks at.

The command line runs as real processes. When the tests run as root (which ignores file
permissions) the commands that must meet an unwritable directory run as root without the
capabilities that override permissions: still the owner of every file, so they reach the
checkout wherever it lies (another user could not enter a private directory holding it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

import site_edits as edits
from customs_wh import sample_site
from customs_wh.config import Settings
from customs_wh.contracts import FIRST_RELEASE_MONTH, MonthRangeError, check_month_range
from customs_wh.gacc import discovery
from customs_wh.gacc.fetch import Fetcher
from customs_wh.orchestration import stages
from receivers import webhook_receiver
from repo_paths import REPO_ROOT

CUSTOMS_WH = str(Path(sys.executable).with_name("customs-wh"))
TODAY = dt.date(2026, 11, 24)


# Root's capabilities that ignore a file's permission bits, dropped for the command and its children.
OBEY_PERMISSIONS = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def run_cli(*args: str, env: dict[str, str], obeying_permissions: bool = False, timeout: float = 300):
    prefix = OBEY_PERMISSIONS if obeying_permissions and os.geteuid() == 0 else []
    return subprocess.run([*prefix, CUSTOMS_WH, *args], env=env, capture_output=True, text=True, timeout=timeout)


def cli_env(home: Path, base_url: str = "http://127.0.0.1:9", **extra: str) -> dict[str, str]:
    env = dict(os.environ, CUSTOMS_WH_HOME=str(home), GACC_BASE_URL=base_url, **extra)
    env.pop("CUSTOMS_WH_DEBUG", None)
    return env


def one_line_error(stderr: str) -> str:
    """The error line a user sees; fails when a traceback got out."""
    assert "Traceback" not in stderr, stderr[-3000:]
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr[-3000:]
    return errors[0]


def months(first: str = "2010-01", last: str = "2030-12") -> st.SearchStrategy[str]:
    first_index, last_index = (int(m[:4]) * 12 + int(m[5:]) - 1 for m in (first, last))
    return st.integers(first_index, last_index).map(lambda i: f"{i // 12:04d}-{i % 12 + 1:02d}")


# --- item 4: the month range, one definition ---------------------------------------------------


@given(months(FIRST_RELEASE_MONTH, "2026-11"), months(FIRST_RELEASE_MONTH, "2026-11"))
def test_a_range_is_accepted_exactly_when_it_is_ordered_and_within_the_published_years(first, last):
    if first <= last:
        check_month_range(first, last, today=TODAY)
    else:
        with pytest.raises(MonthRangeError) as raised:
            check_month_range(first, last, today=TODAY)
        assert raised.value.argument == "from_month" and first in str(raised.value) and last in str(raised.value)


@given(months("1990-01", "2017-12"))
def test_a_month_before_the_first_release_is_refused(month):
    for first, last, named in ((month, None, "from_month"), (None, month, "through_month")):
        with pytest.raises(MonthRangeError) as raised:
            check_month_range(first, last, today=TODAY)
        assert raised.value.argument == named and month in str(raised.value) and "2018-01" in str(raised.value)


@given(months("2026-12", "2100-12"))
def test_a_month_after_the_current_one_is_refused(month):
    for first, last, named in ((month, None, "from_month"), (None, month, "through_month")):
        with pytest.raises(MonthRangeError) as raised:
            check_month_range(first, last, today=TODAY)
        assert raised.value.argument == named and month in str(raised.value)


@pytest.mark.parametrize(
    "args, named",
    [
        (("--from", "2026-10", "--through", "2026-01"), "--from"),
        (("--from", "2017-06"), "--from"),
        (("--through", "2099-01"), "--through"),
        (("--from", "2026-13"), "--from"),
    ],
)
def test_refresh_refuses_a_bad_month_range_before_any_work(args, named, tmp_path):
    home = tmp_path / "home"
    proc = run_cli("refresh", *args, env=cli_env(home))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert named in proc.stderr and "Traceback" not in proc.stderr
    assert not home.exists() or not any(home.iterdir()), "nothing is created before the arguments are checked"


def test_the_dag_refuses_a_bad_month_param(tmp_path):
    """The DAG's params: the schema refuses a malformed month, the first task a reversed range."""
    script = (
        "import json, sys\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        "dag = DagBag(dag_folder=sys.argv[1]).dags['customs_monthly_refresh']\n"
        "out = {}\n"
        "for value in ('2026-13', '2017-12', '26-10'):\n"
        "    try:\n"
        "        dag.params.get_param('from_month').resolve(value)\n"
        "        out[value] = 'accepted'\n"
        "    except Exception as exc:\n"
        "        out[value] = type(exc).__name__\n"
        "try:\n"
        "    dag.get_task('discover').python_callable(\n"
        "        data_interval_start=None, params={'from_month': '2026-10', 'through_month': '2026-01'}, run_id='x')\n"
        "    out['reversed'] = 'accepted'\n"
        "except Exception as exc:\n"
        "    out['reversed'] = f'{type(exc).__name__}: {exc}'\n"
        "print('RESULT ' + json.dumps(out))\n"
    )
    env = cli_env(
        tmp_path / "home",
        AIRFLOW_HOME=str(tmp_path / "airflow"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{tmp_path / 'airflow.db'}",
        AIRFLOW__COSMOS__ENABLE_CACHE_DBT_LS="False",
    )
    dags = REPO_ROOT / "dags"
    proc = subprocess.run(
        [sys.executable, "-c", script, str(dags)], env=env, capture_output=True, text=True, timeout=300
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, proc.stderr[-3000:]
    out = json.loads(lines[-1].removeprefix("RESULT "))
    assert out["2026-13"] == out["2017-12"] == out["26-10"] == "ParamValidationError", out
    assert out["reversed"].startswith("MonthRangeError") and "from_month" in out["reversed"], out
    assert not (tmp_path / "home" / "build.duckdb").exists()


# --- item 5: environment failures ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("small-site")
    sample_site.build_site(site, first_month="2026-09", last_month="2026-10")
    with sample_site.serve(site) as url:
        yield url


def test_a_home_that_is_a_file_is_one_line_and_an_alert_on_the_channel(tmp_path):
    home = tmp_path / "not-a-directory"
    home.write_text("a file where the home should be\n")
    with webhook_receiver() as (url, posts):
        proc = run_cli("refresh", env=cli_env(home, ALERT_WEBHOOK_URL=url))
    assert proc.returncode == 74, proc.stderr[-2000:]
    line = one_line_error(proc.stderr)
    assert str(home) in line and "not a directory" in line, line
    assert any("CRITICAL" in post["text"] and str(home) in post["text"] for post in posts), posts


def test_an_unwritable_raw_zone_is_one_line_and_an_alert_row(small_site, tmp_path):
    home = tmp_path / "home"
    raw = home / "raw"
    raw.mkdir(parents=True)
    raw.chmod(0o555)
    proc = run_cli(
        "refresh", "--from", "2026-10", "--through", "2026-10", env=cli_env(home, small_site), obeying_permissions=True
    )
    raw.chmod(0o755)
    assert proc.returncode == 74, proc.stderr[-2000:]
    line = one_line_error(proc.stderr)
    assert "permission denied" in line.lower() and str(raw) in line, line
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        alerts = con.execute("select severity, observed from ops.alerts").fetchall()
        runs = con.execute("select status from ops.runs").fetchall()
    finally:
        con.close()
    assert any(severity == "critical" and str(raw) in observed for severity, observed in alerts), alerts
    assert runs == [("failed",)]


def test_an_unwritable_home_is_one_line_and_an_alert_on_the_channel(small_site, tmp_path):
    home = tmp_path / "home"
    for sub in ("raw", "quarantine"):
        (home / sub).mkdir(parents=True)
    # A build database and a lock file exist (an earlier run made them), but the home no longer
    # takes new files: DuckDB cannot create build.duckdb.wal.
    con = duckdb.connect(str(home / "build.duckdb"))
    con.close()
    (home / "refresh.lock").touch()
    home.chmod(0o555)
    try:
        with webhook_receiver() as (url, posts):
            proc = run_cli(
                "refresh",
                "--from",
                "2026-10",
                "--through",
                "2026-10",
                env=cli_env(home, small_site, ALERT_WEBHOOK_URL=url),
                obeying_permissions=True,
            )
    finally:
        home.chmod(0o755)
    assert proc.returncode == 74, proc.stderr[-2000:]
    line = one_line_error(proc.stderr)
    assert str(home) in line, line
    assert any("CRITICAL" in post["text"] for post in posts), posts


def test_debug_shows_the_traceback(tmp_path):
    home = tmp_path / "file"
    home.write_text("x")
    proc = run_cli("--debug", "refresh", env=cli_env(home))
    assert proc.returncode != 0 and "Traceback" in proc.stderr


_MAIN_WITH_AN_EXIT_HANDLER = """
import atexit, sys
atexit.register(lambda: print("exit handler ran", flush=True))
sys.argv = ["customs-wh", *sys.argv[1:]]
from customs_wh.cli import main
main()
"""


@pytest.mark.parametrize(
    "args, code",
    [(["--help"], 0), (["refresh", "--from", "2026-10", "--through", "2026-01"], 2), (["no-such-command"], 2)],
)
def test_the_command_line_leaves_with_its_exit_code_after_the_exit_handlers(args, code, tmp_path):
    """``customs-wh`` skips the interpreter's teardown, never the exit handlers or the status."""
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN_WITH_AN_EXIT_HANDLER, *args],
        env=cli_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == code, proc.stderr[-2000:]
    assert proc.stdout.rstrip().endswith("exit handler ran")
    assert "Traceback" not in proc.stderr


# --- item 6: gate 1 rejecting every page in scope ----------------------------------------------


@pytest.mark.slow
def test_gate_1_rejecting_every_page_in_scope_quarantines_and_alerts(tmp_path):
    site = tmp_path / "site"
    sample_site.build_site(site, first_month="2026-09", last_month="2026-10")
    release = sample_site.Release("2026-10", 4, "USD", "preliminary")
    edits.rewrite(site, release, lambda html: edits.remove_row(html, "Japan"))
    with sample_site.serve(site) as url:
        settings = Settings(home=tmp_path / "home", base_url=url)
        with Fetcher(settings) as fetcher:
            refs = discovery.discover(settings, fetcher, from_month="2026-10", through_month="2026-10")
        one_page = [ref for ref in refs if ref.url.endswith(release.page_path)]
        assert len(one_page) == 1
        stages.stage_land(settings, "run-1", one_page)
        stages.stage_parse(settings, "run-1")
        with pytest.raises(stages.RefreshFailed, match="gate 1"):
            stages.stage_gate_landed(settings, "run-1")
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        status = con.execute("select status, reason from raw.manifest").fetchall()
        alerts = con.execute("select check_name, severity from ops.alerts").fetchall()
    finally:
        con.close()
    assert [s for s, _reason in status] == ["quarantined"], status
    assert ("gate 1: core_partners_present", "critical") in alerts, alerts


@given(months("1990-01", "2999-12"))
def test_the_dag_param_pattern_keeps_the_same_floor(month):
    import re

    from customs_wh.contracts import MONTH_FROM_FIRST_RELEASE_PATTERN

    assert bool(re.match(MONTH_FROM_FIRST_RELEASE_PATTERN, month)) == (month >= FIRST_RELEASE_MONTH)


def test_every_setting_is_documented_in_the_operations_reference():
    import re

    root = REPO_ROOT
    config = (root / "include" / "customs_wh" / "config.py").read_text(encoding="utf-8")
    reference = (root / "docs" / "operations.md").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:CUSTOMS_WH|GACC|ALERT)_[A-Z_]+)"', config)) | {"CUSTOMS_WH_DEBUG"}
    assert {"CUSTOMS_WH_LOCK_WAIT_S", "CUSTOMS_WH_FETCH_PAGE_DEADLINE_S", "CUSTOMS_WH_FETCH_RUN_BUDGET_S"} <= names
    assert not [name for name in sorted(names) if f"`{name}`" not in reference]
