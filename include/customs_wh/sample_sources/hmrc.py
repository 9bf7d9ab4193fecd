"""The sample uktradeinfo OData API: ``/OTS?$filter=…&$expand=Commodity($select=Hs2Code)&$select=…``.

It reads the filter the warehouse sends (``CountryId eq N`` alternatives, ``MonthId ge``/``le``/``eq``,
joined by ``and``/``or``), pages its answer (``PAGE_SIZE`` rows, ``@odata.nextLink`` with ``$skip``) and
answers an unknown property with the OData error body and 400, as ASP.NET OData services do. Rows are
synthetic commodity codes within each chapter; a few are suppressed (``SuppressionIndex`` 1, value 0).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from customs_wh.sample_sources import figures
from customs_wh.sample_sources.answers import UNAVAILABLE, Answer, SourceState

PAGE_SIZE = 1000  # assumed: the real service's page size is not documented in any saved answer
COUNTRIES = {720: "CHN", 740: "HKG", 743: "MAC"}
PROPERTIES = {
    "MonthId",
    "FlowTypeId",
    "SuppressionIndex",
    "CommodityId",
    "CommoditySitcId",
    "CountryId",
    "PortId",
    "Value",
    "NetMass",
    "SuppUnit",
}
_CONDITION = re.compile(r"(\w+)\s+(eq|ge|le|gt|lt)\s+(\d+)")
JSON_TYPE = "application/json; odata.metadata=minimal; odata.streaming=true"


def odata_error(message: str) -> Answer:
    body = json.dumps({"error": {"code": "", "message": message}}, separators=(",", ":"))
    return Answer(400, "application/json; odata.metadata=minimal", body.encode())


def _unknown(name: str) -> Answer:
    return odata_error(
        f"The query specified in the URI is not valid. Could not find a property named '{name}' on type 'OTS'."
    )


def _suppressed(country: int, chapter: str, month: str, flow: int) -> bool:
    # Hong Kong's and Macao's small chapters now and then; China's chapter 93 (arms) in March of even years.
    if country == 720:
        return chapter == "93" and month.endswith("-03") and int(month[:4]) % 2 == 0
    return chapter in ("29", "47") and (int(month[:4]) + int(month[5:]) + flow) % 5 == 0


def _rows(countries: set[int], first: str, last: str, state: SourceState) -> list[dict]:
    rows = []
    for month in figures.months_between(first, last):
        if month > state.published_through or month < f"{figures.FIRST_YEAR}-01":
            continue
        for country in sorted(countries & set(COUNTRIES)):
            for flow_id, flow in ((3, "import"), (4, "export")):
                chapters = figures.chapters("GBR", flow, COUNTRIES[country], month, revision=state.revision)
                if month.endswith("-03") and int(month[:4]) % 2 == 0 and country == 720:
                    chapters = {**chapters, "93": 1_250_000}
                for chapter, value in sorted(chapters.items()):
                    halves = (value // 2, value - value // 2)
                    for index, half in enumerate(halves):
                        hidden = index == 1 and _suppressed(country, chapter, month, flow_id)
                        rows.append(
                            {
                                "MonthId": int(month.replace("-", "")),
                                "FlowTypeId": flow_id,
                                "SuppressionIndex": 1 if hidden else 0,
                                "CommodityId": int(f"{chapter}{index + 1:06d}"),
                                "CountryId": country,
                                "Value": 0.0 if hidden else float(half),
                                "Commodity": {"Hs2Code": chapter},
                            }
                        )
    return rows


def answer(path: str, query: list[tuple[str, str]], state: SourceState) -> Answer:
    if state.unavailable:
        return UNAVAILABLE
    if path.rstrip("/") != "/OTS":
        return Answer(404, "text/html", b"")
    params = dict(query)
    for name in params.get("$select", "").split(","):
        if name and name not in PROPERTIES:
            return _unknown(name)
    filter_text = params.get("$filter", "")
    countries, first, last = set(), f"{figures.FIRST_YEAR}-01", state.published_through
    for name, op, number in _CONDITION.findall(filter_text):
        if name not in PROPERTIES:
            return _unknown(name)
        if name == "CountryId" and op == "eq":
            countries.add(int(number))
        elif name == "MonthId":
            month = f"{number[:4]}-{number[4:]}"
            first = month if op in ("ge", "eq") else first
            last = month if op in ("le", "eq") else last
    rows = _rows(countries or set(COUNTRIES), first, last, state)
    skip, top = int(params.get("$skip", "0") or 0), int(params.get("$top", str(PAGE_SIZE)) or PAGE_SIZE)
    page = rows[skip : skip + min(top, PAGE_SIZE)]
    document: dict = {"@odata.context": f"{state.base_url}/$metadata#OTS", "value": page}
    if skip + len(page) < len(rows) and top > PAGE_SIZE - 1:
        rest = [(k, v) for k, v in query if k != "$skip"] + [("$skip", str(skip + len(page)))]
        document["@odata.nextLink"] = f"{state.base_url}/OTS?" + "&".join(
            f"{k}={quote(v, safe='(),=$')}" for k, v in rest
        )
    return Answer(200, JSON_TYPE, json.dumps(document, separators=(",", ":")).encode())
