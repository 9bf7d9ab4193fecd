"""OTS pages → partner observations (pure: bytes in, observations or a one-line refusal out).

Each row is the UK's trade in one commodity code with one country in one month. Its HS chapter comes
from the expanded ``Commodity/Hs2Code``; the flow from ``FlowTypeId`` (1 and 3 imports, CIF; 2 and 4
exports, FOB). A row whose ``SuppressionIndex`` is not 0 is suppressed (HMRC withholds it to protect a
trader): recorded with ``suppressed`` true and no value, so no sum ever counts it as zero. An OData
error body is refused with its message.
"""

from __future__ import annotations

import json
import re

from customs_wh.contracts import ParseError
from customs_wh.partner_contracts import ParsedResponse, PartnerObservation
from customs_wh.reference import AGGREGATE_CODES, source_codes
from customs_wh.words import is_month

SOURCE = "hmrc"
FLOWS = {1: ("import", "cif"), 3: ("import", "cif"), 2: ("export", "fob"), 4: ("export", "fob")}
REQUIRED = ("MonthId", "FlowTypeId", "SuppressionIndex", "CountryId", "Value")
_CHAPTER = re.compile(r"^\d{2}$")


def _refuse(page: str, reason: str) -> ParseError:
    return ParseError(page, f"{SOURCE}: {reason}")


def _document(content: bytes, page: str) -> dict:
    try:
        document = json.loads(content.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        raise _refuse(page, f"not an OData JSON page ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(document, dict):
        raise _refuse(page, "not an OData JSON page (an object with a value array)")
    if "error" in document:
        error = document["error"] if isinstance(document["error"], dict) else {}
        message = " ".join(str(error.get("message") or document["error"]).split())[:200]
        raise _refuse(page, f"the API answered an error: {message}")
    if not isinstance(document.get("value"), list):
        raise _refuse(page, "not an OData JSON page: no value array")
    return document


def _month(value, page: str, line: int) -> str:
    month = f"{str(value)[:4]}-{str(value)[4:]}"
    if not isinstance(value, int) or not is_month(month):
        raise _refuse(page, f"row {line}: MonthId {value!r} is not a month like 202406")
    return month


def _chapter(row: dict, page: str, line: int) -> str:
    commodity = row.get("Commodity")
    code = commodity.get("Hs2Code") if isinstance(commodity, dict) else None
    if not isinstance(code, str) or not _CHAPTER.match(code):
        raise _refuse(page, f"row {line}: no HS chapter (Commodity/Hs2Code {code!r}); ask with $expand=Commodity")
    return code


def _observation(row: dict, page: str, line: int, countries: dict[str, str]) -> PartnerObservation:
    missing = [name for name in REQUIRED if name not in row]
    if missing:
        raise _refuse(page, f"row {line} lacks {', '.join(missing)}")
    if row["FlowTypeId"] not in FLOWS:
        raise _refuse(page, f"row {line}: FlowTypeId {row['FlowTypeId']!r} is not 1, 2, 3 or 4")
    partner = countries.get(str(row["CountryId"]).zfill(3))
    if partner is None:
        raise _refuse(page, f"row {line}: CountryId {row['CountryId']!r} is not in the partner code map")
    suppressed = row["SuppressionIndex"] not in (0, None)
    value = row["Value"]
    if not suppressed and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0):
        raise _refuse(page, f"row {line}: Value {value!r} is not an amount of pounds")
    flow, basis = FLOWS[row["FlowTypeId"]]
    return PartnerObservation(
        source=SOURCE,
        reporter="GBR",
        partner=str(row["CountryId"]),
        partner_code=partner,
        flow=flow,
        product=_chapter(row, page, line),
        period_month=_month(row["MonthId"], page, line),
        measure="Value",
        value=None if suppressed else float(value),
        currency="GBP",
        valuation=basis,
        suppressed=suppressed,
        is_aggregate=partner in AGGREGATE_CODES,
    )


def parse_response(content: bytes, page: str) -> ParsedResponse:
    """Every row of an OTS page, and the next page's address; or :class:`ParseError` with one line."""
    document = _document(content, page)
    countries = source_codes(SOURCE)
    observations = tuple(
        _observation(row, page, line, countries) if isinstance(row, dict) else _refuse_row(page, line)
        for line, row in enumerate(document["value"], start=1)
    )
    next_url = document.get("@odata.nextLink")
    if next_url is not None and not isinstance(next_url, str):
        raise _refuse(page, "@odata.nextLink is not an address")
    if not observations and next_url is None:
        raise _refuse(page, "the page has no rows and no next page")
    return ParsedResponse(source=SOURCE, observations=observations, next_url=next_url)


def _refuse_row(page: str, line: int) -> PartnerObservation:
    raise _refuse(page, f"row {line} is not an object")
