"""The commodity model behind tables (5) and (6): monthly values and quantities per commodity.

Every commodity is a share of its flow's world value (the same world series as the totals
table (1)), moving along a smooth path through a few anchor years (read off the real pages,
section 4 of docs/real-site-notes.md: e.g. mechanical and electrical products about 60% of exports,
crude oil an eighth of imports), times seeded noise. Values are generated once for the whole
model range in USD million on the printed 0.1 grid, with every calendar year's total an exact
number of tenths, so:

* the calibrated growth rates print exactly: hi-tech exports 2025 over 2024, and electric
  vehicles + lithium-ion batteries + solar cells together 2025 over 2024 (``calibration``);
* cumulative figures are exact sums of the months, and the prior-year figures a page prints
  are exactly what the page of a year earlier printed.

The aggregates are series of their own, never sums of listed rows (they overlap them, as on
the real pages). A quantity is the value divided by a unit value that drifts slowly with the
commodity's price trend, so value per unit stays plausible month after month.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache

from customs_wh.sample_site.calibration import (
    COMMODITY_NOISE,
    HI_TECH_EXPORTS_2025_OVER_2024,
    MODEL_FIRST_YEAR,
    MODEL_LAST_YEAR,
    NEW_THREE,
    NEW_THREE_EXPORTS_2025_OVER_2024,
    SEED,
    UNIT_VALUE_NOISE,
)
from customs_wh.sample_site.catalogue import CatalogueRow
from customs_wh.sample_site.months import fractional_year, interpolate_by_mid_year, month_name
from customs_wh.sample_site.series import MODEL_INDEX, MODEL_MONTHS, spread_to_total_tenths, trade_model

# Share of the flow's world value at mid-year anchors (flat beyond the first and last anchor).
EXPORT_SHARES: dict[str, dict[int, float]] = {
    "agriculture": {2019: 0.031, 2024: 0.029},
    "aquatic": {2019: 0.0080, 2024: 0.0055},
    "grain": {2024: 0.0004},
    "rice": {2019: 0.0006},
    "chinese_medicine": {2019: 0.0005, 2024: 0.0003},
    "medical_pharmaceutical": {2024: 0.0070},
    "rare_earth": {2024: 0.00015},
    "coal": {2019: 0.0003},
    "coke": {2019: 0.0011},
    "crude_petroleum": {2019: 0.0001},
    "refined_petroleum": {2019: 0.0126, 2020: 0.0080, 2022: 0.0115, 2024: 0.0092},
    "fertilizers": {2019: 0.0030, 2024: 0.0025},
    "plastics": {2019: 0.0280, 2024: 0.0281},
    "suitcases": {2019: 0.0110, 2024: 0.0083},
    "textiles": {2019: 0.0480, 2020: 0.0595, 2021: 0.0435, 2024: 0.0393},
    "garments": {2019: 0.0604, 2024: 0.0401},
    "footwear": {2019: 0.0190, 2024: 0.0131},
    "ceramics": {2019: 0.0075, 2024: 0.0055},
    "precious_metals": {2019: 0.0040},
    "steel": {2019: 0.0220, 2021: 0.0240, 2024: 0.0224},
    "aluminium": {2019: 0.0060, 2024: 0.0055},
    "furniture": {2019: 0.0215, 2024: 0.0185},
    "toys": {2019: 0.0100, 2024: 0.0092},
    "mechanical_electrical": {2019: 0.5830, 2024: 0.5950, 2026: 0.6100},
    "general_machinery": {2024: 0.0200},
    "data_processing": {2019: 0.0660, 2021: 0.0700, 2024: 0.0561},
    "phones_and_parts": {2019: 0.0750},
    "mobile_phones": {2019: 0.0500, 2024: 0.0345},
    "household_appliances": {2024: 0.0282},
    "audio_video": {2024: 0.0102},
    "integrated_circuits": {2019: 0.0404, 2024: 0.0445},
    "electric_motors": {2019: 0.0050},
    "motor_vehicles": {2019: 0.0064, 2021: 0.0100, 2023: 0.0240, 2024: 0.0299, 2026: 0.0320},
    # Electric vehicles, lithium-ion batteries and solar cells: 2025 anchors near the calibrated growth.
    "electric_vehicles": {
        2019: 0.0009,
        2021: 0.0035,
        2022: 0.0080,
        2023: 0.0125,
        2024: 0.0118,
        2025: 0.0158,
        2026: 0.017,
    },
    "vehicle_parts": {2019: 0.0230, 2024: 0.0274},
    "ships": {2019: 0.0095, 2024: 0.0129},
    "lcd_panels": {2019: 0.0090, 2024: 0.0080},
    "lithium_ion_batteries": {
        2019: 0.006,
        2021: 0.0085,
        2022: 0.014,
        2023: 0.019,
        2024: 0.0171,
        2025: 0.0212,
        2026: 0.0225,
    },
    "solar_cells": {2019: 0.0070, 2021: 0.0085, 2022: 0.0145, 2023: 0.0125, 2024: 0.0090, 2025: 0.0088, 2026: 0.0085},
    "medical_instruments": {2024: 0.0055},
    "lamps": {2019: 0.0110, 2024: 0.0103},
    # About 29% of exports until 2021, 21% in 2024 (real pages: May 2019, January-February 2025).
    "hi_tech": {2019: 0.288, 2020: 0.300, 2021: 0.290, 2022: 0.255, 2023: 0.230, 2024: 0.207, 2025: 0.222, 2026: 0.228},
}
IMPORT_SHARES: dict[str, dict[int, float]] = {
    "agriculture": {2019: 0.0730, 2022: 0.0870, 2024: 0.0830},
    "meat": {2019: 0.0060, 2020: 0.0095, 2024: 0.0075},
    "fruit_nuts": {2024: 0.0070},
    "grain": {2019: 0.0220, 2021: 0.0330, 2024: 0.0300},
    "soya_beans": {2019: 0.0170, 2021: 0.0200, 2024: 0.0205},
    "edible_oil": {2024: 0.0030},
    "iron_ore": {2019: 0.0480, 2021: 0.0670, 2024: 0.0510},
    "copper_ore": {2019: 0.0160, 2024: 0.0220},
    "coal": {2019: 0.0110, 2022: 0.0150, 2024: 0.0210},
    "crude_petroleum": {2019: 0.1150, 2020: 0.0850, 2022: 0.1340, 2024: 0.1250, 2026: 0.1100},
    "refined_petroleum": {2024: 0.0120},
    "natural_gas": {2019: 0.0140, 2022: 0.0260, 2024: 0.0255},
    "rare_earth": {2024: 0.0006},
    "pharmaceuticals": {2019: 0.0150, 2024: 0.0165},
    "fertilizers": {2024: 0.0015},
    "cosmetics": {2019: 0.0060, 2021: 0.0075, 2024: 0.0058},
    "plastics_primary": {2019: 0.0250, 2024: 0.0210},
    "rubber": {2024: 0.0058},
    "wood": {2019: 0.0080, 2024: 0.0048},
    "pulp": {2024: 0.0085},
    "textiles": {2024: 0.0045},
    "steel": {2024: 0.0036},
    "copper": {2019: 0.0180, 2024: 0.0230},
    "mechanical_electrical": {2019: 0.4400, 2021: 0.4200, 2024: 0.3950},
    "machine_tools": {2024: 0.0024},
    "data_processing": {2024: 0.0220},
    "diodes": {2024: 0.0110},
    "integrated_circuits": {2019: 0.1470, 2021: 0.1600, 2024: 0.1490},
    "motor_vehicles": {2019: 0.0240, 2021: 0.0200, 2024: 0.0140, 2026: 0.0100},
    "vehicle_parts": {2019: 0.0170, 2024: 0.0090},
    "aircraft": {2019: 0.0110, 2021: 0.0040, 2024: 0.0060},
    "lcd_panels": {2024: 0.0040},
    "medical_instruments": {2024: 0.0072},
    "hi_tech": {2019: 0.3080, 2021: 0.3150, 2024: 0.3000},
}
SHARES = {"export": EXPORT_SHARES, "import": IMPORT_SHARES}
# Yearly log change of the value per quantity unit (prices), where it is not about flat.
PRICE_TRENDS: dict[str, float] = {
    "integrated_circuits": 0.04,
    "motor_vehicles": 0.03,
    "electric_vehicles": -0.03,
    "lithium_ion_batteries": -0.08,
    "mobile_phones": 0.03,
    "crude_petroleum": 0.02,
    "rare_earth": 0.05,
}
INTEGER_UNITS = frozenset({"Ship", "ship", "Craft"})  # counts of whole things


def raw_values(flow: str, concept: str, anchors: dict[int, float] | None = None) -> list[float]:
    """Unrounded monthly values (USD million): the flow's world value x the share x noise.

    ``anchors`` (share of the flow at mid-year anchors) default to this catalogue's; the Bulletin's
    longer catalogue passes its own for the commodities the preliminary tables do not print.
    """
    world = trade_model().world[flow]
    path = SHARES[flow][concept] if anchors is None else anchors
    rng = random.Random(f"{SEED}:commodity:{flow}:{concept}")
    return [
        100 * world[index] * interpolate_by_mid_year(path, month, log=True) * (1 + rng.gauss(0, COMMODITY_NOISE))
        for index, month in enumerate(MODEL_MONTHS)
    ]


def year_slice(year: int) -> slice:
    start = MODEL_INDEX[month_name(year, 1)]
    return slice(start, start + 12)


def annual_targets(flow: str, raw: dict[str, list[float]]) -> dict[tuple[str, int], int]:
    """Each commodity's calendar-year total in tenths of USD million; 2025 exports calibrated."""
    targets = {
        (concept, year): round(10 * sum(values[year_slice(year)]))
        for concept, values in raw.items()
        for year in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1)
    }
    if flow == "export":
        targets[("hi_tech", 2025)] = round(targets[("hi_tech", 2024)] * HI_TECH_EXPORTS_2025_OVER_2024)
        # The three together rise by the calibrated rate; each keeps its own path's share of the 2025 total.
        total_2024 = sum(targets[(concept, 2024)] for concept in NEW_THREE)
        total_2025 = round(total_2024 * NEW_THREE_EXPORTS_2025_OVER_2024)
        raw_2025 = [targets[(concept, 2025)] for concept in NEW_THREE]
        for concept, tenths in zip(NEW_THREE, spread_to_total_tenths(raw_2025, total_2025), strict=True):
            targets[(concept, 2025)] = tenths
    return targets


@cache
def commodity_values(flow: str) -> dict[str, list[int]]:
    """Monthly values per commodity of a flow, in tenths of USD million (exact integers)."""
    raw = {concept: raw_values(flow, concept) for concept in SHARES[flow]}
    targets = annual_targets(flow, raw)
    values: dict[str, list[int]] = {}
    for concept, months in raw.items():
        values[concept] = []
        for year in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1):
            values[concept] += spread_to_total_tenths(months[year_slice(year)], targets[(concept, year)])
        if min(values[concept]) < 0:
            raise AssertionError(f"sample model: negative {flow} value for {concept}")
    return values


@cache
def unit_values(flow: str, concept: str, per_unit: float) -> tuple[float, ...]:
    """USD million per quantity unit, month by month: the mid-2024 level along the price trend."""
    rng = random.Random(f"{SEED}:unit-value:{flow}:{concept}:{per_unit}")
    trend = PRICE_TRENDS.get(concept, 0.0)
    return tuple(
        per_unit * math.exp(trend * (fractional_year(month) - 2024.5)) * (1 + rng.gauss(0, UNIT_VALUE_NOISE))
        for month in MODEL_MONTHS
    )


@cache
def quantities(flow: str, row: CatalogueRow) -> tuple[float, ...] | None:
    """Monthly quantities in the row's printed unit; whole numbers for counts; None for value-only rows."""
    if row.per_unit is None:
        return None
    values = commodity_values(flow)[row.concept]
    per_unit = unit_values(flow, row.concept, row.per_unit)
    monthly = tuple(value / 10 / price for value, price in zip(values, per_unit, strict=True))
    if row.unit in INTEGER_UNITS:
        return tuple(float(round(quantity)) for quantity in monthly)
    return monthly


@dataclass(frozen=True)
class CommodityFigures:
    """One printed row, unrounded: month, January-to-month and the same a year earlier, value and quantity."""

    value_month: float
    value_ytd: float
    value_prior_ytd: float
    quantity_month: float | None
    quantity_ytd: float | None
    quantity_prior_ytd: float | None


def commodity_figures(flow: str, row: CatalogueRow, reference_month: str, rate: list[float] | None) -> CommodityFigures:
    """A row's figures in USD million (``rate`` None) or CNY 100 million (``rate``: CNY per USD by model month)."""
    index = MODEL_INDEX[reference_month]
    number = int(reference_month[5:])
    first, prior = index - number + 1, index - 12
    tenths = commodity_values(flow)[row.concept]

    def value(position: int) -> float:
        usd_million = tenths[position] / 10
        return usd_million if rate is None else usd_million * rate[position] / 100

    quantity = quantities(flow, row)
    return CommodityFigures(
        value_month=value(index),
        value_ytd=sum(value(position) for position in range(first, index + 1)),
        value_prior_ytd=sum(value(position) for position in range(first - 12, prior + 1)),
        quantity_month=None if quantity is None else quantity[index],
        quantity_ytd=None if quantity is None else sum(quantity[first : index + 1]),
        quantity_prior_ytd=None if quantity is None else sum(quantity[first - 12 : prior + 1]),
    )
