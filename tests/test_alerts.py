"""Alerts reach ops.alerts, a real webhook and a real SMTP server; delivery failures never raise."""

from __future__ import annotations

import logging
import sys
import types

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import airflow_tasks, alerts, stages
from customs_wh.warehouse import db
from receivers import dead_url, smtp_receiver, webhook_receiver

RELEASE = "2025-06 section 4 USD (preliminary)"


def make_alert(**overrides) -> Alert:
    fields = dict(
        run_id="run-1",
        release=RELEASE,
        check_name="partner_not_above_world",
        severity="critical",
        observed="USA export ytd: 3512.4 above WORLD",
        expected="<= 0",
        message="United States exports exceed world exports",
    )
    fields.update(overrides)
    return Alert.now(**fields)


def settings_for(tmp_path, **overrides) -> Settings:
    return Settings(home=tmp_path, base_url="http://127.0.0.1:9", **overrides)


def stored_alerts(settings: Settings) -> list[tuple]:
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        return con.execute(
            "select run_id, release, check_name, severity, observed, expected from ops.alerts order by raised_at"
        ).fetchall()
    finally:
        con.close()


def test_alert_reaches_database_webhook_and_email(tmp_path):
    with webhook_receiver() as (url, posts), smtp_receiver() as ((host, port), mails):
        settings = settings_for(
            tmp_path,
            alert_webhook_url=url,
            smtp_host=host,
            smtp_port=port,
            alert_email_to="analysts@example.org",
            alert_email_from="wh@example.org",
        )
        alerts.raise_alert(settings, make_alert())

    assert stored_alerts(settings) == [
        ("run-1", RELEASE, "partner_not_above_world", "critical", "USA export ytd: 3512.4 above WORLD", "<= 0")
    ]
    assert len(posts) == 1
    text = posts[0]["text"]
    assert RELEASE in text and "partner_not_above_world" in text
    assert "observed USA export ytd: 3512.4 above WORLD" in text and "expected <= 0" in text

    assert len(mails) == 1
    mail = mails[0]
    assert "critical" in mail["Subject"] and RELEASE in mail["Subject"] and "partner_not_above_world" in mail["Subject"]
    assert mail["To"] == "analysts@example.org" and mail["From"] == "wh@example.org"
    assert "3512.4" in mail.get_content()


def test_batch_is_one_transaction_and_one_post_per_alert(tmp_path):
    batch = [make_alert(check_name=f"check_{i}", severity="warning") for i in range(3)]
    with webhook_receiver() as (url, posts):
        alerts.raise_alerts(settings_for(tmp_path, alert_webhook_url=url), batch)
    assert [row[2] for row in stored_alerts(settings_for(tmp_path))] == ["check_0", "check_1", "check_2"]
    assert sorted(p["text"].split("check ")[1].split(" ")[0] for p in posts) == ["check_0", "check_1", "check_2"]


def test_reuses_the_callers_open_connection(tmp_path):
    settings = settings_for(tmp_path)
    with db.connect(settings.build_db) as con:
        # A second read-write open of the same file from this process would conflict; the alert
        # must go through the caller's connection and be visible to it at once.
        alerts.raise_alert(settings, make_alert(), con=con)
        assert con.execute("select count(*) from ops.alerts").fetchone() == (1,)


def test_dead_webhook_is_logged_and_does_not_raise(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(alerts, "WEBHOOK_BACKOFF_S", (0.0, 0.0))
    settings = settings_for(tmp_path, alert_webhook_url=dead_url())
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        alerts.raise_alert(settings, make_alert())
    assert any("webhook" in r.getMessage() and "3 attempt" in r.getMessage() for r in caplog.records)
    assert len(stored_alerts(settings)) == 1, "the database row is written even when the webhook is down"


def test_webhook_5xx_is_retried_twice(tmp_path, monkeypatch):
    monkeypatch.setattr(alerts, "WEBHOOK_BACKOFF_S", (0.0, 0.0))
    with webhook_receiver(status=503) as (url, posts):
        assert alerts.post_webhook(url, make_alert()) is False
    assert len(posts) == 3


def test_dead_smtp_server_is_logged_and_does_not_raise(tmp_path, caplog):
    from receivers import free_port

    settings = settings_for(tmp_path, smtp_host="127.0.0.1", smtp_port=free_port(), alert_email_to="a@example.org")
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        alerts.raise_alert(settings, make_alert())
    assert any("e-mail" in r.getMessage() for r in caplog.records)


def test_unwritable_database_is_logged_and_does_not_raise(tmp_path, caplog):
    (tmp_path / "build.duckdb").write_bytes(b"this is not a duckdb file" * 100)
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        alerts.raise_alert(settings_for(tmp_path), make_alert())
    assert any("could not record" in r.getMessage() for r in caplog.records)


def test_severity_is_validated():
    with pytest.raises(ValueError, match="severity"):
        make_alert(severity="fatal")


def test_task_failure_callback_raises_a_critical_alert(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    ti = types.SimpleNamespace(dag_id="customs_monthly_refresh", task_id="gate_landed", run_id="manual__1")
    with webhook_receiver() as (url, posts):
        monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
        airflow_tasks.task_failure_callback(
            {"ti": ti, "task_instance": ti, "run_id": "manual__1", "exception": RuntimeError("gate 1 failed: 2 checks")}
        )
    rows = stored_alerts(settings_for(tmp_path))
    assert rows[0][0] == "manual__1" and rows[0][3] == "critical"
    assert "task customs_monthly_refresh.gate_landed failed: gate 1 failed: 2 checks" in posts[0]["text"]


def test_an_alert_already_raised_is_not_repeated_by_the_callback(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    airflow_tasks.task_failure_callback(
        {"dag_id": "d", "run_id": "r", "exception": stages.RefreshFailed("gate 1 failed")}
    )
    assert not (tmp_path / "build.duckdb").exists()


def test_the_dag_callback_alerts_and_marks_the_run_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    settings = settings_for(tmp_path)
    stages.record_run(settings, "manual__2", "running")
    ti = types.SimpleNamespace(dag_id="customs_monthly_refresh", task_id="publish", run_id="manual__2")
    airflow_tasks.on_refresh_task_failure({"ti": ti, "run_id": "manual__2", "exception": OSError("disk full")})

    assert stored_alerts(settings)[0][2] == "task customs_monthly_refresh.publish"
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        assert con.execute("select status, summary from ops.runs where run_id = 'manual__2'").fetchall() == [
            ("failed", "disk full")
        ]
    finally:
        con.close()


def test_task_failure_callback_never_raises(monkeypatch, caplog):
    monkeypatch.setattr(alerts, "raise_alert", lambda *_a, **_k: (_ for _ in ()).throw(RuntimeError("boom")))
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        airflow_tasks.task_failure_callback({"dag_id": "d", "exception": ValueError("x")})
    assert any("failed task" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "module", ["customs_wh.orchestration.alerts", "customs_wh.orchestration.stages", "customs_wh.orchestration.refresh"]
)
def test_module_imports_nothing_from_airflow(module):
    import subprocess

    code = f"import sys, {module}; print(any(m == 'airflow' or m.startswith('airflow.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
