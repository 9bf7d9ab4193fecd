"""The sample Census international trade API: ``/data/timeseries/intltrade/{imports,exports}/hs``.

As the real API: ``get`` names the variables, predicates filter (several values of one predicate are
alternatives), ``time`` is one month or ``from YYYY-MM to YYYY-MM``; the answer is a JSON array of arrays,
the header row being the ``get`` variables followed by the predicates asked, every value a string, rows
separated by ``,\\n``. Without ``CTY_CODE`` the world row (``-``, TOTAL FOR ALL COUNTRIES) is included. A
valid request for months not yet published answers 204 with no content; an unknown variable 400 with
``error: unknown variable 'X'`` (the Census Data API's wording). ``key`` is accepted and not checked.
"""

from __future__ import annotations

import json
import re

from customs_wh.sample_sources import figures
from customs_wh.sample_sources.answers import UNAVAILABLE, Answer, SourceState, text

PATH = re.compile(r"^/data/timeseries/intltrade/(imports|exports)/hs$")
COUNTRIES = {"5700": ("CHN", "CHINA"), "5820": ("HKG", "HONG KONG"), "5660": ("MAC", "MACAU")}
WORLD = ("-", "TOTAL FOR ALL COUNTRIES")
VARIABLES = {
    "imports": {
        "CTY_CODE",
        "CTY_NAME",
        "I_COMMODITY",
        "I_COMMODITY_SDESC",
        "GEN_VAL_MO",
        "CON_VAL_MO",
        "COMM_LVL",
        "YEAR",
        "MONTH",
        "SUMMARY_LVL",
    },
    "exports": {
        "CTY_CODE",
        "CTY_NAME",
        "E_COMMODITY",
        "E_COMMODITY_SDESC",
        "ALL_VAL_MO",
        "COMM_LVL",
        "YEAR",
        "MONTH",
        "SUMMARY_LVL",
    },
}
_TIME = re.compile(r"^(?:from\s+(\d{4}-\d{2})\s+to\s+(\d{4}-\d{2})|from\s+(\d{4}-\d{2})|(\d{4}-\d{2}))$")


def _months(time: str, state: SourceState) -> list[str] | None:
    match = _TIME.match(time.strip())
    if match is None:
        return None
    first = match.group(1) or match.group(3) or match.group(4)
    last = match.group(2) or (state.published_through if match.group(3) else first)
    if not (first[5:] <= "12" and last[5:] <= "12" and first[5:] != "00" and last[5:] != "00"):
        return None
    return [
        m for m in figures.months_between(first, last) if f"{figures.FIRST_YEAR}-01" <= m <= state.published_through
    ]


def answer(path: str, query: list[tuple[str, str]], state: SourceState) -> Answer:
    if state.unavailable:
        return UNAVAILABLE
    match = PATH.match(path)
    if match is None:
        return text(404, "error: unknown dataset")
    endpoint = match.group(1)
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault(name, []).append(value)
    params.pop("key", None)
    if "get" not in params:
        return text(400, "error: missing 'get' clause")
    wanted = [name.strip() for name in params.pop("get")[0].split(",") if name.strip()]
    for name in [*wanted, *(p for p in params if p != "time")]:
        if name.upper() not in VARIABLES[endpoint]:
            return text(400, f"error: unknown variable '{name}'")
    if "time" not in params:
        return text(400, "error: the 'time' predicate is required for this timeseries dataset")
    months = _months(params["time"][0], state)
    if months is None:
        return text(400, f"error: invalid 'time' value '{params['time'][0]}'")
    levels = params.get("COMM_LVL")
    level = levels[0] if levels else None
    if level not in (None, "HS2"):
        return (
            text(204, "", "application/json;charset=utf-8")
            if level in ("HS4", "HS6", "HS10")
            else text(400, f"error: invalid 'COMM_LVL' value '{level}'")
        )
    rows = _rows(endpoint, wanted, params, months, level, state)
    if not rows:
        return Answer(204, "application/json;charset=utf-8")
    header = [*wanted, *(p for p in params if p not in wanted)]
    lines = [json.dumps(header, separators=(",", ":"))] + [json.dumps(r, separators=(",", ":")) for r in rows]
    return Answer(200, "application/json;charset=utf-8", ("[" + ",\n".join(lines) + "]").encode())


def _rows(endpoint, wanted, params, months, level, state) -> list[list[str]]:
    flow = "import" if endpoint == "imports" else "export"
    commodity_var = "I_COMMODITY" if flow == "import" else "E_COMMODITY"
    codes = params.get("CTY_CODE") or [WORLD[0], *COUNTRIES]
    rows = []
    for month in months:
        for code in codes:
            if code == WORLD[0]:
                partners = list(COUNTRIES.values())
            elif code in COUNTRIES:
                partners = [COUNTRIES[code]]
            else:
                continue
            name = WORLD[1] if code == WORLD[0] else COUNTRIES[code][1]
            by_product = _values(flow, [iso3 for iso3, _ in partners], month, level, state)
            if code == WORLD[0]:
                # The world is every country, not these three: synthetic, about 7.5 times them.
                by_product = {product: value * 15 // 2 for product, value in by_product.items()}
            for product, value in by_product.items():
                if params.get(commodity_var) and product not in params[commodity_var]:
                    continue
                cells = {
                    "CTY_CODE": code,
                    "CTY_NAME": name,
                    commodity_var: product,
                    "COMM_LVL": level or "",
                    "YEAR": month[:4],
                    "MONTH": month[5:],
                    "time": month,
                    "SUMMARY_LVL": "DET",
                }
                cells.update({measure: str(round(value * share)) for measure, share in _measures(flow).items()})
                cells.update({f"{commodity_var}_SDESC": "TOTAL" if product == "-" else f"CHAPTER {product}"})
                row = [cells[name] for name in wanted]
                row += [cells.get(p, params[p][0]) for p in params if p not in wanted]
                rows.append(row)
    return rows


def _measures(flow: str) -> dict[str, float]:
    # Imports for consumption are general imports less entries into bonded warehouses: a little smaller.
    return {"GEN_VAL_MO": 1.0, "CON_VAL_MO": 0.985} if flow == "import" else {"ALL_VAL_MO": 1.0}


def _values(flow: str, partners: list[str], month: str, level: str | None, state: SourceState) -> dict[str, int]:
    totals: dict[str, int] = {}
    for partner in partners:
        parts = (
            figures.chapters("USA", flow, partner, month, revision=state.revision)
            if level == "HS2"
            else {"-": figures.month_total("USA", flow, partner, month, revision=state.revision)}
        )
        for product, value in parts.items():
            totals[product] = totals.get(product, 0) + value
    return dict(sorted(totals.items()))
