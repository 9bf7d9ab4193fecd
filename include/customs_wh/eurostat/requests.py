"""The Comext requests the warehouse makes: per year, the EU27 and each member state as reporter, partners
China, Hong Kong and Macao, product TOTAL and every HS chapter, both flows, the value in euros, as
SDMX-CSV. Key dimensions left empty mean "all" (every chapter): the answer then holds TOTAL beside its
chapters, which the parser marks so that they are never added together.
"""

from __future__ import annotations

import csv
import functools
from urllib.parse import urlencode

from customs_wh.config import DBT_PROJECT_DIR
from customs_wh.partner_contracts import PartnerRequest
from customs_wh.reference import code_for

REAL_BASE_URL = "https://ec.europa.eu/eurostat/api/comext/dissemination"
DATASET = "DS-045409"
PATH = f"/sdmx/2.1/data/{DATASET}/{{key}}"
PARTNERS = ("CHN", "HKG", "MAC")
INDICATOR = "VALUE_IN_EUROS"


@functools.cache
def reporters() -> tuple[str, ...]:
    """EU27_2020 and every state that was a member at some time since 2018 (Comext's codes: GR for Greece)."""
    with (DBT_PROJECT_DIR / "seeds" / "eu_membership.csv").open(encoding="utf-8", newline="") as handle:
        members = [row["eurostat_code"] for row in csv.DictReader(handle) if row["member_code"] != "GBR"]
    return ("EU27_2020", *members)


def series_key(reporter_codes: tuple[str, ...], product: str = "") -> str:
    """``product`` empty: TOTAL and every chapter; TOTAL: the total alone."""
    partners = "+".join(code_for("eurostat")[iso3] for iso3 in PARTNERS)
    return f"M.{'+'.join(reporter_codes)}.{partners}.{product}.1+2.{INDICATOR}"


def request_url(
    base_url: str, reporter_codes: tuple[str, ...], first_month: str, last_month: str, product: str = ""
) -> str:
    query = urlencode(
        {"format": "SDMX-CSV", "compressed": "false", "startPeriod": first_month, "endPeriod": last_month}
    )
    return f"{base_url.rstrip('/')}{PATH.format(key=series_key(reporter_codes, product))}?{query}"


def requests_for_year(base_url: str, year: int, last_month: str | None = None) -> list[PartnerRequest]:
    """The EU27 by chapter in one request, the member states' totals in another (Comext refuses over-large
    extractions with 413; the member states serve the check that the EU27 is not added to them)."""
    first, last = f"{year:04d}-01", min(f"{year:04d}-12", last_month or f"{year:04d}-12")
    everyone = reporters()
    return [
        PartnerRequest("eurostat", f"EU27_2020/{year}", request_url(base_url, everyone[:1], first, last), first, last),
        PartnerRequest(
            "eurostat", f"members/{year}", request_url(base_url, everyone[1:], first, last, "TOTAL"), first, last
        ),
    ]
