"""Comext SDMX-CSV answers → partner observations (pure: bytes in, observations or a one-line refusal out).

Eurostat's SDMX 2.1 API writes SDMX-CSV 1.0 (a ``DATAFLOW`` column first). sdmx1 2.28 reads only
SDMX-CSV 2.0 (``STRUCTURE`` columns) and refuses this form, and pysdmx would add six packages for a
ten-column table: the standard library's csv module reads it, by its header's names.

Only monthly VALUE_IN_EUROS rows become observations (the quantities are not compared); product TOTAL
beside its chapters and reporter EU27_2020 beside the member states are aggregates. An empty value
(Comext's confidential or unpublished cell) is a suppressed observation, never a zero.
"""

from __future__ import annotations

import csv
import io
import re

from customs_wh.contracts import ParseError
from customs_wh.partner_contracts import TOTAL_PRODUCT, ParsedResponse, PartnerObservation
from customs_wh.reference import AGGREGATE_CODES, source_codes
from customs_wh.words import is_month

SOURCE = "eurostat"
DATAFLOW = "ESTAT:DS-045409"
REQUIRED = ("DATAFLOW", "freq", "reporter", "partner", "product", "flow", "indicators", "TIME_PERIOD", "OBS_VALUE")
FLOWS = {"1": ("import", "cif"), "2": ("export", "fob")}
VALUE_INDICATOR = "VALUE_IN_EUROS"
_CHAPTER = re.compile(r"^\d{2}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def _refuse(page: str, reason: str) -> ParseError:
    return ParseError(page, f"{SOURCE}: {reason}")


def _rows(content: bytes, page: str) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig", errors="replace")
    stripped = text.strip()
    if not stripped:
        raise _refuse(page, "an empty answer, not SDMX-CSV")
    if stripped.startswith("<") or stripped.startswith("{"):
        message = " ".join(re.sub(r"<[^>]+>", " ", stripped).split())[:200]
        raise _refuse(page, f"an error message or another format, not SDMX-CSV data: {message}")
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise _refuse(page, f"not Comext SDMX-CSV: the header lacks {', '.join(missing)}")
    return list(reader)


def _product(product: str, page: str, line: int) -> str:
    if product == TOTAL_PRODUCT or _CHAPTER.match(product):
        return product
    raise _refuse(page, f"line {line}: product {product!r}; only TOTAL and HS chapters (two digits) are read")


def parse_response(content: bytes, page: str) -> ParsedResponse:
    """Every monthly value of a Comext answer, or :class:`ParseError` with one line naming the reason."""
    countries = source_codes(SOURCE)
    observations: list[PartnerObservation] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for line, row in enumerate(_rows(content, page), start=2):
        if None in row or any(value is None for value in row.values()):
            raise _refuse(page, f"line {line} does not have the header's width")
        if not row["DATAFLOW"].startswith(DATAFLOW):
            raise _refuse(page, f"line {line}: dataflow {row['DATAFLOW']!r}, not {DATAFLOW}")
        if row["indicators"] != VALUE_INDICATOR:
            continue  # quantities: not compared
        if row["freq"] != "M" or not is_month(row["TIME_PERIOD"]):
            raise _refuse(
                page, f"line {line}: period {row['TIME_PERIOD']!r} (freq {row['freq']}); only months are read"
            )
        if row["flow"] not in FLOWS:
            raise _refuse(page, f"line {line}: flow {row['flow']!r} is neither 1 (imports) nor 2 (exports)")
        reporter, partner = countries.get(row["reporter"]), countries.get(row["partner"])
        if reporter is None or partner is None:
            unknown = row["reporter"] if reporter is None else row["partner"]
            raise _refuse(page, f"line {line}: {unknown!r} is not in the partner code map")
        product = _product(row["product"], page, line)
        value_text = row["OBS_VALUE"].strip()
        if value_text and not _NUMBER.match(value_text):
            raise _refuse(page, f"line {line}: value {value_text!r} is not a number of euros")
        flow, basis = FLOWS[row["flow"]]
        key = (row["reporter"], row["partner"], product, flow, row["TIME_PERIOD"])
        if key in seen:
            raise _refuse(page, f"line {line}: {' '.join(key)} is stated twice")
        seen.add(key)
        observations.append(
            PartnerObservation(
                source=SOURCE,
                reporter=reporter,
                partner=row["partner"],
                partner_code=partner,
                flow=flow,
                product=product,
                period_month=row["TIME_PERIOD"],
                measure=VALUE_INDICATOR,
                value=float(value_text) if value_text else None,
                currency="EUR",
                valuation=basis,
                suppressed=not value_text,
                is_aggregate=reporter in AGGREGATE_CODES or partner in AGGREGATE_CODES or product == TOTAL_PRODUCT,
            )
        )
    if not observations:
        raise _refuse(page, "no monthly VALUE_IN_EUROS rows in the answer")
    return ParsedResponse(source=SOURCE, observations=tuple(observations))
