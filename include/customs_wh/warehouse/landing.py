"""Landing: fetched pages into the raw zone and the manifest, and loaded once.

* :func:`land` fetches release pages and records each new page version in
  ``raw.manifest`` as the next vintage of its release; bytes already landed for a
  release add nothing.
* :func:`parse_pending` parses every landed page not loaded yet into ``raw.observations``
  (the commodity tables (5), (6), (13), (14): ``raw.commodity_observations``; the Bulletin's
  product breakdowns (3), (4), (15), (16): ``raw.breakdown_observations``; its selected commodities
  by major customs regimes (17), (18): ``raw.commodity_regime_observations``), or quarantines it
  (``quarantine/<sha256>.html`` + ``.reason.txt``) with a one-line reason, or records it as a
  known gap (status ``no_numbers``: GACC published the table as an image, so the HTML holds no
  numbers) with the image's URL.

Everything is idempotent: landing or parsing the same site twice changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from customs_wh import clock, failpoints
from customs_wh.config import Settings
from customs_wh.contracts import (
    Alert,
    ReleaseRef,
)
from customs_wh.gacc.fetch import Fetcher, FetchError
from customs_wh.gacc.parse import parse_release as gacc_parse_release
from customs_wh.warehouse import db, raw_tables
from customs_wh.warehouse.page_parsing import (
    ImagePage,
    LoadedPage,
    PageParser,
    ParseRelease,
    PendingPage,
    RefusedPage,
    collector_set_for_parsing,
    parse_pages,
)
from customs_wh.warehouse.parse_outcome import KnownGap, ParseResult
from customs_wh.warehouse.quarantine import QuarantinedPage, quarantined_pages, requeue
from customs_wh.warehouse.raw_zone import RawZone, write_atomically

__all__ = ["QuarantinedPage", "land", "parse_pending", "quarantine_landed", "quarantined_pages", "requeue"]

log = logging.getLogger(__name__)


# --- land -------------------------------------------------------------------------------


@dataclass
class LandingResult:
    """``new`` and ``unchanged``: (release_key, sha256); ``failed``: (ref, one-line reason)."""

    new: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[ReleaseRef, str]] = field(default_factory=list)

    def alerts(self, run_id: str) -> list[Alert]:
        """A critical alert per page that could not be downloaded."""
        return [
            Alert.now(
                run_id=run_id,
                release=ref.label,
                check_name="fetch",
                severity="critical",
                observed=reason,
                expected="the release page downloaded in full",
                message=f"{ref.url} was not landed; the run stops and the warehouse is unchanged.",
            )
            for ref, reason in self.failed
        ]

    def failure(self) -> str | None:
        """Why the landing failed, in one line; None when every page landed."""
        if not self.failed:
            return None
        ref, reason = self.failed[0]
        return f"{len(self.failed)} release page(s) could not be downloaded; first: {ref.label}: {reason}"


def _utc_now() -> dt.datetime:
    return clock.utcnow()


def land(settings: Settings, refs: Iterable[ReleaseRef], fetcher: Fetcher, run_id: str) -> LandingResult:
    """Fetch each release page into the raw zone and record new page versions in raw.manifest.

    All pages are fetched before the build database is opened, so its write lock is not
    held during slow downloads. A failed fetch lands nothing and is reported in ``failed``.
    """
    zone = RawZone(settings)
    result = LandingResult()
    fetched: list[tuple[ReleaseRef, str, int, dt.datetime]] = []
    for ref in refs:
        try:
            content = fetcher.get(ref.url)
        except FetchError as exc:
            log.warning("not landed: %s: %s", ref.label, exc)
            result.failed.append((ref, exc.reason))
            continue
        fetched.append((ref, zone.put(content), len(content), _utc_now()))

    if not fetched:
        return result
    with db.connect(settings.build_db) as con:
        con.begin()
        try:
            rows = _manifest_rows(con, fetched, run_id, result)
            if rows:
                con.executemany(_INSERT_MANIFEST, rows)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    for row in rows:
        log.info("landed %s vintage %d (%s)", row[2], row[7], row[0][:12])
    return result


_INSERT_MANIFEST = """
insert into raw.manifest (sha256, url, release_key, section, currency, reference_month,
    release_kind, vintage, published_on, fetched_at, byte_size, status, reason, run_id, table_code)
values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, 'landed', null, ?, ?)
"""


def _manifest_rows(con, fetched, run_id: str, result: LandingResult) -> list[list]:
    """New manifest rows for the fetched pages; sorts each page into result.new or .unchanged.

    One read of what is known and one insert: a backfill lands hundreds of pages, and a
    commit per page would cost more than the downloads.
    """
    known = set(con.execute("select release_key, sha256 from raw.manifest").fetchall())
    last_vintage = dict(con.execute("select release_key, max(vintage) from raw.manifest group by 1").fetchall())
    rows: list[list] = []
    for ref, sha, size, fetched_at in fetched:
        key = ref.release_key
        if (key, sha) in known:
            result.unchanged.append((key, sha))
            continue
        vintage = last_vintage.get(key, 0) + 1
        last_vintage[key] = vintage
        known.add((key, sha))
        rows.append(
            [
                sha,
                ref.url,
                key,
                ref.section,
                ref.currency,
                ref.reference_month,
                ref.release_kind,
                vintage,
                fetched_at,
                size,
                run_id,
                ref.table,
            ]
        )
        result.new.append((key, sha))
    return rows


# --- parse and load ---------------------------------------------------------------------


def _pending_pages(con) -> list[PendingPage]:
    rows = con.execute(
        """
        select m.section, m.currency, m.reference_month, m.release_kind, m.url, m.sha256, m.vintage, m.table_code
        from raw.manifest m
        where m.status = 'landed'
          and not exists (select 1 from raw.observations o
                          where o.release_key = m.release_key and o.sha256 = m.sha256)
          and not exists (select 1 from raw.commodity_observations o
                          where o.release_key = m.release_key and o.sha256 = m.sha256)
          and not exists (select 1 from raw.breakdown_observations o
                          where o.release_key = m.release_key and o.sha256 = m.sha256)
          and not exists (select 1 from raw.commodity_regime_observations o
                          where o.release_key = m.release_key and o.sha256 = m.sha256)
        order by m.reference_month, m.section, m.currency, m.release_kind, m.vintage
        """
    ).fetchall()
    return [
        PendingPage(ReleaseRef(section, currency, month, kind, url, table=table), sha, vintage)
        for section, currency, month, kind, url, sha, vintage, table in rows
    ]


def _table_pages(loads: Sequence[LoadedPage], table: str) -> list[tuple[dict[str, object], tuple]]:
    """The loaded pages bound for one raw table: each page's raw_tables.PAGE_COLUMNS, and its numbers."""
    return [
        (
            {
                "release_key": load.pending.ref.release_key,
                "sha256": load.pending.sha256,
                "vintage": load.pending.vintage,
                "release_kind": load.pending.ref.release_kind,
            },
            load.rows,
        )
        for load in loads
        if load.raw_table == table
    ]


_PENDING_PAGE_KEYS = "(select (release_key, sha256) from pending_pages)"
_MARK_QUARANTINED = "update raw.manifest set status = 'quarantined', reason = ? where release_key = ? and sha256 = ?"
_MARK_NO_NUMBERS = (
    "update raw.manifest set status = 'no_numbers', reason = ?, image_url = ? where release_key = ? and sha256 = ?"
)

# Pages parsed per transaction: a backfill has thousands, and each commit costs DuckDB a write
# to disk, and a checkpoint once its write-ahead log outgrows 16 MB. On the sample
# backfill (2,748 pages), batches of 50 spent 5.3 s committing and batches of 500 about 2 s; a
# batch of 500 holds about 0.2 GB more, and a crash loses at most one batch.
PAGES_PER_TRANSACTION = 500


def _commit_batch(
    con, loads: Sequence[LoadedPage], rejects: Sequence[RefusedPage], images: Sequence[ImagePage] = ()
) -> int:
    """Loads and quarantine marks of one batch, all or nothing; returns the rows inserted."""
    frames = {}
    loaded_at = _utc_now()
    for table, (fields, _insert) in raw_tables.ROUTES.items():
        pages = _table_pages(loads, table)
        if pages:
            frames[table] = raw_tables.observation_frame(pages, fields, loaded_at)
    # Registered outside the transaction: unregistering inside an aborted one would raise
    # "transaction is aborted" and hide the error that aborted it.
    for table, frame in frames.items():
        con.register(f"pending_{table}", frame)
    if loads:
        con.register("pending_pages", _loaded_pages_frame(loads))
    try:
        con.begin()
        try:
            if rejects:
                con.executemany(
                    _MARK_QUARANTINED, [[r.reason, r.pending.ref.release_key, r.pending.sha256] for r in rejects]
                )
            if images:
                con.executemany(
                    _MARK_NO_NUMBERS,
                    [[i.reason, i.image_url, i.pending.ref.release_key, i.pending.sha256] for i in images],
                )
            if loads:
                # Delete-then-insert: a re-load after a crash lands the same rows once.
                for table in db.RAW_NUMBER_TABLES:
                    con.execute(f"delete from raw.{table} where (release_key, sha256) in {_PENDING_PAGE_KEYS}")
                for table in frames:
                    con.execute(raw_tables.ROUTES[table][1])
                # A Monthly Bulletin table's currency is known once its unit row is read.
                con.execute(
                    "update raw.manifest m set published_on = cast(p.published_on as date), "
                    "currency = coalesce(m.currency, p.currency) "
                    "from pending_pages p where m.release_key = p.release_key and m.sha256 = p.sha256"
                )
            con.commit()
        except BaseException:
            con.rollback()
            raise
    finally:
        for table in frames:
            con.unregister(f"pending_{table}")
        if loads:
            con.unregister("pending_pages")
    return sum(map(len, frames.values()))


def _loaded_pages_frame(loads: Sequence[LoadedPage]):
    """The batch's loaded pages: their keys, and the publication date and currency each prints."""
    import pandas as pd  # only the load path needs it

    rows = [
        (load.pending.ref.release_key, load.pending.sha256, load.header.publication_date, load.header.currency)
        for load in loads
    ]
    return pd.DataFrame(rows, columns=["release_key", "sha256", "published_on", "currency"], dtype=object)


def _write_quarantine_copy(settings: Settings, content: bytes, sha256: str, page: str, reason: str) -> None:
    # Files first, then the manifest: the database never says "quarantined" without the copy.
    directory = settings.quarantine_dir
    write_atomically(directory / f"{sha256}.html", content)
    write_atomically(directory / f"{sha256}.reason.txt", f"{page}: {reason}\n".encode())


@dataclass(frozen=True)
class Rejection:
    """A landed page that must not reach the marts, and why (one line)."""

    release_key: str
    sha256: str
    page: str  # how the page is named to people: URL and release
    reason: str


def quarantine_landed(settings: Settings, con, rejections: Iterable[Rejection]) -> None:
    """Quarantine pages that were parsed and loaded but failed a later check (gate 1).

    Their numbers stay in raw.observations as evidence; the marts read only pages whose
    manifest status is 'landed'.
    """
    batch = list(rejections)
    if not batch:
        return
    zone = RawZone(settings)
    for rejection in batch:
        _write_quarantine_copy(
            settings, zone.read(rejection.sha256), rejection.sha256, rejection.page, rejection.reason
        )
    con.executemany(_MARK_QUARANTINED, [[r.reason, r.release_key, r.sha256] for r in batch])


def parse_pending(
    settings: Settings, run_id: str, *, parse_release: ParseRelease | None = None, workers: int | None = None
) -> ParseResult:
    """Parse and load every landed page that has no observations yet; quarantine the rejected.

    ``parse_release`` defaults to :func:`customs_wh.gacc.parse.parse_release`; the pages are
    parsed in up to ``workers`` processes (``settings.parse_workers`` unless given). Alerts are
    the caller's job: it gets ``quarantined`` as (release label, page, reason).
    """
    zone = RawZone(settings)
    parser = PageParser(parse_release or gacc_parse_release, zone)
    result = ParseResult()
    with db.connect(settings.build_db) as con, collector_set_for_parsing():
        pending_pages = _pending_pages(con)
        images_known = set(
            con.execute("select release_key, image_url from raw.manifest where status = 'no_numbers'").fetchall()
        )
        workers = settings.parse_workers if workers is None else workers
        # Closed on the way out, also when a commit fails: the workers stop instead of parsing on.
        with contextlib.closing(parse_pages(pending_pages, parser, workers)) as outcomes:
            # The workers parse the next pages while a batch commits.
            while batch := list(itertools.islice(outcomes, PAGES_PER_TRANSACTION)):
                loads = [outcome for outcome in batch if isinstance(outcome, LoadedPage)]
                rejects = [outcome for outcome in batch if isinstance(outcome, RefusedPage)]
                images = [outcome for outcome in batch if isinstance(outcome, ImagePage)]
                for reject in rejects:
                    _quarantine_refused(settings, zone, reject)
                result.rows += _commit_batch(con, loads, rejects, images)
                _record_batch(result, loads, rejects, images, images_known)
                log.info(
                    "loaded %d pages, quarantined %d, %d published as images (run %s)",
                    len(loads),
                    len(rejects),
                    len(images),
                    run_id,
                )
                failpoints.failpoint("mid-parse")  # crash tests: killed with this batch committed
    return result


def _quarantine_refused(settings: Settings, zone: RawZone, reject: RefusedPage) -> None:
    page = reject.pending.page
    if reject.crash:
        log.error("parser crashed on %s\n%s", page, reject.crash)
    log.warning("quarantined %s: %s", page, reject.reason)
    _write_quarantine_copy(settings, zone.read(reject.pending.sha256), reject.pending.sha256, page, reject.reason)


def _record_batch(
    result: ParseResult,
    loads: Sequence[LoadedPage],
    rejects: Sequence[RefusedPage],
    images: Sequence[ImagePage],
    images_known: set[tuple[str, str]],
) -> None:
    """A committed batch's pages into the result."""
    result.loaded.extend(load.pending.sha256 for load in loads)
    result.unmapped.extend(
        (load.pending.ref.label, load.pending.page, label, load.header.label_reference)
        for load in loads
        for label in load.header.unmapped_labels
    )
    result.quarantined.extend((r.pending.ref.label, r.pending.page, r.reason) for r in rejects)
    result.quarantined_pages.extend(f"{r.pending.ref.release_key}|{r.pending.sha256}" for r in rejects)
    for image in images:
        log.warning("known gap %s: published as an image (%s)", image.pending.page, image.image_url)
        # Alerted once per page: a re-landed copy of the same image page is not news.
        key = (image.pending.ref.release_key, image.image_url)
        first_seen = key not in images_known
        result.known_gaps.append(KnownGap(image.pending.ref.label, image.pending.page, image.image_url, first_seen))
        images_known.add(key)
