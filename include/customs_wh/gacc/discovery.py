"""Discovery: which release pages GACC's index pages list.

Discovery starts from the two entry pages the site's own Statistics menu links, the
Preliminary Release (``/statics/report/preliminary.html``) and the Monthly Bulletin
(``/statics/report/monthly.html``), each showing the current year with a year selector. The
pages of other years are the ones the selector itself names (its script, option values or
links: see :mod:`customs_wh.gacc.index_pages`); no URL scheme is assumed for them. Reading an
index page is a pure function (:func:`~customs_wh.gacc.index_pages.parse_index`);
:func:`discover` adds the HTTP around it.

A year the selector offers whose page cannot be fetched or read (or which it names no page
for) is carried in :attr:`Discovery.unreachable`: a critical alert naming the address, and
the stage fails like a failed download. Never a silent gap.

Host policy: only links whose host:port equals ``GACC_BASE_URL``'s (over http or https) are
followed. Anything else is refused, logged on the ``customs_wh.gacc.discovery`` logger and
reported in :attr:`Discovery.refused`; the fetcher refuses the same URLs and redirects that
leave the host.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from customs_wh.config import Settings
from customs_wh.contracts import RELEASE_KINDS, TOTALS_AND_COUNTRY_SECTIONS, Alert, ReleaseRef
from customs_wh.gacc.fetch import Fetcher, FetchError, host_refusal
from customs_wh.gacc.index_pages import DiscoveryError, IndexPage, RefusedLink, parse_index
from customs_wh.table_registry import BULLETIN_TABLES_LANDED
from customs_wh.words import is_month

__all__ = ["Discovery", "DiscoveryError", "RefusedLink", "Unreachable", "discover", "entry_url", "parse_index"]

log = logging.getLogger(__name__)

# The entry page of each release kind under GACC_BASE_URL: the links of the site's own
# Statistics menu ("Preliminary Release", "Monthly Bulletin"), on every page of the site.
ENTRY_PATHS: dict[str, str] = {
    "preliminary": "/statics/report/preliminary.html",
    "monthly_bulletin": "/statics/report/monthly.html",
}


@dataclass(frozen=True)
class Unreachable:
    """An index page of a year the selector offers that could not be read."""

    url: str
    year: int
    release_kind: str
    reason: str


class Discovery(list):
    """The releases :func:`discover` found (a ``list[ReleaseRef]``), plus what it could not follow.

    ``refused`` holds every link the host policy turned down; ``unreachable`` every year page
    that could not be read; ``unlabelled`` index rows of a table read here that name no
    currency; ``index_pages`` the URLs read. Being a list keeps the common case plain.
    """

    def __init__(
        self,
        releases: Iterable[ReleaseRef] = (),
        *,
        refused: Iterable[RefusedLink] = (),
        index_pages: Iterable[str] = (),
        unreachable: Iterable[Unreachable] = (),
        unlabelled: Iterable[tuple[str, str]] = (),
        not_read: Iterable[tuple[str, str]] = (),
    ):
        super().__init__(releases)
        self.refused: list[RefusedLink] = list(refused)
        self.index_pages: list[str] = list(index_pages)
        self.unreachable: list[Unreachable] = list(unreachable)
        self.unlabelled: list[tuple[str, str]] = list(unlabelled)  # (index page, row label)
        # (table code, row label) of each Monthly Bulletin table listed but not read yet, once each.
        self.not_read: list[tuple[str, str]] = list(not_read)

    def failure(self) -> str | None:
        """Why the discovery is incomplete (a year page could not be read); None when it is whole."""
        if not self.unreachable:
            return None
        pages = "; ".join(f"{page.url} ({page.reason})" for page in self.unreachable)
        return f"{len(self.unreachable)} index page(s) of years GACC offers could not be read: {pages}"

    def alerts(self, run_id: str, base_url: str) -> list[Alert]:
        """A critical alert per year page that could not be read; a warning per link off the
        GACC host and per index row that names no currency (never followed, but someone should know)."""
        critical = [
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover: year page unreachable",
                severity="critical",
                observed=f"{page.url}: {page.reason}",
                expected=f"the {page.year} {page.release_kind.replace('_', ' ')} index page readable",
                message=(
                    f"The index offers {page.year} but its page {page.url} could not be read ({page.reason}); "
                    "its releases are not listed, so the run stops and the warehouse is unchanged."
                ),
            )
            for page in self.unreachable
        ]
        off_host = [
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
        unlabelled = [
            Alert.now(
                run_id=run_id,
                release=None,
                check_name="discover: index row without a currency",
                severity="warning",
                observed=label,
                expected="a row label naming its currency, like '(in CNY)'",
                message=f"{page} lists {label!r} without a currency; its links were not followed.",
            )
            for page, label in self.unlabelled
        ]
        return critical + off_host + unlabelled


def entry_url(base_url: str, release_kind: str) -> str:
    """The entry page of a release kind: the current year's index."""
    return base_url.rstrip("/") + ENTRY_PATHS[release_kind]


def _check_month(name: str, value: str | None) -> None:
    if value is not None and not is_month(value):
        raise ValueError(f"{name} {value!r} is not a month like 2025-06")


def discover(
    settings: Settings,
    client: Fetcher,
    *,
    from_month: str | None = None,
    through_month: str | None = None,
    release_kinds: Iterable[str] = RELEASE_KINDS,
    sections: Iterable[int] = TOTALS_AND_COUNTRY_SECTIONS,
    bulletin_tables: Iterable[str] = BULLETIN_TABLES_LANDED,
) -> Discovery:
    """Every release of ``release_kinds`` × ``sections`` listed for months in [from, through].

    ``sections`` defaults to the tables the warehouse loads (contracts.TOTALS_AND_COUNTRY_SECTIONS); the commodity
    tables (5) and (6) are discovered when asked for. ``bulletin_tables``: the Monthly Bulletin's
    tables to list, by code (default: those landed, table_registry.BULLETIN_TABLES_LANDED); the others
    are recorded by name in ``not_read``. Reads each kind's entry page, then the
    year pages its selector names for the other years in the window. An entry page that cannot
    be read raises (FetchError, DiscoveryError); a year page is recorded in ``unreachable``.
    """
    _check_month("from_month", from_month)
    _check_month("through_month", through_month)
    first_year = int(from_month[:4]) if from_month else None
    last_year = int(through_month[:4]) if through_month else None
    wanted_sections = tuple(sections)
    wanted_tables = tuple(bulletin_tables)

    def in_window(month: str) -> bool:
        return (from_month is None or month >= from_month) and (through_month is None or month <= through_month)

    def year_wanted(year: int) -> bool:
        return (first_year is None or year >= first_year) and (last_year is None or year <= last_year)

    def read(url: str, kind: str, year: int | None = None) -> IndexPage:
        return parse_index(
            client.get(url),
            url,
            kind,
            year=year,
            sections=wanted_sections,
            bulletin_tables=wanted_tables,
            allowed_base=settings.base_url,
        )

    found: list[ReleaseRef] = []
    result = Discovery()
    for kind in release_kinds:
        entry = entry_url(settings.base_url, kind)
        newest = read(entry, kind)
        result.index_pages.append(entry)
        pages = [newest] if year_wanted(newest.year) else []
        for year in newest.years:
            if year == newest.year or not year_wanted(year):
                continue
            target = newest.year_pages.get(year)
            if target is None:
                result.unreachable.append(Unreachable(entry, year, kind, "the year selector names no page for it"))
                continue
            reason = host_refusal(target, settings.base_url)
            if reason is not None:
                result.unreachable.append(Unreachable(target, year, kind, reason))
                continue
            try:
                pages.append(read(target, kind, year))
            except FetchError as exc:
                result.unreachable.append(Unreachable(target, year, kind, exc.reason))
                continue
            except DiscoveryError as exc:
                result.unreachable.append(Unreachable(target, year, kind, exc.reason))
                continue
            result.index_pages.append(target)
        for page in pages:
            found.extend(ref for ref in page.releases if in_window(ref.reference_month))
            result.refused.extend(page.refused)
            result.unlabelled.extend((page.url, label) for label in page.unlabelled)
            result.not_read.extend(entry for entry in page.not_read if entry not in result.not_read)

    kind_order = {kind: i for i, kind in enumerate(RELEASE_KINDS)}
    found.sort(
        key=lambda r: (
            r.reference_month,
            r.section,
            r.currency or "",
            kind_order.get(r.release_kind, 99),
            r.table or "",
        )
    )
    result.extend(found)
    for gone in result.unreachable:
        log.error("index page %s of %d could not be read: %s", gone.url, gone.year, gone.reason)
    log.info(
        "discovered %d release pages in %d index pages; refused %d links; %d year pages unreachable",
        len(result),
        len(result.index_pages),
        len(result.refused),
        len(result.unreachable),
    )
    if result.not_read:
        log.info(
            "Monthly Bulletin tables listed but not read yet: %s",
            "; ".join(f"({code}) {label}" for code, label in sorted(set(result.not_read))),
        )
    return result
