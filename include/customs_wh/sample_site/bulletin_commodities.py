"""The commodity model behind the Bulletin's tables (13), (14), (17) and (18).

A commodity the preliminary catalogue prints keeps the preliminary model's monthly values
(``commodities.commodity_values``, tenths of USD 1 million) and quantities; the Bulletin prints them
to the thousand, refined below the preliminary's rounding (``bulletin_series.fine_offsets``), and the
quantities in its own unit. The other commodities are shares of their flow built the same way
(``commodities.raw_values`` with their own share), each calendar year on the 0.1 grid.

Tables (17)/(18) split selected commodities over the major customs regimes with a mix of their
own (processing trade weighs more for phones and chips than for garments), processing shrinking
over the years as it does for the country as a whole.
"""

from __future__ import annotations

import math
import random
from functools import cache

from customs_wh.sample_site.bulletin_catalogue import CATALOGUE, NEW_THREE_MEMBERS, PAGE_WORLD, BulletinCommodity
from customs_wh.sample_site.bulletin_series import fine_offsets
from customs_wh.sample_site.calibration import MODEL_FIRST_YEAR, MODEL_LAST_YEAR, SEED
from customs_wh.sample_site.catalogue import CATALOGUES, CatalogueRow
from customs_wh.sample_site.commodities import SHARES, commodity_values, quantities, raw_values, year_slice
from customs_wh.sample_site.months import fractional_year
from customs_wh.sample_site.series import MODEL_MONTHS, spread_to_total_tenths
from customs_wh.sample_site.splits import split

THOUSAND_PER_TENTH = 100  # a tenth of USD 1 million


@cache
def preliminary_rows(flow: str) -> dict[str, CatalogueRow]:
    """The latest preliminary catalogue row of each concept (the 2026 wording first)."""
    rows: dict[str, CatalogueRow] = {}
    for era in ("2019", "2025", "2026"):
        rows.update({row.concept: row for row in CATALOGUES[(era, flow)]})
    return rows


def is_shared(flow: str, row: BulletinCommodity) -> bool:
    """A commodity the preliminary model carries (the new-trio row sums three of them)."""
    return row.concept in SHARES[flow] or row.concept == "new_three"


@cache
def parents(flow: str) -> dict[str, BulletinCommodity | None]:
    """Each row's parent: the nearest row above it a level higher (four &nbsp; a level, odd counts rounded up)."""
    found: dict[str, BulletinCommodity | None] = {}
    stack: list[BulletinCommodity] = []
    for row in CATALOGUE[flow]:
        while stack and level(stack[-1]) >= level(row):
            stack.pop()
        found[row.concept] = stack[-1] if stack else None
        stack.append(row)
    return found


def level(row: BulletinCommodity) -> int:
    return math.ceil(row.indent / 4)


def shared_descendants(flow: str, row: BulletinCommodity) -> list[BulletinCommodity]:
    rows = CATALOGUE[flow]
    start = rows.index(row)
    found = []
    for other in rows[start + 1 :]:
        if level(other) <= level(row):
            break
        if is_shared(flow, other) and other.concept != "new_three":
            found.append(other)
    return found


@cache
def new_concept_tenths(flow: str, concept: str, share: float) -> tuple[int, ...]:
    """A top-level commodity of the Bulletin alone: its share of the flow, each year on the 0.1 grid."""
    raw = raw_values(flow, concept, {2024: share})
    tenths: list[int] = []
    for year in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1):
        months = raw[year_slice(year)]
        tenths += spread_to_total_tenths(months, round(10 * sum(months)))
    return tuple(tenths)


def noisy(flow: str, concept: str) -> list[float]:
    rng = random.Random(f"{SEED}:bulletin-commodity:{flow}:{concept}")
    return [math.exp(rng.gauss(0, 0.04)) for _ in MODEL_MONTHS]


@cache
def commodity_thousands(flow: str, row: BulletinCommodity) -> tuple[float, ...]:
    """Monthly value, US$1,000, over the model months.

    A commodity the preliminary prints keeps its values; a row above such commodities is their
    sum grown by the real page's ratio; any other row is its real page's share of its parent (or,
    at the top, of the flow), so a row never outgrows the row it belongs to.
    """
    if row.concept == "new_three":
        members = [commodity_thousands(flow, r) for r in CATALOGUE[flow] if r.concept in NEW_THREE_MEMBERS]
        return tuple(sum(values) for values in zip(*members, strict=True))
    if is_shared(flow, row):
        offsets = fine_offsets(f"commodity:{flow}:{row.concept}")
        tenths = commodity_values(flow)[row.concept]
        return tuple(value * THOUSAND_PER_TENTH + offset for value, offset in zip(tenths, offsets, strict=True))
    descendants = shared_descendants(flow, row)
    if descendants and row.weight >= sum(d.weight for d in descendants):
        # It holds them on the real page: their sum, grown by the real ratio, never below it.
        base = [sum(values) for values in zip(*(commodity_thousands(flow, d) for d in descendants), strict=True)]
        ratio = row.weight / sum(d.weight for d in descendants)
        return tuple(
            value * max(1.001, ratio * factor) for value, factor in zip(base, noisy(flow, row.concept), strict=True)
        )
    parent = parents(flow)[row.concept]
    if parent is None:
        new_tenths = new_concept_tenths(flow, row.concept, row.weight / PAGE_WORLD[flow])
        return tuple(value * THOUSAND_PER_TENTH for value in new_tenths)
    share = min(0.97, row.weight / max(parent.weight, 1))
    return tuple(
        min(0.999 * whole, whole * share * factor)
        for whole, factor in zip(commodity_thousands(flow, parent), noisy(flow, row.concept), strict=True)
    )


@cache
def commodity_quantities(flow: str, row: BulletinCommodity) -> tuple[float, ...] | None:
    """Monthly quantity in the row's printed unit; None for value-only rows.

    A commodity the preliminary prints counts what the preliminary counts, converted to this
    row's unit; the others divide the value by a slowly drifting value per unit.
    """
    if row.per_unit is None or row.unit == "-":
        return None
    preliminary = preliminary_rows(flow).get(row.concept)
    if preliminary is not None and preliminary.per_unit is not None and row.concept in SHARES[flow]:
        counted = quantities(flow, preliminary)
        if counted is not None:  # always: the preliminary row has a unit
            factor = preliminary.per_unit / row.per_unit
            return tuple(quantity * factor for quantity in counted)
    rng = random.Random(f"{SEED}:bulletin-unit-value:{flow}:{row.concept}")
    values = commodity_thousands(flow, row)
    return tuple(
        value / 1000 / (row.per_unit * math.exp(0.01 * (fractional_year(month) - 2024.5)) * (1 + rng.gauss(0, 0.012)))
        for value, month in zip(values, MODEL_MONTHS, strict=True)
    )


# --- tables (17) and (18): selected commodities by major customs regimes ---------------------------

REGIME_COLUMNS = ("GT", "PA", "PIM", "SCL", "OTH")
# Per cent of the commodity's value under each regime around 2024: general trade, processing and
# assembling, processing with imported materials, logistics goods of special control areas, others.
REGIME_MIX: dict[str, dict[str, tuple[float, ...]]] = {
    "export": {
        "mechanical_electrical": (50, 5, 25, 8, 12),
        "hi_tech": (40, 7, 33, 10, 10),
        "integrated_circuits": (35, 10, 35, 12, 8),
        "mobile_phones": (35, 15, 40, 5, 5),
        "laptops": (15, 10, 60, 10, 5),
        "household_appliances": (75, 2, 13, 3, 7),
        "electric_vehicles": (85, 1, 5, 4, 5),
        "lithium_ion_batteries": (75, 2, 15, 5, 3),
        "textiles": (80, 1, 6, 1, 12),
        "garments": (80, 2, 5, 1, 12),
        "footwear": (82, 2, 6, 1, 9),
        "furniture": (85, 1, 4, 1, 9),
        "toys": (70, 3, 12, 2, 13),
        "steel": (90, 0.5, 4, 1, 4.5),
    },
    "import": {
        "mechanical_electrical": (40, 8, 25, 20, 7),
        "hi_tech": (30, 10, 30, 25, 5),
        "integrated_circuits": (25, 10, 40, 20, 5),
        "lcd_panels": (20, 15, 45, 15, 5),
        "motor_vehicles": (80, 0.2, 0.5, 15, 4.3),
        "medical_instruments": (75, 1, 4, 15, 5),
        "crude_petroleum": (90, 0.1, 1, 4, 4.9),
        "natural_gas": (95, 0.1, 0.1, 2, 2.8),
        "iron_ore": (92, 0.1, 1, 4, 2.9),
        "copper_ore": (85, 0.5, 8, 4, 2.5),
        "soya_beans": (97, 0.1, 0.1, 2, 0.8),
        "plastics_primary": (60, 5, 25, 6, 4),
    },
}
PROCESSING_DRIFT = 0.06  # yearly log fall of the processing regimes' weight in a commodity's mix


def selected(flow: str) -> tuple[BulletinCommodity, ...]:
    """The commodities tables (17)/(18) print, in the catalogue's order."""
    return tuple(row for row in CATALOGUE[flow] if row.concept in REGIME_MIX[flow])


@cache
def regime_split(flow: str, row: BulletinCommodity) -> dict[str, tuple[float, ...]]:
    """A selected commodity's monthly value (US$1,000) under each regime column; they sum to its value."""
    mix = REGIME_MIX[flow][row.concept]
    weights = {}
    for regime, share in zip(REGIME_COLUMNS, mix, strict=True):
        drift = PROCESSING_DRIFT if regime in ("PA", "PIM") else 0.0
        weights[regime] = {year: share * math.exp(-drift * (year - 2024)) for year in (2017, 2024, 2026)}
    parts = split(commodity_thousands(flow, row), weights, MODEL_MONTHS, f"commodity-regime:{flow}:{row.concept}")
    return {regime: tuple(values) for regime, values in parts.items()}
