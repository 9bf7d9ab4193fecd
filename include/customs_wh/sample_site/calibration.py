"""The sample site's calibration: every level and published figure the synthetic model is held to.

One home for the numbers users check the warehouse against (README: the sample site, and
the design's calibration table) and for the smooth levels around them. Values are in the
model's unit, USD 100 million, unless a name says otherwise.
"""

from __future__ import annotations

from customs_wh.sample_site.months import interpolate_by_mid_year

SITE_FIRST_MONTH = "2018-01"
SITE_LAST_MONTH = "2026-10"
SEED = 20240607
MODEL_FIRST_YEAR = 2017  # one year before the site starts, so 2018 has year-on-year %
MODEL_LAST_YEAR = 2026

# --- the world totals ---------------------------------------------------------------------

# Calendar-year world totals, final (the Monthly Bulletin's vintage). 2024 and 2025 are the
# figures the sample site publishes for users to check against (2024 exports 3,580.0 bn, imports
# 2,590.0 bn; 2025 balance 1,188.0 bn); the other years follow the real levels closely enough to
# look right. 2025 exports are GACC's real Bulletin figure, USD 3,771,842.4 million, and 2025
# imports follow from the balance; both are on the grid of USD 0.1 million (the table by country's
# precision), the other years on the grid of USD 10 million (0.1 of the model's unit).
ANNUAL_EXPORTS = {
    2017: 22635.0,
    2018: 24867.0,
    2019: 24990.0,
    2020: 25900.0,
    2021: 33630.0,
    2022: 35936.0,
    2023: 33800.0,
    2024: 35800.0,
    2025: 37718.424,
    2026: 39300.0,
}
ANNUAL_IMPORTS = {
    2017: 18410.0,
    2018: 21357.0,
    2019: 20769.0,
    2020: 20556.0,
    2021: 26875.0,
    2022: 27160.0,
    2023: 25568.0,
    2024: 25900.0,
    2025: 25838.424,
    2026: 26800.0,
}
# The grid of each year's monthly world values, in the model's unit (USD 100 million).
WORLD_GRID = {2025: 0.001}
DEFAULT_WORLD_GRID = 0.1
# Single-month world balances the site publishes: month -> exports - imports.
MONTH_BALANCE_TARGETS = {"2024-12": 1048.0}
# World totals the Preliminary Release printed differently from the final figures, as GACC's
# real December 2025 release did: year-to-date exports USD 3,771,873.3 million preliminary,
# 3,771,842.4 million in the Bulletin. (month, flow) -> preliminary minus final, model unit.
WORLD_PRELIMINARY_REVISIONS = {("2025-12", "export"): 0.309}

# China's exports to the United States as GACC reported them (USD 100 million, calendar years;
# 2018 through the Bulletin's table by country, since the 2018 preliminary tables are pictures;
# 2020 and 2021 as GACC announced them each January: 451.8 and 576.1 bn), and 2025 over 2024
# (the seeds' "about 17% lower"). With the US Census figures beside them, China records more
# than the US from 2020 on, as both sides published it.
US_EXPORTS = {2018: 4784.0, 2019: 4186.0, 2020: 4518.0, 2021: 5761.0, 2023: 5003.0, 2024: 5247.0}
US_EXPORTS_2025_OVER_2024 = 0.83

# Relative month weights; the Chinese New Year dip falls in January-February, Q4 is strong.
SEASONAL = {
    "export": (0.98, 0.70, 0.93, 0.98, 1.02, 1.03, 1.06, 1.06, 1.07, 0.99, 1.06, 1.12),
    "import": (1.02, 0.80, 0.98, 0.97, 0.98, 0.99, 1.00, 1.01, 1.03, 0.95, 1.04, 1.13),
}
# One-off disruptions (early 2020) on top of the seasonal profile: month -> (export, import).
SHOCKS = {"2020-02": (0.80, 0.92), "2020-03": (0.92, 0.97)}
MONTHLY_NOISE = 0.02
SHARE_NOISE = 0.025

# Mid-year CNY per USD; months interpolate linearly between them.
CNY_PER_USD = {
    2017: 6.75,
    2018: 6.62,
    2019: 6.91,
    2020: 6.90,
    2021: 6.45,
    2022: 6.73,
    2023: 7.05,
    2024: 7.18,
    2025: 7.21,
    2026: 7.11,
}

# --- the commodity tables (5) and (6) ----------------------------------------------------------

# 2025 exports over 2024 (USD, calendar years), printed exactly at the pages' precision:
# hi-tech products rise 13.0%, and electric vehicles, lithium-ion batteries and solar cells
# together rise 27.0%.
HI_TECH_EXPORTS_2025_OVER_2024 = 1.13
NEW_THREE_EXPORTS_2025_OVER_2024 = 1.27
NEW_THREE = ("electric_vehicles", "lithium_ion_batteries", "solar_cells")
COMMODITY_NOISE = 0.035  # month-to-month scatter of a commodity's share of its flow
UNIT_VALUE_NOISE = 0.012  # month-to-month scatter of its value per quantity unit


def cny_per_usd(month: str) -> float:
    return round(interpolate_by_mid_year(CNY_PER_USD, month), 4)
