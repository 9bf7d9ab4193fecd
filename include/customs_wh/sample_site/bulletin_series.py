"""The Monthly Bulletin's series: the final figures in US$1,000, the world split into every country.

The Bulletin is the verified vintage. Its figures are the model's final ones (``series``), which
the Preliminary Release prints rounded to 0.1 of USD 1 million (a few of its own-month partner
values, and December 2025's world exports, as first published instead). The Bulletin prints
thousands, so it shows what the preliminary's rounding hid: the world totals, which the model
keeps on a coarse grid so the calibrated totals print exactly, carry a refinement of a few
thousand dollars (``fine_offsets``) whose running sum within a year never reaches half the
preliminary's last digit, so every preliminary month and year to date still rounds to what it
printed.

Countries split their preliminary leaf (``countries``): every month each country's share of its
leaf follows the real January-June 2026 weights with noise that grows as a country gets smaller,
and the smallest territories trade in some months only (GACC prints "-" for no trade, "0" for
less than US$500), as on the real page. Parts are normalised month by month, so a leaf is exactly
the sum of its countries and a continent of its members, before rounding.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from functools import cache

from customs_wh.sample_site.bulletin_releases import covers_from
from customs_wh.sample_site.calibration import MODEL_FIRST_YEAR, MODEL_LAST_YEAR, SEED
from customs_wh.sample_site.countries import (
    APEC_MEMBERS,
    ASEAN_FROM_2026,
    ASEAN_MEMBERS,
    COUNTRIES,
    EU_MEMBERS,
    Country,
)
from customs_wh.sample_site.months import parse_month
from customs_wh.sample_site.partners import COMPOSITION, FLOWS, LEAVES, REST_OF_WORLD
from customs_wh.sample_site.series import MODEL_INDEX, MODEL_MONTHS, trade_model

THOUSAND_PER_MODEL_UNIT = 100_000  # the model counts in USD 100 million
# Half the preliminary's last printed digit (USD 0.1 million), less one: the most a refinement
# may move a month or a year to date without changing what the preliminary printed.
FINE_LIMIT = 24
Series = dict[tuple[str, str], list[float]]


def fine_offsets(key: str) -> list[int]:
    """Per model month, thousands to add to a grid-valued series; within a year the running sum stays in ±FINE_LIMIT."""
    rng = random.Random(f"{SEED}:fine:{key}")
    offsets = []
    for _ in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1):
        running = 0
        for _ in range(12):
            target = rng.randint(-FINE_LIMIT, FINE_LIMIT)
            offsets.append(target - running)
            running = target
    return offsets


@cache
def world_thousands() -> dict[str, list[float]]:
    """World exports and imports per model month, US$1,000, final and refined."""
    world = trade_model().world
    return {
        flow: [
            value * THOUSAND_PER_MODEL_UNIT + offset
            for value, offset in zip(world[flow], fine_offsets(f"world:{flow}"), strict=True)
        ]
        for flow in FLOWS
    }


@cache
def leaf_thousands() -> Series:
    """The preliminary model's leaves in US$1,000; the rest of the world carries the world's refinement."""
    usd = trade_model().usd
    leaves = {key: [value * THOUSAND_PER_MODEL_UNIT for value in values] for key, values in usd.items()}
    for flow in FLOWS:
        offsets = fine_offsets(f"world:{flow}")
        leaves[(REST_OF_WORLD, flow)] = [
            value + offset for value, offset in zip(leaves[(REST_OF_WORLD, flow)], offsets, strict=True)
        ]
    return leaves


def weight(country: Country, flow: str) -> int:
    return country.export_weight if flow == "export" else country.import_weight


def scatter(monthly_weight: float) -> tuple[float, float]:
    """(log-normal noise, chance of a month without trade) for a country of this size (US$1,000 a month)."""
    if monthly_weight >= 1_000_000:
        return 0.05, 0.0
    if monthly_weight >= 10_000:
        return 0.12, 0.0
    if monthly_weight >= 100:
        return 0.35, 0.0
    return 0.8, 0.35 if monthly_weight >= 5 else 0.6


def split_leaf(total: Sequence[float], members: Sequence[Country], flow: str) -> Series:
    """A leaf's monthly values split among its countries (countries without this flow stay at zero)."""
    raw: dict[str, list[float]] = {}
    for country in members:
        base = weight(country, flow)
        if base == 0:
            raw[country.code] = [0.0] * len(total)
            continue
        noise, no_trade = scatter(base / 6)
        rng = random.Random(f"{SEED}:country:{country.code}:{flow}")
        raw[country.code] = [0.0 if rng.random() < no_trade else base * math.exp(rng.gauss(0, noise)) for _ in total]
    norms = [sum(values) for values in zip(*raw.values(), strict=True)]
    return {
        (code, flow): [value * whole / norm for value, whole, norm in zip(values, total, norms, strict=True)]
        for code, values in raw.items()
    }


@cache
def country_series() -> Series:
    """Every country's monthly exports and imports, US$1,000, over the model months."""
    leaves = leaf_thousands()
    series: Series = {}
    for leaf in LEAVES:
        members = [country for country in COUNTRIES if country.leaf == leaf]
        for flow in FLOWS:
            if [country.code for country in members] == [leaf]:
                series[(leaf, flow)] = list(leaves[(leaf, flow)])
            else:
                series.update(split_leaf(leaves[(leaf, flow)], members, flow))
    return series


def summed(codes: Sequence[str], series: Series, flow: str) -> list[float]:
    return [sum(values) for values in zip(*(series[(code, flow)] for code in codes), strict=True)]


@cache
def group_series() -> Series:
    """Continents and the groups table (2) prints, per flow, US$1,000."""
    countries, leaves = country_series(), leaf_thousands()
    groups: Series = {}
    for flow in FLOWS:
        for continent in {country.continent for country in COUNTRIES}:
            members = [country.code for country in COUNTRIES if country.continent == continent]
            groups[(continent, flow)] = summed(members, countries, flow)
        asean = summed(ASEAN_MEMBERS, countries, flow)
        newcomer = summed(ASEAN_FROM_2026, countries, flow)
        groups[("ASEAN", flow)] = [
            value + (extra if month >= "2026-01" else 0.0)
            for value, extra, month in zip(asean, newcomer, MODEL_MONTHS, strict=True)
        ]
        groups[("EU", flow)] = summed(EU_MEMBERS, countries, flow)
        groups[("APEC", flow)] = summed(APEC_MEMBERS, countries, flow)
        for aggregate in ("RCEP", "BRI"):
            groups[(aggregate, flow)] = [
                sum(share * leaves[(leaf, flow)][index] for leaf, share in COMPOSITION[aggregate])
                for index in range(len(MODEL_MONTHS))
            ]
    return groups


# For each model month: its index, the index of its January, and the index of the first month its
# "month" columns cover (January for January-February 2020, printed as one period).
WINDOW_BOUNDS: dict[str, tuple[int, int, int]] = {
    month: (index, index - parse_month(month)[1] + 1, index - parse_month(month)[1] + covers_from(month))
    for month, index in MODEL_INDEX.items()
}


def window(values: Sequence[float], reference_month: str) -> tuple[float, float, float]:
    """(the month, January to the month, the same months a year earlier) of a model-month series.

    The model's first year has no year before it: its earlier months count as none (0).
    """
    index, first, month_first = WINDOW_BOUNDS[reference_month]
    prior = sum(values[first - 12 : index - 11]) if first >= 12 else 0.0
    return sum(values[month_first : index + 1]), sum(values[first : index + 1]), prior


# Running sums of the model's long-lived series (kept with the series they sum, so an id is never reused).
_RUNNING_SUMS: dict[int, tuple[Sequence[float], list[float]]] = {}


def running_sums(values: Sequence[float]) -> list[float]:
    entry = _RUNNING_SUMS.get(id(values))
    if entry is None or entry[0] is not values:
        sums, total = [0.0], 0.0
        for value in values:
            total += value
            sums.append(total)
        entry = _RUNNING_SUMS[id(values)] = (values, sums)
    return entry[1]


def cached_window(values: Sequence[float], reference_month: str) -> tuple[float, float, float]:
    """``window`` of a series the model keeps (cached), from its running sums: a build asks for each
    series' window once for each month of the site."""
    index, first, month_first = WINDOW_BOUNDS[reference_month]
    sums = running_sums(values)
    prior = sums[index - 11] - sums[first - 12] if first >= 12 else 0.0
    return sums[index + 1] - sums[month_first], sums[index + 1] - sums[first], prior
