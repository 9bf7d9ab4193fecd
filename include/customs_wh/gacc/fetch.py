"""Fetching pages from the GACC host: politely, in full, only on the host, within a deadline, or a
one-line reason why not.

Host policy: only URLs whose scheme is http/https and whose host:port equals
``GACC_BASE_URL``'s are fetched; redirects that leave the host are refused.

Time policy: every attempt at one page, its retries and their waits included, ends by the
page's deadline (``CUSTOMS_WH_FETCH_PAGE_DEADLINE_S``), and all downloads of one fetcher (one
stage of a run) by the run's budget (``CUSTOMS_WH_FETCH_RUN_BUDGET_S``). Timeouts alone do not
bound a download: a server that sends a byte just before each read timeout would hold it for
ever. A server that answers 429 or 503 with ``Retry-After`` is waited for, within the deadline.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import random
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from customs_wh import __version__, clock
from customs_wh.config import Settings
from customs_wh.words import one_line

log = logging.getLogger(__name__)

USER_AGENT = (
    f"customs-wh/{__version__} (+https://pypi.org/project/customs-wh/; offline-friendly trade statistics warehouse)"
)
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REMOTE_POLITE_DELAY_S = 0.2


class FetchError(RuntimeError):
    """A page that could not be downloaded in full. ``reason`` is one line, without the URL."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


# --- host policy ------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with the scheme's default port filled in; None if not http(s)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:  # a port that is not a number
        return None
    return scheme, parts.hostname.lower(), port


def host_refusal(url: str, allowed_base: str) -> str | None:
    """Why ``url`` may not be followed from a site rooted at ``allowed_base``; None when it may."""
    origin = _origin(url)
    if origin is None:
        return f"not an http(s) URL: {url}"
    allowed = _origin(allowed_base)
    if allowed is None:
        return f"GACC_BASE_URL is not an http(s) URL: {allowed_base}"
    if not same_host(origin, allowed):
        return f"host {origin[1]}:{origin[2]} is not the GACC_BASE_URL host {allowed[1]}:{allowed[2]}"
    return None


DEFAULT_PORTS = {"http": 80, "https": 443}


def same_host(origin: tuple[str, str, int], allowed: tuple[str, str, int]) -> bool:
    """One host, whichever of http and https a link uses: GACC's index links its pages as
    http:// while the site also answers on https://. A port other than the scheme's default
    names another server (a test server on 127.0.0.1, say) and must match."""
    (scheme, host, port), (allowed_scheme, allowed_host, allowed_port) = origin, allowed
    if host != allowed_host:
        return False
    if port == allowed_port:
        return True
    return port == DEFAULT_PORTS[scheme] and allowed_port == DEFAULT_PORTS[allowed_scheme]


# --- fetch ------------------------------------------------------------------------


class _Retryable(Exception):
    """A failure worth another attempt (timeout, connection trouble, 5xx, 429, short body);
    ``retry_after_s``: how long the server asked us to wait first, when it said."""

    def __init__(self, reason: str, retry_after_s: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


# Answers that mean "not now": retried, after the server's Retry-After when it gives one.
RETRY_LATER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str, *, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds to wait (RFC 9110: delay-seconds or an HTTP-date); None if unreadable."""
    text = value.strip()
    if text.isdigit():
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or clock.now()
    return max((when - now).total_seconds(), 0.0)


class _Deadline:
    """When a download must be over, and which limit sets that time (for the message)."""

    def __init__(self, at: float, limit: str):
        self.at = at
        self.limit = limit

    def remaining(self) -> float:
        return self.at - time.monotonic()


class Fetcher:
    """Downloads pages from the GACC host, politely and in full, or says why not.

    * ``timeout``: (connect, read) seconds.
    * ``retries``: further attempts after the first on timeouts, connection errors,
      incomplete bodies and 5xx, with exponential backoff (``backoff_base_s`` · 2^n, half
      of it random); never on 4xx, off-host redirects or oversized pages.
    * ``polite_delay_s``: minimum gap between requests; default 0.2 s for a remote host and
      0 for 127.0.0.1/localhost.
    * deadlines: ``settings.fetch_page_deadline_s`` for all attempts at one page,
      ``settings.fetch_run_budget_s`` for everything this fetcher downloads; they run on the
      real monotonic clock, whatever ``clock`` is.
    * ``sleep``, ``jitter`` and ``clock`` are injectable so tests run without waiting.

    Use as a context manager (or call :meth:`close`).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retries: int = 4,
        backoff_base_s: float = 0.5,
        polite_delay_s: float | None = None,
        max_bytes: int = MAX_PAGE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
        accept_statuses: frozenset[int] = frozenset({200}),
    ):
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = settings.base_url
        self.retries = retries
        self.backoff_base_s = backoff_base_s
        host = (urlsplit(settings.base_url).hostname or "").lower()
        self.polite_delay_s = (
            (0.0 if host in LOOPBACK_HOSTS else REMOTE_POLITE_DELAY_S) if polite_delay_s is None else polite_delay_s
        )
        self.max_bytes = max_bytes
        # Statuses whose body is the answer (an API's 204 or its error body is evidence, not a failed download).
        self.accept_statuses = accept_statuses
        self.page_deadline_s = settings.fetch_page_deadline_s
        self.run_budget_s = settings.fetch_run_budget_s
        self._run_deadline = _Deadline(
            time.monotonic() + self.run_budget_s,
            f"the run's download budget of {self.run_budget_s:g} s (CUSTOMS_WH_FETCH_RUN_BUDGET_S)",
        )
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._last_request_at: float | None = None
        connect_s, read_s = timeout
        self._timeouts = (connect_s, read_s)
        self._client = httpx.Client(
            timeout=httpx.Timeout(connect=connect_s, read=read_s, write=read_s, pool=connect_s),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            follow_redirects=False,  # each hop is checked against the host policy below
            transport=transport,
        )
        self.attempts = 0  # requests sent, retries included: for logs and tests

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> bytes:
        """The full body of ``url``; raises :class:`FetchError` with a one-line reason."""
        return self.fetch(url)[1]

    def fetch(self, url: str) -> tuple[int, bytes]:
        """The status and full body of ``url`` (a status of ``accept_statuses``); else :class:`FetchError`."""
        refusal = host_refusal(url, self.base_url)
        if refusal is not None:
            raise FetchError(url, f"refused: {refusal}")
        deadline = self._page_deadline()
        if deadline.remaining() <= 0:
            raise FetchError(url, f"not downloaded: {deadline.limit} is spent")
        attempts = self.retries + 1
        failure = _Retryable("not attempted")
        for attempt in range(attempts):
            if attempt:
                self._wait_before_retry(url, attempt, failure, deadline)
            try:
                return self._get_following_redirects(url, deadline)
            except _Retryable as retryable:
                failure = retryable
                log.warning("fetch %s failed (attempt %d of %d): %s", url, attempt + 1, attempts, failure.reason)
        raise FetchError(url, f"{failure.reason} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})")

    def _wait_before_retry(self, url: str, attempt: int, failure: _Retryable, deadline: _Deadline) -> None:
        """The server's Retry-After when it gave one, else the backoff; never past the deadline."""
        wait = self._backoff(attempt) if failure.retry_after_s is None else failure.retry_after_s
        if wait >= deadline.remaining():
            asked = "" if failure.retry_after_s is None else f", Retry-After {failure.retry_after_s:g} s"
            raise FetchError(url, f"{failure.reason}{asked}: another attempt would end after {deadline.limit}")
        self._sleep(wait)

    def _page_deadline(self) -> _Deadline:
        page = _Deadline(
            time.monotonic() + self.page_deadline_s,
            f"the {self.page_deadline_s:g} s deadline for one page (CUSTOMS_WH_FETCH_PAGE_DEADLINE_S)",
        )
        return page if page.at <= self._run_deadline.at else self._run_deadline

    def _request_timeout(self, deadline: _Deadline) -> httpx.Timeout:
        """No single wait may outlast the deadline: a read then times out instead."""
        remaining = max(deadline.remaining(), 0.001)
        connect_s, read_s = self._timeouts
        return httpx.Timeout(
            connect=min(connect_s, remaining),
            read=min(read_s, remaining),
            write=min(read_s, remaining),
            pool=min(connect_s, remaining),
        )

    def _backoff(self, attempt: int) -> float:
        # Half fixed, half random ("equal jitter"): spreads retries yet always waits a little.
        step = self.backoff_base_s * (2 ** (attempt - 1))
        return step / 2 + self._jitter() * step / 2

    def _wait_politely(self) -> None:
        if self.polite_delay_s and self._last_request_at is not None:
            remaining = self.polite_delay_s - (self._clock() - self._last_request_at)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request_at = self._clock()

    def _get_following_redirects(self, url: str, deadline: _Deadline) -> tuple[int, bytes]:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._wait_politely()
            if deadline.remaining() <= 0:
                raise FetchError(url, f"not downloaded within {deadline.limit}")
            self.attempts += 1
            try:
                with self._client.stream("GET", current, timeout=self._request_timeout(deadline)) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        refusal = host_refusal(target, self.base_url)
                        if refusal is not None:
                            raise FetchError(url, f"redirect off-host to {target}")
                        current = target
                        continue
                    return self._read_body(url, response, deadline)
            except httpx.TimeoutException as exc:
                if deadline.remaining() <= 0:
                    raise FetchError(url, f"timed out ({type(exc).__name__}) at {deadline.limit}") from None
                raise _Retryable(f"timed out ({type(exc).__name__})") from None
            except httpx.RemoteProtocolError as exc:  # e.g. closed before Content-Length bytes
                raise _Retryable(f"incomplete response: {one_line(exc)}") from None
            except httpx.TransportError as exc:
                raise _Retryable(f"connection error: {one_line(exc)}") from None
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _read_body(self, url: str, response: httpx.Response, deadline: _Deadline) -> tuple[int, bytes]:
        status = response.status_code
        if status in RETRY_LATER_STATUSES or 500 <= status < 600:
            header = response.headers.get("retry-after")
            retry_after = retry_after_seconds(header) if header and status in RETRY_LATER_STATUSES else None
            raise _Retryable(f"HTTP {status} {response.reason_phrase}".strip(), retry_after)
        if status not in self.accept_statuses:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
        declared = _content_length(response)
        if declared is not None and declared > self.max_bytes:
            raise FetchError(url, f"page larger than {self.max_bytes} bytes (Content-Length {declared})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"page larger than {self.max_bytes} bytes")
            chunks.append(chunk)
            if deadline.remaining() <= 0:
                of = f" of {declared}" if declared is not None else ""
                raise FetchError(url, f"body too slow: {size}{of} bytes received by {deadline.limit}")
        # httpx already fails a connection closed early; this also covers a server that
        # ends the message cleanly but short of what it announced.
        received = response.num_bytes_downloaded
        if declared is not None and received < declared:
            raise _Retryable(f"incomplete body: received {received} of {declared} bytes")
        return status, b"".join(chunks)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
