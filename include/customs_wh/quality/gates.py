"""Running the gates: frames from build.duckdb, GX validations, findings, quarantine, Data Docs."""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from customs_wh import clock, failpoints
from customs_wh.config import Settings
from customs_wh.contracts import Alert, Severity
from customs_wh.quality import breakdown_checks, commodity_checks, commodity_regime_checks
from customs_wh.quality.checks import (
    CRITICAL,
    GATE1_CHECKS,
    GATE1_FRAMES,
    GATE1_SCOPE_SQL,
    GATE2_CHECKS,
    GATE2_FRAMES,
    NOTHING_PUBLISHED_SQL,
    PUBLISHED_SQL,
    Check,
    Frame,
)
from customs_wh.warehouse import db, landing
from customs_wh.warehouse.landing import Rejection

log = logging.getLogger(__name__)

DATA_SOURCE = "customs_wh"
BATCH = "whole_frame"
# Failing rows quoted in an alert; the full list is in the Data Docs.
ROWS_QUOTED = 3
# Runs of validation results kept for the Data Docs; older ones are pruned, so the site
# stays small and quick to rebuild after years of monthly runs.
RUNS_KEPT = 24


@dataclass(frozen=True)
class Finding:
    """One check that failed, on one release (gate 1) or on the marts (gate 2)."""

    gate: str
    check: str
    severity: Severity
    expected: str
    observed: str  # one line: how many rows fail and the first few of them
    release: str | None = None
    pages: tuple[str, ...] = ()  # "release_key|sha256" of the pages the failing rows come from
    rows: tuple[dict, ...] = field(default=(), repr=False, compare=False)  # the failing rows themselves
    describe: tuple[str, ...] = field(default=(), repr=False, compare=False)  # their columns people read


@dataclass
class GateResult:
    gate: str  # "gate 1" or "gate 2"
    subject: str  # what the gate looked at, for people
    checks_run: int = 0
    findings: list[Finding] = field(default_factory=list)
    data_docs: Path | None = None
    quarantined: list[str] = field(default_factory=list)  # release labels
    # Set by the caller's failure policy: quarantined pages ("release_key|sha256") that do
    # not stop the run, each with why (superseded by a later vintage, a backfill's history).
    held_back: dict[str, str] = field(default_factory=dict)

    def stops_the_run(self, finding: Finding) -> bool:
        """A critical finding stops the run unless every page it blames is held back."""
        if finding.severity != CRITICAL:
            return False
        return not finding.pages or not all(page in self.held_back for page in finding.pages)

    @property
    def passed(self) -> bool:
        return not any(self.stops_the_run(f) for f in self.findings)

    @property
    def rejected_pages(self) -> list[str]:
        """The pages ("release_key|sha256") critical findings blame."""
        return sorted({page for f in self.findings if f.severity == CRITICAL for page in f.pages})

    def summary(self) -> str:
        if not self.checks_run:
            return f"{self.gate} ({self.subject}): nothing to check"
        critical = sum(f.severity == CRITICAL for f in self.findings)
        warnings = len(self.findings) - critical
        verdict = "passed" if self.passed else "FAILED"
        text = (
            f"{self.gate} ({self.subject}) {verdict}: {self.checks_run} checks, "
            f"{critical} critical, {warnings} warning(s)"
        )
        first = next((f for f in self.findings if self.stops_the_run(f)), None)
        if first is not None:
            text += f"; first: {first.release or first.gate} {first.check}: {first.observed}"
        if self.quarantined:
            text += f"; quarantined {', '.join(sorted(set(self.quarantined)))}"
        if self.held_back:
            text += f"; {len(self.held_back)} page(s) held back, the run publishes without them"
        return text

    def alerts(self, run_id: str | None) -> list[Alert]:
        return [
            Alert.now(
                run_id=run_id,
                release=f.release,
                check_name=f"{f.gate}: {f.check}",
                severity=f.severity,
                observed=f.observed,
                expected=f.expected,
                message=self._consequence(f),
                stops_run=self.stops_the_run(f),
            )
            for f in self.findings
        ]

    def _consequence(self, finding: Finding) -> str:
        """What the finding does to the run, in the words an alert's reader needs."""
        if finding.severity != CRITICAL:
            return f"Warning from {finding.gate}: the run publishes anyway; a person should look."
        if not self.stops_the_run(finding):
            why = "; ".join(sorted({self.held_back[page] for page in finding.pages}))
            return f"The page is quarantined and held back ({why}); the run publishes without it."
        held_back = " The page is quarantined." if finding.pages else ""
        return f"{finding.gate} failed: the run stops and the warehouse is unchanged.{held_back}"


# --- the gates ----------------------------------------------------------------------------


def run_gate1(settings: Settings, run_id: str) -> GateResult:
    """Check every page parsed and not yet through gate 1; quarantine the ones that fail."""
    result = GateResult("gate 1", "landed observations")
    with db.connect(settings.build_db) as con:
        con.execute(GATE1_SCOPE_SQL)
        # (17)/(18) before the commodity tables: the (13)/(14) numbers they are compared with are
        # read over the months of every page in scope.
        con.execute(commodity_regime_checks.SCOPE_SQL)
        con.execute(commodity_checks.SCOPE_SQL)
        con.execute(breakdown_checks.SCOPE_SQL)
        scope = con.execute("select release_key, sha256, url, release from gate_scope").fetchall()
        if not scope:
            return result
        gate_frames = (
            *GATE1_FRAMES,
            *commodity_checks.FRAMES,
            *breakdown_checks.FRAMES,
            *commodity_regime_checks.FRAMES,
        )
        gate_checks = (
            *GATE1_CHECKS,
            *commodity_checks.CHECKS,
            *breakdown_checks.CHECKS,
            *commodity_regime_checks.CHECKS,
        )
        frames = {frame.name: con.execute(frame.sql).df() for frame in gate_frames}
        findings, result.data_docs = validate(settings, result.gate, run_id, gate_frames, frames, gate_checks)
        result.findings = _spare_counterparts_of_bad_pages(findings)
        result.checks_run = len(gate_checks)
        failpoints.failpoint("mid-gate")

        rejections = _rejections(result.findings, {f"{key}|{sha}": (url, release) for key, sha, url, release in scope})
        # A critical finding no page can be blamed for (the frame itself is malformed) is a
        # defect of the pipeline: nothing is accepted until it is fixed.
        unattributed = any(f.severity == CRITICAL and not f.pages for f in result.findings)
        rejected = {(r.release_key, r.sha256) for r in rejections}
        con.begin()
        try:
            landing.quarantine_landed(settings, con, rejections)
            gated_at = clock.utcnow()
            accepted = [[gated_at, key, sha] for key, sha, _url, _release in scope if (key, sha) not in rejected]
            # DuckDB refuses executemany with no parameters: every page in scope may be rejected.
            if accepted and not unattributed:
                con.executemany("update raw.manifest set gated_at = ? where release_key = ? and sha256 = ?", accepted)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        result.quarantined = [release for key, sha, _url, release in scope if (key, sha) in rejected]
    log.info("%s", result.summary())
    return result


def run_gate2(settings: Settings, run_id: str) -> GateResult:
    """Check the marts dbt built in build.duckdb, before they are published, against themselves
    and against the published warehouse."""
    result = GateResult("gate 2", "marts")
    with db.connect(settings.build_db) as con:
        _published(con, settings.warehouse_db)
        frames = {frame.name: con.execute(frame.sql).df() for frame in GATE2_FRAMES}
    result.findings, result.data_docs = validate(settings, result.gate, run_id, GATE2_FRAMES, frames, GATE2_CHECKS)
    result.checks_run = len(GATE2_CHECKS)
    failpoints.failpoint("mid-gate")
    log.info("%s", result.summary())
    return result


def _published(con, warehouse: Path) -> None:
    """What the published warehouse holds (``published_*``) and ``changed_months``.

    The warehouse is attached read-only and detached before the frames run. Warnings about
    a month are raised when the month is new or revised, not again at every later refresh.
    """
    if not warehouse.exists():
        con.execute(NOTHING_PUBLISHED_SQL)
        return
    path = str(warehouse).replace("'", "''")
    con.execute(f"attach '{path}' as published (read_only)")
    try:
        con.execute(PUBLISHED_SQL)
    finally:
        con.execute("detach published")


def _spare_counterparts_of_bad_pages(findings: list[Finding]) -> list[Finding]:
    """Drop comparisons with a page that is wrong on its own.

    A check that compares two pages (the CNY and USD editions, the two sections) fails on
    both sides when one of them is wrong. Where a page already fails a check of its own,
    the comparison says nothing new about the other page, which is spared. Where neither
    page can be shown wrong alone, both are held back.
    """
    bad_alone = {
        page
        for finding in findings
        if finding.severity == CRITICAL and not any("counterpart" in row for row in finding.rows)
        for page in finding.pages
    }
    kept: list[Finding] = []
    for finding in findings:
        if not any("counterpart" in row for row in finding.rows):
            kept.append(finding)
            continue
        rows = [row for row in finding.rows if row.get("counterpart") not in bad_alone]
        if rows:
            kept.append(_with_rows(finding, rows))
    return kept


def _rejections(findings: Iterable[Finding], scope: dict[str, tuple[str, str]]):
    """Pages to quarantine: those a critical finding points at, with the first such reason."""
    reasons: dict[str, str] = {}
    for finding in findings:
        if finding.severity != CRITICAL:
            continue
        for page in finding.pages:
            if page in scope:
                reasons.setdefault(page, f"gate 1 {finding.check}: {finding.observed}")
    rejections = []
    for page, reason in reasons.items():
        release_key, sha256 = page.split("|")
        url, release = scope[page]
        rejections.append(Rejection(release_key, sha256, f"{url} ({release})", reason))
    return rejections


# --- Great Expectations ------------------------------------------------------------------


def _great_expectations():
    # Its analytics and progress bars have no place in a pipeline's logs.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx, gxe


def _context(settings: Settings):
    gx, _gxe = _great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(settings.gx_dir.parent))
    bars = context.variables.progress_bars
    enabled = bars.get("globally") if isinstance(bars, dict) else getattr(bars, "globally", None)
    if enabled is not False:
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
    return context


def _batch_definition(context, frame: str):
    try:
        source = context.data_sources.get(DATA_SOURCE)
    except (KeyError, ValueError, LookupError):
        source = context.data_sources.add_pandas(DATA_SOURCE)
    try:
        asset = source.get_asset(frame)
    except LookupError:
        asset = source.add_dataframe_asset(frame)
    try:
        return asset.get_batch_definition(BATCH)
    except (KeyError, LookupError, ValueError):
        return asset.add_batch_definition_whole_dataframe(BATCH)


def validate(settings: Settings, gate: str, run_id: str, frames: Sequence[Frame], data: dict, checks: Sequence[Check]):
    """Run each frame's suite on its DataFrame; returns (findings, Data Docs index).

    ``gate`` is "gate 1" or "gate 2"; GX names the suites after it ("gate1.flow_identities").
    """
    gx, gxe = _great_expectations()
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(settings)
    prefix = gate.replace(" ", "")
    run = RunIdentifier(run_name=f"{run_id} {prefix}")
    findings: list[Finding] = []
    for frame in frames:
        frame_checks = [check for check in checks if check.frame == frame.name]
        if not frame_checks:
            continue
        suite = gx.ExpectationSuite(name=f"{prefix}.{frame.name}", meta={"notes": frame.description})
        for check in frame_checks:
            expectation = check.expectation(gxe)
            expectation.severity = check.severity
            expectation.description = check.expected
            expectation.meta = {"check": check.name}
            suite.add_expectation(expectation)
        suite = context.suites.add_or_update(suite)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=f"{prefix}.{frame.name}", data=_batch_definition(context, frame.name), suite=suite
            )
        )
        frame_data = data[frame.name]
        index_columns = _index_columns(frame_checks, frame_data.columns)
        result = definition.run(
            batch_parameters={"dataframe": frame_data},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index_columns},
            run_id=run,
        )
        by_name = {check.name: check for check in frame_checks}
        for outcome in result.results:
            if not outcome.success:
                check = by_name[outcome.expectation_config.meta["check"]]
                findings.extend(_findings(gate, check, outcome))
    _prune_validation_results(settings)
    # Only this run's pages are rendered (and the index): a full build would render again every
    # stored run of every suite, and the site would take longer to build with each run kept.
    context.build_data_docs(resource_identifiers=_results_of(context, run) or None)
    return findings, _data_docs_index(settings)


def _results_of(context, run) -> list:
    """The identifiers of the validation results stored under ``run``."""
    return [key for key in context.validation_results_store.list_keys() if key.run_id == run]


def _index_columns(checks: Sequence[Check], columns: Iterable[str]) -> list[str]:
    wanted = ["release", "page", "counterpart"] + [column for check in checks for column in check.describe]
    available = set(columns)
    return list(dict.fromkeys(column for column in wanted if column in available))


def _findings(gate: str, check: Check, outcome) -> list[Finding]:
    """One finding per release among the failing rows (or one for a failure that has no rows)."""
    exception = outcome.exception_info or {}
    if exception.get("raised_exception"):
        message = " ".join(str(exception.get("exception_message", "")).split())
        return [Finding(gate, check.name, check.severity, check.expected, f"the check could not run: {message}")]
    rows = (outcome.result or {}).get("unexpected_index_list") or []
    if not rows or not isinstance(rows[0], dict):
        observed = _plain((outcome.result or {}).get("observed_value"))
        return [Finding(gate, check.name, check.severity, check.expected, f"observed {observed}")]
    groups: dict[str | None, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get("release"), []).append(row)
    return [
        _with_rows(
            Finding(gate, check.name, check.severity, check.expected, "", release, describe=check.describe), failing
        )
        for release, failing in groups.items()
    ]


def _with_rows(finding: Finding, rows: Sequence[dict]) -> Finding:
    """``finding`` about exactly these failing rows, quoted for people.

    The rows are put in a fixed order first: a frame's SQL may return them in any order, and
    the same failure must read the same in every run (and every alert digest that repeats it).
    """
    rows = sorted(rows, key=lambda row: _row_order(row, finding.describe))
    described = "; ".join(_describe(row, finding.describe) for row in rows[:ROWS_QUOTED])
    more = f" (+{len(rows) - ROWS_QUOTED} more)" if len(rows) > ROWS_QUOTED else ""
    return dataclasses.replace(
        finding,
        observed=f"{len(rows)} failing: {described}{more}",
        pages=tuple(sorted({row["page"] for row in rows if row.get("page")})),
        rows=tuple(rows),
    )


def _row_order(row: dict, columns: Sequence[str]) -> tuple[str, ...]:
    return tuple(_plain(row.get(column)) for column in ("release", "page", "counterpart", *columns))


def _describe(row: dict, columns: Sequence[str]) -> str:
    return ", ".join(
        f"{column}={_plain(row.get(column))}" for column in columns if column != "release" and column in row
    )


def _plain(value) -> str:
    """A value as a person reads it: 3,512.4 not 3512.3999999; dates as ISO."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        return "nan" if math.isnan(number) else f"{number:,.4g}" if abs(number) < 1000 else f"{number:,.1f}"
    if hasattr(value, "item"):  # numpy scalars
        return str(value.item())
    return str(value)


def _data_docs_index(settings: Settings) -> Path | None:
    return settings.data_docs_index if settings.data_docs_index.exists() else None


def _prune_validation_results(settings: Settings) -> None:
    """Keep the newest RUNS_KEPT runs of each suite: stored results and their rendered pages."""
    uncommitted = settings.gx_dir / "uncommitted"
    for tree in (uncommitted / "validations", uncommitted / "data_docs" / "local_site" / "validations"):
        if not tree.is_dir():
            continue
        for suite_dir in (p for p in tree.iterdir() if p.is_dir()):
            runs = sorted((p for p in suite_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in runs[RUNS_KEPT:]:
                shutil.rmtree(old, ignore_errors=True)
