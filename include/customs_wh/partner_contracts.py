"""What China's partners report (mirror statistics): the record types the partner sources (Census,
Comext, HMRC, the ECB's rates) hand to landing and the gates, and their vocabularies. A core module
like ``contracts``: every layer may import it; it imports only ``contracts``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import NamedTuple

from customs_wh.contracts import ParseError

# --- partner sources: what China's partners report (mirror statistics) -------------------------

# Each partner source has a folder of its own beside gacc/ (request forms, parser, reference codes).
PARTNER_SOURCES: tuple[str, ...] = ("census", "eurostat", "hmrc", "ecb")
# The trade sources; ecb gives the exchange rates that convert them to USD.
PARTNER_TRADE_SOURCES: tuple[str, ...] = ("census", "eurostat", "hmrc")
# A partner observation's product: the total of all goods, or an HS chapter ("01" … "99").
TOTAL_PRODUCT = "TOTAL"
# How each side values goods: customs value (US general imports, no freight and insurance), FAS (US exports,
# free alongside ship), CIF (EU and UK imports, GACC's imports), FOB (EU and UK exports, GACC's exports).
VALUATION_BASES: tuple[str, ...] = ("customs_value", "fas", "cif", "fob")


class PartnerObservation(NamedTuple):
    """One number a partner source publishes about its trade with China (the partner observation contract).

    ``flow`` is the reporter's view: ``import`` is the reporter's imports from the partner (China's
    exports, as GACC would record them). An aggregate row (the Census world row, Comext's product TOTAL
    beside its chapters, the EU27 beside its member states) is marked ``is_aggregate`` and never added to
    its detail rows. A suppressed row (HMRC's suppression index) has ``value`` None and ``suppressed``
    True: never summed as zero.
    """

    source: str  # census | eurostat | hmrc
    reporter: str  # ISO 3166 alpha-3 of the reporting country (USA, GBR, DEU …), or EU27_2020
    partner: str  # the partner as the source codes it: Census CTY_CODE "5700", Comext "CN", HMRC CountryId "720"
    partner_code: str  # ISO 3166 alpha-3 (CHN, HKG, MAC), WORLD for the world row
    flow: str  # import | export, from the reporter's view
    product: str  # TOTAL or an HS chapter "01" … "99"
    period_month: str  # YYYY-MM
    measure: str  # the source's variable: GEN_VAL_MO, CON_VAL_MO, ALL_VAL_MO, VALUE_IN_EUROS, Value
    value: float | None  # in currency units (not thousands); None when suppressed
    currency: str  # USD | EUR | GBP
    valuation: str  # one of VALUATION_BASES
    suppressed: bool
    is_aggregate: bool  # a world, total or EU27 row: never added to its detail rows

    def to_dict(self) -> dict:
        return self._asdict()


PARTNER_OBSERVATION_FIELDS: tuple[str, ...] = PartnerObservation._fields


class ExchangeRate(NamedTuple):
    """A monthly average reference rate: ``rate`` units of ``currency`` for one ``base`` (ECB: per euro)."""

    source: str  # ecb
    series_key: str  # M.USD.EUR.SP00.A
    currency: str  # USD | GBP
    base: str  # EUR
    period_month: str  # YYYY-MM
    rate: float

    def to_dict(self) -> dict:
        return self._asdict()


EXCHANGE_RATE_FIELDS: tuple[str, ...] = ExchangeRate._fields


@dataclass(frozen=True)
class PartnerRequest:
    """One request a partner source answers: what it asks for, where, and for which months."""

    source: str
    request_key: str  # stable name of what is asked: "imports/TOTAL/2024" — a new answer to it is a new vintage
    url: str  # the full request, query string included (never an API key: added at fetch time)
    first_month: str  # YYYY-MM
    last_month: str  # YYYY-MM

    @property
    def label(self) -> str:
        return f"{self.source} {self.request_key}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ParsedResponse:
    """A partner source's response that was read faithfully: its observations, or (ECB) its rates."""

    source: str
    observations: tuple[PartnerObservation, ...] = ()
    rates: tuple[ExchangeRate, ...] = ()
    next_url: str | None = None  # a paged answer's next page (HMRC's @odata.nextLink)

    @property
    def rows(self) -> tuple[PartnerObservation, ...] | tuple[ExchangeRate, ...]:
        return self.rates if self.source == "ecb" else self.observations


class NotPublished(ParseError):
    """A valid request whose month the source has not published yet (Census: HTTP 204, no content).

    Not a broken response: it is recorded, and the month is asked again later.
    """
