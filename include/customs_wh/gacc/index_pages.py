"""One GACC index page → what it lists (pure): which index it is, its year, the pages of the
other years its selector offers, and the release pages its rows link.

Everything is read from what the page shows, tolerant of the site's inconsistent labels:

* Which index. Both real index pages print the breadcrumb "Monthly Bulletin", so the kind is
  decided by stronger evidence: the year selector's id (select#preliminarysel or
  select#monthlysel), the sentence above it, the active item of the Statistics menu, and the
  URL the page was reached by. The breadcrumb never decides alone.
* Year pages. The selector's own targets: its script (``$("#preliminarysel").val() == "2018"``
  → ``location.replace("…/preliminary2018.html")``), option values that are addresses, or
  links in the selector's block. No URL scheme is assumed.
* Rows. Each row's table and currency come from its label's words (labels.read_label): the
  2026 index prints "(3)" with the label of "(2)", "(8)Statistics Bulletin …" with no space
  and no links, and the Monthly Bulletin full-width "（2）Imports and Exports by Country
  （Region） of Origin/Destination". A Monthly Bulletin row is read by its words into its table's
  code (table_registry.BULLETIN_TABLES, gacc/tables.py): its links are listed with no currency (the
  page's unit row says it); a Bulletin table not read yet is recorded by name in
  ``IndexPage.not_read`` (no warning: the warehouse knows it skips it). Rows of other tables
  are skipped (logged at debug level); month links are " Feb." with unquoted absolute hrefs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urljoin, urlsplit

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from customs_wh.contracts import RELEASE_KINDS, TOTALS_AND_COUNTRY_SECTIONS, ReleaseRef
from customs_wh.gacc.fetch import host_refusal
from customs_wh.gacc.labels import LabelProblem, month_number, read_label
from customs_wh.gacc.tables import bulletin_table
from customs_wh.table_registry import BULLETIN, BULLETIN_TABLES_LANDED

log = logging.getLogger("customs_wh.gacc.discovery")

KIND_NAMES: dict[str, str] = {"preliminary": "Preliminary Release", "monthly_bulletin": "Monthly Bulletin"}
# The evidence each index prints of what it is (all CONFIRMED on saved copies of the real pages).
SELECTOR_IDS: dict[str, str] = {"preliminarysel": "preliminary", "monthlysel": "monthly_bulletin"}
SENTENCES: dict[str, str] = {
    "after the preliminary release": "preliminary",  # "Due to data verification after the preliminary release, …"
    "latest monthly statistics": "monthly_bulletin",  # "Latest monthly statistics may differ from …"
}
URL_WORDS: dict[str, str] = {
    "preliminary": "preliminary",
    "monthly": "monthly_bulletin",
    "bulletin": "monthly_bulletin",
}
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_SCRIPT_TARGET = re.compile(
    r"""val\(\)\s*={2,3}\s*["']?(\d{4})["']?\s*\)\s*\{\s*(?:window\.)?location(?:\.href)?\s*"""
    r"""(?:\.(?:replace|assign)\s*\(\s*|=\s*)["']([^"']+)["']""",
    re.ASCII,
)


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
    """What one index page says: its kind and year, the years it offers, its releases."""

    url: str
    release_kind: str
    year: int
    years: tuple[int, ...]  # every year the selector offers, newest first
    year_pages: dict[int, str]  # the page the selector names for each year it can go to
    releases: tuple[ReleaseRef, ...]
    refused: tuple[RefusedLink, ...] = ()
    unlabelled: tuple[str, ...] = field(default=())  # rows of a table read here that name no currency
    not_read: tuple[tuple[str, str], ...] = field(default=())  # (code, row label): Bulletin tables not read yet


def _has_class(name: str) -> str:
    """XPath predicate for "has CSS class ``name``" (lxml's cssselect needs an extra package)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _find(element: lxml_etree._Element, path: str) -> list[lxml_html.HtmlElement]:
    """The elements an XPath that selects elements finds (lxml types every XPath result as the union
    of all it can be; on a page lxml.html parsed, an element is an HtmlElement)."""
    return cast(list[lxml_html.HtmlElement], element.xpath(path))


def _text(element: lxml_html.HtmlElement) -> str:
    """Visible text with &nbsp; and runs of whitespace collapsed."""
    return " ".join(element.text_content().replace("\xa0", " ").split())


def index_kind(tree: lxml_html.HtmlElement, url: str, expected: str) -> str:
    """Which index the page is, by the evidence it prints; ``expected`` (the kind of the entry
    page that led here) decides a tie. Raises when the evidence names the other kind."""
    votes: list[tuple[str, str]] = []
    for select in _find(tree, "//select[@id]"):
        kind = SELECTOR_IDS.get(select.get("id", "").strip().lower())
        if kind:
            votes.append((kind, f"select#{select.get('id')}"))
    sentence = " ".join(_text(div) for div in _find(tree, f"//div[{_has_class('nr-n-content-detail')}]/div"))
    for words, kind in SENTENCES.items():
        if words in sentence.lower():
            votes.append((kind, f"the sentence {words!r}"))
    for item in _find(tree, "//li[contains(@class, 'active')]"):
        label = _text(item)
        for kind, name in KIND_NAMES.items():
            if name.lower() in label.lower():
                votes.append((kind, f"the active menu item {label!r}"))
    path = urlsplit(url).path.lower()
    for word, kind in URL_WORDS.items():
        if word in path:
            votes.append((kind, f"the address {path!r}"))
            break
    counts = {kind: sum(1 for voted, _ in votes if voted == kind) for kind in RELEASE_KINDS}
    other = next(kind for kind in RELEASE_KINDS if kind != expected)
    if counts[other] > counts[expected]:
        evidence = ", ".join(what for kind, what in votes if kind == other)
        raise DiscoveryError(
            url,
            f"reached as the {KIND_NAMES[expected]} index, but the page is the {KIND_NAMES[other]} index ({evidence})",
        )
    return expected


def selector_years(tree: lxml_html.HtmlElement, page: str) -> tuple[tuple[int, ...], dict[int, str], int | None]:
    """(the years offered, newest first; the target the page names for each; the selected year)."""
    selects = _find(tree, "//select[@id]")
    selects = [s for s in selects if s.get("id", "").strip().lower() in SELECTOR_IDS] or selects
    if not selects:
        raise DiscoveryError(page, "no year selector (select#preliminarysel or select#monthlysel)")
    years: set[int] = set()
    targets: dict[int, str] = {}
    selected = None
    for option in _find(selects[0], ".//option"):
        value, label = (option.get("value") or "").strip(), _text(option)
        year_text = value if _YEAR.match(value) else label
        if not _YEAR.match(year_text):
            raise DiscoveryError(page, f"year selector has an option {label or value!r} that is not a year")
        year = int(year_text)
        years.add(year)
        if option.get("selected") is not None:
            selected = year
        if value and not _YEAR.match(value):
            targets[year] = value  # the option's value is the year page's address
    script = "\n".join(element.text or "" for element in _find(tree, "//script"))
    for year_text, target in _SCRIPT_TARGET.findall(script):
        targets.setdefault(int(year_text), target)
    block = selects[0].getparent()
    for link in _find(block, ".//a[@href]") if block is not None else ():
        if _YEAR.match(_text(link)):
            targets.setdefault(int(_text(link)), (link.get("href") or "").strip())
    return tuple(sorted(years, reverse=True)), {year: targets[year] for year in years if year in targets}, selected


def _same_page(one: str, other: str) -> bool:
    a, b = urlsplit(one), urlsplit(other)
    return (a.hostname or "") == (b.hostname or "") and a.path.lower().rstrip("/") == b.path.lower().rstrip("/")


def parse_index(
    html: bytes,
    index_url: str,
    release_kind: str,
    *,
    year: int | None = None,
    sections: Iterable[int] = TOTALS_AND_COUNTRY_SECTIONS,
    bulletin_tables: Iterable[str] = BULLETIN_TABLES_LANDED,
    allowed_base: str | None = None,
) -> IndexPage:
    """Read one GACC index page into the releases it links (sections (1) and (4) by default).

    ``release_kind`` is the kind the page was reached as (checked against what it prints).
    ``year`` is the year the page shows when the caller knows it (a year page it followed);
    otherwise the year whose selector target is this page, the selected option, or the newest
    year offered (GACC serves the current year from the unsuffixed page). Links are resolved
    against ``index_url``; those off ``allowed_base`` (default: the index's own host) are
    refused, not returned. Raises :class:`DiscoveryError` when the page is not such an index.
    """
    if release_kind not in KIND_NAMES:
        raise ValueError(f"unknown release kind {release_kind!r}; expected one of {', '.join(RELEASE_KINDS)}")
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise DiscoveryError(index_url, f"not an HTML page ({exc})") from None
    index_kind(tree, index_url, release_kind)
    years, targets, selected = selector_years(tree, index_url)
    targets = {y: urljoin(index_url, target) for y, target in targets.items()}
    if year is None:
        own = [y for y, target in targets.items() if _same_page(target, index_url)]
        year = own[0] if len(own) == 1 else selected if selected is not None else years[0]
    tables = _find(tree, f"//div[{_has_class('nr-n-content-detail')}]//table")
    if not tables:
        raise DiscoveryError(index_url, "no release table inside div.nr-n-content-detail")
    wanted = _Wanted(frozenset(sections), frozenset(bulletin_tables))
    releases, refused, unlabelled, not_read = _rows(tables[0], index_url, release_kind, year, wanted, allowed_base)
    return IndexPage(
        url=index_url,
        release_kind=release_kind,
        year=year,
        years=years,
        year_pages=targets,
        releases=tuple(sorted(releases, key=lambda r: (r.reference_month, r.section, r.currency or "", r.table or ""))),
        refused=tuple(refused),
        unlabelled=tuple(unlabelled),
        not_read=tuple(not_read),
    )


@dataclass(frozen=True)
class _Wanted:
    sections: frozenset[int]  # the Preliminary Release's tables to list
    bulletin_tables: frozenset[str]  # the Monthly Bulletin's, by code


def _rows(
    table: lxml_html.HtmlElement,
    index_url: str,
    release_kind: str,
    year: int,
    wanted: _Wanted,
    allowed_base: str | None,
) -> tuple[list[ReleaseRef], list[RefusedLink], list[str], list[tuple[str, str]]]:
    releases: dict[str, ReleaseRef] = {}
    refused: list[RefusedLink] = []
    unlabelled: list[str] = []
    not_read: list[tuple[str, str]] = []
    for row in _find(table, ".//tr[td]"):
        cells = _find(row, "./td")
        title = _text(cells[0])
        spec = bulletin_table(title) if release_kind == BULLETIN else None
        if spec is not None:
            if spec.code not in wanted.bulletin_tables:
                not_read.append((spec.code, title))
                continue
            section, currency, code = spec.section, None, spec.code
        else:
            try:
                label = read_label(title)
            except LabelProblem as exc:
                log.warning("%s: row %r cannot be read (%s); its links are not followed", index_url, title, exc)
                continue
            if label.table is None or label.table not in wanted.sections or len(cells) < 2:
                log.debug("%s: skipping row %r (%s)", index_url, title, label.other_table or "not a table read here")
                continue
            if label.currency is None:
                if _find(cells[1], ".//a"):
                    unlabelled.append(title)
                continue
            section, currency, code = label.table, label.currency, None
        links = _find(cells[1], ".//a") if len(cells) > 1 else []
        for link in links:
            ref = _release(link, title, section, currency, index_url, release_kind, year, code)
            reason = host_refusal(ref.url, allowed_base or index_url)
            if reason is not None:
                log.warning("refused link on %s (%s): %s", index_url, title, reason)
                refused.append(RefusedLink(url=ref.url, page=index_url, reason=reason))
                continue
            known = releases.get(ref.release_key)
            if known is not None and known.url != ref.url:
                raise DiscoveryError(index_url, f"lists two pages for {ref.label}: {known.url} and {ref.url}")
            releases[ref.release_key] = ref
    return list(releases.values()), refused, unlabelled, not_read


def _release(
    link: lxml_html.HtmlElement,
    title: str,
    section: int,
    currency: str | None,
    index_url: str,
    kind: str,
    year: int,
    table: str | None,
) -> ReleaseRef:
    month = month_number(_text(link))
    href = (link.get("href") or "").strip()
    if month is None:
        raise DiscoveryError(index_url, f"row {title!r} has a link {_text(link)!r} that is not a month")
    if not href:
        raise DiscoveryError(index_url, f"row {title!r}: the {_text(link)} link has no href")
    return ReleaseRef(
        section=section,
        currency=currency,
        reference_month=f"{year:04d}-{month:02d}",
        release_kind=kind,
        url=urljoin(index_url, href),
        title=title,
        table=table,
    )
