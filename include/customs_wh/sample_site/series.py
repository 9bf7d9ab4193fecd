"""The series model: monthly world and partner values, final and as first published.

Generated once for the whole model range (2017-2026), so a page never depends on which
months a build covers:

* world exports/imports per month (USD 100 million) = annual level x seasonal profile x
  seeded noise, rescaled so every calendar year hits its calibrated total and kept on the
  year's grid (``calibration.WORLD_GRID``), so the calibrated totals print exactly;
* disjoint leaf partners as drifting shares of the world, the rest of the world a residual;
* CNY = USD x a smooth monthly CNY/USD rate.

A preliminary release may differ from the final figures in one or two partners' single-month
values (``revisions_for``) and, once, in the world total (``calibration.WORLD_PRELIMINARY_REVISIONS``);
the monthly bulletin prints the final figures.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from customs_wh.sample_site.calibration import (
    ANNUAL_EXPORTS,
    ANNUAL_IMPORTS,
    DEFAULT_WORLD_GRID,
    MODEL_FIRST_YEAR,
    MODEL_LAST_YEAR,
    MONTH_BALANCE_TARGETS,
    MONTHLY_NOISE,
    SEASONAL,
    SEED,
    SHARE_NOISE,
    SHOCKS,
    US_EXPORTS,
    US_EXPORTS_2025_OVER_2024,
    WORLD_GRID,
    cny_per_usd,
)
from customs_wh.sample_site.conventions import has_release
from customs_wh.sample_site.months import interpolate_by_mid_year, month_name, month_range, parse_month
from customs_wh.sample_site.partners import BASE_SHARE, COUNTRY_CODES, FLOWS, LEAVES, REST_OF_WORLD, share_multiplier

MODEL_MONTHS: tuple[str, ...] = tuple(month_range(f"{MODEL_FIRST_YEAR}-01", f"{MODEL_LAST_YEAR}-12"))
MODEL_INDEX = {month: index for index, month in enumerate(MODEL_MONTHS)}
REVISION_PROBABILITY = 0.1


def spread_to_total_tenths(weights: Sequence[float], total_tenths: int) -> list[int]:
    """Split an integer total (in 0.1 units) in proportion to weights; the last absorbs rounding."""
    scale = total_tenths / sum(weights)
    parts = [round(weight * scale) for weight in weights[:-1]]
    return parts + [total_tenths - sum(parts)]


def world_series(rng: random.Random) -> dict[str, list[float]]:
    """Monthly world exports and imports (USD 100 million), on each year's grid, year totals exact."""
    series: dict[str, list[float]] = {}
    for flow_index, (flow, annual) in enumerate((("export", ANNUAL_EXPORTS), ("import", ANNUAL_IMPORTS))):
        shape = []
        for month in MODEL_MONTHS:
            level = interpolate_by_mid_year(annual, month, log=True)
            number = parse_month(month)[1]
            shock = SHOCKS.get(month, (1.0, 1.0))[flow_index]
            shape.append(level * SEASONAL[flow][number - 1] * shock * (1 + rng.gauss(0, MONTHLY_NOISE)))
        series[flow] = shape
    world: dict[str, list[float]] = {"export": [], "import": []}
    for year in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1):
        grid = WORLD_GRID.get(year, DEFAULT_WORLD_GRID)

        def steps(value: float, grid: float = grid) -> int:
            return round(value / grid)

        start = MODEL_INDEX[month_name(year, 1)]
        exports = spread_to_total_tenths(series["export"][start : start + 12], steps(ANNUAL_EXPORTS[year]))
        december = month_name(year, 12)
        if december in MONTH_BALANCE_TARGETS:
            # The published December balance fixes December imports; the other
            # eleven months share the rest of the year's imports.
            december_imports = exports[11] - steps(MONTH_BALANCE_TARGETS[december])
            imports = spread_to_total_tenths(
                series["import"][start : start + 11], steps(ANNUAL_IMPORTS[year]) - december_imports
            ) + [december_imports]
        else:
            imports = spread_to_total_tenths(series["import"][start : start + 12], steps(ANNUAL_IMPORTS[year]))
        # Dividing by the inverse keeps the 0.1 grid's values exactly what they always were.
        world["export"] += [value / round(1 / grid) for value in exports]
        world["import"] += [value / round(1 / grid) for value in imports]
    return world


def leaf_series(world: dict[str, list[float]], rng: random.Random) -> dict[tuple[str, str], list[float]]:
    """Monthly USD values per (leaf, flow); the rest of the world is what the others leave."""
    values: dict[tuple[str, str], list[float]] = {}
    for flow in FLOWS:
        flow_index = FLOWS.index(flow)
        for leaf in LEAVES:
            if leaf == REST_OF_WORLD:
                continue
            base = BASE_SHARE[leaf][flow_index]
            values[(leaf, flow)] = [
                world[flow][index] * base * share_multiplier(leaf, flow, month) * (1 + rng.gauss(0, SHARE_NOISE))
                for index, month in enumerate(MODEL_MONTHS)
            ]
    calibrate_us_exports(values[("USA", "export")])
    for flow in FLOWS:
        rest = []
        for index in range(len(MODEL_MONTHS)):
            listed = sum(values[(leaf, flow)][index] for leaf in LEAVES if leaf != REST_OF_WORLD)
            rest.append(world[flow][index] - listed)
            if rest[-1] <= 0.05 * world[flow][index]:
                raise AssertionError(f"sample model: rest of world {flow} too small in {MODEL_MONTHS[index]}")
        values[(REST_OF_WORLD, flow)] = rest
    return values


def calibrate_us_exports(us_exports: list[float]) -> None:
    """Exports to the US as GACC reported them, and 2025 exactly 83% of 2024.

    A smooth path of correction factors through the calibrated years (so no year boundary
    jumps), then each calibrated year scaled onto its total; March-December 2025 carry the
    tariffs' fall.
    """
    raw = {year: sum(us_exports[year_slice(year)]) for year in US_EXPORTS}
    factors = {year: US_EXPORTS[year] / raw[year] for year in US_EXPORTS}
    for index, month in enumerate(MODEL_MONTHS):
        us_exports[index] *= interpolate_by_mid_year(factors, month, log=True)
    for year, target in US_EXPORTS.items():
        span = year_slice(year)
        scale = target / sum(us_exports[span])
        us_exports[span] = [value * scale for value in us_exports[span]]
    start_2024, start_2025 = MODEL_INDEX["2024-01"], MODEL_INDEX["2025-01"]
    target = US_EXPORTS_2025_OVER_2024 * sum(us_exports[start_2024 : start_2024 + 12])
    fixed = sum(us_exports[start_2025 : start_2025 + 2])
    scaled = sum(us_exports[start_2025 + 2 : start_2025 + 12])
    factor = (target - fixed) / scaled
    for index in range(start_2025 + 2, start_2025 + 12):
        us_exports[index] *= factor


def year_slice(year: int) -> slice:
    start = MODEL_INDEX[month_name(year, 1)]
    return slice(start, start + 12)


@dataclass(frozen=True)
class Revision:
    """A preliminary single-month value that the monthly bulletin corrects."""

    leaf: str
    flow: str
    preliminary_over_final: float


def revisions_for(month: str) -> tuple[Revision, ...]:
    """The corrections the bulletin of `month` makes (about one bulletin in ten has any).

    Seeded by the month alone so a page never depends on the span of a build. A January
    without a release of its own (folded into February, or unpublished) is never revised on its own.
    """
    rng = random.Random(f"{SEED}:revision:{month}")
    if not has_release(month) or rng.random() >= REVISION_PROBABILITY:
        return ()
    count = rng.choice((1, 2))
    leaves = rng.sample(sorted(COUNTRY_CODES), count)
    revisions = []
    for leaf in leaves:
        size = rng.uniform(0.003, 0.015) * rng.choice((-1, 1))
        revisions.append(Revision(leaf, rng.choice(FLOWS), 1 + size))
    return tuple(revisions)


@dataclass(frozen=True)
class TradeModel:
    """Final monthly values per (leaf, flow) in USD and CNY (100 million), over the model months."""

    world: dict[str, list[float]]
    usd: dict[tuple[str, str], list[float]]
    cny: dict[tuple[str, str], list[float]]

    def series(self, currency: str) -> dict[tuple[str, str], list[float]]:
        return self.usd if currency == "USD" else self.cny


@lru_cache(maxsize=1)
def trade_model() -> TradeModel:
    rng = random.Random(SEED)
    world = world_series(rng)
    usd = leaf_series(world, rng)
    rates = [cny_per_usd(month) for month in MODEL_MONTHS]
    cny = {key: [value * rate for value, rate in zip(values, rates, strict=True)] for key, values in usd.items()}
    return TradeModel(world=world, usd=usd, cny=cny)
