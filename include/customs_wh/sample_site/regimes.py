"""Customs regimes, enterprise types and foreign-invested enterprises: tables (5), (6), (7), (12), (17), (18).

Labels: GACC's English names of China's customs statistics trade modes and enterprise natures as
its press releases word them. ASSUMED: no saved real page of these tables exists (the index rows'
titles are CONFIRMED); the rows and their order follow the Chinese monthly tables' trade-mode list.

Calibration (calibration.py holds the levels): processing trade (processing and assembling plus
processing with imported materials) about a quarter of exports in the late 2010s and falling;
private enterprises more than half of exports from 2020; foreign-invested enterprises carry most
processing trade. Shares are per cent of the flow at mid-year anchors.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Regime:
    code: str
    label: str
    export_share: dict[int, float]
    import_share: dict[int, float]

    def shares(self, flow: str) -> dict[int, float]:
        return self.export_share if flow == "export" else self.import_share


R = Regime
# Every regime is a leaf: the TOTAL row is their sum.
REGIMES: tuple[Regime, ...] = (
    R(
        "GT",
        "General Trade",
        {2017: 54.3, 2019: 57.8, 2021: 61.2, 2024: 64.5, 2026: 65.5},
        {2017: 58.9, 2021: 61.6, 2024: 64.0},
    ),
    R("AID", "International Aid", {2020: 0.02}, {2020: 0.005}),
    R("DON", "Donation by Overseas Chinese", {2020: 0.001}, {2020: 0.01}),
    R(
        "PA",
        "Processing and Assembling Trade",
        {2017: 5.6, 2019: 4.6, 2022: 3.5, 2024: 3.1, 2026: 2.8},
        {2017: 5.4, 2020: 4.6, 2024: 4.0},
    ),
    R(
        "PIM",
        "Processing with Imported Materials",
        {2017: 22.4, 2019: 20.9, 2021: 19.0, 2023: 16.3, 2024: 15.4, 2026: 14.2},
        {2017: 17.9, 2020: 15.8, 2024: 12.0},
    ),
    R("CON", "Goods on Consignment", {2020: 0.003}, {2020: 0.004}),
    R("BOR", "Border Trade", {2017: 1.4, 2024: 1.6}, {2017: 0.8, 2024: 0.9}),
    R("EQP", "Equipment Imported for Processing Trade", {2020: 0.001}, {2020: 0.06}),
    R("CPX", "Contracting Projects", {2017: 0.7, 2024: 0.5}, {2020: 0.0}),
    R("LEA", "Goods on Lease", {2020: 0.08}, {2020: 0.45}),
    R("FIV", "Equipment or Materials Invested by Foreign-invested Enterprises", {2020: 0.0}, {2017: 0.5, 2024: 0.25}),
    R("OUT", "Outward Processing", {2020: 0.02}, {2020: 0.02}),
    R("BAR", "Barter Trade", {2020: 0.001}, {2020: 0.001}),
    R("BWH", "Bonded Warehousing Goods", {2017: 2.6, 2024: 2.2}, {2017: 5.5, 2024: 5.9}),
    R(
        "SCL",
        "Logistics Goods by Customs Special Control Area",
        {2017: 5.6, 2021: 6.3, 2024: 6.0},
        {2017: 9.4, 2021: 10.5, 2024: 10.8},
    ),
    R("SCE", "Equipment Imported into Customs Special Control Area", {2020: 0.0}, {2017: 0.5, 2024: 0.4}),
    R("MKT", "Market Procurement", {2017: 3.2, 2021: 3.0, 2024: 4.0, 2026: 4.4}, {2020: 0.0}),
    R("OTH", "Others", {2017: 1.0, 2024: 1.6}, {2017: 0.8, 2024: 0.9}),
)
REGIME_BY_CODE = {regime.code: regime for regime in REGIMES}
PROCESSING = ("PA", "PIM")


@dataclass(frozen=True)
class EnterpriseType:
    code: str
    label: str
    export_share: dict[int, float]
    import_share: dict[int, float]
    # How much more (or less) than its size the type weighs in each regime (seed of the fit).
    affinity: dict[str, float]

    def shares(self, flow: str) -> dict[int, float]:
        return self.export_share if flow == "export" else self.import_share


E = EnterpriseType
ENTERPRISE_TYPES: tuple[EnterpriseType, ...] = (
    E(
        "SOE",
        "State-owned Enterprises",
        {2017: 10.4, 2020: 7.8, 2024: 7.0},
        {2017: 24.0, 2020: 22.0, 2024: 25.5},
        {"PA": 0.3, "PIM": 0.4, "MKT": 0.05, "CPX": 4.0, "BOR": 0.3, "SCL": 0.6, "BWH": 0.9, "AID": 8.0},
    ),
    E(
        "FIE",
        "Foreign-invested Enterprises",
        {2017: 43.2, 2018: 41.7, 2019: 38.7, 2020: 36.0, 2021: 34.3, 2022: 31.2, 2023: 29.3, 2024: 27.9, 2026: 26.0},
        {2017: 46.8, 2020: 41.2, 2022: 36.4, 2024: 34.5},
        {
            "GT": 0.55,
            "PA": 2.6,
            "PIM": 2.4,
            "MKT": 0.02,
            "BOR": 0.05,
            "SCL": 1.6,
            "BWH": 1.2,
            "FIV": 20.0,
            "SCE": 2.0,
            "EQP": 2.5,
        },
    ),
    E(
        "PRI",
        "Private Enterprises",
        {2017: 46.5, 2018: 48.0, 2019: 51.9, 2020: 54.3, 2021: 56.6, 2022: 59.6, 2023: 63.2, 2024: 64.6, 2026: 66.6},
        {2017: 28.7, 2020: 36.2, 2022: 35.9, 2024: 39.3},
        {"GT": 1.25, "PA": 0.35, "PIM": 0.4, "MKT": 2.5, "BOR": 2.2, "SCL": 0.7, "FIV": 0.0, "SCE": 0.2},
    ),
    E("OTE", "Others", {2017: 0.3, 2024: 0.5}, {2017: 0.5, 2024: 0.7}, {"DON": 50.0, "AID": 20.0, "OTH": 6.0}),
)

# The kinds of foreign-invested enterprise table (12) prints, shares of FIE trade per cent.
FIE_KINDS: tuple[tuple[str, str, dict[int, float]], ...] = (
    ("CJV", "Sino-foreign Contractual Joint Ventures", {2017: 1.6, 2024: 0.9}),
    ("EJV", "Sino-foreign Equity Joint Ventures", {2017: 30.5, 2024: 33.0}),
    ("WFO", "Wholly Foreign-owned Enterprises", {2017: 64.8, 2024: 62.6}),
    ("FJS", "Foreign-invested Joint-stock Companies", {2017: 3.1, 2024: 3.5}),
)
