"""Release pages with the commodity tables (5) and (6) and the totals table (1), for tests.

The figures come from a small seeded model of China's trade: world exports and imports
month by month, and a catalogue of commodities (aggregates, members printed under others,
value-only rows, a quantity unit that changes) as fixed shares of the world with drifting
prices. Each page is printed the way GACC prints it: USD in "USD1 Million" (totals table:
"USD 100 Million"), CNY in "CNY 100 Million", one decimal, January to the month summed from
unrounded months, the same January-to-month a year earlier beside it, and the printed
year-on-year % of the cumulative figures. January is published as GACC has published it:
its own release up to 2019, together with February (cumulative only) from 2020 to 2025, and
from 2026 an ordinary February with no January release.

A page is JSON (the parsed release itself): :func:`parse_json_page` stands for the parser,
so these tests pin landing, gate 1 and the marts independently of the HTML parser.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from functools import cached_property

from customs_wh.contracts import COMMODITY_FLOWS, CommodityObservation, Observation, ParsedRelease, ReleaseRef

FLOWS = ("export", "import")
SECTION_OF_FLOW = {"export": 5, "import": 6}


@dataclass(frozen=True)
class Commodity:
    code: str
    label: str
    flow: str
    share: float  # of China's total exports or imports of the flow
    unit_price: float | None = None  # USD per quantity unit; None: a value-only row
    quantity_unit: str | None = None
    parent: str | None = None
    is_aggregate: bool = False
    # From this year on the unit is printed as ``new_unit``, the quantity divided by ``per_new_unit``.
    unit_change: tuple[int, str, float] | None = None

    def unit_in(self, year: int) -> str | None:
        if self.unit_change and year >= self.unit_change[0]:
            return self.unit_change[1]
        return self.quantity_unit

    def quantity_divisor(self, year: int) -> float:
        return self.unit_change[2] if self.unit_change and year >= self.unit_change[0] else 1.0


CATALOGUE = (
    Commodity("agricultural_products", "Agricultural products", "export", 0.028, is_aggregate=True),
    Commodity("aquatic_products", "Aquatic products", "export", 0.006, 5.0e6, "10,000 Tons", "agricultural_products"),
    Commodity("garments", "Garments and clothing accessories", "export", 0.045),
    Commodity(
        "aluminium",
        "Unwrought aluminium and aluminium products",
        "export",
        0.006,
        3.0e3,
        "Ton",
        None,
        False,
        (2025, "10,000 Tons", 1.0e4),
    ),
    Commodity(
        "mechanical_and_electrical_products", "Mechanical and electrical products", "export", 0.58, is_aggregate=True
    ),
    Commodity(
        "mobile_phones", "Mobile phones", "export", 0.037, 1.5e6, "10,000 Sets", "mechanical_and_electrical_products"
    ),
    Commodity(
        "electric_vehicles",
        "Electric vehicles",
        "export",
        0.011,
        2.0e8,
        "10,000 Autos",
        "mechanical_and_electrical_products",
    ),
    Commodity(
        "lithium_ion_batteries",
        "Lithium-ion batteries",
        "export",
        0.017,
        6.0e4,
        "10,000 PCS",
        "mechanical_and_electrical_products",
    ),
    Commodity("solar_cells", "Solar cells", "export", 0.009),
    Commodity("hi_tech_products", "Hi-tech products", "export", 0.26, is_aggregate=True),
    Commodity("agricultural_products", "Agricultural products", "import", 0.085, is_aggregate=True),
    Commodity("grain_food", "Grain food", "import", 0.03, 3.5e6, "10,000 Tons", "agricultural_products"),
    Commodity("soya_beans", "Soya beans", "import", 0.021, 4.5e6, "10,000 Tons", "grain_food"),
    Commodity("crude_petroleum", "Crude petroleum oils", "import", 0.13, 5.5e6, "10,000 Tons"),
    Commodity("integrated_circuits", "Electronic integrated circuits", "import", 0.15, 6.0e6, "100 Million PCS"),
    Commodity("hi_tech_products", "Hi-tech products", "import", 0.31, is_aggregate=True),
)

# Growth of each commodity's share of the world per year from 2024 (the "new three" grow fast).
SHARE_GROWTH = {"electric_vehicles": 0.20, "lithium_ion_batteries": 0.12, "solar_cells": 0.25, "hi_tech_products": 0.06}
SEASONAL = (0.075, 0.065, 0.08, 0.082, 0.085, 0.085, 0.088, 0.088, 0.086, 0.085, 0.088, 0.093)
WORLD_ANNUAL_USD = {"export": 3.40e12, "import": 2.56e12}


def month_add(month: str, months: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month_add(month, 1)
    return months


def january_released_alone(year: int) -> bool:
    return year <= 2019


def february_prints_its_month(year: int) -> bool:
    return year <= 2019 or year >= 2026


def release_months(first: str, last: str) -> list[str]:
    return [m for m in months_between(first, last) if m[5:] != "01" or january_released_alone(int(m[:4]))]


def prints_month_column(month: str) -> bool:
    return month[5:] != "02" or february_prints_its_month(int(month[:4]))


@dataclass
class Model:
    """Unrounded monthly figures (USD, quantity in the commodity's base unit) for every month."""

    first_year: int
    last_year: int
    seed: int = 7

    @cached_property
    def _figures(self) -> dict:
        rng = random.Random(self.seed)
        world, commodity_value, commodity_quantity, rate = {}, {}, {}, {}
        for month in months_between(f"{self.first_year - 1}-01", f"{self.last_year}-12"):
            year, number = int(month[:4]), int(month[5:7])
            rate[month] = 7.1 + 0.1 * math.sin(year + number / 12)
            for flow in FLOWS:
                growth = 1.04 ** (year - 2024)
                world[flow, month] = WORLD_ANNUAL_USD[flow] * growth * SEASONAL[number - 1] * rng.uniform(0.97, 1.03)
            for item in CATALOGUE:
                trend = (1 + SHARE_GROWTH.get(item.code, 0.0)) ** (year - 2024 + number / 12)
                value = world[item.flow, month] * item.share * trend * rng.uniform(0.9, 1.1)
                commodity_value[item.code, item.flow, month] = value
                if item.unit_price:
                    price = item.unit_price * (1.02 ** (year - 2024)) * rng.uniform(0.95, 1.05)
                    commodity_quantity[item.code, item.flow, month] = value / price
        return {"world": world, "value": commodity_value, "quantity": commodity_quantity, "rate": rate}

    def rate(self, month: str) -> float:
        return self._figures["rate"][month]

    def world(self, flow: str, months: list[str], currency: str = "USD") -> float:
        return sum(self._figures["world"][flow, m] * self._factor(currency, m) for m in months)

    def value(self, item: Commodity, months: list[str], currency: str = "USD") -> float:
        return sum(self._figures["value"][item.code, item.flow, m] * self._factor(currency, m) for m in months)

    def quantity(self, item: Commodity, months: list[str], unit_year: int) -> float | None:
        if not item.unit_price:
            return None
        return sum(self._figures["quantity"][item.code, item.flow, m] for m in months) / item.quantity_divisor(
            unit_year
        )

    def _factor(self, currency: str, month: str) -> float:
        return self.rate(month) if currency == "CNY" else 1.0


VALUE_UNITS = {
    # (section kind, currency) -> (unit as printed, scale)
    ("commodity", "USD"): ("USD1 Million", 1_000_000),
    ("commodity", "CNY"): ("CNY 100 Million", 100_000_000),
    ("totals", "USD"): ("USD 100 Million", 100_000_000),
    ("totals", "CNY"): ("CNY 100 Million", 100_000_000),
}


def _round(value: float) -> float:
    return round(value, 1)


def _growth(this: float, prior: float) -> float:
    return _round(100.0 * (this / prior - 1))


@dataclass
class Site:
    """The release pages of every table for the months first..last (both currencies)."""

    first: str
    last: str
    seed: int = 7

    @cached_property
    def model(self) -> Model:
        return Model(int(self.first[:4]), int(self.last[:4]), self.seed)

    def releases(self) -> list[tuple[int, str, str, str]]:
        """(section, currency, reference_month, release_kind) of every page."""
        pages = []
        for month in release_months(self.first, self.last):
            for section in (1, 5, 6):
                for currency in ("CNY", "USD"):
                    pages.append((section, currency, month, "preliminary"))
        return pages

    def parsed(self, section: int, currency: str, month: str, kind: str = "preliminary") -> ParsedRelease:
        if section == 1:
            return self._totals(currency, month, kind)
        return self._commodities(section, currency, month, kind)

    def refs(self, base_url: str) -> list[ReleaseRef]:
        return [
            ReleaseRef(section, currency, month, kind, f"{base_url}{page_path(section, currency, month, kind)}")
            for section, currency, month, kind in self.releases()
        ]

    def pages(self) -> dict[str, bytes]:
        """URL path -> JSON page, for a route table."""
        return {page_path(*release): to_json(self.parsed(*release)) for release in self.releases()}

    @staticmethod
    def publication_date(month: str, kind: str) -> str:
        published = month_add(month, 1) + "-10"
        return published if kind == "preliminary" else month_add(month, 2) + "-05"

    def _periods(self, month: str) -> list[tuple[str, list[str], str]]:
        """(period_kind, months, period_end) printed on a page of ``month``: this year's and a year earlier."""
        year = month[:4]
        year_to_date = months_between(f"{year}-01", month)
        year_earlier = [month_add(m, -12) for m in year_to_date]
        periods = [("ytd", year_to_date, month), ("ytd", year_earlier, month_add(month, -12))]
        if prints_month_column(month):
            periods.insert(0, ("month", [month], month))
        return periods

    def _commodities(self, section: int, currency: str, month: str, kind: str) -> ParsedRelease:
        flow = "export" if section == 5 else "import"
        unit, scale = VALUE_UNITS["commodity", currency]
        year = int(month[:4])
        common = dict(
            section=section,
            currency=currency,
            unit=unit,
            scale=scale,
            reference_month=month,
            publication_date=self.publication_date(month, kind),
            flow=flow,
        )
        observations = []
        for item in (c for c in CATALOGUE if c.flow == flow):
            row = dict(
                commodity=item.label,
                commodity_code=item.code,
                parent_code=item.parent,
                is_aggregate=item.is_aggregate,
                quantity_unit=item.unit_in(year),
            )
            printed = {}
            for period_kind, months, period_end in self._periods(month):
                value = self.model.value(item, months, currency) / scale
                quantity = self.model.quantity(item, months, year)
                printed[period_kind, period_end] = (value, quantity)
                start = months[0]
                observations.append(
                    CommodityObservation(
                        **common,
                        **row,
                        measure="value",
                        period_kind=period_kind,
                        period_start=start,
                        period_end=period_end,
                        value=_round(value),
                    )
                )
                if quantity is not None:
                    observations.append(
                        CommodityObservation(
                            **common,
                            **row,
                            measure="quantity",
                            period_kind=period_kind,
                            period_start=start,
                            period_end=period_end,
                            value=_round(quantity),
                        )
                    )
            (value, quantity), (prior_value, prior_quantity) = (
                printed["ytd", month],
                printed["ytd", month_add(month, -12)],
            )
            start = f"{year}-01"
            observations.append(
                CommodityObservation(
                    **common,
                    **row,
                    measure="value_yoy_pct",
                    period_kind="ytd",
                    period_start=start,
                    period_end=month,
                    value=_growth(value, prior_value),
                )
            )
            if quantity is not None:
                observations.append(
                    CommodityObservation(
                        **common,
                        **row,
                        measure="quantity_yoy_pct",
                        period_kind="ytd",
                        period_start=start,
                        period_end=month,
                        value=_growth(quantity, prior_quantity),
                    )
                )
        return ParsedRelease(
            section,
            currency,
            f"({section}) commodities",
            unit,
            scale,
            month,
            common["publication_date"],
            tuple(observations),
        )

    def _totals(self, currency: str, month: str, kind: str) -> ParsedRelease:
        unit, scale = VALUE_UNITS["totals", currency]
        common = dict(
            section=1,
            currency=currency,
            unit=unit,
            scale=scale,
            reference_month=month,
            publication_date=self.publication_date(month, kind),
            partner="Total",
            partner_code="WORLD",
            parent_code=None,
        )
        observations = []
        for period_kind, months, period_end in self._periods(month):
            # The totals table prints January-February cumulatively only: these tests are about
            # the commodity tables, whatever the partner marts make of a February month column.
            if period_end != month or (period_kind == "month" and month[5:] == "02"):
                continue
            figures = {flow: self.model.world(flow, months, currency) / scale for flow in FLOWS}
            figures["total"] = figures["export"] + figures["import"]
            for flow, value in figures.items():
                observations.append(
                    Observation(
                        **common,
                        flow=flow,
                        measure="value",
                        period_kind=period_kind,
                        period_start=months[0],
                        value=_round(value),
                    )
                )
                if period_kind == "ytd":
                    prior = [month_add(m, -12) for m in months]
                    prior_figures = {f: self.model.world(f, prior, currency) / scale for f in FLOWS}
                    prior_value = prior_figures[flow] if flow != "total" else sum(prior_figures.values())
                    observations.append(
                        Observation(
                            **common,
                            flow=flow,
                            measure="yoy_pct",
                            period_kind="ytd",
                            period_start=months[0],
                            value=_growth(value, prior_value),
                        )
                    )
        return ParsedRelease(
            1, currency, "(1) totals", unit, scale, month, common["publication_date"], tuple(observations)
        )


def page_path(section: int, currency: str, month: str, kind: str) -> str:
    return f"/Statics/{month}-s{section}-{currency}-{kind}.html"


def to_json(parsed: ParsedRelease) -> bytes:
    kind = "commodity" if parsed.section in COMMODITY_FLOWS else "partner"
    head = {
        k: getattr(parsed, k)
        for k in ("section", "currency", "title", "unit", "scale", "reference_month", "publication_date")
    }
    return json.dumps({**head, "kind": kind, "observations": [list(o) for o in parsed.observations]}).encode()


def parse_json_page(content: bytes, *, page: str, context=None) -> ParsedRelease:
    """Stands for the parser: reads a page :func:`to_json` wrote."""
    data = json.loads(content)
    record = CommodityObservation if data.pop("kind") == "commodity" else Observation
    observations = tuple(record(*fields) for fields in data.pop("observations"))
    return ParsedRelease(**data, observations=observations)
