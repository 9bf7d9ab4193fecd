"""Shared record types: what discovery, parsing and landing hand to each other.

The observation fields are the observation contract (README) (``customs-wh parse`` output
and ``raw.observations``); change them only together with the dbt sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, NamedTuple

ReleaseKind = Literal["preliminary", "monthly_bulletin"]
RELEASE_KINDS: tuple[str, ...] = ("preliminary", "monthly_bulletin")
SECTIONS: tuple[int, ...] = (1, 4)
CURRENCIES: tuple[str, ...] = ("CNY", "USD")
# Printed figures carry one decimal: a sum or difference of rounded figures may be off by a
# tenth. The parser and gate 1 allow exactly this much.
ROUNDING_TOLERANCE = 0.11



@dataclass(frozen=True)
class ReleaseRef:
    """One release page listed on a GACC index page."""

    section: int
    currency: str
    reference_month: str  # "YYYY-MM": the last month the release covers
    release_kind: str  # "preliminary" | "monthly_bulletin"
    url: str
    title: str = ""

    @property
    def release_key(self) -> str:
        return release_key(self.reference_month, self.section, self.currency, self.release_kind)

    @property
    def label(self) -> str:
        """How people name a release in alerts: "2025-06 section 4 USD (preliminary)"."""
        return f"{self.reference_month} section {self.section} {self.currency} ({self.release_kind})"

    def to_dict(self) -> dict:
        return asdict(self)


def release_key(reference_month: str, section: int, currency: str, release_kind: str) -> str:
    return f"{reference_month}/s{section}/{currency}/{release_kind}"


class Observation(NamedTuple):
    """One published number (the observation contract).

    A named tuple, not a dataclass: a backfill builds a hundred thousand of them, and a tuple
    is built at C speed where a frozen dataclass sets its fields one by one.
    """

    section: int
    currency: str
    unit: str
    scale: int
    reference_month: str
    publication_date: str
    partner: str
    partner_code: str
    parent_code: str | None
    flow: str  # export | import | total
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd
    period_start: str
    value: float

    def to_dict(self) -> dict:
        return self._asdict()


OBSERVATION_FIELDS: tuple[str, ...] = Observation._fields


@dataclass(frozen=True)
class ParsedRelease:
    """A page that parsed faithfully: its header facts and every number on it."""

    section: int
    currency: str
    title: str
    unit: str
    scale: int
    reference_month: str
    publication_date: str
    observations: tuple[Observation, ...] = field(default_factory=tuple)


class ParseError(ValueError):
    """A page that cannot be read faithfully. ``str()`` is the one-line reason."""

    def __init__(self, page: str, reason: str):
        self.page = page
        self.reason = reason
        super().__init__(f"{page}: {reason}")
