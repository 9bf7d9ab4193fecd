"""The Bulletin's breakdowns of the world: HS chapters, SITC divisions, regimes, enterprises, places.

Every breakdown splits the Bulletin's world series (``bulletin_series.world_thousands``, US$1,000)
month by month, so each table's TOTAL is table (1) B's month and its parts add up to it before
rounding; a group row (an HS section, an SITC section, a province's kind of area) is the sum of
its members. "Of which" rows (cities under their province, a foreign-invested kind's regimes) are
subsets, never summed into their parent. Enterprise types x customs regimes is fitted to both
margins (``splits.fit_margins``), so table (5)'s regimes and the types' totals hold at once, and
so are foreign-invested enterprises' kinds x regimes (the FIE column of (6)/(7) and table (12)).
"""

from __future__ import annotations

import math
import random
from functools import cache

from customs_wh.sample_site.bulletin_series import Series, world_thousands
from customs_wh.sample_site.calibration import SEED
from customs_wh.sample_site.hs import CHAPTERS, EXPORT_PATHS, HS_SECTIONS, IMPORT_PATHS
from customs_wh.sample_site.partners import FLOWS
from customs_wh.sample_site.regimes import ENTERPRISE_TYPES, FIE_KINDS, KIND_AFFINITY, REGIMES, affinity
from customs_wh.sample_site.regions import (
    AREA_KINDS,
    CITIES,
    CUSTOMS_DISTRICTS,
    PROVINCES,
    SPECIFIC_AREAS,
    SPECIFIC_AREAS_SHARE,
)
from customs_wh.sample_site.series import MODEL_MONTHS
from customs_wh.sample_site.sitc import SITC_SECTIONS
from customs_wh.sample_site.splits import fit_margins, split, weight_path

MIN_SHARE = 0.003  # per cent: a chapter GACC prints is never empty for a whole year


def flow_split(key: str, weights: dict[str, dict[str, dict[int, float]]], **kwargs) -> Series:
    """Split each flow of the world by per-flow anchored weights; (code, flow) -> monthly US$1,000."""
    world = world_thousands()
    series: Series = {}
    for flow in FLOWS:
        anchors = {
            code: {year: max(share, MIN_SHARE) for year, share in per_flow[flow].items()}
            for code, per_flow in weights.items()
        }
        for code, values in split(world[flow], anchors, MODEL_MONTHS, f"{key}:{flow}", **kwargs).items():
            series[(code, flow)] = values
    return series


def summed(series: Series, members: tuple[str, ...], flow: str) -> list[float]:
    return [sum(values) for values in zip(*(series[(member, flow)] for member in members), strict=True)]


@cache
def hs_series() -> Series:
    """HS chapters ("01".."97") and sections ("SI".."SXXI") per flow."""
    weights = {
        chapter.code: {
            "export": EXPORT_PATHS.get(chapter.code, {2024: chapter.export_share}),
            "import": IMPORT_PATHS.get(chapter.code, {2024: chapter.import_share}),
        }
        for chapter in CHAPTERS
    }
    series = flow_split("hs", weights, noise=0.04, seasonal=0.06)
    for section in HS_SECTIONS:
        for flow in FLOWS:
            series[(section.code, flow)] = summed(series, section.chapters, flow)
    return series


@cache
def sitc_series() -> Series:
    """SITC divisions ("00".."97") and sections ("0".."9") per flow."""
    weights = {
        division.code: {"export": {2024: division.export_share}, "import": {2024: division.import_share}}
        for section in SITC_SECTIONS
        for division in section.divisions
    }
    series = flow_split("sitc", weights, noise=0.04, seasonal=0.05)
    for section in SITC_SECTIONS:
        for flow in FLOWS:
            series[(section.code, flow)] = summed(series, tuple(d.code for d in section.divisions), flow)
    return series


@cache
def regime_series() -> Series:
    """Table (5): each regime per flow; a regime without a flow (exports of duty-free goods, imports
    under contracting projects) is exactly nothing every month, so the pages print "-"."""
    world = world_thousands()
    series: Series = {}
    for flow in FLOWS:
        weights = {regime.code: regime.shares(flow) for regime in REGIMES if regime.shares(flow)}
        parts = split(world[flow], weights, MODEL_MONTHS, f"regime:{flow}", noise=0.03, seasonal=0.04)
        for regime in REGIMES:
            series[(regime.code, flow)] = parts.get(regime.code, [0.0] * len(MODEL_MONTHS))
    return series


@cache
def enterprise_series() -> Series:
    """Enterprise type x regime cells ("SOE/GT", ...) and type totals ("SOE", ...) per flow.

    The regimes' totals are table (5)'s exactly (the fit ends on them); the types' totals follow
    their calibrated shares within the fit's tolerance; a cell seeded at 0 (a type that never trades
    in a regime) stays 0.
    """
    weights = {kind.code: {"export": kind.export_share, "import": kind.import_share} for kind in ENTERPRISE_TYPES}
    types = flow_split("enterprise", weights, noise=0.02)
    regimes = regime_series()
    series: Series = {}
    for flow in FLOWS:
        present = [regime.code for regime in REGIMES if regime.shares(flow)]
        cells = {(kind.code, regime.code): [0.0] * len(MODEL_MONTHS) for kind in ENTERPRISE_TYPES for regime in REGIMES}
        for index in range(len(MODEL_MONTHS)):
            kinds = {kind.code: types[(kind.code, flow)][index] for kind in ENTERPRISE_TYPES}
            totals = {regime: regimes[(regime, flow)][index] for regime in present}
            seed = {
                (regime, kind): totals[regime] * kinds[kind] * affinity(flow, regime, kind)
                for regime in present
                for kind in kinds
            }
            # Rows are the regimes: the fit ends on them, so they stay table (5)'s.
            for (regime, kind), value in fit_margins(seed, totals, kinds, rounds=25).items():
                cells[(kind, regime)][index] = value
        for (kind, regime), values in cells.items():
            series[(f"{kind}/{regime}", flow)] = values
        for enterprise in ENTERPRISE_TYPES:
            series[(enterprise.code, flow)] = summed(
                series, tuple(f"{enterprise.code}/{r.code}" for r in REGIMES), flow
            )
    return series


@cache
def fie_series() -> Series:
    """Foreign-invested enterprises: FIE, its kinds x regimes ("EJV/PIM", fitted as the types are, ending
    on each regime's FIE cell), the kinds' totals (summing to "FIE": table (12)) and FIE's regimes."""
    enterprises = enterprise_series()
    series: Series = {}
    for flow in FLOWS:
        fie = enterprises[("FIE", flow)]
        series[("FIE", flow)] = fie
        kinds = split(fie, {code: shares for code, _, shares in FIE_KINDS}, MODEL_MONTHS, f"fie:{flow}")
        present = [r.code for r in REGIMES if any(enterprises[(f"FIE/{r.code}", flow)])]
        cells = {(kind, regime.code): [0.0] * len(MODEL_MONTHS) for kind in kinds for regime in REGIMES}
        for index in range(len(MODEL_MONTHS)):
            rows = {regime: enterprises[(f"FIE/{regime}", flow)][index] for regime in present}
            columns = {kind: values[index] for kind, values in kinds.items()}
            seed = {
                (regime, kind): rows[regime] * columns[kind] * KIND_AFFINITY.get(kind, {}).get(regime, 1.0)
                for regime in present
                for kind in columns
            }
            for (regime, kind), value in fit_margins(seed, rows, columns, rounds=25).items():
                cells[(kind, regime)][index] = value
        for (kind, regime), values in cells.items():
            series[(f"{kind}/{regime}", flow)] = values
        for kind in kinds:
            series[(kind, flow)] = summed(series, tuple(f"{kind}/{r.code}" for r in REGIMES), flow)
        for each in REGIMES:
            series[(f"FIE/{each.code}", flow)] = enterprises[(f"FIE/{each.code}", flow)]
    return series


def subset(parent: list[float], share: float, key: str) -> list[float]:
    """An "of which" row: a smooth share of its parent with its own noise (never more than the parent)."""
    rng = random.Random(f"{SEED}:subset:{key}")
    return [value * min(0.98, share / 100 * math.exp(rng.gauss(0, 0.05))) for value in parent]


@cache
def province_series() -> Series:
    """Table (8): provinces by importer/exporter location, with their cities as subsets."""
    weights = {area.code: {"export": area.export_share, "import": area.import_share} for area in PROVINCES}
    series = flow_split("province-importer", weights, noise=0.03, seasonal=0.03)
    for province, code, _, share in CITIES:
        for flow in FLOWS:
            series[(code, flow)] = subset(series[(province, flow)], share, f"{code}:{flow}")
    return series


# Where goods are consumed or produced differs from where their importer is registered: the big
# registries (Beijing's fuel importers, Shanghai's traders) give way to the provinces that use them.
CONSUMER_FACTORS = {"CN-BJ": (0.8, 0.3), "CN-SH": (0.75, 0.65), "CN-TJ": (0.9, 0.8), "CN-GD": (0.95, 1.05)}


@cache
def consumer_province_series() -> Series:
    """Table (9): provinces by location of domestic consumers (imports) and producers (exports)."""
    weights = {}
    for area in PROVINCES:
        export_factor, import_factor = CONSUMER_FACTORS.get(area.code, (1.04, 1.25))
        weights[area.code] = {
            "export": {year: share * export_factor for year, share in area.export_share.items()},
            "import": {year: share * import_factor for year, share in area.import_share.items()},
        }
    return flow_split("province-consumer", weights, noise=0.03, seasonal=0.03)


@cache
def district_series() -> Series:
    weights = {area.code: {"export": area.export_share, "import": area.import_share} for area in CUSTOMS_DISTRICTS}
    return flow_split("district", weights, noise=0.03, seasonal=0.03)


@cache
def specific_area_series() -> Series:
    """Table (11): special customs supervision areas; "TOTAL" is their sum (a part of China's trade)."""
    world = world_thousands()
    series: Series = {}
    for flow, shares in zip(FLOWS, SPECIFIC_AREAS_SHARE, strict=True):
        path = weight_path(shares, MODEL_MONTHS)
        total = [value * share / 100 for value, share in zip(world[flow], path, strict=True)]
        series[("TOTAL", flow)] = total
        kinds = split(total, {kind.code: kind.shares(flow) for kind in AREA_KINDS}, MODEL_MONTHS, f"area-kind:{flow}")
        for kind in AREA_KINDS:
            series[(kind.code, flow)] = kinds[kind.code]
            members = {code: {2024: share} for parent, code, _, share in SPECIFIC_AREAS if parent == kind.code}
            if not members:
                continue  # a kind printed on its own row only
            parts = split(kinds[kind.code], members, MODEL_MONTHS, f"area:{kind.code}:{flow}", noise=0.06)
            series.update({(code, flow): values for code, values in parts.items()})
    return series
