"""The sample Comext SDMX 2.1 API: ``/sdmx/2.1/data/DS-045409/{key}?format=SDMX-CSV&startPeriod&endPeriod``.

The key is freq.reporter.partner.product.flow.indicators, ``+`` joining alternatives, an empty part
meaning all. The answer is SDMX-CSV 1.0 (``DATAFLOW,LAST UPDATE,freq,reporter,…,OBS_VALUE``), product
TOTAL beside every chapter when the product is left open, reporter EU27_2020 beside the member states.
Errors are SDMX 2.1 error messages (``mes:Error``): a key of the wrong length 400 (code 140, syntax), an
unknown dataset or nothing to answer 404 (code 100, no results), a format other than SDMX-CSV 406 (code
406, not acceptable).
"""

from __future__ import annotations

import re

from customs_wh.sample_sources import figures
from customs_wh.sample_sources.answers import UNAVAILABLE, Answer, SourceState

PATH = re.compile(r"^/sdmx/2\.1/data/([^/]+)/([^/]*)$")
DATAFLOW = "ESTAT:DS-045409(1.0)"
PARTNERS = {"CN": "CHN", "HK": "HKG", "MO": "MAC"}
LAST_UPDATE = "15/10/26 11:00:00"  # synthetic
CSV_TYPE = "application/vnd.sdmx.data+csv;version=1.0.0"


def error(status: int, code: int, message: str) -> Answer:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><mes:Error '
        'xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" '
        'xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">'
        f'<mes:ErrorMessage code="{code}"><com:Text xml:lang="en">{message}</com:Text></mes:ErrorMessage></mes:Error>'
    )
    return Answer(status, "application/xml;charset=UTF-8", body.encode())


def answer(path: str, query: list[tuple[str, str]], state: SourceState, members: tuple[str, ...]) -> Answer:
    if state.unavailable:
        return UNAVAILABLE
    match = PATH.match(path)
    if match is None:
        return error(404, 100, "No Results Found")
    dataset, key = match.groups()
    if dataset != "DS-045409":
        return error(404, 100, f"Dataflow {dataset} not found")
    params = dict(query)
    if params.get("format", "SDMX-CSV").upper() not in ("SDMX-CSV", "CSV"):
        return error(406, 406, f"Format {params['format']} is not supported by this sample service")
    parts = key.split(".")
    if len(parts) != 6:
        return error(400, 140, f"Syntax error: the key has {len(parts)} dimensions, the dataflow 6")
    freq, reporters, partners, products, flows, indicators = (set(p.split("+")) - {""} for p in parts)
    first = params.get("startPeriod", f"{figures.FIRST_YEAR}-01")
    last = min(params.get("endPeriod", state.published_through), state.published_through)
    months = figures.months_between(max(first, f"{figures.FIRST_YEAR}-01"), last) if first <= last else []
    every_reporter = ("EU27_2020", *members)
    lines = []
    for month in months if (not freq or "M" in freq) else []:
        for reporter in every_reporter:
            if reporters and reporter not in reporters:
                continue
            for partner in sorted(partners or set(PARTNERS)):
                if partner not in PARTNERS:
                    continue
                for flow in sorted(flows or {"1", "2"}):
                    lines += _lines(reporter, partner, flow, month, products, indicators, state, members)
    if not lines:
        return error(404, 100, "No Results Found")
    header = "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE\n"
    return Answer(200, CSV_TYPE, (header + "".join(lines)).encode())


def _lines(reporter, partner, flow, month, products, indicators, state, members) -> list[str]:
    if flow not in ("1", "2") or (indicators and "VALUE_IN_EUROS" not in indicators):
        return []
    direction = "import" if flow == "1" else "export"
    chapters = figures.chapters("EU27_2020", direction, PARTNERS[partner], month, revision=state.revision)
    share = 1.0 if reporter == "EU27_2020" else figures.member_shares(members)[reporter]
    values = {product: round(value * share) for product, value in chapters.items()}
    values = {"TOTAL": sum(values.values()), **dict(sorted(values.items()))}
    return [
        f"{DATAFLOW},{LAST_UPDATE},M,{reporter},{partner},{product},{flow},VALUE_IN_EUROS,{month},{value}\n"
        for product, value in values.items()
        if not products or product in products
    ]
