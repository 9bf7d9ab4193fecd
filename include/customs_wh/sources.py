"""Discovery and fetch: which release pages GACC lists, and how they are downloaded.

Discovery reads the two index pages (Preliminary Release and Monthly Bulletin), one
per year, and turns the bulletin rows "(N) title (in CNY|USD)" and their month links
into :class:`~customs_wh.contracts.ReleaseRef` records. Parsing an index page is a
pure function (:func:`parse_index`); :func:`discover` only adds the HTTP around it.

Host policy: only links whose scheme is http/https and whose host:port equals
``GACC_BASE_URL``'s are followed. Anything else is refused, logged on the
``customs_wh.sources`` logger and reported in :attr:`Discovery.refused`; the fetcher
refuses the same URLs and redirects that leave the host.
"""

from __future__ import annotations

import calendar
import logging
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from lxml import html as lxml_html

from customs_wh import __version__
from customs_wh.config import Settings
from customs_wh.contracts import RELEASE_KINDS, SECTIONS, ReleaseRef

log = logging.getLogger("customs_wh.sources")

USER_AGENT = f"customs-wh/{__version__} (+https://pypi.org/project/customs-wh/; offline-friendly trade statistics warehouse)"
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REMOTE_POLITE_DELAY_S = 0.2

# Where each release kind's index lives under GACC_BASE_URL (shared site spec).
INDEX_PATHS: dict[str, str] = {"preliminary": "preliminary", "monthly_bulletin": "monthly"}
# The breadcrumb (a.g-pth-cur) each index page carries: the page must say what it lists.
INDEX_BREADCRUMBS: dict[str, str] = {"preliminary": "Preliminary Release", "monthly_bulletin": "Monthly Bulletin"}

BULLETIN_ROW = re.compile(r"^\((?P<section>\d+)\)\s*(?P<name>.+?)\s*\(in\s+(?P<currency>CNY|USD)\)$", re.IGNORECASE)
MONTH_ARG = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
YEAR_IN_URL = re.compile(r"/(?P<year>\d{4})\.html?$", re.IGNORECASE)
MONTH_BY_ABBREVIATION = {calendar.month_abbr[m].lower(): m for m in range(1, 13)}


# --- errors and small records ----------------------------------------------------


class FetchError(RuntimeError):
    """A page that could not be downloaded in full. ``reason`` is one line, without the URL."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class DiscoveryError(ValueError):
    """An index page that does not have the GACC index layout. ``str()`` names the page."""

    def __init__(self, page: str, reason: str):
        self.page = page
        self.reason = reason
        super().__init__(f"{page}: {reason}")


@dataclass(frozen=True)
class RefusedLink:
    """A link an index page offered that the host policy refused to follow."""

    url: str
    page: str  # the index page that listed it
    reason: str


@dataclass(frozen=True)
class IndexPage:
    """What one index page says: the year it shows, the years it offers, its releases."""

    url: str
    release_kind: str
    year: int
    years: tuple[int, ...]
    releases: tuple[ReleaseRef, ...]
    refused: tuple[RefusedLink, ...] = ()


class Discovery(list):
    """The releases :func:`discover` found (a ``list[ReleaseRef]``), plus what it refused.

    ``refused`` holds every link the host policy turned down; ``index_pages`` the URLs
    read. Being a list keeps the common case (iterate, ``len``) plain.
    """

    def __init__(self, releases: Iterable[ReleaseRef] = (), *, refused: Iterable[RefusedLink] = (), index_pages: Iterable[str] = ()):
        super().__init__(releases)
        self.refused: list[RefusedLink] = list(refused)
        self.index_pages: list[str] = list(index_pages)


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
    if (origin[1], origin[2]) != (allowed[1], allowed[2]):
        return f"host {origin[1]}:{origin[2]} is not the GACC_BASE_URL host {allowed[1]}:{allowed[2]}"
    return None


# --- index pages (pure) -------------------------------------------------------------


def index_url(base_url: str, release_kind: str, year: int | None = None) -> str:
    """The index page of a release kind: the newest year's, or a given year's."""
    folder = INDEX_PATHS[release_kind]
    base = base_url.rstrip("/")
    if year is None:
        return f"{base}/statics/report/{folder}.html"
    return f"{base}/statics/report/{folder}/{year}.html"


def _has_class(name: str) -> str:
    """XPath predicate for "has CSS class ``name``" (lxml's cssselect needs an extra package)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(element) -> str:
    """Visible text with &nbsp; and runs of whitespace collapsed."""
    return " ".join(element.text_content().replace("\xa0", " ").split())


def _month_number(link_text: str) -> int | None:
    """"Feb." → 2; "Sept." → 9; anything that is not a month → None."""
    word = link_text.strip().rstrip(".").strip().lower()
    return MONTH_BY_ABBREVIATION.get(word[:3]) if len(word) >= 3 else None


def parse_index(
    html: bytes,
    index_url: str,
    release_kind: str,
    *,
    year: int | None = None,
    sections: Iterable[int] = SECTIONS,
    allowed_base: str | None = None,
) -> IndexPage:
    """Read one GACC index page into the releases it links (sections (1) and (4) by default).

    ``year`` is the year the page shows: given, else taken from a ``…/YYYY.html`` URL, else
    the newest year of the selector (the undated index shows the newest year). Links are
    resolved against ``index_url``; those off ``allowed_base`` (default: the index's own
    host) are refused, not returned. Raises :class:`DiscoveryError` when the page is not an
    index page of ``release_kind``.
    """
    if release_kind not in INDEX_BREADCRUMBS:
        raise ValueError(f"unknown release kind {release_kind!r}; expected one of {', '.join(RELEASE_KINDS)}")
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise DiscoveryError(index_url, f"not an HTML page ({exc})") from None

    breadcrumb = [_text(a) for a in tree.xpath(f"//a[{_has_class('g-pth-cur')}]")]
    expected_crumb = INDEX_BREADCRUMBS[release_kind]
    if breadcrumb and breadcrumb[-1] != expected_crumb:
        raise DiscoveryError(index_url, f"page says {breadcrumb[-1]!r} but was read as the {expected_crumb} index")
    if not breadcrumb:
        raise DiscoveryError(index_url, f"no breadcrumb a.g-pth-cur; expected {expected_crumb!r}")

    years = _selector_years(tree, index_url)
    page_year = year if year is not None else _page_year(index_url, years)

    tables = tree.xpath(f"//div[{_has_class('nr-n-content-detail')}]//table")
    if not tables:
        raise DiscoveryError(index_url, "no release table inside div.nr-n-content-detail")

    wanted = set(sections)
    releases: dict[str, ReleaseRef] = {}
    refused: list[RefusedLink] = []
    base = allowed_base or index_url
    for row in tables[0].xpath(".//tr[td]"):
        cells = row.xpath("./td")
        title = _text(cells[0])
        match = BULLETIN_ROW.match(title)
        if match is None or len(cells) < 2:
            log.debug("%s: ignoring row %r", index_url, title)
            continue
        section = int(match["section"])
        if section not in wanted:
            continue
        currency = match["currency"].upper()
        for link in cells[1].xpath(".//a"):
            month = _month_number(_text(link))
            href = (link.get("href") or "").strip()
            if month is None:
                raise DiscoveryError(index_url, f"row {title!r} has a link {_text(link)!r} that is not a month")
            if not href:
                raise DiscoveryError(index_url, f"row {title!r}: the {_text(link)} link has no href")
            url = urljoin(index_url, href)
            reason = host_refusal(url, base)
            if reason is not None:
                log.warning("refused link on %s (%s): %s", index_url, title, reason)
                refused.append(RefusedLink(url=url, page=index_url, reason=reason))
                continue
            ref = ReleaseRef(
                section=section,
                currency=currency,
                reference_month=f"{page_year:04d}-{month:02d}",
                release_kind=release_kind,
                url=url,
                title=title,
            )
            known = releases.get(ref.release_key)
            if known is not None and known.url != ref.url:
                raise DiscoveryError(index_url, f"lists two pages for {ref.label}: {known.url} and {ref.url}")
            releases[ref.release_key] = ref

    ordered = sorted(releases.values(), key=lambda r: (r.reference_month, r.section, r.currency))
    return IndexPage(
        url=index_url,
        release_kind=release_kind,
        year=page_year,
        years=years,
        releases=tuple(ordered),
        refused=tuple(refused),
    )


def _selector_years(tree, page: str) -> tuple[int, ...]:
    options = tree.xpath("//select[@id='preliminarysel']//option")
    if not options:
        raise DiscoveryError(page, "no year selector select#preliminarysel")
    years: set[int] = set()
    for option in options:
        value = (option.get("value") or _text(option)).strip()
        if not re.fullmatch(r"\d{4}", value):
            raise DiscoveryError(page, f"year selector has an option {value!r} that is not a year")
        years.add(int(value))
    return tuple(sorted(years, reverse=True))


def _page_year(page: str, years: tuple[int, ...]) -> int:
    match = YEAR_IN_URL.search(urlsplit(page).path)
    return int(match["year"]) if match else years[0]


# --- discovery (I/O) -------------------------------------------------------------------


def _check_month(name: str, value: str | None) -> None:
    if value is not None and not MONTH_ARG.match(value):
        raise ValueError(f"{name} {value!r} is not a month like 2025-06")


def discover(
    settings: Settings,
    client: Fetcher,
    *,
    from_month: str | None = None,
    through_month: str | None = None,
    release_kinds: Iterable[str] = RELEASE_KINDS,
    sections: Iterable[int] = SECTIONS,
) -> Discovery:
    """Every release of ``release_kinds`` × ``sections`` listed for months in [from, through].

    Reads each kind's undated index (newest year, and the year selector), then the year
    pages of the other years that intersect the window. Returns a :class:`Discovery`: a
    list of ReleaseRef ordered by month, section, currency, kind, with ``.refused``.
    """
    _check_month("from_month", from_month)
    _check_month("through_month", through_month)
    first_year = int(from_month[:4]) if from_month else None
    last_year = int(through_month[:4]) if through_month else None
    wanted_sections = tuple(sections)

    def in_window(month: str) -> bool:
        return (from_month is None or month >= from_month) and (through_month is None or month <= through_month)

    def year_wanted(year: int) -> bool:
        return (first_year is None or year >= first_year) and (last_year is None or year <= last_year)

    found: list[ReleaseRef] = []
    refused: list[RefusedLink] = []
    read: list[str] = []
    for kind in release_kinds:
        newest_url = index_url(settings.base_url, kind)
        newest = parse_index(
            client.get(newest_url), newest_url, kind, sections=wanted_sections, allowed_base=settings.base_url
        )
        read.append(newest_url)
        pages = [newest] if year_wanted(newest.year) else []
        for year in newest.years:
            if year == newest.year or not year_wanted(year):
                continue
            url = index_url(settings.base_url, kind, year)
            pages.append(parse_index(client.get(url), url, kind, year=year, sections=wanted_sections, allowed_base=settings.base_url))
            read.append(url)
        for page in pages:
            found.extend(ref for ref in page.releases if in_window(ref.reference_month))
            refused.extend(page.refused)

    kind_order = {kind: i for i, kind in enumerate(RELEASE_KINDS)}
    found.sort(key=lambda r: (r.reference_month, r.section, r.currency, kind_order.get(r.release_kind, 99)))
    log.info("discovered %d release pages in %d index pages; refused %d links", len(found), len(read), len(refused))
    return Discovery(found, refused=refused, index_pages=read)


# --- fetch ------------------------------------------------------------------------------


class _Retryable(Exception):
    """A failure worth another attempt (timeout, connection trouble, 5xx, short body)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Fetcher:
    """Downloads pages from the GACC host, politely and in full, or says why not.

    * ``timeout``: (connect, read) seconds.
    * ``retries``: further attempts after the first on timeouts, connection errors,
      incomplete bodies and 5xx, with exponential backoff (``backoff_base_s`` · 2^n, half
      of it random); never on 4xx, off-host redirects or oversized pages.
    * ``polite_delay_s``: minimum gap between requests; default 0.2 s for a remote host and
      0 for 127.0.0.1/localhost.
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
    ):
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = settings.base_url
        self.retries = retries
        self.backoff_base_s = backoff_base_s
        host = (urlsplit(settings.base_url).hostname or "").lower()
        self.polite_delay_s = (0.0 if host in LOOPBACK_HOSTS else REMOTE_POLITE_DELAY_S) if polite_delay_s is None else polite_delay_s
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._last_request_at: float | None = None
        connect_s, read_s = timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(connect=connect_s, read=read_s, write=read_s, pool=connect_s),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            follow_redirects=False,  # each hop is checked against the host policy below
            transport=transport,
        )
        self.attempts = 0  # requests sent, retries included: for logs and tests

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> bytes:
        """The full body of ``url``; raises :class:`FetchError` with a one-line reason."""
        refusal = host_refusal(url, self.base_url)
        if refusal is not None:
            raise FetchError(url, f"refused: {refusal}")
        attempts = self.retries + 1
        for attempt in range(attempts):
            if attempt:
                self._sleep(self._backoff(attempt))
            try:
                return self._get_following_redirects(url)
            except _Retryable as failure:
                log.warning("fetch %s failed (attempt %d of %d): %s", url, attempt + 1, attempts, failure.reason)
                last_reason = failure.reason
        raise FetchError(url, f"{last_reason} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})")

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

    def _get_following_redirects(self, url: str) -> bytes:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._wait_politely()
            self.attempts += 1
            try:
                with self._client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        refusal = host_refusal(target, self.base_url)
                        if refusal is not None:
                            raise FetchError(url, f"redirect off-host to {target}")
                        current = target
                        continue
                    return self._read_body(url, response)
            except httpx.TimeoutException as exc:
                raise _Retryable(f"timed out ({type(exc).__name__})") from None
            except httpx.RemoteProtocolError as exc:  # e.g. closed before Content-Length bytes
                raise _Retryable(f"incomplete response: {_one_line(exc) or type(exc).__name__}") from None
            except httpx.TransportError as exc:
                raise _Retryable(f"connection error: {_one_line(exc) or type(exc).__name__}") from None
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        status = response.status_code
        if 500 <= status < 600:
            raise _Retryable(f"HTTP {status} {response.reason_phrase}".strip())
        if status != 200:
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
        # httpx already fails a connection closed early; this also covers a server that
        # ends the message cleanly but short of what it announced.
        received = response.num_bytes_downloaded
        if declared is not None and received < declared:
            raise _Retryable(f"incomplete body: received {received} of {declared} bytes")
        return b"".join(chunks)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
