"""The unit row ("Unit: CNY 100 Million", "Unit: USD1 Million", "Value Unit: …"): the currency
and the scale of every value on the page; and whether the figures fit that scale.

The scale comes from the unit row only, never from the table's kind: GACC prints
"Unit: USD1 Million" on the tables by country and of commodities and "Unit: USD 100 Million"
on the totals table, and a parser that assumed either would misread the other by a factor
of 100. What the figures are checked against instead is the size of China's trade.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from customs_wh.contracts import CNY_PER_USD_BAND, CURRENCIES
from customs_wh.gacc.labels import CURRENCY_NAMES
from customs_wh.gacc.parsing.text import PageProblem, normalise_text

_UNIT_ROW = re.compile(r"^(?:value\s+)?unit\s*:\s*(?P<rest>.*)$", re.IGNORECASE | re.ASCII)
_UNIT = re.compile(
    r"^(?P<currency>us\$|[a-z]{3})\s*(?P<multiplier>\d{1,3}(?:,\d{3})+|\d+)?\s*(?P<word>thousand|million|billion)?$",
    re.IGNORECASE | re.ASCII,
)
UNIT_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


@dataclass(frozen=True)
class Unit:
    currency: str
    printed: str  # as printed after "Unit:", spacing normalised: "USD1 Million"
    scale: int  # currency units per page unit


def is_unit_text(text: str) -> bool:
    """Whether a heading row's text is a unit row ("Unit: …", "Value Unit: …")."""
    return _UNIT_ROW.match(normalise_text(text)) is not None


@functools.lru_cache(maxsize=256)
def parse_unit(text: str) -> Unit:
    """ "Unit: CNY 100 Million" → Unit("CNY", "CNY 100 Million", 100000000); "Unit: USD1 Million" → 10**6."""
    unit_text = normalise_text(text)
    row = _UNIT_ROW.match(unit_text)
    rest = row.group("rest") if row else ""
    unit = _UNIT.match(rest) if row else None
    if unit is None or not (unit.group("multiplier") or unit.group("word")):
        raise PageProblem(
            f"unit row {unit_text!r} is not like 'Unit: CNY 100 Million'" if unit_text else "unit row is missing"
        )
    multiplier = int((unit.group("multiplier") or "1").replace(",", ""))
    if multiplier == 0:
        raise PageProblem(f"unit row {unit_text!r} has a zero multiplier")
    word = unit.group("currency").lower()
    currency = CURRENCY_NAMES.get(word, word.upper())
    if currency not in CURRENCIES:
        raise PageProblem(f"unit row {unit_text!r}: {word.upper()!r} is not one of {', '.join(CURRENCIES)}")
    scale = multiplier * UNIT_WORDS[unit.group("word").lower()] if unit.group("word") else multiplier
    return Unit(currency, rest, scale)


# --- do the figures fit the unit? -------------------------------------------------------
# China traded between about USD 290 bn a month (January-February 2020) and USD 620 bn a
# month (2025-2026) with the world. A unit row off by the factor GACC's two USD units differ
# by (USD1 Million printed where USD 100 Million is meant, or the reverse) moves a page's
# world total out of these bounds by ten times either way; CNY bounds follow at the CNY per
# USD rates gate 1 finds plausible (contracts.CNY_PER_USD_BAND).
WORLD_MONTHLY_USD = (5e10, 5e12)
# The largest row of a commodity table: mechanical and electrical products, about USD 70 bn a
# month of imports and USD 150 bn of exports; without it, crude oil or agricultural products,
# still above USD 5 bn. A factor of 100 either way leaves these bounds.
LARGEST_COMMODITY_MONTHLY_USD = (5e9, 1e12)


def check_magnitude(unit: Unit, value: float, months: int, what: str, bounds: tuple[float, float]) -> None:
    """Whether ``value`` (page units, covering ``months`` months) is a plausible size for
    ``what`` in ``unit``; a page whose unit row does not fit its figures is rejected."""
    low, high = bounds
    if unit.currency != "USD":
        low, high = low * CNY_PER_USD_BAND[0], high * CNY_PER_USD_BAND[1]
    per_month = value * unit.scale / max(months, 1)
    if not low <= per_month <= high:
        raise PageProblem(
            f"the unit row says {unit.printed!r} but then {what} ({value:,.1f}) would be "
            f"{unit.currency} {per_month / 1e9:,.1f} bn a month, outside {unit.currency} "
            f"{low / 1e9:,.0f}-{high / 1e9:,.0f} bn: the unit row does not fit the figures"
        )
