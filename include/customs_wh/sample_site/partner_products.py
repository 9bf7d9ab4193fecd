"""Tables (15) and (16): the selected partners' trade by HS chapter.

Each selected partner's chapters add up to its row in table (2) month by month, and the partners'
chapters together stay within the world's chapter in table (4): the chapter mix of every partner
is fitted once a year to both margins (partners' totals, chapters' totals, the unlisted rest of the
world absorbing the difference), then each month splits the partner's value by that year's mix with
noise. The mixes lean the way China's trade does: soya beans from Brazil and the United States, ores
from Australia and Brazil, fuel from Russia, chips from Taiwan and Korea, vehicles from the EU and
Japan; furniture and toys to the United States, cars to Russia.
ASSUMED: which partners the real tables select (no saved real page of (15)/(16) exists).
"""

from __future__ import annotations

import math
import random
from functools import cache

from customs_wh.sample_site.breakdowns import hs_series
from customs_wh.sample_site.bulletin_series import Series, country_series, group_series, world_thousands
from customs_wh.sample_site.calibration import MODEL_FIRST_YEAR, MODEL_LAST_YEAR, SEED
from customs_wh.sample_site.hs import CHAPTERS
from customs_wh.sample_site.partners import FLOWS
from customs_wh.sample_site.series import MODEL_MONTHS, year_slice
from customs_wh.sample_site.splits import fit_margins

# Partners as table (2) names them: a group row or a country, with the label the tables print.
SELECTED_PARTNERS: tuple[tuple[str, str], ...] = (
    ("ASEAN", "ASEAN"),
    ("EU", "EU"),
    ("USA", "United States"),
    ("JPN", "Japan"),
    ("KOR", "Republic of Korea"),
    ("HKG", "Hong Kong, China"),
    ("TWN", "Taiwan, China"),
    ("RUS", "Russia"),
    ("AUS", "Australia"),
    ("BRA", "Brazil"),
)
REST = "REST"

AFFINITY: dict[str, dict[str, dict[str, float]]] = {
    "export": {
        "USA": {
            "85": 1.1,
            "84": 1.1,
            "94": 1.6,
            "95": 1.8,
            "61": 1.2,
            "62": 1.2,
            "64": 1.3,
            "27": 0.2,
            "72": 0.3,
            "89": 0.2,
        },
        "HKG": {"85": 2.0, "84": 1.3, "71": 2.0, "27": 0.5, "72": 0.3},
        "JPN": {"61": 1.6, "62": 1.6, "03": 3.0, "07": 3.0, "16": 3.0, "85": 0.9},
        "KOR": {"85": 1.3, "72": 1.5, "28": 1.5, "29": 1.5},
        "TWN": {"85": 1.6},
        "RUS": {"87": 3.0, "84": 1.4, "85": 0.7, "61": 1.6, "62": 1.6, "64": 1.6, "27": 0.1},
        "ASEAN": {"85": 1.1, "72": 1.8, "73": 1.3, "27": 1.5, "29": 1.3, "60": 2.5, "52": 2.0},
        "EU": {"85": 1.1, "94": 1.3, "95": 1.4, "87": 1.3},
        "AUS": {"94": 1.5, "73": 1.5, "87": 1.5},
        "BRA": {"85": 1.2, "29": 1.8, "87": 1.5},
    },
    "import": {
        "USA": {
            "12": 10.0,
            "84": 1.5,
            "85": 0.8,
            "88": 5.0,
            "90": 2.5,
            "30": 2.0,
            "39": 1.3,
            "02": 3.0,
            "10": 4.0,
            "47": 2.0,
        },
        "JPN": {"85": 1.3, "84": 2.2, "90": 2.0, "87": 2.5, "27": 0.05, "26": 0.05},
        "KOR": {"85": 2.5, "90": 1.5, "27": 0.5, "26": 0.01, "29": 1.5},
        "TWN": {"85": 3.6, "90": 1.5, "27": 0.05, "26": 0.01},
        "HKG": {"85": 0.5, "71": 3.0, "27": 0.1},
        "RUS": {"27": 3.5, "26": 0.5, "74": 1.5, "44": 5.0, "03": 5.0, "85": 0.02, "84": 0.05},
        "ASEAN": {"85": 1.8, "27": 0.6, "26": 0.3, "08": 3.0, "40": 4.0, "15": 3.0, "74": 1.2, "72": 2.0},
        "EU": {
            "84": 2.4,
            "87": 3.5,
            "90": 2.2,
            "30": 4.0,
            "85": 0.7,
            "27": 0.1,
            "26": 0.05,
            "33": 2.0,
            "22": 3.0,
            "02": 2.0,
        },
        "AUS": {"26": 9.0, "27": 0.8, "71": 2.0, "85": 0.01, "84": 0.02, "51": 5.0, "02": 2.0, "10": 3.0},
        "BRA": {"26": 4.0, "12": 14.0, "27": 1.5, "02": 4.0, "47": 4.0, "17": 5.0, "85": 0.01, "84": 0.02},
    },
}


@cache
def partner_series() -> Series:
    """The selected partners' monthly values (US$1,000), exactly their rows in table (2)."""
    countries, groups = country_series(), group_series()
    return {
        (code, flow): (groups if (code, flow) in groups else countries)[(code, flow)]
        for code, _ in SELECTED_PARTNERS
        for flow in FLOWS
    }


@cache
def yearly_mix(flow: str, year: int) -> dict[str, dict[str, float]]:
    """Partner -> chapter -> share of the partner's trade that year, fitted to the year's margins."""
    span = year_slice(year)
    partners, chapters, world = partner_series(), hs_series(), world_thousands()
    totals = {code: sum(partners[(code, flow)][span]) for code, _ in SELECTED_PARTNERS}
    totals[REST] = sum(world[flow][span]) - sum(totals.values())
    columns = {chapter.code: sum(chapters[(chapter.code, flow)][span]) for chapter in CHAPTERS}
    grand = sum(columns.values())
    seed = {
        (partner, chapter): total * columns[chapter] / grand * AFFINITY[flow].get(partner, {}).get(chapter, 1.0)
        for partner, total in totals.items()
        for chapter in columns
    }
    fitted = fit_margins(seed, totals, columns, rounds=60)
    return {
        partner: {chapter: fitted[(partner, chapter)] / totals[partner] for chapter in columns}
        for partner in totals
        if partner != REST
    }


@cache
def partner_chapter_series() -> Series:
    """("USA/85", flow) -> monthly US$1,000; a partner's chapters sum to its table (2) row."""
    series: Series = {}
    partners = partner_series()
    for flow in FLOWS:
        mixes = {year: yearly_mix(flow, year) for year in range(MODEL_FIRST_YEAR, MODEL_LAST_YEAR + 1)}
        for code, _ in SELECTED_PARTNERS:
            rng = random.Random(f"{SEED}:partner-chapter:{code}:{flow}")
            cells: dict[str, list[float]] = {chapter.code: [] for chapter in CHAPTERS}
            for index, month in enumerate(MODEL_MONTHS):
                mix = mixes[int(month[:4])][code]
                raw = {chapter: share * math.exp(rng.gauss(0, 0.04)) for chapter, share in mix.items()}
                norm = sum(raw.values())
                total = partners[(code, flow)][index]
                for chapter, value in raw.items():
                    cells[chapter].append(total * value / norm)
            series.update({(f"{code}/{chapter}", flow): values for chapter, values in cells.items()})
    return series
