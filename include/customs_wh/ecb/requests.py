"""The ECB requests the warehouse makes: the monthly average of the US dollar and the pound against the
euro, a year at a time, as SDMX-JSON."""

from __future__ import annotations

from urllib.parse import urlencode

from customs_wh.partner_contracts import PartnerRequest

REAL_BASE_URL = "https://data-api.ecb.europa.eu"
PATH = "/service/data/EXR/{key}"
SERIES_KEY = "M.USD+GBP.EUR.SP00.A"


def request_url(base_url: str, first_month: str, last_month: str) -> str:
    query = urlencode({"format": "jsondata", "startPeriod": first_month, "endPeriod": last_month})
    return f"{base_url.rstrip('/')}{PATH.format(key=SERIES_KEY)}?{query}"


def requests_for_year(base_url: str, year: int, last_month: str | None = None) -> list[PartnerRequest]:
    first, last = f"{year:04d}-01", min(f"{year:04d}-12", last_month or f"{year:04d}-12")
    return [PartnerRequest("ecb", f"EXR/{year}", request_url(base_url, first, last), first, last)]
