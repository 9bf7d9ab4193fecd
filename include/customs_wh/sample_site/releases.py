"""The releases the sample site publishes: which tables, for which months, when, under which URL."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from customs_wh.contracts import COMMODITY_SECTIONS, CURRENCIES, SECTIONS, release_key
from customs_wh.sample_site import conventions
from customs_wh.sample_site.months import month_range, parse_month

# The tables the sample site prints: totals (1), by country (4), major exports (5) and imports (6).
PUBLISHED_SECTIONS: tuple[int, ...] = SECTIONS + COMMODITY_SECTIONS
PAGE_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "customs-wh/sample-site/release")


@dataclass(frozen=True)
class Release:
    reference_month: str
    section: int
    currency: str
    release_kind: str

    @property
    def key(self) -> str:
        return release_key(self.reference_month, self.section, self.currency, self.release_kind)

    @property
    def page_path(self) -> str:
        """Root-relative URL path, like the real /Statics/<id>.html pages."""
        return f"/Statics/{uuid.uuid5(PAGE_UUID_NAMESPACE, self.key)}.html"

    @property
    def year(self) -> int:
        return parse_month(self.reference_month)[0]

    @property
    def month_number(self) -> int:
        return parse_month(self.reference_month)[1]

    @property
    def is_january_february(self) -> bool:
        """A combined January-February release: cumulative columns only (2020-2025)."""
        return self.month_number == 2 and conventions.combined_january_february(self.year)

    @property
    def title(self) -> str:
        return conventions.title(self.reference_month, self.section, self.currency, self.release_kind)

    @property
    def published_on(self) -> dt.date:
        return conventions.publication_date(self.reference_month, self.release_kind)

    @property
    def printed_date(self) -> str:
        return conventions.printed_date(self.reference_month, self.published_on)

    @property
    def as_image(self) -> bool:
        return self.section == 4 and conventions.by_country_as_image(self.year)

    def has(self, incident: str) -> bool:
        return conventions.incident_at(incident, self.reference_month, self.section, self.currency, self.release_kind)


def release_months(first_month: str, last_month: str) -> list[str]:
    """Reference months with a release: January is folded into February from 2020."""
    return [month for month in month_range(first_month, last_month) if conventions.has_release(month)]


def site_releases(first_month: str, last_month: str) -> list[Release]:
    """The Preliminary Release's pages. The Monthly Bulletin prints other tables, in other pages:
    bulletin_releases.bulletin_pages."""
    return [
        Release(month, section, currency, "preliminary")
        for month in release_months(first_month, last_month)
        for section in PUBLISHED_SECTIONS
        for currency in CURRENCIES
    ]
