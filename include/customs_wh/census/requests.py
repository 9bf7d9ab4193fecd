"""The Census requests the warehouse makes: per flow, per year, the total and the HS chapters of US trade
with China, Hong Kong and Macao.

Imports: general imports (``GEN_VAL_MO``, the customs value of goods entering the US, the figure the US
reports as imports from China) and imports for consumption (``CON_VAL_MO``); exports: total exports
(``ALL_VAL_MO``, f.a.s.). ``time=from YYYY-MM to YYYY-MM`` asks for a year's months in one request. The
API key is optional configuration (``CENSUS_API_KEY``), added when the request is sent, never stored.
"""

from __future__ import annotations

from urllib.parse import urlencode

from customs_wh.partner_contracts import PartnerRequest
from customs_wh.reference import code_for

REAL_BASE_URL = "https://api.census.gov"
PATH = "/data/timeseries/intltrade/{flow}/hs"
# The partners asked for: China, and Hong Kong and Macao for the envelope "China with Hong Kong and Macao".
PARTNERS = ("CHN", "HKG", "MAC")
# CTY_CODE is a predicate, so the answer's header carries it after the get variables (asking for it in get
# too would name it twice).
VARIABLES = {
    "imports": ("CTY_NAME", "I_COMMODITY", "GEN_VAL_MO", "CON_VAL_MO"),
    "exports": ("CTY_NAME", "E_COMMODITY", "ALL_VAL_MO"),
}
LEVELS = ("TOTAL", "HS2")


def request_url(base_url: str, flow: str, level: str, first_month: str, last_month: str) -> str:
    """A request as the API takes it; ``level`` TOTAL asks for all commodities together (no COMM_LVL)."""
    params: list[tuple[str, str]] = [("get", ",".join(VARIABLES[flow]))]
    params += [("CTY_CODE", code_for("census")[iso3]) for iso3 in PARTNERS]
    if level == "HS2":
        params.append(("COMM_LVL", "HS2"))
    params.append(("time", f"from {first_month} to {last_month}"))
    return f"{base_url.rstrip('/')}{PATH.format(flow=flow)}?{urlencode(params)}"


def requests_for_year(base_url: str, year: int, last_month: str | None = None) -> list[PartnerRequest]:
    """Both flows, total and chapters, for January to December of ``year`` (or to ``last_month``)."""
    first, last = f"{year:04d}-01", min(f"{year:04d}-12", last_month or f"{year:04d}-12")
    return [
        PartnerRequest(
            source="census",
            request_key=f"{flow}/{level}/{year}",
            url=request_url(base_url, flow, level, first, last),
            first_month=first,
            last_month=last,
        )
        for flow in ("imports", "exports")
        for level in LEVELS
    ]
