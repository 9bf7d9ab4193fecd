"""The monthly refresh, stage by stage: discover, land, parse, gate 1, dbt build, gate 2, publish.

Each ``stage_*`` function is one task of the Airflow DAG ``customs_monthly_refresh`` and one
step of ``customs-wh refresh``: both call exactly these functions, so the DAG file stays
wiring only and the CLI runs the same pipeline in-process. Nothing here knows Airflow.

Failure policy (README: Data quality, quarantine and alerts): a failed download, a failed dbt
test or a critical gate-2 failure raises :class:`RefreshFailed` after the stage's own alerts
are recorded (the run's one message at its end tells them: ``run_end``), so nothing after it
runs and ``warehouse.duckdb`` keeps its previous content. A page rejected by the parser or by
gate 1 is quarantined and alerted; it stops the run unless ``held_back_pages`` holds it back (a
later good vintage supersedes it, or it is history in a backfill), in which case the run
publishes without it.

One writer per home: every stage that writes holds the home's lock while it runs
(:func:`writing`); a stage that cannot get it in time, or meets a machine failure (permissions,
a full disk), records an alert and raises a one-line :class:`RefreshFailed`. The build proof
(``warehouse/build_proof.py``) ties gate 1, dbt, gate 2 and publish to one run.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.contracts import COMMODITY_SECTIONS, TOTALS_AND_COUNTRY_SECTIONS, Alert, ReleaseRef
from customs_wh.gacc import discovery
from customs_wh.gacc.fetch import Fetcher, FetchError
from customs_wh.orchestration import alerts, environment_errors, held_back_pages, lock, schedule
from customs_wh.quality import GateResult, run_gate1, run_gate2
from customs_wh.warehouse import build_proof, db, landing, publish, runs, transform
from customs_wh.words import one_line

log = logging.getLogger(__name__)

# Every release table the warehouse lands: totals (1), by country (4), major exports (5) and imports (6).
LANDED_SECTIONS = (*TOTALS_AND_COUNTRY_SECTIONS, *COMMODITY_SECTIONS)


class RefreshFailed(RuntimeError):
    """The run stopped before publishing; the published warehouse is unchanged.

    Its alerts are recorded already: Airflow's failure callback does not record them again.
    """

    alerted = True


class EnvironmentFailure(RefreshFailed):
    """The machine, not the data: a home that cannot be written, a full disk, a held lock."""


def record_critical(
    settings: Settings, run_id: str | None, check: str, observed: str, expected: str, message: str
) -> None:
    """A critical alert that stops the run, recorded (the run's message at its end tells it)."""
    alerts.record_alert(
        settings,
        Alert.now(
            run_id=run_id,
            release=None,
            check_name=check,
            severity="critical",
            observed=observed,
            expected=expected,
            message=message,
        ),
    )


@contextlib.contextmanager
def writing(settings: Settings, run_id: str, what: str) -> Iterator[None]:
    """Hold the home's lock for ``what``; a busy home or a machine failure becomes an alert and a
    one-line failure (:class:`lock.HomeBusy`, marked alerted, or :class:`EnvironmentFailure`)."""
    held = contextlib.ExitStack()
    try:
        held.enter_context(lock.home_lock(settings, f"{what} of run {run_id}"))
    except lock.HomeBusy as exc:
        record_critical(
            settings,
            run_id,
            "home lock",
            str(exc),
            f"the lock on {settings.home} within CUSTOMS_WH_LOCK_WAIT_S ({settings.lock_wait_s:g} s)",
            f"{what} did not run; the published warehouse is unchanged.",
        )
        exc.alerted = True  # type: ignore[attr-defined]
        raise
    except OSError as exc:
        raise _environment_failure(settings, run_id, what, exc) from exc
    with held:
        try:
            yield
        except RefreshFailed:
            raise
        except Exception as exc:
            if environment_errors.environment_problem(exc) is None:
                raise  # a defect: the caller (the refresh, Airflow's callback) alerts its first line
            raise _environment_failure(settings, run_id, what, exc) from exc


def _environment_failure(settings: Settings, run_id: str, what: str, exc: BaseException) -> EnvironmentFailure:
    problem = environment_errors.environment_problem(exc) or one_line(exc)
    record_critical(
        settings,
        run_id,
        "environment",
        problem,
        f"CUSTOMS_WH_HOME {settings.home} readable and writable, with space to spare",
        f"{what} stopped; the published warehouse is unchanged.",
    )
    return EnvironmentFailure(problem)


def new_run_id() -> str:
    return f"{clock.now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def stage_discover(
    settings: Settings, run_id: str, *, from_month: str | None, through_month: str | None
) -> list[ReleaseRef]:
    """The releases GACC's index pages list for the months; an unreadable index fails the run,
    and so does a month the site will never list (``GACC_LAST_MONTH``), at once."""
    beyond = schedule.beyond_the_source(through_month, settings.source_last_month)
    if beyond is not None:
        record_critical(
            settings,
            run_id,
            "discover: month beyond the site",
            beyond,
            f"months up to {settings.source_last_month}, the last one {settings.base_url} lists",
            "Nothing was landed; the run stops now instead of waiting for a release that will never appear.",
        )
        raise RefreshFailed(beyond)
    try:
        with Fetcher(settings) as fetcher:
            refs = discovery.discover(
                settings, fetcher, from_month=from_month, through_month=through_month, sections=LANDED_SECTIONS
            )
    except (FetchError, discovery.DiscoveryError) as exc:
        alerts.record_alert(
            settings,
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover",
                severity="critical",
                observed=str(exc),
                expected="GACC's index pages readable in the known layout",
                message="Nothing was landed; the run stops and the warehouse is unchanged.",
            ),
        )
        raise RefreshFailed(f"cannot list the releases: {exc}") from exc
    # A year page the index offers but that could not be read fails the run like a failed download.
    _stop_on_failure(settings, refs.alerts(run_id, settings.base_url), refs.failure())
    log.info("discovered %d releases between %s and %s", len(refs), from_month, through_month)
    return list(refs)


def stage_land(settings: Settings, run_id: str, refs: list[ReleaseRef]) -> list[str]:
    """Fetch and store every release page; returns the sha256 of the page versions new in this run."""
    with writing(settings, run_id, "land"):
        held_back_pages.record_scope(settings, run_id, refs)
        with Fetcher(settings) as fetcher:
            result = landing.land(settings, refs, fetcher, run_id)
        _stop_on_failure(settings, result.alerts(run_id), result.failure())
    return [sha for _key, sha in result.new]


def stage_parse(settings: Settings, run_id: str) -> list[str]:
    """Parse every landed page not parsed yet; a rejected page is quarantined, alerted, and fails the
    run unless held back; a page published as an image is recorded as a known gap and warned about once."""
    with writing(settings, run_id, "parse"):
        result = landing.parse_pending(settings, run_id)
        result.held_back = held_back_pages.held_back(settings, run_id, result.quarantined_pages)
        _stop_on_failure(settings, result.alerts(run_id), result.failure())
    return list(result.loaded)


def stage_gate_landed(settings: Settings, run_id: str) -> str:
    """Gate 1 on every page parsed and not yet checked; failing pages are quarantined (and held back
    where the failure policy says so).

    Once it passes, this run owns the build: only it may rebuild, check and publish the marts.
    """
    with writing(settings, run_id, "gate 1"):
        result = run_gate1(settings, run_id)
        result.held_back = held_back_pages.held_back(settings, run_id, result.rejected_pages)
        docs = _gate(settings, run_id, result)
        with db.connect(settings.build_db) as con:
            build_proof.record_gate1_passed(con, run_id)
    return docs


def begin_dbt_step(settings: Settings, run_id: str, step: str) -> None:
    """Before dbt writes the marts for ``run_id``: refuse (alerted) unless the run owns the build."""
    with db.connect(settings.build_db) as con:
        refusal = build_proof.claim_for_dbt(con, run_id)
    if refusal is not None:
        record_critical(
            settings,
            run_id,
            "dbt",
            refusal,
            "the run whose gate 1 passed last builds the marts",
            f"{step} did not run; the published warehouse is unchanged. Run the refresh again.",
        )
        raise RefreshFailed(f"dbt refused: {refusal}")


def end_dbt_step(settings: Settings, run_id: str, step: str, failure: str | None) -> None:
    """After a dbt step: its success, or its failure (which keeps gate 2 from vouching for the build)."""
    with db.connect(settings.build_db) as con:
        if failure is None:
            build_proof.record_dbt_passed(con, run_id, step)
        else:
            build_proof.record_dbt_failed(con, run_id, step, failure)


def stage_transform(settings: Settings, run_id: str) -> None:
    """dbt build (models and their tests); a failed model or test stops the run."""
    with writing(settings, run_id, "dbt build"):
        begin_dbt_step(settings, run_id, "dbt build")
        result = transform.dbt_build(settings)
        failure = None if result.success else result.summary()
        end_dbt_step(settings, run_id, "dbt build", failure)
        _stop_on_failure(settings, result.alerts(run_id), failure)


def stage_gate_marts(settings: Settings, run_id: str) -> str:
    """Gate 2 on the marts dbt built; when it passes, and they are this run's own finished build,
    their fingerprint becomes the build proof publish checks."""
    with writing(settings, run_id, "gate 2"):
        docs = _gate(settings, run_id, run_gate2(settings, run_id))
        _mirror_warnings(settings, run_id)
        with db.connect(settings.build_db) as con:
            refusal = build_proof.gate2_refusal(con, run_id)
            if refusal is None:
                build_proof.record_gate2_passed(con, run_id)
        if refusal is not None:
            record_critical(
                settings,
                run_id,
                "gate 2: build proof",
                refusal,
                "marts built by this run's dbt, after its gate 1, with every dbt step passed",
                "gate 2 does not vouch for marts another run built; nothing is published. Run the refresh again.",
            )
            raise RefreshFailed(f"gate 2 refused: {refusal}")
    return docs


def stage_publish(settings: Settings, run_id: str) -> Path:
    """Publish the marts gate 2 passed for this run, or nothing (a critical alert says why)."""
    with writing(settings, run_id, "publish"):
        try:
            published = publish.publish(settings, run_id)
        except publish.PublishRefused as exc:
            record_critical(
                settings,
                run_id,
                "publish",
                str(exc),
                "the marts both gates passed for this run",
                "Nothing was published; the published warehouse is unchanged.",
            )
            raise RefreshFailed(f"publish refused: {exc}") from None
        with db.connect(settings.build_db) as con:
            build_proof.record_published(con, run_id)
            runs.record_published(con, run_id, published)
    return published


def _mirror_warnings(settings: Settings, run_id: str) -> None:
    """Mirror gaps moving far beyond their history: warnings (the marts publish)."""
    from customs_wh.quality import partner_checks

    with db.connect(settings.build_db) as con:
        has_mirror = db.one_row(
            con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'marts' and table_name = 'mirror_trade'"
            )
        )[0]
        warnings = partner_checks.gap_jump_warnings(con, run_id) if has_mirror else []
    alerts.record_alerts(settings, warnings)


def _gate(settings: Settings, run_id: str, result: GateResult) -> str:
    log.info("%s", result.summary())
    _stop_on_failure(settings, result.alerts(run_id), None if result.passed else result.summary())
    return str(result.data_docs or "")


def _stop_on_failure(settings: Settings, stage_alerts: list[Alert], failure: str | None) -> None:
    """Record the stage's alerts; if the stage failed, stop the run (its alerts are recorded)."""
    alerts.record_alerts(settings, stage_alerts)
    if failure is not None:
        raise RefreshFailed(failure)
