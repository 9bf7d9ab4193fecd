"""Alerts reach ops.alerts when raised, and a real webhook and real SMTP servers (one plain, one
that requires STARTTLS or TLS and a login, as public relays do) once per run, at its end; delivery
failures never raise."""

from __future__ import annotations

import logging
import sys
import types
import urllib.parse

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customs_wh.config import Settings, load_settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import airflow_tasks, alerts, run_end, stages
from customs_wh.warehouse import db, runs
from receivers import dead_url, secure_smtp_receiver, smtp_receiver, webhook_receiver

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
            "select run_id, release, check_name, severity, observed, expected from ops.alerts order by check_name"
        ).fetchall()
    finally:
        con.close()


def test_an_alert_is_recorded_when_raised_and_told_at_the_end_of_its_run(tmp_path):
    with webhook_receiver() as (url, posts), smtp_receiver() as ((host, port), mails):
        settings = settings_for(
            tmp_path,
            alert_webhook_url=url,
            smtp_host=host,
            smtp_port=port,
            smtp_tls="none",
            alert_email_to="analysts@example.org",
            alert_email_from="wh@example.org",
        )
        alerts.record_alert(settings, make_alert())
        assert posts == [] and mails == [], "nothing is sent before the run ends"
        run_end.finish_run(settings, "run-1")

    assert stored_alerts(settings) == [
        ("run-1", RELEASE, "partner_not_above_world", "critical", "USA export ytd: 3512.4 above WORLD", "<= 0")
    ]
    assert len(posts) == 1
    text = posts[0]["text"]
    assert RELEASE in text and "partner_not_above_world" in text
    assert "observed USA export ytd: 3512.4 above WORLD" in text and "expected <= 0" in text

    assert text.startswith("customs-wh run run-1 STOPPED: ") and "customs-wh alerts --run run-1" in text

    assert len(mails) == 1
    mail = mails[0]
    assert "critical" in mail["Subject"] and RELEASE in mail["Subject"] and "partner_not_above_world" in mail["Subject"]
    assert mail["To"] == "analysts@example.org" and mail["From"] == "wh@example.org"
    assert "3512.4" in mail.get_content()


def test_a_batch_is_one_transaction_and_its_run_one_post(tmp_path):
    batch = [make_alert(check_name=f"check_{i}", severity="warning") for i in range(3)]
    with webhook_receiver() as (url, posts):
        settings = settings_for(tmp_path, alert_webhook_url=url)
        alerts.record_alerts(settings, batch)
        run_end.finish_run(settings, "run-1")
    assert [row[2] for row in stored_alerts(settings)] == ["check_0", "check_1", "check_2"]
    (post,) = posts
    assert all(f"- check_{i}: 1 alert(s)" in post["text"] for i in range(3)), post["text"]


def test_reuses_the_callers_open_connection(tmp_path):
    settings = settings_for(tmp_path)
    with db.connect(settings.build_db) as con:
        # A second read-write open of the same file from this process would conflict; the alert
        # must go through the caller's connection and be visible to it at once.
        alerts.record_alert(settings, make_alert(), con=con)
        assert con.execute("select count(*) from ops.alerts").fetchone() == (1,)


def test_dead_webhook_is_logged_and_does_not_raise(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(alerts, "WEBHOOK_BACKOFF_S", (0.0, 0.0))
    settings = settings_for(tmp_path, alert_webhook_url=dead_url())
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        alerts.record_alert(settings, make_alert())
        assert run_end.finish_run(settings, "run-1").delivery == alerts.Delivery(webhook=False)
    assert any("webhook" in r.getMessage() and "3 attempt" in r.getMessage() for r in caplog.records)
    assert len(stored_alerts(settings)) == 1, "the database row is written even when the webhook is down"


def test_webhook_5xx_is_retried_twice(tmp_path, monkeypatch):
    monkeypatch.setattr(alerts, "WEBHOOK_BACKOFF_S", (0.0, 0.0))
    with webhook_receiver(status=503) as (url, posts):
        assert alerts.post_webhook(url, make_alert().text) is False
    assert len(posts) == 3


def test_dead_smtp_server_is_logged_and_does_not_raise(tmp_path, caplog):
    from receivers import dead_port

    settings = settings_for(
        tmp_path, smtp_host="127.0.0.1", smtp_port=dead_port(), smtp_tls="none", alert_email_to="a@example.org"
    )
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        alerts.record_alert(settings, make_alert())
        run_end.finish_run(settings, "run-1")
    assert any("e-mail" in r.getMessage() for r in caplog.records)


def test_an_unwritable_database_is_logged_and_the_run_still_tells_its_alert(tmp_path, caplog):
    (tmp_path / "build.duckdb").write_bytes(b"this is not a duckdb file" * 100)
    with webhook_receiver() as (url, posts):
        settings = settings_for(tmp_path, alert_webhook_url=url)
        with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
            alerts.record_alert(settings, make_alert())
        run_end.finish_run(settings, "run-1")
    assert any("could not record" in r.getMessage() for r in caplog.records)
    (post,) = posts
    assert "partner_not_above_world" in post["text"] and "could not be read" in post["text"], post["text"]


def test_severity_is_validated():
    with pytest.raises(ValueError, match="severity"):
        make_alert(severity="fatal")


def test_a_failed_task_is_recorded_and_told_by_the_runs_last_task(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    ti = types.SimpleNamespace(dag_id="customs_monthly_refresh", task_id="gate_landed", run_id="manual__1")
    with webhook_receiver() as (url, posts):
        monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
        airflow_tasks.task_failure_callback(
            {"ti": ti, "task_instance": ti, "run_id": "manual__1", "exception": RuntimeError("gate 1 failed: 2 checks")}
        )
        assert posts == []
        airflow_tasks.finish_refresh("manual__1")
    rows = stored_alerts(settings_for(tmp_path))
    assert rows[0][0] == "manual__1" and rows[0][3] == "critical"
    assert "task customs_monthly_refresh.gate_landed failed: gate 1 failed: 2 checks" in posts[0]["text"]


def test_an_alert_already_raised_is_not_repeated_by_the_callback(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    airflow_tasks.task_failure_callback(
        {"dag_id": "d", "run_id": "r", "exception": stages.RefreshFailed("gate 1 failed")}
    )
    assert not (tmp_path / "build.duckdb").exists()


def test_the_runs_last_task_marks_a_run_that_did_not_publish_failed_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    settings = settings_for(tmp_path)
    runs.record_start(settings, "manual__2")
    ti = types.SimpleNamespace(dag_id="customs_monthly_refresh", task_id="publish", run_id="manual__2")
    airflow_tasks.TaskFailureNotifier()({"ti": ti, "run_id": "manual__2", "exception": OSError("disk full")})
    airflow_tasks.finish_refresh("manual__2")
    airflow_tasks.finish_refresh("manual__2")  # a second end changes nothing

    assert stored_alerts(settings)[0][2] == "task customs_monthly_refresh.publish"
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        assert con.execute("select status, summary from ops.runs where run_id = 'manual__2'").fetchall() == [
            ("failed", "task customs_monthly_refresh.publish: disk full")
        ]
    finally:
        con.close()


def test_a_published_run_is_never_marked_failed_afterwards(tmp_path):
    settings = settings_for(tmp_path)
    runs.record_start(settings, "run-9")
    with db.connect(settings.build_db) as con:
        runs.record_published(con, "run-9", settings.warehouse_db)
        assert runs.record_failed(con, "run-9", "too late") is False
        row = con.execute("select status, summary from ops.runs").fetchall()
    assert row == [("published", f"published {settings.warehouse_db}")]


def test_task_failure_callback_never_raises(monkeypatch, caplog):
    monkeypatch.setattr(alerts, "record_alert", lambda *_a, **_k: (_ for _ in ()).throw(RuntimeError("boom")))
    with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
        airflow_tasks.task_failure_callback({"dag_id": "d", "exception": ValueError("x")})
    assert any("failed task" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "module",
    [
        "customs_wh.orchestration.alerts",
        "customs_wh.orchestration.stages",
        "customs_wh.orchestration.refresh",
        "customs_wh.orchestration.run_end",
    ],
)
def test_module_imports_nothing_from_airflow(module):
    import subprocess

    code = f"import sys, {module}; print(any(m == 'airflow' or m.startswith('airflow.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# --- mail that real relays accept: TLS and a login ----------------------------------------------


def relay_settings(tmp_path, relay, **overrides) -> Settings:
    fields = dict(
        smtp_host=relay.host,
        smtp_port=relay.port,
        smtp_user=relay.user,
        smtp_password=relay.password,
        alert_email_to="analysts@example.org,desk@example.org",
        alert_email_from="customs-wh@example.org",
    )
    fields.update(overrides)
    return settings_for(tmp_path, **fields)


# aiosmtpd warns that AUTH on an implicit-TLS server does not "require" STARTTLS: that socket is TLS already.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_mail_goes_through_a_relay_that_requires_tls_and_a_login(tmp_path, monkeypatch, mode):
    with secure_smtp_receiver(tmp_path, mode=mode) as relay:
        monkeypatch.setenv("SSL_CERT_FILE", str(relay.cert_file))  # the relay's private CA, as a deployment trusts it
        alerts.send(relay_settings(tmp_path, relay, smtp_tls=mode), alerts.alert_message(make_alert()))
    assert sorted(mail["To"] for mail in relay.messages) == ["analysts@example.org", "desk@example.org"]
    assert relay.sessions == [(True, relay.user)] * 2, "every message over TLS, after the login"
    mail = relay.messages[0]
    assert RELEASE in mail["Subject"] and "partner_not_above_world" in mail["Subject"]
    assert mail["From"] == "customs-wh@example.org"
    body = mail.get_content()
    assert "observed:  USA export ytd: 3512.4 above WORLD" in body and "expected:  <= 0" in body


def test_settings_from_the_environment_reach_the_starttls_relay(tmp_path, monkeypatch):
    with secure_smtp_receiver(tmp_path) as relay:
        monkeypatch.setenv("SSL_CERT_FILE", str(relay.cert_file))
        env = {
            "CUSTOMS_WH_HOME": str(tmp_path),
            "ALERT_SMTP_HOST": relay.host,
            "ALERT_SMTP_PORT": str(relay.port),
            "ALERT_SMTP_USER": relay.user,
            "ALERT_SMTP_PASSWORD": relay.password,
            "ALERT_SMTP_TLS": "STARTTLS",
            "ALERT_EMAIL_TO": "analysts@example.org",
        }
        delivery = alerts.send(load_settings(env), alerts.alert_message(make_alert()))
    assert delivery.email is True and delivery.webhook is None
    assert relay.sessions == [(True, relay.user)]


def test_a_wrong_password_is_logged_without_the_password(tmp_path, monkeypatch, caplog):
    with secure_smtp_receiver(tmp_path) as relay:
        monkeypatch.setenv("SSL_CERT_FILE", str(relay.cert_file))
        settings = relay_settings(tmp_path, relay, smtp_password="not-the-password:/%")
        with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
            delivery = alerts.send(settings, alerts.alert_message(make_alert()))
    assert delivery.email is False and relay.messages == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "535" in logged and "e-mail via" in logged
    assert "not-the-password" not in logged and urllib.parse.quote("not-the-password:/%", safe="") not in logged


def test_an_untrusted_certificate_is_refused(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with secure_smtp_receiver(tmp_path) as relay:
        with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
            assert alerts.send_email(relay_settings(tmp_path, relay), alerts.alert_message(make_alert())) is False
    assert relay.messages == []
    assert any("CERTIFICATE_VERIFY_FAILED" in r.getMessage() for r in caplog.records)


def test_starttls_is_never_skipped_when_the_server_does_not_offer_it(tmp_path, caplog):
    with smtp_receiver() as ((host, port), mails):
        settings = settings_for(tmp_path, smtp_host=host, smtp_port=port, alert_email_to="a@example.org")
        assert settings.smtp_tls == "starttls"
        with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
            assert alerts.send_email(settings, alerts.alert_message(make_alert())) is False
    assert mails == [], "no message in clear text when STARTTLS was asked for"
    assert any("STARTTLS" in r.getMessage() for r in caplog.records)


def test_an_unknown_tls_setting_sends_no_mail(tmp_path, caplog):
    with smtp_receiver() as ((host, port), mails):
        settings = settings_for(tmp_path, smtp_host=host, smtp_port=port, smtp_tls="tls1.3", alert_email_to="a@x.org")
        with caplog.at_level(logging.ERROR, logger="customs_wh.orchestration.alerts"):
            assert alerts.send_email(settings, alerts.alert_message(make_alert())) is False
    assert mails == []
    assert any("ALERT_SMTP_TLS='tls1.3'" in r.getMessage() for r in caplog.records)


def test_a_runs_alerts_of_several_stages_are_one_mail_and_one_post(tmp_path):
    with webhook_receiver() as (url, posts), smtp_receiver() as ((host, port), mails):
        settings = settings_for(
            tmp_path, alert_webhook_url=url, smtp_host=host, smtp_port=port, smtp_tls="none", alert_email_to="a@x.org"
        )
        for i in range(4):  # four stages, one batch each
            alerts.record_alerts(settings, [make_alert(check_name=f"check_{i}", severity="warning")])
        run_end.finish_run(settings, "run-1")
    assert len(posts) == 1 and len(mails) == 1
    assert "0 critical, 4 warning(s)" in mails[0]["Subject"]
    assert all(f"check_{i}" in mails[0].get_content() and f"check_{i}" in posts[0]["text"] for i in range(4))


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ("starttls", 587, True)),
        ({"ALERT_SMTP_TLS": "ssl"}, ("ssl", 465, True)),
        ({"ALERT_SMTP_TLS": "none"}, ("none", 25, True)),
        ({"ALERT_SMTP_TLS": "ssl", "ALERT_SMTP_PORT": "2465"}, ("ssl", 2465, True)),
        ({"ALERT_PUBLISH_NOTICE": "off"}, ("starttls", 587, False)),
        ({"ALERT_PUBLISH_NOTICE": "False"}, ("starttls", 587, False)),
        ({"ALERT_PUBLISH_NOTICE": "yes"}, ("starttls", 587, True)),
    ],
)
def test_mail_and_notice_settings_from_the_environment(env, expected):
    settings = load_settings({"CUSTOMS_WH_HOME": "/tmp/x", **env})
    assert (settings.smtp_tls, settings.smtp_port, settings.publish_notice) == expected


_credential = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=24)


@settings(max_examples=60, deadline=None)
@given(user=_credential, password=_credential, mode=st.sampled_from(["starttls", "ssl", "none"]))
def test_any_login_survives_the_mail_url(user, password, mode):
    """apprise reads back exactly the login, mode and port written into its URL, whatever the characters."""
    import apprise

    settings = Settings(
        home=".",
        base_url="x",
        smtp_host="relay.example.org",
        smtp_port=2525,
        smtp_user=user,
        smtp_password=password,
        smtp_tls=mode,
        alert_email_to="a@example.org",
    )
    plugin = apprise.Apprise.instantiate(alerts.mail_url(settings))
    assert plugin is not None
    assert (plugin.user, plugin.password, plugin.port) == (user, password, 2525)
    assert plugin.secure_mode == {"starttls": "starttls", "ssl": "ssl", "none": "insecure"}[mode]


# --- notices ------------------------------------------------------------------------------------


def test_a_message_goes_through_every_channel_once_and_is_not_an_alert(tmp_path):
    message = alerts.Message(subject="[customs-wh] published", text="published October 2026", details=("a: 1",))
    with webhook_receiver() as (url, posts), smtp_receiver() as ((host, port), mails):
        settings = settings_for(
            tmp_path, alert_webhook_url=url, smtp_host=host, smtp_port=port, smtp_tls="none", alert_email_to="a@x.org"
        )
        delivery = alerts.send(settings, message)
    assert delivery.ok and delivery.webhook and delivery.email
    assert posts == [{"text": "published October 2026"}]
    assert mails[0]["Subject"] == "[customs-wh] published" and "a: 1" in mails[0].get_content()
    assert not (tmp_path / "build.duckdb").exists(), "a message is no alert: no ops.alerts row"


def test_a_run_with_nothing_recorded_sends_nothing(tmp_path):
    with webhook_receiver() as (url, posts):
        finished = run_end.finish_run(settings_for(tmp_path, alert_webhook_url=url), "scheduled__2026-01-01")
    assert finished == run_end.Finished(None, None) and posts == []


def test_an_alert_of_no_run_is_sent_at_once(tmp_path):
    with webhook_receiver() as (url, posts):
        alerts.record_alert(settings_for(tmp_path, alert_webhook_url=url), make_alert(run_id=None))
    (post,) = posts
    assert post["text"].startswith("[CRITICAL] customs-wh " + RELEASE)


def test_the_airflow_notifier_records_and_the_last_task_tells_and_marks_the_run_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    settings = settings_for(tmp_path)
    runs.record_start(settings, "manual__3")
    ti = types.SimpleNamespace(dag_id="customs_monthly_refresh", task_id="publish", run_id="manual__3")
    with webhook_receiver() as (url, posts):
        monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
        # Called as Airflow calls a notifier: with the task's context.
        airflow_tasks.TaskFailureNotifier()({"ti": ti, "run_id": "manual__3", "exception": OSError("disk full")})
        airflow_tasks.finish_refresh("manual__3")
    (post,) = posts
    assert "task customs_monthly_refresh.publish failed: disk full" in post["text"]
    assert post["text"].startswith("customs-wh run manual__3 STOPPED: task customs_monthly_refresh.publish: disk full")
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        assert con.execute("select status from ops.runs where run_id = 'manual__3'").fetchone() == ("failed",)
    finally:
        con.close()


def test_alerts_recorded_by_task_processes_are_told_once_by_the_last_task(tmp_path, monkeypatch):
    """Under a scheduler each task is a process of its own: the last task finds their alerts in
    ops.alerts, and sends them in the run's one message."""
    import subprocess

    script = (
        "import sys\n"
        "from customs_wh.config import load_settings\n"
        "from customs_wh.contracts import Alert\n"
        "from customs_wh.orchestration import alerts\n"
        "alerts.record_alert(load_settings(), Alert.now(run_id='scheduled__1', release=sys.argv[1], "
        "check_name=sys.argv[2], severity='warning', observed='seen', expected='not', message='m'))\n"
    )
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(tmp_path))
    monkeypatch.delenv("ALERT_SMTP_HOST", raising=False)
    for release, check in (("2026-10 section 4 USD (preliminary)", "check_a"), (None, "check_b")):
        subprocess.run([sys.executable, "-c", script, release or "", check], check=True, timeout=120)
    with webhook_receiver() as (url, posts):
        monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
        airflow_tasks.finish_refresh("scheduled__1")
    (post,) = posts
    assert "- check_a: 1 alert(s)" in post["text"] and "- check_b: 1 alert(s)" in post["text"]
