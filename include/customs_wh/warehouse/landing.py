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
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from customs_wh import clock, failpoints
from customs_wh.config import Settings
from customs_wh.contracts import (
    Alert,
    ParsedRelease,
    ParseError,
    PublishedAsImage,
    ReleaseRef,
)
from customs_wh.gacc.fetch import Fetcher, FetchError
from customs_wh.gacc.parse import parse_release as gacc_parse_release
from customs_wh.warehouse import db, raw_tables
from customs_wh.warehouse.parse_outcome import KnownGap, ParseResult
from customs_wh.warehouse.quarantine import QuarantinedPage, quarantined_pages, requeue
from customs_wh.warehouse.raw_zone import RawZone, write_atomically
from customs_wh.words import one_line

__all__ = ["QuarantinedPage", "land", "parse_pending", "quarantine_landed", "quarantined_pages", "requeue"]

log = logging.getLogger(__name__)

ParseRelease = Callable[..., ParsedRelease]  # parse_release(content: bytes, page: str, *, context: PageContext)


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


@dataclass(frozen=True)
class _Pending:
    ref: ReleaseRef
    sha256: str
    vintage: int

    @property
    def page(self) -> str:
        return f"{self.ref.url} ({self.ref.label})"


def _pending_pages(con) -> list[_Pending]:
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
        _Pending(ReleaseRef(section, currency, month, kind, url, table=table), sha, vintage)
        for section, currency, month, kind, url, sha, vintage, table in rows
    ]


def header_mismatch(parsed: ParsedRelease, ref: ReleaseRef) -> str | None:
    """Why a parsed page is not the release it was listed as; None when it is."""
    said = (parsed.reference_month, parsed.section, parsed.currency)
    # A Monthly Bulletin table is listed with no currency: its unit row says it.
    listed = (ref.reference_month, ref.section, parsed.currency if ref.currency is None else ref.currency)
    if said == listed:
        return None
    return (
        f"page says {parsed.reference_month} section {parsed.section} {parsed.currency} "
        f"but was listed as {ref.reference_month} section {ref.section} {ref.currency}"
    )


def _checked_parse(parse_release: ParseRelease, content: bytes, pending: _Pending) -> ParsedRelease:
    """The parsed page, or ParseError for anything that makes it unfit to load."""
    try:
        parsed = parse_release(content, page=pending.page, context=pending.ref.context)
    except ParseError:
        raise
    except Exception as exc:  # a parser crash on odd input is still a rejected page, not a dead run
        log.exception("parser crashed on %s", pending.page)
        raise ParseError(pending.page, f"parser failed: {type(exc).__name__}: {one_line(exc)}") from exc
    mismatch = header_mismatch(parsed, pending.ref)
    if mismatch:
        raise ParseError(pending.page, mismatch)
    if not parsed.observations:
        raise ParseError(pending.page, "page parsed to no observations")
    unfit = raw_tables.mixed_contracts(parsed) or raw_tables.duplicate_observation(parsed)
    if unfit:
        raise ParseError(pending.page, unfit)
    return parsed


def _table_pages(loads: list[tuple[_Pending, ParsedRelease]], table: str) -> list[tuple[dict[str, object], tuple]]:
    """The loaded pages bound for one raw table: each page's raw_tables.PAGE_COLUMNS, and its numbers."""
    return [
        (
            {
                "release_key": pending.ref.release_key,
                "sha256": pending.sha256,
                "vintage": pending.vintage,
                "release_kind": pending.ref.release_kind,
            },
            parsed.observations,
        )
        for pending, parsed in loads
        if raw_tables.raw_table_of(parsed) == table
    ]


_PENDING_PAGE_KEYS = "(select (release_key, sha256) from pending_pages)"
_MARK_QUARANTINED = "update raw.manifest set status = 'quarantined', reason = ? where release_key = ? and sha256 = ?"
_MARK_NO_NUMBERS = (
    "update raw.manifest set status = 'no_numbers', reason = ?, image_url = ? where release_key = ? and sha256 = ?"
)

# Pages parsed per transaction: a backfill has thousands, and each commit costs DuckDB a write
# to disk, and a checkpoint once its write-ahead log outgrows 16 MB. On the sample
# backfill (2,749 pages), batches of 50 spent 5.3 s committing and batches of 500 about 2 s; a
# batch of 500 holds about 0.2 GB more, and a crash loses at most one batch.
PAGES_PER_TRANSACTION = 500

# The collector's first threshold while pages are parsed. A batch's numbers are small objects
# that live until it commits: at the default (700 allocations) the collector walks them again
# and again, about 4.5 s of the 30 s the sample backfill's parse took. Most of the parse's
# garbage is freed by reference counting; what it leaves in cycles is still collected, less often.
_PARSE_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def _garbage_collected_less_often() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.set_threshold(_PARSE_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _commit_batch(
    con,
    loads: list[tuple[_Pending, ParsedRelease]],
    rejects: list[tuple[_Pending, str]],
    images: Sequence[tuple[_Pending, PublishedAsImage]] = (),
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
                con.executemany(_MARK_QUARANTINED, [[reason, p.ref.release_key, p.sha256] for p, reason in rejects])
            if images:
                con.executemany(
                    _MARK_NO_NUMBERS,
                    [[one_line(gap.reason), gap.image_url, p.ref.release_key, p.sha256] for p, gap in images],
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


def _loaded_pages_frame(loads: list[tuple[_Pending, ParsedRelease]]):
    """The batch's loaded pages: their keys, and the publication date and currency each prints."""
    import pandas as pd  # only the load path needs it

    rows = [(p.ref.release_key, p.sha256, parsed.publication_date, parsed.currency) for p, parsed in loads]
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


def parse_pending(settings: Settings, run_id: str, *, parse_release: ParseRelease | None = None) -> ParseResult:
    """Parse and load every landed page that has no observations yet; quarantine the rejected.

    ``parse_release`` defaults to :func:`customs_wh.gacc.parse.parse_release`. Alerts are the
    caller's job: it gets ``quarantined`` as (release label, page, reason).
    """
    parse_release = parse_release or gacc_parse_release
    zone = RawZone(settings)
    result = ParseResult()
    with db.connect(settings.build_db) as con, _garbage_collected_less_often():
        pending_pages = _pending_pages(con)
        images_known = set(
            con.execute("select release_key, image_url from raw.manifest where status = 'no_numbers'").fetchall()
        )
        for start in range(0, len(pending_pages), PAGES_PER_TRANSACTION):
            loads: list[tuple[_Pending, ParsedRelease]] = []
            rejects: list[tuple[_Pending, str]] = []
            images: list[tuple[_Pending, PublishedAsImage]] = []
            for pending in pending_pages[start : start + PAGES_PER_TRANSACTION]:
                content = zone.read(pending.sha256)
                try:
                    loads.append((pending, _checked_parse(parse_release, content, pending)))
                except PublishedAsImage as gap:
                    log.warning("known gap %s: published as an image (%s)", pending.page, gap.image_url)
                    images.append((pending, gap))
                except ParseError as exc:
                    reason = one_line(exc.reason)
                    log.warning("quarantined %s: %s", pending.page, reason)
                    _write_quarantine_copy(settings, content, pending.sha256, pending.page, reason)
                    rejects.append((pending, reason))
            result.rows += _commit_batch(con, loads, rejects, images)
            result.loaded.extend(pending.sha256 for pending, _parsed in loads)
            result.unmapped.extend(
                (pending.ref.label, pending.page, label, parsed.label_reference)
                for pending, parsed in loads
                for label in parsed.unmapped_labels
            )
            result.quarantined.extend((p.ref.label, p.page, reason) for p, reason in rejects)
            result.quarantined_pages.extend(f"{p.ref.release_key}|{p.sha256}" for p, _reason in rejects)
            for p, image in images:
                # Alerted once per page: a re-landed copy of the same image page is not news.
                seen = (p.ref.release_key, image.image_url) in images_known
                images_known.add((p.ref.release_key, image.image_url))
                result.known_gaps.append(KnownGap(p.ref.label, p.page, image.image_url, first_seen=not seen))
            log.info(
                "loaded %d pages, quarantined %d, %d published as images (run %s)",
                len(loads),
                len(rejects),
                len(images),
                run_id,
            )
            failpoints.failpoint("mid-parse")  # crash tests: killed with this batch committed
    return result
