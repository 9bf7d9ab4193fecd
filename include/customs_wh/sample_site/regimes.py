"""Customs regimes, enterprise types and foreign-invested enterprises: tables (5), (6), (7), (12).

CONFIRMED from real pages (text kept by a public web archive; english.customs.gov.cn/Statics/...):

* (5) "Imports and Exports by Customs Regime" (6514e0ea-7add-4a09-8479-190663acd9fe 10.2019,
  5fef7057-efe0-41e6-a171-5be895aa5abe 2.2019, 4b033d6b-9973-499c-8215-b23d74a68363 12.2019,
  54bf6d3e-caff-41d4-af25-00978f944fbe 7.2023, 07100f7f-0ba9-4c9e-89a5-319ef85583e1 1.2023): the
  seventeen regimes below, in this order, with these labels; which regimes have no exports (their
  cells "-") and which no imports; since 2018 compensation trade, consignment and barter are in
  "Other" (a note says so), and market procurement has no row of its own either.
* (6)/(7) "Exports/Imports by Type Enterprise and by Customs Regime" (67dff270-2d09-4af8-88eb-
  5b849ff527e8 (6) 1-7.2023, 766f1052-21ad-4f4d-abef-257f787938bd (6) 1-1.2023, 7309fa95-d578-4d69-
  b6b6-819dfd2f5c68 (7) 1-11.2023, e21ba914-a80c-454f-af15-044d7601790b (7) 1-1.2018, d7c8f3cb-e3d7-
  4547-9cac-4f44ae6be56c (7) 1-11.2019, 5ae9244f-5c21-4298-a18d-49c1a15193ce (7) 1.2026, 7d9394d3-
  c3a0-4b6a-8fcf-d6bf7f719968 (7) 1-5.2026): (6) prints the regimes with exports, (7) those with
  imports, in (5)'s order, spelt their own way (``ENTERPRISE_LABELS``, typos as printed); 2026
  pages of (7) spell three anew and print no "Duty-free Commoditie" row; the enterprise types SOE,
  FIE, POE, Other and, 2018-2019, FIE's kinds CJV, EJV, FOE; cells "-" where a type never trades
  in a regime (FIE in border trade, only SOE in duty-free commodities, only FIE in equipment
  imported as investment).
* The calibration: shares of each flow (January to the month) read off those pages and the
  others of the same series (1-5.2024, 1-12.2023, 1-12.2024, 1-5.2026), and the enterprise
  types' weight in each regime (``AFFINITY``, from (6) 1-7.2023 and (7) 1-11.2023).

ASSUMED: the shares between the anchor years (smooth paths); the labels of (6) in 2026 (no real
page seen: 2025's); the FIE kinds' split of exports (imports' seen, exports' not); and, from 2026,
the imports of duty-free commodities counted in "Other" in (5) as in (7): (5) keeps its row, which
prints "-" (nothing traded) with no change to compute, as GACC restates a regime it folds away.
Shares are per cent of the flow at mid-year anchors; processing trade (PA + PIM) is held to about
30 % of exports in the late 2010s and falling, private enterprises to more than half of exports
from 2020, as the project's calibration has them.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTERPRISE_TABLE_FLOW = {"6": "export", "7": "import"}
FOLDED_FROM = 2026  # the first year (7) prints no duty-free commodities row (real 1.2026 page)
FOLDED = ("DFC", "OTH")  # the regime folded away and the one that takes it in


@dataclass(frozen=True)
class Regime:
    code: str  # the warehouse's code (dbt_project/seeds/gacc_structure_labels.csv)
    label: str  # as (5) prints it
    export_share: dict[int, float]  # empty: no exports ever ("-" on every page)
    import_share: dict[int, float]

    def shares(self, flow: str) -> dict[int, float]:
        return self.export_share if flow == "export" else self.import_share


R = Regime
# Every regime is a leaf: the TOTAL row is their sum. Anchors sum to about 100 in each anchor year
# (ordinary trade takes what the others leave), so the real shares come out after normalising.
REGIMES: tuple[Regime, ...] = (
    R(
        "GT",
        "Ordinary Trade",
        {2017: 58.0, 2019: 58.3, 2021: 61.3, 2023: 65.1, 2024: 66.0, 2026: 66.8},
        {2017: 59.3, 2019: 60.5, 2021: 62.5, 2023: 65.1, 2024: 62.4, 2026: 55.7},
    ),
    R(
        "AID",
        "Aid or Donation Between Governments or by International Organizations",
        {2019: 0.03, 2023: 0.016, 2024: 0.019},
        {2019: 0.0001, 2023: 0.00003, 2026: 0.0015},
    ),
    R("DON", "Other Donation", {2019: 0.0003, 2023: 0.0006}, {2019: 0.0009, 2023: 0.002, 2026: 0.0001}),
    R(
        "PA",
        "Processing and Assembling",
        {2017: 4.0, 2019: 3.2, 2021: 2.5, 2023: 2.0, 2024: 2.0, 2026: 1.9},
        {2017: 4.9, 2019: 4.4, 2023: 3.1, 2024: 3.3, 2026: 4.2},
    ),
    R(
        "PIM",
        "Processing with Imported Materials",
        {2017: 25.7, 2019: 26.1, 2020: 24.6, 2021: 22.3, 2022: 20.2, 2023: 18.4, 2024: 17.2, 2026: 16.2},
        {2017: 17.8, 2019: 15.9, 2023: 11.9, 2024: 12.4, 2026: 14.3},
    ),
    R(
        "BOR",
        "Border Trade",
        {2017: 1.2, 2019: 1.25, 2023: 1.3, 2024: 1.5},
        {2017: 0.45, 2019: 0.46, 2023: 0.35, 2024: 0.25},
    ),
    R("EQP", "Equipment for Processing trade", {}, {2017: 0.06, 2019: 0.02, 2023: 0.006, 2024: 0.004}),
    R("CPX", "Contracting Projects", {2017: 0.65, 2019: 0.56, 2023: 0.38, 2024: 0.36}, {}),
    R(
        "LEA",
        "Goods on Lease",
        {2019: 0.01, 2021: 0.03, 2023: 0.08, 2024: 0.12},
        {2019: 0.2, 2023: 0.02, 2024: 0.04, 2026: 0.06},
    ),
    R(
        "FIV",
        "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises",
        {},
        {2017: 0.2, 2019: 0.28, 2023: 0.03, 2026: 0.02},
    ),
    R(
        "OUT",
        "Outward Processing",
        {2019: 0.009, 2023: 0.012, 2024: 0.028},
        {2019: 0.014, 2023: 0.022, 2024: 0.065, 2026: 0.15},
    ),
    R("DFC", "Duty-free Commodities on Payment of Foreign Currency", {}, {2019: 0.002, 2023: 0.00013, 2024: 0.00007}),
    R("DFG", "Duty-free Goods", {}, {2017: 0.1, 2019: 0.14, 2023: 0.14, 2024: 0.1}),
    R(
        "CWT",
        "Customs Warehousing Trade",
        {2017: 1.8, 2019: 1.9, 2023: 2.1, 2024: 2.0},
        {2017: 6.2, 2019: 6.9, 2023: 7.0, 2024: 8.4, 2026: 11.2},
    ),
    R(
        "SCL",
        "Logistics goods by customs special control area",
        {2017: 4.9, 2019: 5.1, 2021: 6.2, 2023: 6.9, 2024: 7.2, 2026: 7.4},
        {2017: 9.4, 2019: 10.0, 2023: 11.5, 2024: 12.2, 2026: 13.5},
    ),
    R(
        "SCE",
        "Equipment imported into customs special control area",
        {},
        {2017: 0.45, 2019: 0.43, 2023: 0.18, 2026: 0.15},
    ),
    R(
        "OTH",
        "Other",
        {2017: 3.6, 2019: 3.4, 2023: 3.8, 2024: 3.6},
        {2017: 0.8, 2019: 0.6, 2023: 0.6, 2024: 0.55, 2026: 0.49},
    ),
)
REGIME_BY_CODE = {regime.code: regime for regime in REGIMES}
PROCESSING = ("PA", "PIM")

# How (6) and (7) spell a regime where (5) spells it otherwise (CONFIRMED, typos and the double space
# included); IMPORT_LABELS only in (7); LABELS_2026 in (7) from 2026 (the real 1.2026 and 1-5.2026 pages).
ENTERPRISE_LABELS = {
    "AID": "Aid or Donation Between Government or by International Organizations",
    "PIM": "Process with Imported Materials",
    "EQP": "Equipment for Processing Trade",
    "FIV": "Equipment or Materia Imported as I by Foreign-Invested Enterprises",
    "DFC": "Duty-free Commoditie on Payment of  Currency",
    "SCL": "Logistics Goods by Customs Special Control Area",
    "SCE": "Equipment Imported into Customs Special Control Area",
}
IMPORT_LABELS = {"SCL": "Logistics Goods by C ustoms Special Control Area"}
LABELS_2026 = {
    "FIV": "Equipment or Materia Imported as Investment by Foreign-Invested Enterprises",
    "DFG": "Duty-Free Goods",
    "SCL": "Logistics Goods by Customs Special Control Area",
}


def enterprise_regimes(flow: str, year: int) -> tuple[Regime, ...]:
    """The rows of (6) (flow "export") or (7) ("import") in a year: the regimes that have the flow."""
    return tuple(
        regime
        for regime in REGIMES
        if regime.shares(flow) and not (flow == "import" and year >= FOLDED_FROM and regime.code == FOLDED[0])
    )


def enterprise_label(regime: Regime, flow: str, year: int) -> str:
    if flow == "import" and year >= FOLDED_FROM and regime.code in LABELS_2026:
        return LABELS_2026[regime.code]
    if flow == "import" and regime.code in IMPORT_LABELS:
        return IMPORT_LABELS[regime.code]
    return ENTERPRISE_LABELS.get(regime.code, regime.label)


@dataclass(frozen=True)
class EnterpriseType:
    code: str
    label: str  # as (6)/(7) head its column
    export_share: dict[int, float]
    import_share: dict[int, float]

    def shares(self, flow: str) -> dict[int, float]:
        return self.export_share if flow == "export" else self.import_share


E = EnterpriseType
ENTERPRISE_TYPES: tuple[EnterpriseType, ...] = (
    E(
        "SOE",
        "SOE",
        {2017: 10.2, 2019: 9.2, 2020: 8.0, 2023: 8.0, 2024: 7.7, 2026: 7.4},
        {2017: 25.0, 2018: 25.7, 2019: 25.9, 2021: 26.0, 2023: 26.6, 2024: 25.2, 2026: 21.6},
    ),
    E(
        "FIE",
        "FIE",
        {2017: 43.0, 2018: 41.5, 2019: 38.7, 2020: 36.0, 2021: 34.3, 2022: 31.2, 2023: 28.8, 2024: 27.3, 2026: 25.8},
        {2017: 46.0, 2018: 44.3, 2019: 41.6, 2021: 36.0, 2023: 32.4, 2024: 31.7, 2026: 31.9},
    ),
    E(
        "PRI",
        "POE",
        {2017: 45.8, 2018: 47.3, 2019: 50.9, 2020: 54.8, 2021: 56.7, 2022: 59.3, 2023: 61.6, 2024: 63.6, 2026: 65.5},
        {2017: 26.7, 2018: 27.8, 2019: 30.5, 2021: 36.4, 2023: 39.7, 2024: 42.0, 2026: 45.6},
    ),
    E(
        "OTE",
        "Other",
        {2017: 1.0, 2020: 1.2, 2023: 1.5, 2024: 1.4, 2026: 1.3},
        {2017: 2.3, 2018: 2.2, 2019: 2.0, 2021: 1.6, 2023: 1.3, 2024: 1.1, 2026: 0.9},
    ),
)

# How much more (or less) than its size each type weighs in a regime, (SOE, FIE, POE, Other): the real
# pages' share of the type in the regime over its share of the flow, so the fit (which holds the
# regimes and the types' totals) lands near the real matrix. 0 where the real pages print "-" year
# after year; 1 for a regime not listed. E.g. FIE ~72 % of PIM exports, POE ~99 % of border trade.
AFFINITY: dict[str, dict[str, tuple[float, float, float, float]]] = {
    "export": {
        "GT": (1.0, 0.62, 1.17, 1.33),
        "AID": (9.5, 0.0, 0.23, 6.7),
        "DON": (2.2, 0.31, 0.32, 36.0),
        "PA": (0.31, 2.56, 0.38, 0.26),
        "PIM": (0.64, 2.49, 0.37, 0.36),
        "BOR": (0.12, 0.00003, 1.61, 0.01),
        "CPX": (10.3, 0.14, 0.2, 0.83),
        "LEA": (4.0, 1.56, 0.36, 0.13),
        "OUT": (0.6, 1.67, 0.76, 0.27),
        "CWT": (5.7, 0.6, 0.59, 0.56),
        "SCL": (0.93, 1.0, 1.03, 0.002),
        "OTH": (0.04, 0.04, 1.57, 1.4),
    },
    "import": {
        "GT": (1.27, 0.82, 0.97, 0.94),
        "AID": (1.0, 0.0, 1.0, 20.0),
        "DON": (0.2, 0.1, 1.5, 30.0),
        "PA": (0.87, 1.87, 0.4, 0.13),
        "PIM": (0.19, 2.03, 0.71, 0.49),
        "BOR": (0.075, 0.0, 2.46, 0.49),
        "EQP": (0.0, 2.7, 0.32, 0.0),
        "LEA": (0.6, 0.84, 1.44, 0.0),
        "FIV": (0.0, 1.0, 0.0, 0.0),
        "OUT": (0.26, 1.66, 0.99, 0.25),
        "DFC": (1.0, 0.0, 0.0, 0.0),
        "DFG": (2.96, 0.11, 0.45, 0.0),
        "CWT": (0.98, 0.64, 1.33, 0.31),
        "SCL": (0.42, 0.97, 1.45, 0.011),
        "SCE": (0.027, 2.09, 0.8, 0.0),
        "OTH": (0.07, 0.48, 0.43, 50.0),
    },
}


def affinity(flow: str, regime: str, kind: str) -> float:
    factors = AFFINITY[flow].get(regime)
    if factors is None:
        return 1.0
    return factors[[enterprise.code for enterprise in ENTERPRISE_TYPES].index(kind)]


# The kinds of foreign-invested enterprise, shares of FIE trade per cent: table (12) prints all four;
# (6)/(7) of 2018-2019 print CJV, EJV and FOE (ASSUMED: joint-stock companies counted with FOE there,
# so Sub.Tot = CJV + EJV + FOE as the real pages add up). CONFIRMED for 2019 imports: CJV 0.5 %, EJV
# 27.8 %, FOE 71.7 % of FIE ((7) 1-11.2019); exports ASSUMED alike.
FIE_KINDS: tuple[tuple[str, str, dict[int, float]], ...] = (
    ("CJV", "Sino-foreign Contractual Joint Ventures", {2017: 0.6, 2019: 0.5, 2024: 0.3}),
    ("EJV", "Sino-foreign Equity Joint Ventures", {2017: 28.5, 2019: 27.8, 2024: 26.5}),
    ("WFO", "Wholly Foreign-owned Enterprises", {2017: 69.0, 2019: 69.7, 2024: 71.0}),
    ("FJS", "Foreign-invested Joint-stock Companies", {2017: 1.9, 2019: 2.0, 2024: 2.2}),
)
PRINTED_FIE_KINDS = (("CJV", "CJV"), ("EJV", "EJV"), ("WFO", "FOE"))  # (code, column heading), 2018-2019
FIE_KINDS_UNTIL = 2019  # the last year (6)/(7) split FIE (real 1-11.2019 page; 2023's does not)
# Equity joint ventures carry more of the investment equipment and leased goods than of the rest
# (real (7) 1-11.2019: EJV ~61 % of FIV, ~73 % of leasing, ~24 % of PIM).
KIND_AFFINITY = {"EJV": {"FIV": 2.2, "LEA": 2.6, "GT": 1.1, "PIM": 0.85}}
