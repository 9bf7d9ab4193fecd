"""The partner-side figures the sample servers print: a year's total per reporter, flow and partner, spread
over the months and HS chapters. Pure and deterministic.

Real (published) annual figures: US general imports from China 2018 USD 539.6 bn, 2019 452.2 bn,
2023 427.2 bn, 2024 438.9 bn (US Census Bureau); the EU's imports from China 2024 EUR 517.8 bn and exports
to China 213.3 bn (Eurostat). Every other figure is synthetic: plausible, of the published order of size,
labelled so in ``SYNTHETIC`` and in docs/partner-sources.md.
"""

from __future__ import annotations

import math

FIRST_YEAR = 2018
LAST_YEAR = 2026
# Annual totals in billions of the reporter's currency: (reporter, flow, partner) -> {year: bn}.
ANNUAL_BN: dict[tuple[str, str, str], dict[int, float]] = {
    ("USA", "import", "CHN"): {
        2018: 539.6,
        2019: 452.2,
        2020: 435.5,
        2021: 504.9,
        2022: 536.8,
        2023: 427.2,
        2024: 438.9,
        2025: 345.0,
        2026: 300.0,
    },
    ("USA", "export", "CHN"): {
        2018: 120.1,
        2019: 106.4,
        2020: 124.5,
        2021: 149.0,
        2022: 153.8,
        2023: 147.8,
        2024: 143.5,
        2025: 110.0,
        2026: 100.0,
    },
    ("USA", "import", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 5.0),
    ("USA", "export", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 30.0),
    ("USA", "import", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.1),
    ("USA", "export", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.8),
    ("EU27_2020", "import", "CHN"): {
        2018: 362.0,
        2019: 362.0,
        2020: 383.4,
        2021: 472.2,
        2022: 626.0,
        2023: 516.2,
        2024: 517.8,
        2025: 545.0,
        2026: 560.0,
    },
    ("EU27_2020", "export", "CHN"): {
        2018: 209.9,
        2019: 198.3,
        2020: 202.5,
        2021: 223.4,
        2022: 230.3,
        2023: 223.6,
        2024: 213.3,
        2025: 200.0,
        2026: 195.0,
    },
    ("EU27_2020", "import", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 10.0),
    ("EU27_2020", "export", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 25.0),
    ("EU27_2020", "import", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.1),
    ("EU27_2020", "export", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.6),
    ("GBR", "import", "CHN"): {
        2018: 46.0,
        2019: 49.0,
        2020: 54.0,
        2021: 64.0,
        2022: 68.0,
        2023: 60.0,
        2024: 58.0,
        2025: 57.0,
        2026: 56.0,
    },
    ("GBR", "export", "CHN"): {
        2018: 20.0,
        2019: 30.0,
        2020: 25.0,
        2021: 23.0,
        2022: 31.0,
        2023: 28.0,
        2024: 26.0,
        2025: 24.0,
        2026: 23.0,
    },
    ("GBR", "import", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 6.0),
    ("GBR", "export", "HKG"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 8.0),
    ("GBR", "import", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.05),
    ("GBR", "export", "MAC"): dict.fromkeys(range(FIRST_YEAR, LAST_YEAR + 1), 0.1),
}
REAL: frozenset[tuple[str, str, str, int]] = frozenset(
    {("USA", "import", "CHN", year) for year in (2018, 2019, 2023, 2024)}
    | {("EU27_2020", "import", "CHN", 2024), ("EU27_2020", "export", "CHN", 2024)}
)
# Each month's share of its year (the Chinese New Year dip in February), summing to 1.
MONTH_WEIGHTS = tuple(w / 12.0 for w in (1.02, 0.80, 0.95, 0.98, 1.03, 1.02, 1.05, 1.06, 1.04, 1.05, 1.03, 0.97))
# The HS chapters each flow is split over, and their shares (the rest goes to chapter 99's neighbours below).
CHAPTER_SHARES = {
    "import": {
        "85": 0.30,
        "84": 0.22,
        "95": 0.07,
        "94": 0.06,
        "39": 0.04,
        "61": 0.03,
        "62": 0.03,
        "64": 0.02,
        "87": 0.03,
        "90": 0.02,
        "73": 0.03,
        "63": 0.02,
        "42": 0.02,
        "29": 0.02,
        "40": 0.01,
        "83": 0.01,
    },
    "export": {
        "12": 0.12,
        "88": 0.10,
        "85": 0.12,
        "84": 0.10,
        "90": 0.08,
        "27": 0.08,
        "30": 0.06,
        "87": 0.06,
        "39": 0.05,
        "47": 0.04,
        "44": 0.03,
        "38": 0.04,
        "29": 0.03,
        "74": 0.02,
        "02": 0.02,
        "03": 0.02,
    },
}
OTHER_CHAPTER = "98"  # the remainder; a real chapter code so that chapters add up to the total
# The EU27's trade split over member states (shares of the EU27 figure), the rest to the others equally.
MEMBER_SHARES = {"DE": 0.26, "NL": 0.20, "FR": 0.10, "IT": 0.09, "ES": 0.07, "BE": 0.05, "PL": 0.05}
# ECB monthly averages: annual means close to the published ones, a synthetic wiggle within the year.
USD_PER_EUR = {
    2018: 1.181,
    2019: 1.120,
    2020: 1.142,
    2021: 1.183,
    2022: 1.053,
    2023: 1.081,
    2024: 1.082,
    2025: 1.130,
    2026: 1.160,
}
GBP_PER_EUR = {
    2018: 0.885,
    2019: 0.878,
    2020: 0.890,
    2021: 0.860,
    2022: 0.853,
    2023: 0.870,
    2024: 0.847,
    2025: 0.850,
    2026: 0.870,
}


def month_total(reporter: str, flow: str, partner: str, month: str, *, revision: int = 0) -> int:
    """The reporter's trade with the partner in one month, in whole currency units.

    ``revision`` > 0 restates years before the last one by a small amount: the spring revision of prior
    years the sources publish (a new vintage of the same request).
    """
    year, mon = int(month[:4]), int(month[5:])
    annual = ANNUAL_BN[(reporter, flow, partner)][year] * 1e9
    restated = 1.0 + 0.0015 * revision if year < LAST_YEAR else 1.0
    return round(annual * MONTH_WEIGHTS[mon - 1] * restated)


def split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """``total`` over the keys by their shares, in whole units that add up to ``total`` exactly."""
    parts = {key: math.floor(total * share) for key, share in shares.items()}
    remainder_key = OTHER_CHAPTER if OTHER_CHAPTER not in shares else next(iter(shares))
    parts[remainder_key] = parts.get(remainder_key, 0) + total - sum(parts.values())
    return parts


def chapters(reporter: str, flow: str, partner: str, month: str, *, revision: int = 0) -> dict[str, int]:
    """The month's trade by HS chapter; the chapters add up to :func:`month_total`."""
    return split(month_total(reporter, flow, partner, month, revision=revision), CHAPTER_SHARES[flow])


def member_shares(members: tuple[str, ...]) -> dict[str, float]:
    """Each member state's share of the EU27 figure (Comext's codes), adding up to 1."""
    named = {code: share for code, share in MEMBER_SHARES.items() if code in members}
    others = [code for code in members if code not in named]
    rest = (1.0 - sum(named.values())) / len(others) if others else 0.0
    return {**named, **dict.fromkeys(others, rest)}


def rate(currency: str, month: str) -> float:
    """Units of ``currency`` per euro, the month's average (4 decimals, as the ECB prints them)."""
    year, mon = int(month[:4]), int(month[5:])
    mean = (USD_PER_EUR if currency == "USD" else GBP_PER_EUR)[year]
    return round(mean * (1.0 + 0.012 * math.sin((mon - 1) / 12 * 2 * math.pi + year)), 4)


def months_between(first: str, last: str) -> list[str]:
    start = int(first[:4]) * 12 + int(first[5:]) - 1
    end = int(last[:4]) * 12 + int(last[5:]) - 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(start, end + 1)]
