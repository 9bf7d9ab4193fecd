"""Which bad pages stop a refresh, and which are held back while the run publishes without them.

A page the parser rejects, or one that fails a critical gate-1 check, is always quarantined
and alerted. Whether it also stops the run depends on what the run exists to publish:

* A run's *target month* is the newest month it lands (``--through``, or the run's own month
  for a scheduled run). A bad page of the target month stops the run: that month is what the
  run is for.
* A bad page whose numbers a good later page prints again (a corrected page after a bad one;
  the Monthly Bulletin's table (2), every partner and the total in USD, after a bad preliminary
  table (1) or (4) in USD) is history: the marts use the later page, and the run publishes.
* In a *backfill* (a run that lands more months than a scheduled run, its month and the
  two before it), a bad page of a month before the target month is held back: the run
  publishes without it, and ``marts.release_gaps`` says which table has no numbers and why.
  In a scheduled run, a bad page of an earlier month (a revision) stops the run.

A held-back page is still alerted (critical), once, by the run that quarantined it; gate 2
then makes sure nothing already published goes missing because of it. Pages GACC published
as images are not bad pages: they are known gaps, recorded and warned about once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from customs_wh.config import Settings
from customs_wh.contracts import ReleaseRef
from customs_wh.orchestration.schedule import REVISION_LOOKBACK_MONTHS, add_months
from customs_wh.warehouse import db


@dataclass(frozen=True)
class RunScope:
    """What a run set out to publish: the months it lands, newest last."""

    first_month: str  # "YYYY-MM"
    target_month: str  # "YYYY-MM": the newest month it lands

    @property
    def is_backfill(self) -> bool:
        """Lands more months than a scheduled run (its month and REVISION_LOOKBACK_MONTHS before it)."""
        return self.first_month < add_months(self.target_month, -REVISION_LOOKBACK_MONTHS)


@dataclass(frozen=True)
class BadPage:
    """A page quarantined by this run, with what the policy needs to know about it."""

    page: str  # "release_key|sha256"
    reference_month: str  # "YYYY-MM"
    superseded_by: str | None  # the release key of a good later page that prints its numbers again, if any


def scope_of(refs: Iterable[ReleaseRef]) -> RunScope | None:
    months = sorted({ref.reference_month for ref in refs})
    return RunScope(months[0], months[-1]) if months else None


def held_back_because(page: BadPage, scope: RunScope | None) -> str | None:
    """Why ``page`` does not stop the run, or None when it does (a pure function)."""
    if page.superseded_by:
        return f"its numbers are printed again by a good later page ({page.superseded_by})"
    if scope is not None and scope.is_backfill and page.reference_month < scope.target_month:
        return f"a month before {scope.target_month}, the month this backfill publishes"
    return None


# --- the database side ----------------------------------------------------------------------


def record_scope(settings: Settings, run_id: str, refs: Sequence[ReleaseRef]) -> RunScope | None:
    """Remember what the run lands (``ops.run_scopes``), for the stages that judge its bad pages."""
    scope = scope_of(refs)
    if scope is None:
        return None
    with db.connect(settings.build_db) as con:
        con.execute(
            """
            insert into ops.run_scopes (run_id, first_month, target_month, is_backfill) values (?, ?, ?, ?)
            on conflict (run_id) do update set
                first_month = excluded.first_month, target_month = excluded.target_month,
                is_backfill = excluded.is_backfill
            """,
            [run_id, scope.first_month, scope.target_month, scope.is_backfill],
        )
    return scope


_BAD_PAGES = """
select
    bad.release_key || '|' || bad.sha256 as page,
    bad.reference_month,
    (
        select min(later.release_key)
        from raw.manifest as later
        where later.reference_month = bad.reference_month
            and later.status = 'landed'
            and (
                -- the Bulletin's table (2) prints every partner and the total, in USD: it replaces
                -- the numbers of the preliminary tables (1) and (4) in USD
                (
                    later.release_kind = 'monthly_bulletin' and later.table_code = '2'
                    and bad.release_kind = 'preliminary' and bad.section in (1, 4)
                    and bad.currency = 'USD' and later.currency = 'USD'
                )
                or (later.release_key = bad.release_key and later.vintage > bad.vintage)
            )
            and exists (
                select 1 from raw.observations as o
                where o.release_key = later.release_key and o.sha256 = later.sha256
            )
    ) as superseded_by
from raw.manifest as bad
where bad.release_key || '|' || bad.sha256 in (select unnest(?::varchar[]))
"""


def held_back(settings: Settings, run_id: str | None, pages: Iterable[str]) -> dict[str, str]:
    """The bad pages (``"release_key|sha256"``) that do not stop the run, each with why.

    A later vintage counts as good once it is parsed and not quarantined: if gate 1 then
    rejects it, it is judged in turn.
    """
    wanted = sorted(set(pages))
    if not wanted:
        return {}
    with db.connect(settings.build_db) as con:
        row = con.execute("select first_month, target_month from ops.run_scopes where run_id = ?", [run_id]).fetchone()
        bad = [BadPage(*found) for found in con.execute(_BAD_PAGES, [wanted]).fetchall()]
    scope = RunScope(*row) if row else None
    verdicts = {page.page: held_back_because(page, scope) for page in bad}
    return {page: why for page, why in verdicts.items() if why is not None}
