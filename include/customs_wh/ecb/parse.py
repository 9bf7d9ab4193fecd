"""ECB SDMX-JSON answers → monthly exchange rates (pure: bytes in, rates or a one-line refusal out).

sdmx1 reads the SDMX-JSON 1.0 data message (series keys, observation dimensions, values); this module
keeps what the warehouse may use and refuses the rest: only monthly (FREQ M) spot (SP00) averages (A)
of a currency against the euro, each month once, each rate a positive number.
"""

from __future__ import annotations

import io
import logging
import math

from customs_wh.contracts import ParseError
from customs_wh.partner_contracts import ExchangeRate, ParsedResponse
from customs_wh.words import is_month

SOURCE = "ecb"
CURRENCIES = ("USD", "GBP")
# sdmx1 logs a line for every attribute the message declares without values: not news.
logging.getLogger("sdmx").setLevel(logging.ERROR)


def _refuse(page: str, reason: str) -> ParseError:
    return ParseError(page, f"{SOURCE}: {reason}")


def _message(content: bytes, page: str):
    import sdmx  # only the ECB parser needs it; its import is not free

    text = content.decode("utf-8", errors="replace").strip()
    if not text.startswith("{"):
        raise _refuse(page, f"not SDMX-JSON: {' '.join(text.split())[:200] or 'an empty answer'}")
    try:
        message = sdmx.read_sdmx(io.BytesIO(content), format="json")
    except Exception as exc:  # noqa: BLE001 - sdmx1 raises many kinds on malformed messages
        raise _refuse(page, f"not a readable SDMX-JSON data message ({type(exc).__name__}: {exc})") from None
    if not getattr(message, "data", None):
        raise _refuse(page, "an SDMX-JSON message without a data set")
    return message


def _series_rates(key, series, page: str) -> list[ExchangeRate]:
    dims = {name: value.value for name, value in key.values.items()}
    series_key = ".".join(
        str(dims.get(name)) for name in ("FREQ", "CURRENCY", "CURRENCY_DENOM", "EXR_TYPE", "EXR_SUFFIX")
    )
    if dims.get("FREQ") != "M":
        raise _refuse(page, f"series {series_key}: frequency {dims.get('FREQ')}, not monthly (M) averages")
    if dims.get("EXR_TYPE") != "SP00" or dims.get("EXR_SUFFIX") != "A":
        raise _refuse(page, f"series {series_key}: not the spot rate's average (SP00.A)")
    if dims.get("CURRENCY_DENOM") != "EUR" or dims.get("CURRENCY") not in CURRENCIES:
        raise _refuse(page, f"series {series_key}: not USD or GBP per euro")
    rates = []
    for observation in series:
        month = str(observation.dimension.values["TIME_PERIOD"].value)
        value = observation.value
        if not is_month(month):
            raise _refuse(page, f"series {series_key}: period {month!r} is not a month")
        if value is None or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise _refuse(page, f"series {series_key} {month}: rate {value!r} is not a positive number")
        rates.append(ExchangeRate(SOURCE, series_key, dims["CURRENCY"], "EUR", month, float(value)))
    return rates


def parse_response(content: bytes, page: str) -> ParsedResponse:
    """Every monthly rate of an EXR answer, or :class:`ParseError` with one line naming the reason."""
    message = _message(content, page)
    rates: list[ExchangeRate] = []
    for data_set in message.data:
        for key, series in data_set.series.items():
            rates.extend(_series_rates(key, series, page))
    seen: set[tuple[str, str]] = set()
    for rate in rates:
        if (rate.currency, rate.period_month) in seen:
            raise _refuse(page, f"{rate.currency} {rate.period_month} is stated twice")
        seen.add((rate.currency, rate.period_month))
    if not rates:
        raise _refuse(page, "no rates in the answer")
    return ParsedResponse(source=SOURCE, rates=tuple(sorted(rates, key=lambda r: (r.currency, r.period_month))))
