"""Landing the partner sources: every answer kept by content hash, a manifest row per answer, its rows
loaded, or the answer quarantined with a one-line reason naming the source.

The same mechanisms as GACC's pages (``landing``): the raw zone (immutable bytes by sha256, here with the
suffix ``.response``), vintages per request in landing order (a new answer to the same request is its next
vintage, never an overwrite: Census revises prior years each spring), quarantine copies with their reason.
An answer is parsed as it lands (the parsers are pure and fast), so a paged answer (HMRC) can follow its
next page. A month not yet published (Census's HTTP 204) is recorded as ``not_published``, not as a
failure. A source that does not answer (5xx after the retries, a timeout) is a failure of that source
alone: the alert says so, and nothing else is touched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.contracts import Alert, ParseError
from customs_wh.gacc.fetch import Fetcher, FetchError
from customs_wh.partner_contracts import (
    EXCHANGE_RATE_FIELDS,
    PARTNER_OBSERVATION_FIELDS,
    NotPublished,
    ParsedResponse,
    PartnerRequest,
)
from customs_wh.warehouse import db
from customs_wh.warehouse.partner_sources import SOURCES, base_url, parse_response
from customs_wh.warehouse.raw_zone import RawZone, write_atomically

log = logging.getLogger(__name__)

RESPONSE_SUFFIX = ".response"
# Answers that are evidence in themselves: data, "not published yet", and the APIs' error bodies.
ANSWER_STATUSES = frozenset({200, 204, 400, 404, 406, 413})
MAX_PAGES = 500  # a paged answer that never ends is a broken source, not a long one


@dataclass
class SourceLanding:
    """What one source's landing did: answers new and unchanged, months not published, refusals, failures."""

    source: str
    new: list[str] = field(default_factory=list)  # request_key of each new answer
    unchanged: int = 0
    not_published: list[str] = field(default_factory=list)
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (request_key, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason): the source did not answer
    rows: int = 0

    def alerts(self, run_id: str) -> list[Alert]:
        """A critical alert per answer refused and per request the source did not answer."""
        refused = [
            Alert.now(
                run_id=run_id,
                release=f"{self.source} {key}",
                check_name=f"{self.source} answer",
                severity="critical",
                observed=reason,
                expected=f"an answer {self.source}'s parser reads faithfully",
                message="The answer is quarantined; none of its rows reach the marts. The GACC marts are not affected.",
            )
            for key, reason in self.quarantined
        ]
        if not self.failed:
            return refused
        url, why = self.failed[0]
        silent = Alert.now(
            run_id=run_id,
            release=None,
            check_name=f"{self.source} unavailable",
            severity="critical",
            observed=f"{len(self.failed)} request(s) unanswered; first: {url}: {why}",
            expected=f"{self.source} answers every request",
            message=f"{self.source} stopped answering: its marts keep their last published rows; "
            "the GACC marts still publish.",
        )
        return [*refused, silent]

    def failure(self) -> str | None:
        if self.failed:
            return f"{self.source} did not answer {len(self.failed)} request(s); first: {self.failed[0][1]}"
        if self.quarantined:
            return f"{self.source}: {len(self.quarantined)} answer(s) refused; first: {self.quarantined[0][1]}"
        return None


def _utc_now() -> dt.datetime:
    return clock.utcnow()


def source_fetcher(settings: Settings, source: str, **kwargs) -> Fetcher:
    """The one fetcher (GACC's: retries, deadlines, host policy), on the source's own host."""
    scoped = dataclasses.replace(settings, base_url=base_url(settings, source))
    return Fetcher(scoped, accept_statuses=ANSWER_STATUSES, **kwargs)


def _with_key(settings: Settings, source: str, url: str) -> str:
    if source != "census" or not settings.census_api_key:
        return url
    return f"{url}&key={settings.census_api_key}"


def requests_for(settings: Settings, source: str, years: list[int], last_month: str | None) -> list[PartnerRequest]:
    root = base_url(settings, source)
    return [request for year in years for request in SOURCES[source].requests_for_year(root, year, last_month)]


def land_source(
    settings: Settings, source: str, requests: list[PartnerRequest], run_id: str, fetcher: Fetcher
) -> SourceLanding:
    """Fetch, keep, record and load every answer to ``requests`` (and their next pages)."""
    zone = RawZone(settings, suffix=RESPONSE_SUFFIX)
    result = SourceLanding(source)
    answers: list[tuple[PartnerRequest, int, str, int, ParsedResponse | None, str | None, dt.datetime]] = []
    for request in requests:
        pending: PartnerRequest | None = request
        for page in range(1, MAX_PAGES + 1):
            if pending is None:
                break
            try:
                status, content = fetcher.fetch(_with_key(settings, source, pending.url))
            except FetchError as exc:
                log.warning("%s did not answer %s: %s", source, pending.url, exc.reason)
                result.failed.append((pending.url, exc.reason))
                break
            sha = zone.put(content)
            parsed, reason = _read(source, content, pending.url)
            if reason is not None and not isinstance(parsed, NotPublished):
                _quarantine_copy(settings, content, sha, pending.url, reason)
            answers.append((pending, status, sha, len(content), parsed, reason, _utc_now()))
            next_url = parsed.next_url if isinstance(parsed, ParsedResponse) else None
            pending = (
                dataclasses.replace(request, request_key=f"{request.request_key}/page-{page + 1}", url=next_url)
                if next_url
                else None
            )
    if answers:
        _record(settings, answers, run_id, result)
    return result


def _read(source: str, content: bytes, page: str):
    """(ParsedResponse, None), or (NotPublished, reason), or (None, the one-line refusal)."""
    try:
        return parse_response(source, content, page), None
    except NotPublished as exc:
        return exc, exc.reason
    except ParseError as exc:
        return None, " ".join(exc.reason.split())


def _quarantine_copy(settings: Settings, content: bytes, sha256: str, page: str, reason: str) -> None:
    write_atomically(settings.quarantine_dir / f"{sha256}{RESPONSE_SUFFIX}", content)
    write_atomically(settings.quarantine_dir / f"{sha256}.reason.txt", f"{page}: {reason}\n".encode())


_INSERT_MANIFEST = """
insert into raw.partner_manifest (source, request_key, sha256, url, first_month, last_month, vintage, http_status,
    fetched_at, byte_size, status, reason, run_id)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def _record(settings: Settings, answers, run_id: str, result: SourceLanding) -> None:
    """Manifest rows and loaded rows of the new answers, in one transaction."""
    with db.connect(settings.build_db) as con:
        known = set(
            con.execute(
                "select request_key, sha256 from raw.partner_manifest where source = ?", [result.source]
            ).fetchall()
        )
        last = dict(
            con.execute(
                "select request_key, max(vintage) from raw.partner_manifest where source = ? group by 1",
                [result.source],
            ).fetchall()
        )
        manifest, observations, rates = [], [], []
        loaded_at = _utc_now()
        for request, status, sha, size, parsed, reason, fetched_at in answers:
            key = request.request_key
            if (key, sha) in known:
                result.unchanged += 1
                continue
            known.add((key, sha))
            vintage = last[key] = last.get(key, 0) + 1
            state = (
                "landed" if reason is None else "not_published" if isinstance(parsed, NotPublished) else "quarantined"
            )
            manifest.append(
                [
                    result.source,
                    key,
                    sha,
                    request.url,
                    request.first_month,
                    request.last_month,
                    vintage,
                    status,
                    fetched_at,
                    size,
                    state,
                    reason,
                    run_id,
                ]
            )
            if state == "not_published":
                result.not_published.append(key)
            elif state == "quarantined":
                result.quarantined.append((key, reason))
            else:
                result.new.append(key)
                head = [result.source, key, sha, vintage]
                observations += [[*head, n, *row[1:], loaded_at] for n, row in enumerate(parsed.observations, 1)]
                rates += [[*head, *row[1:], loaded_at] for row in parsed.rates]
        con.begin()
        try:
            if manifest:
                con.executemany(_INSERT_MANIFEST, manifest)
            if observations:
                _insert(con, "partner_observations", observations, ("row_number", *PARTNER_OBSERVATION_FIELDS[1:]))
            if rates:
                _insert(con, "exchange_rates", rates, EXCHANGE_RATE_FIELDS[1:])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        result.rows += len(observations) + len(rates)
    log.info("%s: %d new answer(s), %d rows (run %s)", result.source, len(result.new), result.rows, run_id)


def _insert(con, table: str, rows: list[list], fields: tuple[str, ...]) -> None:
    import pandas as pd  # only the load path needs it

    columns = ["source", "request_key", "sha256", "vintage", *fields, "loaded_at"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    if "value" in frame:
        frame["value"] = frame["value"].astype("float64")
    con.register("pending_partner_rows", frame)
    try:
        con.execute(f"insert into raw.{table} by name select * from pending_partner_rows")
    finally:
        con.unregister("pending_partner_rows")


def quarantine_answers(settings: Settings, con, rejected: list[tuple[str, str, str]]) -> None:
    """Answers a check refused after they were loaded: their rows stay as evidence, the marts read none."""
    if not rejected:
        return
    zone = RawZone(settings, suffix=RESPONSE_SUFFIX)
    for request_key, sha256, reason in rejected:
        _quarantine_copy(settings, zone.read(sha256), sha256, request_key, reason)
    con.executemany(
        "update raw.partner_manifest set status = 'quarantined', reason = ? where request_key = ? and sha256 = ?",
        [[reason, key, sha] for key, sha, reason in rejected],
    )
