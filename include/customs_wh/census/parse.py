"""Census answers → partner observations (pure: bytes in, observations or a one-line refusal out).

Read by meaning: the header row names the columns, in whatever order the request listed them; the flow
follows from the value variables (imports print ``GEN_VAL_MO``/``CON_VAL_MO``, exports ``ALL_VAL_MO``);
the month from ``time`` (or ``YEAR`` and ``MONTH``); the product from ``COMM_LVL`` and the commodity code
(no level, or the code "-": the total of all commodities). The world row (``CTY_CODE`` "-") and grouping
codes are aggregates. Anything else is refused with a reason naming the source: a non-string value, a
value that is not a whole number of dollars, an unknown country code, a commodity level finer than HS2, a
number stated twice.
"""

from __future__ import annotations

import json
import re

from customs_wh.contracts import ParseError
from customs_wh.partner_contracts import TOTAL_PRODUCT, NotPublished, ParsedResponse, PartnerObservation
from customs_wh.reference import AGGREGATE_CODES, source_codes
from customs_wh.words import is_month

SOURCE = "census"
IMPORT_VALUES = {"GEN_VAL_MO": "customs_value", "CON_VAL_MO": "customs_value"}
EXPORT_VALUES = {"ALL_VAL_MO": "fas"}
_DOLLARS = re.compile(r"^\d{1,15}$")
_CHAPTER = re.compile(r"^\d{2}$")


def _refuse(page: str, reason: str) -> ParseError:
    return ParseError(page, f"{SOURCE}: {reason}")


def _table(content: bytes, page: str) -> list[list]:
    text = content.decode("utf-8", errors="replace").strip()
    if not text:
        raise NotPublished(page, f"{SOURCE}: no content (HTTP 204): the months asked for are not published yet")
    if text.lower().startswith("error:"):
        raise _refuse(page, f"the API answered an error: {' '.join(text.split())[:200]}")
    try:
        table = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(page, f"not the API's JSON array of arrays ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(table, list) or not table or not all(isinstance(row, list) for row in table):
        raise _refuse(page, "not the API's JSON array of arrays (a header row, then one row per record)")
    return table


def _header(table: list[list], page: str) -> dict[str, int]:
    header = table[0]
    if not all(isinstance(name, str) for name in header):
        raise _refuse(page, "the first row is not a header of variable names")
    columns = {name.upper(): index for index, name in enumerate(header)}
    if len(columns) != len(header):
        raise _refuse(page, "the header names a variable twice")
    if "CTY_CODE" not in columns:
        raise _refuse(page, "the header has no CTY_CODE: the partner of each row is unknown")
    if "TIME" not in columns and not {"YEAR", "MONTH"} <= columns.keys():
        raise _refuse(page, "the header has neither time nor YEAR and MONTH: the month of each row is unknown")
    return columns


def _values(columns: dict[str, int], page: str) -> tuple[str, dict[str, str]]:
    imports = {name: basis for name, basis in IMPORT_VALUES.items() if name in columns}
    exports = {name: basis for name, basis in EXPORT_VALUES.items() if name in columns}
    if imports and exports:
        raise _refuse(page, "the header mixes import and export values")
    if not imports and not exports:
        raise _refuse(page, "the header has no value variable (GEN_VAL_MO, CON_VAL_MO or ALL_VAL_MO)")
    return ("import", imports) if imports else ("export", exports)


def _month(row: list, columns: dict[str, int], page: str, line: int) -> str:
    month = row[columns["TIME"]] if "TIME" in columns else f"{row[columns['YEAR']]}-{row[columns['MONTH']]}"
    if not is_month(month):
        raise _refuse(page, f"row {line}: {month!r} is not a month like 2024-06")
    return month


def _product(row: list, columns: dict[str, int], page: str, line: int) -> str:
    level = row[columns["COMM_LVL"]] if "COMM_LVL" in columns else None
    commodity_column = "I_COMMODITY" if "I_COMMODITY" in columns else "E_COMMODITY"
    commodity = row[columns[commodity_column]] if commodity_column in columns else None
    if level in (None, "") and commodity in (None, "", "-"):
        return TOTAL_PRODUCT
    if level == "HS2" and commodity is not None and _CHAPTER.match(commodity):
        return commodity
    if level == "HS2" and commodity is None:
        raise _refuse(page, "COMM_LVL HS2 without I_COMMODITY or E_COMMODITY: the chapter of each row is unknown")
    raise _refuse(
        page, f"row {line}: commodity {commodity!r} at level {level!r}; only totals and HS2 chapters are read"
    )


def parse_response(content: bytes, page: str) -> ParsedResponse:
    """Every value of a Census answer, or :class:`ParseError` (:class:`NotPublished` for HTTP 204)."""
    table = _table(content, page)
    columns = _header(table, page)
    flow, values = _values(columns, page)
    countries = source_codes(SOURCE)
    observations: list[PartnerObservation] = []
    seen: set[tuple[str, str, str, str]] = set()
    for line, row in enumerate(table[1:], start=2):
        if len(row) != len(table[0]):
            raise _refuse(page, f"row {line} has {len(row)} values for {len(table[0])} columns")
        if not all(isinstance(cell, str) for cell in row):
            raise _refuse(page, f"row {line} holds a value that is not a string, as the API writes every value")
        cty = row[columns["CTY_CODE"]]
        partner_code = countries.get(cty) or ("WORLD" if cty == "-" else None)
        if partner_code is None:
            raise _refuse(page, f"row {line}: CTY_CODE {cty!r} is not in the partner code map")
        month = _month(row, columns, page, line)
        product = _product(row, columns, page, line)
        for measure, basis in values.items():
            text = row[columns[measure]]
            if not _DOLLARS.match(text):
                raise _refuse(page, f"row {line}: {measure} {text!r} is not a whole number of dollars")
            key = (cty, product, month, measure)
            if key in seen:
                raise _refuse(page, f"row {line}: {measure} of CTY_CODE {cty} {product} {month} is stated twice")
            seen.add(key)
            observations.append(
                PartnerObservation(
                    source=SOURCE,
                    reporter="USA",
                    partner=cty,
                    partner_code=partner_code,
                    flow=flow,
                    product=product,
                    period_month=month,
                    measure=measure,
                    value=float(text),
                    currency="USD",
                    valuation=basis,
                    suppressed=False,
                    is_aggregate=partner_code in AGGREGATE_CODES or product == TOTAL_PRODUCT,
                )
            )
    if not observations:
        raise _refuse(page, "the answer has a header and no rows")
    return ParsedResponse(source=SOURCE, observations=tuple(observations))
