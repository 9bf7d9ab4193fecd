"""Discovery: which release pages GACC's index pages list.

Discovery reads the two index pages (Preliminary Release and Monthly Bulletin), one
per year, and turns the bulletin rows "(N) title (in CNY|USD)" and their month links
into :class:`~customs_wh.contracts.ReleaseRef` records. Parsing an index page is a
pure function (:func:`parse_index`); :func:`discover` only adds the HTTP around it.

Host policy: only links whose scheme is http/https and whose host:port equals
``GACC_BASE_URL``'s are followed. Anything else is refused, logged on the
``customs_wh.gacc.discovery`` logger and reported in :attr:`Discovery.refused`; the fetcher
refuses the same URLs and redirects that leave the host.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from customs_wh.config import Settings
from customs_wh.contracts import RELEASE_KINDS, SECTIONS, Alert, ReleaseRef
from customs_wh.gacc.fetch import Fetcher, host_refusal

log = logging.getLogger(__name__)

# Where each release kind's index lives under GACC_BASE_URL (shared site spec).
INDEX_PATHS: dict[str, str] = {"preliminary": "preliminary", "monthly_bulletin": "monthly"}
# The breadcrumb (a.g-pth-cur) each index page carries: the page must say what it lists.
INDEX_BREADCRUMBS: dict[str, str] = {"preliminary": "Preliminary Release", "monthly_bulletin": "Monthly Bulletin"}

BULLETIN_ROW = re.compile(r"^\((?P<section>\d+)\)\s*(?P<name>.+?)\s*\(in\s+(?P<currency>CNY|USD)\)$", re.IGNORECASE)
MONTH_ARG = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
YEAR_IN_URL = re.compile(r"/(?P<year>\d{4})\.html?$", re.IGNORECASE)
MONTH_BY_ABBREVIATION = {calendar.month_abbr[m].lower(): m for m in range(1, 13)}


# --- errors and small records ----------------------------------------------------


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

    def __init__(
        self,
        releases: Iterable[ReleaseRef] = (),
        *,
        refused: Iterable[RefusedLink] = (),
        index_pages: Iterable[str] = (),
    ):
        super().__init__(releases)
        self.refused: list[RefusedLink] = list(refused)
        self.index_pages: list[str] = list(index_pages)

    def alerts(self, run_id: str, base_url: str) -> list[Alert]:
        """A warning per link off the GACC host: never followed, but someone should know."""
        return [
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover: link off the GACC host",
                severity="warning",
                observed=refused.url,
                expected=f"links under {base_url}",
                message=f"{refused.page} links off the GACC host ({refused.reason}); the link was not followed.",
            )
            for refused in self.refused
        ]


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
    """ "Feb." → 2; "Sept." → 9; anything that is not a month → None."""
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
            pages.append(
                parse_index(
                    client.get(url), url, kind, year=year, sections=wanted_sections, allowed_base=settings.base_url
                )
            )
            read.append(url)
        for page in pages:
            found.extend(ref for ref in page.releases if in_window(ref.reference_month))
            refused.extend(page.refused)

    kind_order = {kind: i for i, kind in enumerate(RELEASE_KINDS)}
    found.sort(key=lambda r: (r.reference_month, r.section, r.currency, kind_order.get(r.release_kind, 99)))
    log.info("discovered %d release pages in %d index pages; refused %d links", len(found), len(read), len(refused))
    return Discovery(found, refused=refused, index_pages=read)
