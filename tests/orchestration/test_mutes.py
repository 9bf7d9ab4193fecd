"""Mute rules (orchestration/mutes.py): configured, recorded with the alert, never a dropped
alert, never a muted stop, and the shipped rules for GACC's catalogue changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import time_machine

from customs_wh.config import Settings, load_settings
from customs_wh.contracts import Alert
from customs_wh.orchestration import alerts, mutes, run_end
from receivers import webhook_receiver

UNIT_CHECK = "gate 1: commodity_quantity_unit_unchanged"


def unit_alert(release: str, observed: str = "1 failing: commodity=Footwear, month=2020-02", **fields) -> Alert:
    values = dict(
        run_id="run-1",
        release=release,
        check_name=UNIT_CHECK,
        severity="warning",
        observed=observed,
        expected="the quantity unit the previous release of the table printed",
        message="Warning from gate 1: the run publishes anyway; a person should look.",
    )
    values.update(fields)
    return Alert.now(**values)


def rules_file(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "alert-mutes.yml"
    path.write_text(text)
    return Settings(home=tmp_path, base_url="http://127.0.0.1:9")


def test_the_shipped_rules_mute_gaccs_catalogue_changes_and_nothing_else(tmp_path):
    settings = Settings(home=tmp_path, base_url="http://127.0.0.1:9")
    marked = alerts.muted(
        settings,
        [
            unit_alert("2020-02 section 5 CNY (preliminary)"),
            unit_alert("2020-02 section 6 USD (monthly_bulletin)"),
            unit_alert("2026-02 section 5 USD (preliminary)", "1 failing: commodity=Unwrought aluminium and ..."),
            unit_alert("2026-02 section 5 USD (preliminary)", "1 failing: commodity=Footwear, month=2026-02"),
            unit_alert("2025-02 section 5 CNY (preliminary)"),
            unit_alert("2020-02 section 4 CNY (preliminary)", check_name="gate 1: partner_within_world"),
        ],
    )
    assert [alert.muted_by for alert in marked] == [
        "gacc-2020-commodity-catalogue",
        "gacc-2020-commodity-catalogue",
        "gacc-2026-aluminium-unit",
        None,
        None,
        None,
    ]
    assert all(alert.muted_reason and "catalogue" in alert.muted_reason for alert in marked[:3])


def test_a_homes_rule_mutes_by_check_release_and_text_until_it_expires(tmp_path):
    settings = rules_file(
        tmp_path,
        """
mutes:
  - name: japan-growth-known
    check: growth_matches_prior_year
    release: "2026-10 section 4 *"
    text: "partner_code=JPN"
    reason: GACC corrected Japan's growth; confirmed with the desk
    until: 2026-12-31
""",
    )
    japan = unit_alert(
        "2026-10 section 4 USD (preliminary)",
        "1 failing: partner_code=JPN",
        check_name="gate 1: growth_matches_prior_year",
    )
    korea = unit_alert(
        "2026-10 section 4 USD (preliminary)",
        "1 failing: partner_code=KOR",
        check_name="gate 1: growth_matches_prior_year",
    )
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC), tick=False):
        assert [a.muted_by for a in alerts.muted(settings, [japan, korea])] == ["japan-growth-known", None]
    with time_machine.travel(dt.datetime(2027, 1, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        assert [a.muted_by for a in alerts.muted(settings, [japan])] == [None], "an expired rule mutes nothing"


def test_a_rule_never_mutes_what_stopped_the_run_and_criticals_only_when_asked(tmp_path):
    settings = rules_file(
        tmp_path,
        """
mutes:
  - {name: every-warning, check: "*", reason: noisy}
  - {name: held-back-page, check: parse, severity: critical, reason: known bad page, release: "2025-04 *"}
""",
    )
    stopping = unit_alert("2025-04 section 5 USD (preliminary)", check_name="parse", severity="critical")
    held = unit_alert("2025-04 section 5 USD (preliminary)", check_name="parse", severity="critical", stops_run=False)
    other = unit_alert("2025-05 section 5 USD (preliminary)", check_name="parse", severity="critical", stops_run=False)
    marked = alerts.muted(settings, [stopping, held, other, unit_alert("2020-03 section 5 CNY (preliminary)")])
    assert [a.muted_by for a in marked] == [None, "held-back-page", None, "every-warning"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("mutes: [{name: a, check: x}]", "'reason' is required"),
        ("mutes: [{name: a, check: x, reason: r, text: '('}]", "not a regular expression"),
        ("mutes: [{name: a, check: x, reason: r, until: soon}]", "not a date"),
        ("mutes: [{name: a, check: x, reason: r, severity: fatal}]", "severity 'fatal'"),
        ("mutes: [{name: a, check: x, reason: r, releases: '*'}]", "unknown key(s) releases"),
        ("mutes: {name: a}", "expected a list under 'mutes:'"),
        ("mutes: [\n  - name: a\n check: x", "not YAML"),
    ],
)
def test_a_rule_that_cannot_be_read_mutes_nothing_and_says_why_in_one_line(tmp_path, text, problem):
    settings = rules_file(tmp_path, text)
    loaded = mutes.load_rules(settings)
    assert [rule.name for rule in loaded.rules] == ["gacc-2020-commodity-catalogue", "gacc-2026-aluminium-unit"]
    (said,) = loaded.problems
    assert problem in said and str(tmp_path / "alert-mutes.yml") in said and "\n" not in said


def test_a_named_rules_file_that_is_missing_is_a_problem_and_an_unnamed_one_is_not(tmp_path):
    assert mutes.load_rules(Settings(home=tmp_path, base_url="x")).problems == ()
    named = load_settings({"CUSTOMS_WH_HOME": str(tmp_path), "CUSTOMS_WH_ALERT_MUTES": str(tmp_path / "none.yml")})
    (problem,) = mutes.load_rules(named).problems
    assert "none.yml: no such file" in problem


def test_a_muted_alert_is_recorded_counted_in_the_message_and_listed(tmp_path):
    with webhook_receiver() as (url, posts):
        settings = Settings(home=tmp_path, base_url="http://127.0.0.1:9", alert_webhook_url=url)
        alerts.record_alerts(
            settings,
            [unit_alert("2020-02 section 5 CNY (preliminary)"), unit_alert("2025-02 section 5 CNY (preliminary)")],
        )
        run_end.finish_run(settings, "run-1")
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        rows = con.execute("select release, muted_by from ops.alerts order by release").fetchall()
    finally:
        con.close()
    assert rows == [
        ("2020-02 section 5 CNY (preliminary)", "gacc-2020-commodity-catalogue"),
        ("2025-02 section 5 CNY (preliminary)", None),
    ]
    (post,) = posts
    assert "1 muted by rule" in post["text"] and "- gacc-2020-commodity-catalogue: 1 alert(s)." in post["text"]
    assert "2025-02 section 5 CNY (preliminary)" in post["text"]

    exe = Path(sys.executable).with_name("customs-wh")
    env = dict(os.environ, CUSTOMS_WH_HOME=str(tmp_path))
    shown = subprocess.run([str(exe), "alerts", "--run", "run-1"], env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "muted by rule gacc-2020-commodity-catalogue: GACC's 2020 catalogue" in shown.stdout
    hidden = subprocess.run(
        [str(exe), "alerts", "--run", "run-1", "--no-muted", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert [view["release"] for view in json.loads(hidden.stdout)] == ["2025-02 section 5 CNY (preliminary)"]
