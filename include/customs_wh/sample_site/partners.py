"""The partners of the table by country (4): the rows as printed, and the model's shares of them.

Leaves are disjoint and cover the world (the countries, the unlisted rest of each group and
the rest of the world); every printed row is a weighted sum of leaves (COMPOSITION), so the
groups and the overlapping aggregates (RCEP, Belt and Road) add up before rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from customs_wh.sample_site.months import fractional_year

FLOWS = ("export", "import")


@dataclass(frozen=True)
class Partner:
    """One row of the section (4) table, printed exactly as the real pages print it."""

    code: str
    label: str
    parent_code: str | None
    indent: int  # &nbsp; before the label
    of_which: bool = False  # first member of a group: "of which: Germany"
    trailing_nbsp: bool = False  # the real pages print "ASEAN&nbsp;"

    @property
    def printed_label(self) -> str:
        text = ("of which: " if self.of_which else "") + self.label
        return "&nbsp;" * self.indent + text + ("&nbsp;" if self.trailing_nbsp else "")


PARTNERS: tuple[Partner, ...] = (
    Partner("WORLD", "Total", None, 0),
    Partner("EU", "European Union", None, 2),
    Partner("DEU", "Germany", "EU", 7, of_which=True),
    Partner("NLD", "Netherlands", "EU", 17),
    Partner("FRA", "France", "EU", 17),
    Partner("ITA", "Italy", "EU", 17),
    Partner("USA", "United States (US)", None, 3),
    Partner("ASEAN", "ASEAN", None, 3, trailing_nbsp=True),
    Partner("VNM", "Vietnam", "ASEAN", 8, of_which=True),
    Partner("MYS", "Malaysia", "ASEAN", 18),
    Partner("THA", "Thailand", "ASEAN", 18),
    Partner("SGP", "Singapore", "ASEAN", 18),
    Partner("IDN", "Indonesia", "ASEAN", 18),
    Partner("PHL", "Philippines", "ASEAN", 18),
    Partner("JPN", "Japan", None, 3),
    Partner("HKG", "Hong Kong, China", None, 3),
    Partner("KOR", "R. O. Korea", None, 3),
    Partner("TWN", "Taiwan, China", None, 3),
    Partner("AUS", "Australia", None, 3),
    Partner("RUS", "Russian Federation", None, 3),
    Partner("IND", "India", None, 3),
    Partner("GBR", "United Kingdom (UK)", None, 3),
    Partner("CAN", "Canada", None, 3),
    Partner("NZL", "New Zealand", None, 3),
    Partner("LATAM", "Latin America", None, 3),
    Partner("BRA", "Brazil", "LATAM", 9, of_which=True),
    Partner("AFRICA", "Africa", None, 3),
    Partner("ZAF", "South Africa", "AFRICA", 9, of_which=True),
    Partner("RCEP", "Regional Comprehensive Economic Partnership", None, 0),
    Partner("BRI", "Jointly build the countries along Belt and Road Routes", None, 0),
)

GROUP_CODES = ("EU", "ASEAN", "LATAM", "AFRICA")
COUNTRY_CODES = tuple(p.code for p in PARTNERS if p.code not in GROUP_CODES + ("WORLD", "RCEP", "BRI"))
# Leaves are disjoint and cover the world: the countries, the unlisted rest of
# each group, and the rest of the world (a residual, so leaves sum to the world).
REST_OF_GROUP = {group: f"{group}_REST" for group in GROUP_CODES}
REST_OF_WORLD = "ROW"
LEAVES: tuple[str, ...] = COUNTRY_CODES + tuple(REST_OF_GROUP.values()) + (REST_OF_WORLD,)

# Shares of world exports / imports around 2024, read off the real January-February
# 2025 and March 2026 pages (rest-of-group shares are group minus listed members).
BASE_SHARE: dict[str, tuple[float, float]] = {
    "DEU": (0.0307, 0.0360),
    "NLD": (0.0247, 0.0068),
    "FRA": (0.0120, 0.0128),
    "ITA": (0.0134, 0.0097),
    "EU_REST": (0.0656, 0.0345),
    "USA": (0.1470, 0.0680),
    "VNM": (0.0460, 0.0348),
    "MYS": (0.0262, 0.0422),
    "THA": (0.0258, 0.0183),
    "SGP": (0.0181, 0.0129),
    "IDN": (0.0229, 0.0315),
    "PHL": (0.0144, 0.0071),
    "ASEAN_REST": (0.0120, 0.0064),
    "JPN": (0.0445, 0.0569),
    "HKG": (0.0802, 0.0053),
    "KOR": (0.0381, 0.0706),
    "TWN": (0.0208, 0.0864),
    "AUS": (0.0192, 0.0508),
    "RUS": (0.0277, 0.0534),
    "IND": (0.0389, 0.0071),
    "GBR": (0.0217, 0.0071),
    "CAN": (0.0129, 0.0184),
    "NZL": (0.0021, 0.0060),
    "BRA": (0.0191, 0.0372),
    "LATAM_REST": (0.0593, 0.0594),
    "ZAF": (0.0055, 0.0090),
    "AFRICA_REST": (0.0474, 0.0367),
}
# Yearly drift of a share (log per year, both flows unless given per flow): who gained and
# lost ground between 2017 and 2024.
SHARE_DRIFT: dict[str, tuple[float, float]] = {
    "USA": (-0.035, -0.03),
    "HKG": (-0.06, 0.0),
    "JPN": (-0.05, -0.04),
    "KOR": (-0.01, -0.045),
    "RUS": (0.09, 0.08),
    "VNM": (0.06, 0.04),
    "MYS": (0.03, 0.03),
    "THA": (0.04, 0.02),
    "IDN": (0.06, 0.06),
    "PHL": (0.03, 0.01),
    "ASEAN_REST": (0.05, 0.03),
    "IND": (0.02, 0.0),
    "BRA": (0.03, 0.02),
    "LATAM_REST": (0.03, 0.03),
    "ZAF": (0.01, -0.02),
    "AFRICA_REST": (0.04, 0.03),
    "DEU": (-0.03, -0.03),
    "NLD": (-0.01, -0.01),
    "AUS": (0.0, -0.01),
    "TWN": (-0.01, 0.0),
}
# From 2025 on: US tariffs cut exports to the US; ASEAN, Africa and Latin America grow
# (share gain per year, reached linearly over two years).
GROWTH_FROM_2025 = {
    "VNM": 0.06,
    "MYS": 0.05,
    "THA": 0.06,
    "SGP": 0.04,
    "IDN": 0.05,
    "PHL": 0.03,
    "ASEAN_REST": 0.04,
    "ZAF": 0.08,
    "AFRICA_REST": 0.13,
    "BRA": 0.02,
    "LATAM_REST": 0.03,
}
US_TARIFF_EXPORT_FACTOR = {"2025-03": 0.93, "2025-04": 0.80}  # then 0.70 from May 2025
US_TARIFF_EXPORT_FLOOR = 0.70
US_TARIFF_IMPORT_FACTOR = 0.85

# Which leaves make up each printed row (weight < 1: part of a leaf, for the overlapping
# Belt and Road aggregate whose member list the pages do not print).
COMPOSITION: dict[str, tuple[tuple[str, float], ...]] = {
    "WORLD": tuple((leaf, 1.0) for leaf in LEAVES),
    "EU": (("DEU", 1.0), ("NLD", 1.0), ("FRA", 1.0), ("ITA", 1.0), ("EU_REST", 1.0)),
    "ASEAN": tuple((leaf, 1.0) for leaf in ("VNM", "MYS", "THA", "SGP", "IDN", "PHL", "ASEAN_REST")),
    "LATAM": (("BRA", 1.0), ("LATAM_REST", 1.0)),
    "AFRICA": (("ZAF", 1.0), ("AFRICA_REST", 1.0)),
    "RCEP": tuple(
        (leaf, 1.0) for leaf in ("VNM", "MYS", "THA", "SGP", "IDN", "PHL", "ASEAN_REST", "JPN", "KOR", "AUS", "NZL")
    ),
    "BRI": tuple(
        (leaf, 1.0)
        for leaf in ("VNM", "MYS", "THA", "SGP", "IDN", "PHL", "ASEAN_REST", "RUS", "NZL", "KOR", "ZAF", "AFRICA_REST")
    )
    + (("LATAM_REST", 0.8), ("EU_REST", 0.55), (REST_OF_WORLD, 1.0)),
}
for _code in COUNTRY_CODES:
    COMPOSITION[_code] = ((_code, 1.0),)


def months_after_2024(month: str) -> int:
    year, number = int(month[:4]), int(month[5:])
    return (year - 2024) * 12 + number - 12


def share_multiplier(leaf: str, flow: str, month: str) -> float:
    """How far a leaf's share of the world has moved from its 2024 base in this month."""
    flow_index = FLOWS.index(flow)
    t = fractional_year(month)
    factor = math.exp(SHARE_DRIFT.get(leaf, (0.0, 0.0))[flow_index] * (t - 2024.5))
    if month >= "2025-01":
        factor *= 1 + GROWTH_FROM_2025.get(leaf, 0.0) * min(months_after_2024(month), 24) / 12
    if leaf == "USA" and month >= "2025-03":
        if flow == "export":
            factor *= US_TARIFF_EXPORT_FACTOR.get(month, US_TARIFF_EXPORT_FLOOR)
        else:
            factor *= US_TARIFF_IMPORT_FACTOR
    return factor
