"""Landing the partner sources (mirror statistics), as a stage of a refresh or of a source's own DAG.

Each source lands on its own: a source that stops answering or answers what cannot be read raises its
alerts and is reported as failed, and nothing else stops. The GACC marts publish without it; the mirror
marts keep the rows of the answers landed before. Like every stage that writes, it holds the home's lock.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.orchestration import alerts
from customs_wh.orchestration.stages import writing
from customs_wh.partner_contracts import PARTNER_SOURCES
from customs_wh.warehouse import partner_landing

log = logging.getLogger(__name__)
FIRST_YEAR = 2018


@dataclass(frozen=True)
class PartnerOutcome:
    source: str
    new_answers: int
    rows: int
    failure: str | None


def years_through(through_month: str | None, from_month: str | None = None) -> tuple[list[int], str]:
    """The calendar years a landing asks for, and its last month (the current month by default).

    Always the last year and the one before it (the sources revise the prior year: Census each spring),
    and back to ``from_month``'s year for a backfill.
    """
    last = through_month or clock.current_month()
    last_year = int(last[:4])
    first_year = max(FIRST_YEAR, min(int(from_month[:4]) if from_month else last_year, last_year - 1))
    return list(range(first_year, last_year + 1)), last


def land_partner_source(
    settings: Settings, run_id: str, source: str, *, from_month: str | None = None, through_month: str | None = None
) -> PartnerOutcome:
    """Fetch, keep and load one source's answers for the years asked; alerts for what failed."""
    years, last = years_through(through_month, from_month)
    requests = partner_landing.requests_for(settings, source, years, last)
    with partner_landing.source_fetcher(settings, source) as fetcher:
        with writing(settings, run_id, f"land {source}"):
            result = partner_landing.land_source(settings, source, requests, run_id, fetcher)
            alerts.record_alerts(settings, result.alerts(run_id))
            failure = result.failure() or _gate(settings, run_id, source)
    log.info("%s: %d new answer(s), %d rows", source, len(result.new), result.rows)
    return PartnerOutcome(source, len(result.new), result.rows, failure)


def _gate(settings: Settings, run_id: str, source: str) -> str | None:
    """The partner gate on the rows this run landed; answers failing a critical check are quarantined."""
    from customs_wh.quality import partner_checks
    from customs_wh.warehouse import db

    with db.connect(settings.build_db) as con:
        found, rejected = partner_checks.landing_checks(con, source, run_id)
        if source == "ecb":
            found += partner_checks.rate_warnings(con, run_id)
        partner_landing.quarantine_answers(settings, con, rejected)
    alerts.record_alerts(settings, found)
    if rejected:
        return f"{source}: {len(rejected)} answer(s) failed the partner gate; first: {rejected[0][2]}"
    return None


def configured_sources(settings: Settings) -> tuple[str, ...]:
    """The partner sources a GACC refresh lands too: those pointed somewhere (a *_BASE_URL setting).

    The real APIs are landed by each source's own DAG on its own rhythm; a refresh lands a source
    alongside GACC only when told where it is (the sample servers of ``make run``, a mirror of an API).
    """
    return tuple(source for source in PARTNER_SOURCES if source in settings.partner_base_urls)


# Months between a month's end and the source publishing it, beyond which the source is late (README of
# docs/partner-sources.md: Census about five weeks, Comext and HMRC about six, the ECB at once).
PUBLICATION_LAG_MONTHS = {"census": 2, "eurostat": 3, "hmrc": 3, "ecb": 1}


def lateness_alert(settings: Settings, run_id: str, source: str, today: dt.date):
    """A warning when the source's newest landed month is older than its rhythm allows; None otherwise."""
    from customs_wh.contracts import Alert
    from customs_wh.orchestration.schedule import add_months, month_of
    from customs_wh.warehouse import db

    with db.connect(settings.build_db) as con:
        table = "exchange_rates" if source == "ecb" else "partner_observations"
        (newest,) = db.one_row(con.execute(f"select max(period_month) from raw.{table} where source = ?", [source]))
    due = add_months(month_of(today), -PUBLICATION_LAG_MONTHS[source])
    if newest is not None and newest >= due:
        return None
    return Alert.now(
        run_id=run_id,
        release=None,
        check_name=f"{source} late",
        severity="warning",
        observed=f"newest month landed: {newest or 'none'}",
        expected=f"{due} or later by {today:%Y-%m-%d}",
        message=f"{source} has not published {due} yet: the mirror marts stop at {newest or 'nothing'}; "
        "the GACC marts publish as usual.",
    )
