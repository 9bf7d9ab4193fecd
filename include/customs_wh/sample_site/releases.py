"""The releases the sample site publishes: which tables, for which months, when."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from customs_wh.contracts import release_key
from customs_wh.sample_site.model import (
    CURRENCIES,
    MONTH_ABBREVIATIONS,
    PAGE_UUID_NAMESPACE,
    RELEASE_KINDS,
    SECTIONS,
    SEED,
    month_range,
    parse_month,
    shift_month,
)


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
        """Root-relative URL path, like the real /Statics/<id>.html links."""
        return f"/Statics/{uuid.uuid5(PAGE_UUID_NAMESPACE, self.key)}.html"

    @property
    def is_january_february(self) -> bool:
        return parse_month(self.reference_month)[1] == 2

    @property
    def period_label(self) -> str:
        year, number = parse_month(self.reference_month)
        if number == 2:
            return f"January-February {year}"
        return f"{MONTH_ABBREVIATIONS[number - 1]} {year}"

    @property
    def title(self) -> str:
        subject = "Values" if self.section == 1 else "Values by Country/Region"
        return f"({self.section}) China's Total Export & Import {subject}, {self.period_label} (in {self.currency})"

    @property
    def published_on(self) -> dt.date:
        return publication_date(self.reference_month, self.release_kind)


def publication_date(reference_month: str, release_kind: str) -> dt.date:
    """Preliminary: a day 7-20 of the next month; bulletin: three to five weeks after it."""
    rng = random.Random(f"{SEED}:published:{reference_month}")
    year, number = parse_month(shift_month(reference_month, 1))
    preliminary = dt.date(year, number, rng.randint(7, 20))
    if release_kind == "preliminary":
        return preliminary
    return preliminary + dt.timedelta(days=rng.randint(24, 36))


def release_months(first_month: str, last_month: str) -> list[str]:
    """Reference months with a release: January is folded into February."""
    return [month for month in month_range(first_month, last_month) if parse_month(month)[1] != 1]


def site_releases(first_month: str, last_month: str, bulletin_lag_months: int) -> list[Release]:
    newest_bulletin = shift_month(last_month, -bulletin_lag_months)
    releases = []
    for month in release_months(first_month, last_month):
        kinds = RELEASE_KINDS if month <= newest_bulletin else ("preliminary",)
        for kind in kinds:
            for section in SECTIONS:
                for currency in CURRENCIES:
                    releases.append(Release(month, section, currency, kind))
    return releases
