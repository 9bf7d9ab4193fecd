"""Shared record types and vocabularies: what discovery, parsing, landing, the gates and
the alerts hand to each other. Every layer may import this module; of the package it
imports only the rest of the core.

The observation fields are the observation contract (README) (``customs-wh parse`` output
and ``raw.observations``); change them only together with the dbt sources.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

from customs_wh import clock
from customs_wh.words import MONTH_NUMBER_PATTERN, is_month

RELEASE_KINDS: tuple[str, ...] = ("preliminary", "monthly_bulletin")
TOTALS_AND_COUNTRY_SECTIONS: tuple[int, ...] = (1, 4)
# The Monthly Bulletin's table (2), Imports and Exports by Country (Region): every partner, in US$1,000.
BULLETIN_PARTNER_SECTION = 2
# The sections raw.observations may hold: the preliminary tables (1) and (4), the Bulletin's (2).
OBSERVATION_SECTIONS: tuple[int, ...] = (*TOTALS_AND_COUNTRY_SECTIONS, BULLETIN_PARTNER_SECTION)
# The Preliminary Release's commodity tables: (5) China's Major Exports, (6) China's Major Imports
# by Quantity and Value (the Bulletin's (5) and (6) are breakdowns; its commodity tables are (13), (14)).
COMMODITY_SECTIONS: tuple[int, ...] = (5, 6)
# The flow of each commodity table: the Preliminary Release's (5), (6) and the Monthly Bulletin's
# (13) Major Export, (14) Major Import Commodities in Quantity and Value.
COMMODITY_FLOWS: dict[int, str] = {5: "export", 6: "import", 13: "export", 14: "import"}
BULLETIN_COMMODITY_SECTIONS: tuple[int, ...] = (13, 14)
CURRENCIES: tuple[str, ...] = ("CNY", "USD")


# Printed figures carry one decimal: a sum or difference of rounded figures may be off by a
# tenth. The parser and gate 1 allow exactly this much.
ROUNDING_TOLERANCE = 0.11
# CNY per USD a page's figures may imply: the yuan traded between 6.1 and 7.35 over 2018-2026.
# Outside this band a unit row or one edition's numbers are wrong: the parser bounds a CNY
# page's magnitudes with it, gate 1 the rate the CNY and USD editions of a table imply.
CNY_PER_USD_BAND = (5.8, 7.9)


@dataclass(frozen=True)
class PageContext:
    """What discovery knows of a release page before reading it: the index row names the table
    and the currency, the link names the month. Evidence for the parser, weighed with what the
    page itself prints; ``None`` where nothing is known (a saved page read on its own)."""

    section: int | None = None
    currency: str | None = None
    reference_month: str | None = None  # "YYYY-MM"
    release_kind: str | None = None  # the index that links it: "preliminary" | "monthly_bulletin"
    table: str | None = None  # a Monthly Bulletin table's code ("2"); None for the preliminary tables


@dataclass(frozen=True)
class ReleaseRef:
    """One release page listed on a GACC index page.

    A Monthly Bulletin table (``table`` set: "2", "13", …) is one page a month whose index row
    names no currency: ``currency`` is None until the page's unit row says it, and the release
    key names the table instead ("2026-06/t2/monthly_bulletin"). The Preliminary Release prints
    a page per currency and its rows name it ("2026-06/s4/USD/preliminary").
    """

    section: int
    currency: str | None
    reference_month: str  # "YYYY-MM": the last month the release covers
    release_kind: str  # "preliminary" | "monthly_bulletin"
    url: str
    title: str = ""
    table: str | None = None

    @property
    def release_key(self) -> str:
        if self.table is not None:
            return table_release_key(self.reference_month, self.table, self.release_kind)
        if self.currency is None:
            raise ValueError(f"{self.url}: a preliminary table's release names its currency")
        return release_key(self.reference_month, self.section, self.currency, self.release_kind)

    @property
    def context(self) -> PageContext:
        """What the index says of the page before it is read."""
        return PageContext(
            section=self.section,
            currency=self.currency,
            reference_month=self.reference_month,
            release_kind=self.release_kind,
            table=self.table,
        )

    @property
    def label(self) -> str:
        """How people name a release in alerts: "2025-06 section 4 USD (preliminary)",
        "2026-06 table 2 (monthly_bulletin)"."""
        if self.table is not None:
            return f"{self.reference_month} table {self.table} ({self.release_kind})"
        return f"{self.reference_month} section {self.section} {self.currency} ({self.release_kind})"

    def to_dict(self) -> dict:
        return asdict(self)


def release_key(reference_month: str, section: int, currency: str, release_kind: str) -> str:
    return f"{reference_month}/s{section}/{currency}/{release_kind}"


def table_release_key(reference_month: str, table: str, release_kind: str) -> str:
    """The key of a table printed once a month whatever its currency (the Monthly Bulletin's)."""
    return f"{reference_month}/t{table}/{release_kind}"


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
    # Digits printed after the point: 1 on the Preliminary Release's figures, 0 on the Monthly
    # Bulletin's integers (percentages: 1). Half a unit of the last digit is the print's rounding.
    decimals: int = 1
    # Not printed (GACC's "############" overflow) but given by an exact identity of printed
    # figures (total = exports + imports, or a flow = total - the other).
    is_derived: bool = False

    def to_dict(self) -> dict:
        return self._asdict()


OBSERVATION_FIELDS: tuple[str, ...] = Observation._fields


class CommodityObservation(NamedTuple):
    """One published number of a commodity table (the commodity observation contract): the Preliminary
    Release's (5) and (6), the Monthly Bulletin's (13) and (14).

    A quantity or value for a commodity, a period and a measure. The columns a page prints
    become ``measure`` x ``period_kind`` x (``period_start``, ``period_end``): the month
    (month), January to the month (ytd), and January to the same month a year earlier (ytd,
    a year earlier); GACC's printed year-on-year % of the cumulative quantity and value are
    ``quantity_yoy_pct`` and ``value_yoy_pct`` on the ytd period.
    """

    section: int  # 5 and 13 exports, 6 and 14 imports
    currency: str
    unit: str  # the value unit as printed: "USD1 Million", "CNY 100 Million"
    scale: int  # multiply a value by it to get currency units
    reference_month: str
    publication_date: str
    commodity: str  # the label as printed, without indentation and the aggregate mark
    commodity_code: str  # a stable slug of the label: "hi_tech_products"
    parent_code: str | None  # the commodity a row is indented under; null at top level
    is_aggregate: bool  # GACC's starred catalogue aggregates, which overlap the other rows
    flow: str  # export | import
    quantity_unit: str | None  # "10,000 Tons"; null where only a value is printed
    measure: str  # value | quantity | value_yoy_pct | quantity_yoy_pct
    period_kind: str  # month | ytd
    period_start: str  # first month the number covers
    period_end: str  # last month it covers: the reference month, or a year before it
    value: float
    # Digits printed after the point: 1 on the Preliminary Release's figures, 0 on the Monthly
    # Bulletin's integers (percentages: 1). Half a unit of the last digit is the print's rounding.
    decimals: int = 1

    def to_dict(self) -> dict:
        return self._asdict()


COMMODITY_OBSERVATION_FIELDS: tuple[str, ...] = CommodityObservation._fields
COMMODITY_MEASURES: tuple[str, ...] = ("value", "quantity", "value_yoy_pct", "quantity_yoy_pct")


class BreakdownObservation(NamedTuple):
    """One published number of a Bulletin table that splits China's trade (the breakdown observation
    contract): by product, (3) SITC, (4) HS sections and chapters, (15)/(16) selected partners by HS
    chapter (a row is TOTAL, a section, HS numeral "XVI" or SITC digit "7", or a chapter/division,
    ``parent_code`` its section); by how it is traded, (5) customs regimes, (6)/(7) enterprise types
    by regime, (8)/(9) provinces on two bases, (10) customs districts, (11) special areas, (12)
    foreign-invested enterprises (a row is TOTAL, a group, an item or an "of which" subset of its
    parent, codes from ``dbt_project/seeds/gacc_structure_labels.csv``)."""

    table_code: str  # "3" … "12", "15", "16"
    section: int  # the number GACC prints before the title
    currency: str
    unit: str  # as printed: "US$1,000"
    scale: int
    reference_month: str
    publication_date: str
    classification: str  # BREAKDOWN_TABLES: hs | sitc | regime | … | foreign_invested
    item_code: str  # TOTAL | HS section numeral / two-digit chapter | SITC digit / division | a seed's code
    item_label: str  # as printed
    item_level: str  # BREAKDOWN_ITEM_LEVELS of the classification
    parent_code: str | None  # the row it lies under (a section, a province, a kind of area; TOTAL); null on TOTAL
    partner_code: str | None  # (15)/(16): the selected partner (table (2)'s code); null elsewhere
    flow: str  # export | import; total where the page prints exports + imports
    measure: str  # value | yoy_pct
    period_kind: str  # month | ytd
    period_start: str  # YYYY-MM
    value: float
    decimals: int = 0  # digits printed after the point (the Bulletin's integers; percentages 1)
    is_derived: bool = False  # not printed but given by an exact identity (total = exports + imports)
    enterprise_code: str | None = None  # (6)/(7): the enterprise type's column (TOTAL: all types); null elsewhere

    def to_dict(self) -> dict:
        return self._asdict()


class CommodityRegimeObservation(NamedTuple):
    """One published number of the Monthly Bulletin's (17) Exports / (18) Imports of Selected
    Commodities by Major Customs Regimes (the commodity regime observation contract): a selected
    commodity's quantity or value, January to the month, under one of four major regimes (Ordinary
    Trade, Processing Trade, Bonded logistics, Other: ``major_regime`` codes of
    ``dbt_project/seeds/gacc_structure_labels.csv``), or its printed year-on-year % change."""

    table_code: str  # "17" | "18"
    section: int  # 17 exports, 18 imports
    currency: str
    unit: str  # the value unit as printed: "US$1,000"
    scale: int
    reference_month: str
    publication_date: str
    commodity: str  # the label as printed, without its leading space and stray marks
    commodity_code: str  # keyed as (13)/(14) key theirs (gacc/commodities.py)
    parent_code: str | None  # the commodity a sub-item (a leading space) lies under; null at top level
    flow: str  # export | import
    regime_code: str  # GT | PT | BL | OTR
    quantity_unit: str | None  # "10000T", "T"; null where only values are printed
    measure: str  # value | quantity | value_yoy_pct | quantity_yoy_pct
    period_kind: str  # ytd: January to the reference month
    period_start: str  # YYYY-01
    value: float
    decimals: int = 0  # the Bulletin's integers; percentages 1

    def to_dict(self) -> dict:
        return self._asdict()


COMMODITY_REGIME_OBSERVATION_FIELDS: tuple[str, ...] = CommodityRegimeObservation._fields
# The tables of selected commodities by major customs regimes, by code: their flow.
COMMODITY_REGIME_TABLES: dict[str, str] = {"17": "export", "18": "import"}
BREAKDOWN_OBSERVATION_FIELDS: tuple[str, ...] = BreakdownObservation._fields
# The breakdown tables, by code: their classification and, for (15)/(16), their one flow.
BREAKDOWN_TABLES: dict[str, tuple[str, str | None]] = {
    "3": ("sitc", None),
    "4": ("hs", None),
    "15": ("hs", "export"),
    "16": ("hs", "import"),
    "5": ("regime", None),
    "6": ("enterprise_regime", "export"),
    "7": ("enterprise_regime", "import"),
    "8": ("trader_location", None),
    "9": ("goods_location", None),
    "10": ("customs_district", None),
    "11": ("special_area", None),
    "12": ("foreign_invested", None),
}
# The tables of how China trades (regimes, enterprises, places), read by bulletin_structure_table.
STRUCTURE_TABLES: frozenset[str] = frozenset({"5", "6", "7", "8", "9", "10", "11", "12"})
# Tables whose TOTAL is a part of China's trade (the special areas', the foreign-invested
# enterprises'), not the world's: never checked against table (2)'s TOTAL.
PART_OF_WORLD_TABLES: frozenset[str] = frozenset({"11", "12"})
BREAKDOWN_ITEM_LEVELS: dict[str, tuple[str, ...]] = {
    "hs": ("total", "section", "chapter"),
    "sitc": ("total", "section", "division"),
    **{
        classification: ("total", "group", "item", "of_which")
        for code, (classification, _) in BREAKDOWN_TABLES.items()
        if code in STRUCTURE_TABLES
    },
}


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
    observations: (
        tuple[Observation, ...]
        | tuple[CommodityObservation, ...]
        | tuple[BreakdownObservation, ...]
        | tuple[CommodityRegimeObservation, ...]
    ) = field(default_factory=tuple)
    # Row labels no reference names (alerted; their rows land under a placeholder code), and the
    # reference (a seed of dbt_project/seeds) that should name them.
    unmapped_labels: tuple[str, ...] = ()
    label_reference: str = "gacc_partner_labels.csv"


class ParseError(ValueError):
    """A page that cannot be read faithfully. ``str()`` is the one-line reason."""

    def __init__(self, page: str, reason: str):
        self.page = page
        self.reason = reason
        super().__init__(f"{page}: {reason}")


class PublishedAsImage(ParseError):
    """A release page whose table GACC published as a picture: no numbers in the HTML.

    A known gap, not a broken page: it is landed and recorded with the image's URL, alerted
    once, and later runs pass.
    """

    def __init__(self, page: str, image_url: str):
        self.image_url = image_url
        super().__init__(page, f"published as an image, no numbers in the HTML ({image_url})")


# --- alerts -------------------------------------------------------------------------


Severity = Literal["critical", "warning"]
SEVERITIES: tuple[str, ...] = ("critical", "warning")


@dataclass(frozen=True)
class Alert:
    """One thing a person should look at (a row of ``ops.alerts``).

    Each stage's result builds its own alerts; ``customs_wh.orchestration.alerts``
    delivers them.
    """

    run_id: str | None
    release: str | None  # e.g. "2025-06 section 4 USD (preliminary)"; None for run-wide problems
    check_name: str
    severity: Severity
    observed: str | None
    expected: str | None
    message: str
    raised_at: dt.datetime = field(default_factory=clock.utcnow)  # naive UTC, like the ops tables
    alert_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # A critical alert stops its run unless the failure policy held its page back.
    stops_run: bool = False
    # The mute rule (name and reason) that keeps it out of the run's message; recorded all the same.
    muted_by: str | None = None
    muted_reason: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"alert severity must be one of {SEVERITIES}, not {self.severity!r}")

    @classmethod
    def now(
        cls,
        *,
        run_id: str | None,
        release: str | None,
        check_name: str,
        severity: Severity,
        observed: Any,
        expected: Any,
        message: str,
        stops_run: bool | None = None,
    ) -> Alert:
        """An alert raised now; observed/expected are stored as text, as people read them.

        ``stops_run`` defaults to whether it is critical: pass False for a page held back.
        """
        return cls(
            run_id=run_id,
            release=release,
            check_name=check_name,
            severity=severity,
            observed=None if observed is None else str(observed),
            expected=None if expected is None else str(expected),
            message=message,
            stops_run=severity == "critical" if stops_run is None else stops_run and severity == "critical",
        )

    @property
    def subject(self) -> str:
        return f"[customs-wh {self.severity}] {self.release or 'run ' + str(self.run_id)}: {self.check_name} failed"

    @property
    def text(self) -> str:
        """The one message every channel carries: release, check, observed vs expected."""
        where = self.release or f"run {self.run_id}"
        return (
            f"[{self.severity.upper()}] customs-wh {where}: check {self.check_name} failed: "
            f"observed {self.observed}, expected {self.expected}. {self.message}"
            + (f" (run {self.run_id})" if self.run_id and self.release else "")
        )


# --- the months a refresh may ask for ---------------------------------------------------------

# GACC's English statistics pages begin with 2018: its index pages' year selectors go no further back.
FIRST_RELEASE_MONTH = "2018-01"
# The same floor as a JSON-schema pattern, for forms that cannot call check_month_range (the DAG's
# params): a well-formed month of 2018 or later (tests keep the two in step).
MONTH_FROM_FIRST_RELEASE_PATTERN = rf"^(?:201[89]|20[2-9][0-9]|2[1-9][0-9]{{2}})-{MONTH_NUMBER_PATTERN}$"


class MonthRangeError(ValueError):
    """A month or range of months a refresh cannot ask for; ``argument`` names the one at fault."""

    def __init__(self, argument: str, message: str):
        super().__init__(message)
        self.argument = argument


def check_month_range(from_month: str | None, through_month: str | None, *, today: dt.date | None = None) -> None:
    """Refuse a malformed month, one before GACC's first release or after the current month, and an
    empty (reversed) range. One definition for the command line, the DAG's params and the refresh;
    messages name the argument as ``from_month`` / ``through_month``.
    """
    today = today or clock.today()
    current = f"{today.year:04d}-{today.month:02d}"
    for argument, month in (("from_month", from_month), ("through_month", through_month)):
        if month is None:
            continue
        if not is_month(month):
            raise MonthRangeError(argument, f"{argument} {month!r} is not a month like 2025-06")
        if month < FIRST_RELEASE_MONTH:
            raise MonthRangeError(
                argument, f"{argument} {month} is before {FIRST_RELEASE_MONTH}, GACC's first English release"
            )
        if month > current:
            raise MonthRangeError(argument, f"{argument} {month} is after the current month {current}")
    if from_month and through_month and from_month > through_month:
        raise MonthRangeError(
            "from_month", f"from_month {from_month} is after through_month {through_month}: the range is empty"
        )
