"""Month arithmetic on "YYYY-MM" strings, and smooth paths through yearly anchor points."""

from __future__ import annotations

import math

from customs_wh.words import is_month


def parse_month(month: str) -> tuple[int, int]:
    """'2026-03' -> (2026, 3); a clear error for anything else."""
    if not is_month(month):
        raise ValueError(f"not a month (YYYY-MM): {month!r}")
    return int(month[:4]), int(month[5:])


def month_name(year: int, number: int) -> str:
    return f"{year:04d}-{number:02d}"


def shift_month(month: str, months: int) -> str:
    year, number = parse_month(month)
    index = year * 12 + number - 1 + months
    return month_name(index // 12, index % 12 + 1)


def month_range(first: str, last: str) -> list[str]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = shift_month(current, 1)
    return months


def fractional_year(month: str) -> float:
    """The middle of a month as a year fraction: 2024-07 -> 2024.54."""
    year, number = parse_month(month)
    return year + (number - 0.5) / 12


def interpolate_by_mid_year(points: dict[int, float], month: str, *, log: bool = False) -> float:
    """Piecewise-linear path through mid-year anchor points (flat beyond the ends).

    Anchor years need not be consecutive: between two anchors the path is a straight line
    (in logs when ``log``), so a share can be pinned in a few years and move smoothly between.
    """
    years = sorted(points)
    t = fractional_year(month)
    values = {year: (math.log(points[year]) if log else points[year]) for year in years}
    if t <= years[0] + 0.5:
        value = values[years[0]]
    elif t >= years[-1] + 0.5:
        value = values[years[-1]]
    else:
        lower = max(year for year in years if year + 0.5 <= t)
        upper = min(year for year in years if year + 0.5 > t)
        weight = (t - (lower + 0.5)) / (upper - lower)
        value = values[lower] * (1 - weight) + values[upper] * weight
    return math.exp(value) if log else value
