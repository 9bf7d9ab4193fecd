"""The OTS requests the warehouse makes: per year, the UK's trade with China, Hong Kong and Macao, every
row with its HS chapter (``$expand=Commodity($select=Hs2Code)``). The API pages long answers; each
page's ``@odata.nextLink`` (a ``$skip`` further) is followed until none is given.
"""

from __future__ import annotations

from urllib.parse import quote

from customs_wh.partner_contracts import PartnerRequest
from customs_wh.reference import code_for

REAL_BASE_URL = "https://api.uktradeinfo.com"
PARTNERS = ("CHN", "HKG", "MAC")
SELECT = "MonthId,FlowTypeId,SuppressionIndex,CommodityId,CountryId,Value"


def request_url(base_url: str, first_month: str, last_month: str) -> str:
    countries = " or ".join(f"CountryId eq {code_for('hmrc')[iso3]}" for iso3 in PARTNERS)
    first, last = first_month.replace("-", ""), last_month.replace("-", "")
    query = {
        "$filter": f"({countries}) and MonthId ge {first} and MonthId le {last}",
        "$expand": "Commodity($select=Hs2Code)",
        "$select": SELECT,
    }
    encoded = "&".join(f"{name}={quote(value, safe='(),=$')}" for name, value in query.items())
    return f"{base_url.rstrip('/')}/OTS?{encoded}"


def requests_for_year(base_url: str, year: int, last_month: str | None = None) -> list[PartnerRequest]:
    first, last = f"{year:04d}-01", min(f"{year:04d}-12", last_month or f"{year:04d}-12")
    return [PartnerRequest("hmrc", f"OTS/{year}", request_url(base_url, first, last), first, last)]
