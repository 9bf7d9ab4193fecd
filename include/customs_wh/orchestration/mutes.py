"""Mute rules: alerts a person has acknowledged, or changes GACC announced, kept out of the
run's message by rule (docs/alerts.md).

A muted alert is still recorded in ``ops.alerts``, with the rule's name and reason; the run's
message counts it ("N muted by rule …") and ``customs-wh alerts`` shows it. A rule never mutes
a critical alert that stopped its run: what stopped a run is always told.

Rules come from two YAML files of the same form: the ones shipped with the package
(``known_changes.yml``: catalogue changes GACC made) and the home's own
(``$CUSTOMS_WH_HOME/alert-mutes.yml``, or the file ``CUSTOMS_WH_ALERT_MUTES`` names)::

    mutes:
      - name: footwear-unit-acknowledged      # how the rule is named in ops.alerts and messages
        check: "*commodity_quantity_unit_unchanged"   # glob on the check name (with or without "gate 1: ")
        release: "2024-0? section 5 *"        # glob on the release ("2025-06 section 4 USD (preliminary)")
        text: "Footwear"                      # regular expression searched in observed, expected, message
        severity: warning                     # warning (default) or critical (held-back pages only)
        reason: "GACC counts footwear in pairs from 2024; confirmed with the desk"
        until: 2027-06-30                     # optional: the rule mutes nothing after this day (UTC)

A rule that cannot be read is skipped, never guessed at; the problem is logged and named in
every run's message until it is fixed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.contracts import SEVERITIES, Alert

log = logging.getLogger(__name__)

SHIPPED_RULES = Path(__file__).with_name("known_changes.yml")
RULE_KEYS = {"name", "check", "release", "text", "severity", "reason", "until"}


@dataclass(frozen=True)
class MuteRule:
    name: str
    reason: str
    check: str  # glob
    release: str | None = None  # glob; None matches any release, and run-wide alerts
    text: re.Pattern[str] | None = None
    severity: str = "warning"
    until: dt.date | None = None

    def mutes(self, alert: Alert, today: dt.date) -> bool:
        if alert.stops_run or alert.severity != self.severity:
            return False
        if self.until is not None and today > self.until:
            return False
        bare_check = alert.check_name.split(": ", 1)[-1]  # "gate 1: x" -> "x"
        if not (fnmatch.fnmatchcase(alert.check_name, self.check) or fnmatch.fnmatchcase(bare_check, self.check)):
            return False
        if self.release is not None and not fnmatch.fnmatchcase(alert.release or "", self.release):
            return False
        if self.text is not None:
            said = " ".join(part or "" for part in (alert.observed, alert.expected, alert.message))
            if not self.text.search(said):
                return False
        return True


@dataclass(frozen=True)
class MuteRules:
    rules: tuple[MuteRule, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)  # one line each: file, rule, what is wrong

    def rule_for(self, alert: Alert, today: dt.date | None = None) -> MuteRule | None:
        """The first rule that mutes ``alert``, or None."""
        day = today or clock.today()
        return next((rule for rule in self.rules if rule.mutes(alert, day)), None)


def user_rules_file(settings: Settings) -> Path:
    return settings.alert_mutes_file or settings.home / "alert-mutes.yml"


def load_rules(settings: Settings) -> MuteRules:
    """The shipped rules and the home's, with a one-line problem for each rule that cannot be used."""
    rules: list[MuteRule] = []
    problems: list[str] = []
    for path, required in ((SHIPPED_RULES, True), (user_rules_file(settings), settings.alert_mutes_file is not None)):
        found, trouble = read_rules_file(path, required=required)
        rules += found
        problems += trouble
    for problem in problems:
        log.error("alert mutes: %s", problem)
    return MuteRules(tuple(rules), tuple(problems))


def read_rules_file(path: Path, *, required: bool = False) -> tuple[list[MuteRule], list[str]]:
    """The rules of one file; an absent file has none (a problem only when it was named)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [f"{path}: no such file (CUSTOMS_WH_ALERT_MUTES)"] if required else []
    except OSError as exc:
        return [], [f"{path}: cannot be read: {exc.strerror or exc}"]
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        return [], [f"{path}:{line} not YAML: {getattr(exc, 'problem', None) or exc}"]
    if document is None:
        return [], []
    entries = document.get("mutes") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return [], [f"{path}: expected a list under 'mutes:'"]
    rules, problems = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            rules.append(parse_rule(entry))
        except ValueError as exc:
            problems.append(f"{path}: rule {number}: {exc}; it mutes nothing")
    return rules, problems


def parse_rule(entry: object) -> MuteRule:
    """One rule from its YAML mapping; ValueError (one line) for anything it cannot use."""
    if not isinstance(entry, dict):
        raise ValueError("not a mapping of name, check, reason, ...")
    unknown = sorted(set(map(str, entry)) - RULE_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(RULE_KEYS))})")
    for key in ("name", "check", "reason"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ValueError(f"'{key}' is required (text)")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    release = entry.get("release")
    if release is not None and not isinstance(release, str):
        raise ValueError("'release' must be text (a glob like '2020-02 *')")
    text = entry.get("text")
    try:
        pattern = None if text is None else re.compile(str(text))
    except re.error as exc:
        raise ValueError(f"text {text!r} is not a regular expression: {exc}") from None
    until = entry.get("until")
    if until is not None and not (isinstance(until, dt.date) and not isinstance(until, dt.datetime)):
        raise ValueError(f"until {until!r} is not a date like 2027-06-30")
    return MuteRule(
        name=entry["name"].strip(),
        reason=" ".join(entry["reason"].split()),
        check=entry["check"].strip(),
        release=release,
        text=pattern,
        severity=severity,
        until=until,
    )
