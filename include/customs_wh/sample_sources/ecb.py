"""The sample ECB data API: ``/service/data/EXR/{key}?format=jsondata&startPeriod&endPeriod``.

The key is FREQ.CURRENCY.CURRENCY_DENOM.EXR_TYPE.EXR_SUFFIX (``+`` joins alternatives). The answer is an
SDMX-JSON 1.0 data message as the real one is laid out (header, dataSets with series keyed "0:0:0:0:0",
structure with the series and observation dimensions). A key of the wrong length answers 400, a key
with nothing behind it 404 "No results found.", a format other than jsondata 406.
"""

from __future__ import annotations

import json
import re

from customs_wh.sample_sources import figures
from customs_wh.sample_sources.answers import UNAVAILABLE, Answer, SourceState, text

PATH = re.compile(r"^/service/data/EXR/([^/]+)$")
NAMES = {"USD": "US dollar", "GBP": "UK pound sterling"}
PREPARED = "2026-11-02T16:00:00.000+01:00"  # synthetic, fixed: the same request gets the same bytes


def answer(path: str, query: list[tuple[str, str]], state: SourceState) -> Answer:
    if state.unavailable:
        return UNAVAILABLE
    match = PATH.match(path)
    if match is None:
        return text(404, "No results found.")
    params = dict(query)
    if params.get("format", "jsondata") != "jsondata":
        return text(406, f"Format {params['format']} is not served by this sample service.")
    parts = match.group(1).split(".")
    if len(parts) != 5:
        return text(400, f"Bad syntax: the key has {len(parts)} dimensions, EXR has 5.")
    freq, currencies, denom, kind, suffix = (p.split("+") for p in parts)
    if freq != ["M"] or denom != ["EUR"] or kind != ["SP00"] or suffix != ["A"]:
        return text(404, "No results found.")
    wanted = [c for c in currencies if c in NAMES]
    first = max(params.get("startPeriod", f"{figures.FIRST_YEAR}-01"), f"{figures.FIRST_YEAR}-01")
    last = min(params.get("endPeriod", state.published_through), state.published_through)
    months = [m for m in figures.months_between(first, last) if m not in state.missing_months] if first <= last else []
    if not wanted or not months:
        return text(404, "No results found.")
    series = {
        f"0:{index}:0:0:0": {
            "attributes": [],
            "observations": {str(i): [figures.rate(currency, month)] for i, month in enumerate(months)},
        }
        for index, currency in enumerate(wanted)
    }
    body = {
        "header": {"id": "sample", "test": False, "prepared": PREPARED, "sender": {"id": "ECB"}},
        "dataSets": [{"action": "Replace", "validFrom": PREPARED, "series": series}],
        "structure": {
            "links": [
                {"title": "Exchange Rates", "rel": "dataflow", "href": f"{state.base_url}/service/dataflow/ECB/EXR/1.0"}
            ],
            "name": "Exchange Rates",
            "dimensions": {
                "series": [
                    {"id": "FREQ", "name": "Frequency", "values": [{"id": "M", "name": "Monthly"}]},
                    {"id": "CURRENCY", "name": "Currency", "values": [{"id": c, "name": NAMES[c]} for c in wanted]},
                    {"id": "CURRENCY_DENOM", "name": "Currency denominator", "values": [{"id": "EUR", "name": "Euro"}]},
                    {"id": "EXR_TYPE", "name": "Exchange rate type", "values": [{"id": "SP00", "name": "Spot"}]},
                    {
                        "id": "EXR_SUFFIX",
                        "name": "Series variation - EXR context",
                        "values": [{"id": "A", "name": "Average"}],
                    },
                ],
                "observation": [
                    {
                        "id": "TIME_PERIOD",
                        "name": "Time period or range",
                        "role": "time",
                        "values": [{"id": m, "name": m} for m in months],
                    }
                ],
            },
            "attributes": {"series": [], "observation": []},
        },
    }
    return Answer(
        200, "application/vnd.sdmx.data+json;version=1.0.0-wd", json.dumps(body, separators=(",", ":")).encode()
    )
