"""A build database holding a year of the Preliminary Release's tables (1) and (4) and the Monthly
Bulletin's table (2) as the reading stage lands them in raw.observations: every ISO 3166 country
under a continent, the continents, the groups, Antarctica and the trade of unknown destination.

The preliminary prints 0.1 of USD 1 million, the Bulletin US$1,000 (no decimal); both print the
same underlying figures, so every difference between them is rounding, except the revisions a
test asks for (``revise``: (country, flow, month) -> factor on the month's trade in the Bulletin,
which carries into the year to date, the continent, the groups and the world as it would).
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pycountry

from customs_wh.warehouse import db
from databases import insert_rows

YEAR = 2025
MONTHS = range(2, 13)  # January is released with February (2020-2025)
FLOWS = ("export", "import")
CONTINENTS = ("ASIA", "AFRICA", "EUROPE", "LATAM", "NORTH_AMERICA", "OCEANIA")
# The partners the preliminary table (4) prints, with the group it prints them under.
PRELIMINARY_PARTNERS = {"USA": None, "JPN": None, "EU": None, "DEU": "EU", "AFRICA": None, "ZAF": "AFRICA"}
KNOWN_CONTINENTS = {"USA": "NORTH_AMERICA", "JPN": "ASIA", "DEU": "EUROPE", "ZAF": "AFRICA", "NGA": "AFRICA"}
EU_MEMBERS = ("DEU", "FRA", "ITA", "NLD")
GROUPS = ("EU", "ASEAN", "APEC", "RCEP", "BRI")
PRELIMINARY = ("USD 1 Million", 1_000_000, 1)
BULLETIN = ("US$1,000", 1_000, 0)
MANIFEST_COLUMNS = (
    "sha256, url, release_key, section, currency, reference_month, release_kind, vintage, published_on, "
    "fetched_at, byte_size, status, reason, run_id, gated_at, image_url"
)
OBSERVATION_COLUMNS = (
    "release_key, sha256, vintage, release_kind, section, currency, unit, scale, reference_month, publication_date, "
    "partner, partner_code, parent_code, flow, measure, period_kind, period_start, value, loaded_at, decimals, "
    "is_derived"
)


def countries() -> dict[str, str]:
    """Every ISO 3166 country and territory but Antarctica, with the continent it is printed under."""
    codes = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ("ATA", "CHN"))
    return {code: KNOWN_CONTINENTS.get(code, CONTINENTS[i % len(CONTINENTS)]) for i, code in enumerate(codes)}


def monthly_usd(revise: dict[tuple[str, str, int], float], seed: int = 2025) -> dict[tuple[str, str, int], float]:
    """USD per (partner, flow, month): countries, UNKNOWN, and the sums GACC prints (continents,
    groups, the world)."""
    rng = random.Random(seed)
    members = countries()
    usd: dict[tuple[str, str, int], float] = {}
    for code in [*members, "UNKNOWN"]:
        size = 10 ** rng.uniform(5, 10.5) if code not in KNOWN_CONTINENTS else rng.uniform(2e9, 4e10)
        for flow in FLOWS:
            for month in range(1, 13):
                usd[code, flow, month] = size * rng.uniform(0.6, 1.4) * revise.get((code, flow, month), 1.0)
    for flow in FLOWS:
        for month in range(1, 13):
            for continent in CONTINENTS:
                usd[continent, flow, month] = sum(usd[c, flow, month] for c, k in members.items() if k == continent)
            usd["WORLD", flow, month] = sum(usd[c, flow, month] for c in [*members, "UNKNOWN"])
            usd["EU", flow, month] = sum(usd[c, flow, month] for c in EU_MEMBERS)
            for group in GROUPS[1:]:
                usd[group, flow, month] = usd["ASIA", flow, month] * 0.5
    return usd


def _published(month: int, kind: str) -> str:
    day = 10 if kind == "preliminary" else 20
    return f"{YEAR + (month == 12)}-{month % 12 + 1:02d}-{day}"


def pages(
    revise: dict[tuple[str, str, int], float] | None = None,
    bulletin_months: range | tuple[int, ...] = MONTHS,
    bulletin_gated: bool = True,
    bulletin_summary: bool = False,
) -> tuple[list[list], list[list]]:
    """Manifest and observation rows: the preliminary (1) and (4) and the Bulletin's (2), USD (and
    with ``bulletin_summary`` the Bulletin's (1): its world total)."""
    figures = {"preliminary": monthly_usd({}), "monthly_bulletin": monthly_usd(revise or {})}
    members = countries()
    bulletin_partners = {
        "WORLD": None,
        **dict.fromkeys(CONTINENTS),
        **members,
        "UNKNOWN": None,
        **dict.fromkeys(GROUPS),
    }
    manifest, observations = [], []
    tables = [("preliminary", 1, {"WORLD": None}, PRELIMINARY), ("preliminary", 4, PRELIMINARY_PARTNERS, PRELIMINARY)]
    tables.append(("monthly_bulletin", 2, bulletin_partners, BULLETIN))
    if bulletin_summary:
        tables.append(("monthly_bulletin", 1, {"WORLD": None}, BULLETIN))
    for month in MONTHS:
        reference = f"{YEAR}-{month:02d}"
        for kind, section, partners, (unit, scale, decimals) in tables:
            if kind == "monthly_bulletin" and month not in bulletin_months:
                continue
            if section == 4:
                partners = {"WORLD": None, **partners}
            key = f"{reference}/s{section}/USD/{kind}"
            sha = hashlib.sha256(key.encode()).hexdigest()
            published = _published(month, kind)
            gated = published if (kind == "preliminary" or bulletin_gated) else None
            manifest.append(
                [sha, f"http://gacc.test/{sha[:8]}.html", key, section, "USD", reference, kind, 1, published]
                + [published, 1000, "landed", None, "run-test", gated, None]
            )
            for code, parent in partners.items():
                for period_kind in ("month", "ytd") if month > 2 else ("ytd",):
                    months = [month] if period_kind == "month" else range(1, month + 1)
                    exact = {flow: sum(figures[kind][code, flow, m] for m in months) for flow in FLOWS}
                    exact["total"] = exact["export"] + exact["import"]
                    values = {flow: round(value / scale, decimals) for flow, value in exact.items()}
                    for flow, value in values.items():
                        observations.append(
                            [key, sha, 1, kind, section, "USD", unit, scale, reference, published, code, code, parent]
                            + [flow, "value", period_kind, reference if period_kind == "month" else f"{YEAR}-01"]
                            + [value, published, decimals, False]
                        )
    return manifest, observations


def load(build_db: Path, manifest: list[list], observations: list[list]) -> None:
    with db.connect(build_db) as con:
        insert_rows(con, "raw.manifest", MANIFEST_COLUMNS, manifest)
        insert_rows(con, "raw.observations", OBSERVATION_COLUMNS, observations)
