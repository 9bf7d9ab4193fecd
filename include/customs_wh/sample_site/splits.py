"""Splitting a monthly series into parts that add up to it exactly, before rounding.

Every breakdown of the Monthly Bulletin (countries of a rest-of-group leaf, HS chapters,
SITC divisions, customs regimes, provinces, customs districts, ...) is one of these: each
part's weight follows a smooth path through a few anchor years (log-linear between them,
flat beyond), times a seasonal swing of its own and seeded noise; every month the weights
are normalised, so the parts sum to the whole month by month (up to float rounding) and a
parent's row is the sum of its children wherever GACC prints both.

A matrix with both margins fixed (enterprise types x customs regimes) is fitted by iterative
proportional fitting (``fit_margins``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from customs_wh.sample_site.calibration import SEED
from customs_wh.sample_site.months import interpolate_by_mid_year, parse_month

Anchors = Mapping[int, float]  # year -> relative weight at mid-year


def weight_path(anchors: Anchors, months: Sequence[str]) -> list[float]:
    if len(anchors) == 1:
        (value,) = anchors.values()
        return [value] * len(months)
    return [interpolate_by_mid_year(dict(anchors), month, log=True) for month in months]


def raw_weights(
    weights: Mapping[str, Anchors], months: Sequence[str], key: str, *, noise: float, seasonal: float
) -> dict[str, list[float]]:
    """Unnormalised monthly weights per part: the anchor path x its seasonal swing x noise."""
    raw = {}
    for code, anchors in weights.items():
        rng = random.Random(f"{SEED}:split:{key}:{code}")
        amplitude, phase = rng.uniform(0, seasonal), rng.uniform(0, 12)
        path = weight_path(anchors, months)
        raw[code] = [
            weight
            * (1 + amplitude * math.cos(2 * math.pi * (parse_month(month)[1] - phase) / 12))
            * max(0.2, 1 + rng.gauss(0, noise))
            for weight, month in zip(path, months, strict=True)
        ]
    return raw


def split(
    total: Sequence[float],
    weights: Mapping[str, Anchors],
    months: Sequence[str],
    key: str,
    *,
    noise: float = 0.03,
    seasonal: float = 0.0,
) -> dict[str, list[float]]:
    """The parts of ``total`` month by month, in proportion to their weights that month."""
    raw = raw_weights(weights, months, key, noise=noise, seasonal=seasonal)
    sums = [sum(values) for values in zip(*raw.values(), strict=True)]
    return {
        code: [value * whole / norm for value, whole, norm in zip(values, total, sums, strict=True)]
        for code, values in raw.items()
    }


def fit_margins(
    seed: Mapping[tuple[str, str], float],
    rows: Mapping[str, float],
    columns: Mapping[str, float],
    *,
    rounds: int = 40,
) -> dict[tuple[str, str], float]:
    """Cells near ``seed`` whose row sums are ``rows`` exactly and column sums ``columns`` closely.

    Iterative proportional fitting (the margins must have the same total), on plain lists since it
    runs for every month of every flow. Ends on a row step, so the rows add up exactly.
    """
    row_keys, column_keys = list(rows), list(columns)
    matrix = [[seed[(row, column)] for column in column_keys] for row in row_keys]
    row_targets, column_targets = [rows[key] for key in row_keys], [columns[key] for key in column_keys]
    for _ in range(rounds):
        for j, target in enumerate(column_targets):
            have = sum(line[j] for line in matrix)
            if have:
                factor = target / have
                for line in matrix:
                    line[j] *= factor
        for i, target in enumerate(row_targets):
            have = sum(matrix[i])
            if have:
                factor = target / have
                matrix[i] = [value * factor for value in matrix[i]]
    return {(row, column): matrix[i][j] for i, row in enumerate(row_keys) for j, column in enumerate(column_keys)}
