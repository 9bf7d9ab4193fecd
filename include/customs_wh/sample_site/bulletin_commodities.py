"""The commodity model behind the Bulletin's tables (13), (14), (17) and (18).

A commodity the preliminary catalogue prints keeps the preliminary model's monthly values
(``commodities.commodity_values``, tenths of USD 1 million) and quantities; the Bulletin prints them
to the thousand, refined below the preliminary's rounding (``bulletin_series.fine_offsets``), and the
quantities in its own unit. The other commodities are shares of their flow built the same way
(``commodities.raw_values`` with their own share), each calendar year on the 0.1 grid.

Tables (17)/(18) split selected commodities over the four major customs regimes with a mix of their
own (the real 12.2019 (18) page's for imports; processing trade weighs more for phones and chips
than for garments), processing shrinking over the years as it does for the country as a whole.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
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
# CONFIRMED from the text of three real (18) pages (7, 11 and 12.2019; docs/real-site-notes.md §10.5):
# four regimes, Ordinary Trade, Processing Trade, Bonded logistics and Other, no Total; the selected
# import commodities in the real page's order and wording, as far as the archive's text goes (to
# "Medical and pharmaceutical products") and as far as the sample's (14) prints the same commodity;
# soya beans a sub-item under cereals; crude petroleum with no "Other" (the real "- -"). Each mix is
# the real 12.2019 page's share of the commodity's value by regime. ASSUMED: the rows after the
# archive's text, and (17) for exports alike, its mixes those of table (5)'s regimes by kind of good.

REGIME_COLUMNS = ("GT", "PT", "BL", "OTR")
REGIME_HEADINGS = {"GT": "Ordinary Trade", "PT": "Processing Trade", "BL": "Bonded logistics", "OTR": "Other"}


@dataclass(frozen=True)
class SelectedCommodity:
    concept: str  # the (13)/(14) row whose values these split
    label: str  # as (17)/(18) print it
    sub_item: bool  # printed with a leading space under the row above
    mix: tuple[float, float, float, float]  # % of its value under GT, PT, BL, OTR around 2019


S = SelectedCommodity
SELECTED: dict[str, tuple[SelectedCommodity, ...]] = {
    "import": (
        S("fruit_nuts", "Fresh or dried fruits and nuts", False, (87.2, 6.5, 4.5, 1.9)),
        S("cereals_and_cereal_flour", "Cereals and cereal flour", False, (89.6, 5.3, 4.6, 0.3)),
        S("soya_beans", "Soya beans", True, (94.6, 1.6, 3.1, 0.6)),
        S("edible_oil", "Edible vegetable oil", False, (87.9, 0.8, 10.8, 0.3)),
        S("iron_ore", "Iron ores and concentrates", False, (90.6, 0.2, 8.3, 0.7)),
        S("copper_ore", "'Copper ores and concentrates", False, (67.0, 21.3, 11.7, 0.04)),
        S("coal", "Coal and lignite", False, (88.4, 0.01, 1.9, 8.9)),
        S("crude_petroleum", "Crude petroleum oil", False, (76.7, 7.7, 15.6, 0.0)),
        S("refined_petroleum", "Refined petroleum products", False, (38.4, 0.8, 60.8, 0.1)),
        S("medical_and_pharmaceutical_products", "Medical and pharmaceutical products", False, (43.7, 3.3, 52.0, 1.0)),
        # ASSUMED from here on (the archive's text ends at the row before).
        S("mineral_and_chemical_fertilizers", "Mineral or chemical fertilizer", False, (80.0, 5.0, 12.0, 3.0)),
        S("plastics_primary", "Plastics in primary forms", False, (60.0, 30.0, 6.0, 4.0)),
        S("integrated_circuits", "Electronic integrated circuits", False, (25.0, 50.0, 20.0, 5.0)),
        S("lcd_panels", "Flat panel display modules of liquid crystals", False, (20.0, 60.0, 15.0, 5.0)),
        S("motor_vehicles", "Motor vehicles (including chassis fitted with engines)", False, (80.0, 0.7, 15.0, 4.3)),
        S("medical_instruments", "Medical or surgical instruments and apparatuses", False, (75.0, 5.0, 15.0, 5.0)),
    ),
    "export": (
        S("mechanical_electrical", "Mechanical and electrical products", False, (50.0, 30.0, 8.0, 12.0)),
        S("mobile_phones", "Mobile phones", True, (35.0, 55.0, 5.0, 5.0)),
        S("laptops", "Laptops", True, (15.0, 70.0, 10.0, 5.0)),
        S("integrated_circuits", "Electronic integrated circuits", True, (35.0, 45.0, 12.0, 8.0)),
        S("household_appliances", "Electric appliances of household type", True, (75.0, 15.0, 3.0, 7.0)),
        S("hi_tech", "Hi-tech products", False, (40.0, 40.0, 10.0, 10.0)),
        S("textiles", "Textile yarn, fabrics and articles thereof", False, (80.0, 7.0, 1.0, 12.0)),
        S("garments", "Garments and clothing accessories", False, (80.0, 7.0, 1.0, 12.0)),
        S("footwear", "Footwear", False, (82.0, 8.0, 1.0, 9.0)),
        S("furniture", "Furniture and parts thereof", False, (85.0, 5.0, 1.0, 9.0)),
        S("toys", "Toys", False, (70.0, 15.0, 2.0, 13.0)),
        S("steel", "Products, of steel or iron", False, (90.0, 4.5, 1.0, 4.5)),
    ),
}
PROCESSING_DRIFT = 0.06  # yearly log fall of processing trade's weight in a commodity's mix
EMPTY_QUANTITY_PROBABILITY = 0.05  # a quantity cell left empty beside its value (the real pages have them)


def catalogue_row(flow: str, concept: str) -> BulletinCommodity:
    return next(row for row in CATALOGUE[flow] if row.concept == concept)


@cache
def regime_split(flow: str, selected: SelectedCommodity) -> dict[str, tuple[float, ...]]:
    """A selected commodity's monthly value (US$1,000) under each regime; they sum to its (13)/(14) value."""
    weights = {}
    for regime, share in zip(REGIME_COLUMNS, selected.mix, strict=True):
        if share == 0:
            weights[regime] = {2019: 0.0}  # none under this regime (crude petroleum's Other)
            continue
        drift = PROCESSING_DRIFT if regime == "PT" else 0.0
        weights[regime] = {year: share * math.exp(-drift * (year - 2019)) for year in (2017, 2019, 2026)}
    row = catalogue_row(flow, selected.concept)
    parts = split(commodity_thousands(flow, row), weights, MODEL_MONTHS, f"commodity-regime:{flow}:{row.concept}")
    return {regime: tuple(values) for regime, values in parts.items()}


@cache
def regime_quantities(flow: str, selected: SelectedCommodity) -> dict[str, tuple[float, ...]] | None:
    """The commodity's monthly quantity under each regime, at the month's unit value; None for value-only rows."""
    row = catalogue_row(flow, selected.concept)
    quantity = commodity_quantities(flow, row)
    if quantity is None:
        return None
    values, parts = commodity_thousands(flow, row), regime_split(flow, selected)
    return {
        regime: tuple(
            q * part / value if value else 0.0 for q, part, value in zip(quantity, parts[regime], values, strict=True)
        )
        for regime in REGIME_COLUMNS
    }


def empty_quantity(flow: str, selected: SelectedCommodity, regime: str, month: str) -> bool:
    """Whether the page leaves this quantity cell empty while printing the value (seeded, like the real gaps)."""
    rng = random.Random(f"{SEED}:regime-quantity-gap:{flow}:{selected.concept}:{regime}:{month}")
    return rng.random() < EMPTY_QUANTITY_PROBABILITY
