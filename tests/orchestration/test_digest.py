"""The run's one message (orchestration/digest.py): outcome first, counts, every critical alert
in full, warnings by check with their repeats as one line, muted ones counted with their rule."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from customs_wh.contracts import Alert
from customs_wh.orchestration import digest
from customs_wh.orchestration.alerts import Message

AT = dt.datetime(2026, 11, 12, 8, 0)


def alert(check: str, severity: str = "warning", release: str | None = None, **fields) -> Alert:
    values = dict(
        run_id="run-7",
        release=release,
        check_name=check,
        severity=severity,
        observed=f"{check} observed",
        expected="fine",
        message="a message",
        raised_at=AT,
        stops_run=severity == "critical",
    )
    values.update(fields)
    return Alert(**values)


def releases(month: str, n: int) -> list[str]:
    return [f"{month} section {s} {c} ({k})" for s in (4, 5) for c in ("CNY", "USD") for k in ("preliminary", "x")][:n]


def test_a_stopped_run_says_so_first_with_the_alerts_that_stopped_it_first():
    held = alert("parse", "critical", "2025-04 section 5 USD (preliminary)", stops_run=False)
    stopping = alert("gate 1: partner_within_world", "critical", "2025-07 section 4 USD (preliminary)")
    warning = alert("published_as_image", release="2018-01 section 4 CNY (preliminary)")
    message = digest.compose(
        digest.RunEnd("run-7", digest.STOPPED, reason="gate 1 failed: 1 check", alerts=[held, warning, stopping])
    )
    lines = message.text.splitlines()
    assert lines[0] == "customs-wh run run-7 STOPPED: gate 1 failed: 1 check. The published warehouse is unchanged."
    assert lines[1] == "Alerts: 2 critical, 1 warning(s). Every one: customs-wh alerts --run run-7"
    assert lines[3:6] == ["Critical (2):", f"1. [stopped the run] {stopping.text}", f"2. {held.text}"]
    assert message.subject.startswith("[customs-wh critical] run run-7 stopped: gate 1 failed")
    assert "every alert:      customs-wh alerts --run run-7" in message.details


def test_a_backfills_repeated_warning_is_one_line_with_a_count():
    repeated = [
        alert("published_as_image", release=r, observed=f"image {i}") for i, r in enumerate(releases("2018-01", 6))
    ]
    message = digest.compose(digest.RunEnd("run-7", digest.PUBLISHED, alerts=repeated))
    (line,) = [line for line in message.text.splitlines() if line.startswith("- ")]
    assert line.startswith("- published_as_image: 6 alert(s), 6 releases, 2018-01 section 4 CNY (preliminary) … ")
    newest = max(range(6), key=lambda i: repeated[i].release)
    assert f"newest, {repeated[newest].release}: image {newest}" in line  # the month a run is for first


def test_warnings_beyond_the_first_checks_are_counted_not_listed():
    many = [alert(f"check_{i:02d}") for i in range(digest.WARNING_CHECKS_SHOWN + 3) for _ in range(2)]
    text = digest.compose(digest.RunEnd("run-7", digest.PUBLISHED, alerts=many)).text
    assert sum(line.startswith("- check_") for line in text.splitlines()) == digest.WARNING_CHECKS_SHOWN
    assert "… and 3 more check(s) (6 warning(s)): customs-wh alerts --run run-7" in text


def test_muted_alerts_are_counted_with_their_rule_and_not_listed():
    muted = [
        alert("gate 1: commodity_quantity_unit_unchanged", release=r, muted_by="gacc-2020", muted_reason="catalogue")
        for r in releases("2020-02", 4)
    ]
    text = digest.compose(digest.RunEnd("run-7", digest.PUBLISHED, alerts=[*muted, alert("x")])).text
    assert "Alerts: 0 critical, 1 warning(s), 4 muted by rule." in text
    assert "- gacc-2020: 4 alert(s). catalogue" in text
    assert "commodity_quantity_unit_unchanged" not in text


def test_a_published_run_opens_with_its_notice():
    notice = Message("[customs-wh] published: China's trade through October 2026", "customs-wh published X.", ("a",))
    quiet = digest.RunEnd("run-7", digest.PUBLISHED, notice=notice)
    assert digest.should_send(quiet)
    message = digest.compose(quiet)
    assert message.text.splitlines()[:2] == ["customs-wh published X.", "No alerts. Run: run-7."]
    assert message.subject == notice.subject and message.details[0] == "a"
    noisy = digest.compose(digest.RunEnd("run-7", digest.PUBLISHED, notice=notice, alerts=[alert("x")]))
    assert noisy.subject == notice.subject + " (0 critical, 1 warning(s))"


def test_a_published_run_with_nothing_to_tell_and_no_notice_sends_nothing():
    assert not digest.should_send(digest.RunEnd("run-7", digest.PUBLISHED))
    assert not digest.should_send(digest.RunEnd("run-7", digest.PUBLISHED, alerts=[alert("x", muted_by="r")]))
    assert digest.should_send(digest.RunEnd("run-7", digest.STOPPED))


@given(
    st.lists(
        st.tuples(st.sampled_from(["critical", "warning"]), st.sampled_from("abcdefgh"), st.booleans()), max_size=60
    )
)
def test_every_alert_is_told_counted_or_muted_and_every_critical_in_full(specs):
    told = [
        alert(f"check_{name}", severity, muted_by="rule" if mute and severity == "warning" else None)
        for severity, name, mute in specs
    ]
    text = digest.compose(digest.RunEnd("run-7", digest.STOPPED, reason="r", alerts=told)).text
    critical = [a for a in told if a.severity == "critical"]
    warnings = [a for a in told if a.severity == "warning" and not a.muted_by]
    muted = len(told) - len(critical) - len(warnings)
    if told:
        assert f"Alerts: {len(critical)} critical, {len(warnings)} warning(s)" in text
        assert (f", {muted} muted by rule" in text) == bool(muted)
    assert all(a.text in text for a in critical)
    counted = sum(int(line.split(": ")[1].split(" ")[0]) for line in text.splitlines() if line.startswith("- check_"))
    hidden = [line for line in text.splitlines() if line.startswith("… and") and "warning(s)" in line]
    counted += sum(int(re.search(r"\((\d+) warning\(s\)\)", line).group(1)) for line in hidden)
    assert counted == len(warnings)
