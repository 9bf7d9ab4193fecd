"""Every table's reader fills its observation contract field by field as the contract names them.

The readers build observations as plain tuples in the contract's field order (a named tuple's
keyword constructor costs a Python call per number). A contract whose fields are reordered, or a
reader that puts a value one place off, would still build tuples of the right length: these tests
read one page of every table of the sample site and check each field's value against the field's
declared type, the contract's vocabularies and what the page itself says (its unit, month, date).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import types
import typing

import pytest

from customs_wh.config import DBT_PROJECT_DIR
from customs_wh.contracts import (
    BREAKDOWN_ITEM_LEVELS,
    BREAKDOWN_TABLES,
    COMMODITY_MEASURES,
    COMMODITY_REGIME_TABLES,
    CURRENCIES,
    BreakdownObservation,
    CommodityObservation,
    CommodityRegimeObservation,
    Observation,
    ParsedRelease,
)
from customs_wh.gacc.parse import parse_release
from customs_wh.words import is_month

MONTH = "2025-06"  # a month the sample site prints both products of
PRELIMINARY_SECTIONS = (1, 4, 5, 6)
BULLETIN_TABLES = ("1B", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18")

FLOWS = ("export", "import", "total")
PERIOD_KINDS = ("month", "ytd")
# A code is written in capitals, digits, underscores, hyphens and slashes (ISO 3166 and its
# subdivisions, HS sections, seeds' codes, "TOTAL/GT" for an "of which" row); a commodity's code is
# a lowercase slug. A label is what GACC prints: never in either form alone.
CODE = re.compile(r"^[A-Z0-9_/-]+$")
SLUG = re.compile(r"^[a-z0-9_]+$")
# A field whose values a contract names, beyond its declared type.
VOCABULARIES: dict[str, typing.Callable[[object], bool]] = {
    "currency": lambda value: value in CURRENCIES,
    "flow": lambda value: value in FLOWS,
    "period_kind": lambda value: value in PERIOD_KINDS,
    "reference_month": is_month,
    "period_start": is_month,
    "period_end": is_month,
    "publication_date": lambda value: _is_date(value),
    "partner_code": lambda value: value is None or bool(CODE.match(str(value))),
    "parent_code": lambda value: value is None or bool(CODE.match(str(value)) or SLUG.match(str(value))),
    "item_code": lambda value: bool(CODE.match(str(value))),
    "regime_code": lambda value: bool(CODE.match(str(value))),
    "enterprise_code": lambda value: value is None or bool(CODE.match(str(value))),
    "commodity_code": lambda value: bool(SLUG.match(str(value))),
    "decimals": lambda value: value in (0, 1),
    "scale": lambda value: isinstance(value, int) and value > 0,
}

# The codes a partner may lie under: the groups and continents of both products' partner seeds.
GROUPS = frozenset(
    row["partner_code"]
    for seed in ("gacc_partners.csv", "gacc_bulletin_partners.csv")
    for row in csv.DictReader((DBT_PROJECT_DIR / "seeds" / seed).open(encoding="utf-8"))
    if row["partner_type"] in ("group", "continent")
)


def _is_date(value: object) -> bool:
    try:
        return dt.date.fromisoformat(str(value)).isoformat() == value
    except ValueError:
        return False


MEASURES = {
    Observation: ("value", "yoy_pct"),
    BreakdownObservation: ("value", "yoy_pct"),
    CommodityObservation: COMMODITY_MEASURES,
    CommodityRegimeObservation: COMMODITY_MEASURES,
}


def _allowed_types(annotation: object) -> tuple[type, ...]:
    """The exact types a field's annotation allows (``str | None`` -> (str, NoneType))."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return tuple(typing.get_args(annotation))
    return (annotation,)  # type: ignore[return-value]


def _field_problems(observation: tuple, parsed: ParsedRelease) -> list[str]:
    contract = type(observation)
    hints = typing.get_type_hints(contract)
    values = observation._asdict()  # type: ignore[attr-defined]
    problems = []
    for name, value in values.items():
        # Exact types: True is an int to isinstance, and a flag in an int field is a misplaced value.
        if type(value) not in _allowed_types(hints[name]):
            problems.append(f"{name}={value!r} is a {type(value).__name__}, the contract says {hints[name]}")
        elif name in VOCABULARIES and not VOCABULARIES[name](value):
            problems.append(f"{name}={value!r} is outside its vocabulary")
    if values["measure"] not in MEASURES[contract]:
        problems.append(f"measure={values['measure']!r} is not one of {MEASURES[contract]}")
    # A partner lies under a group (a continent, the EU, ASEAN), never under a country.
    if contract is Observation and values["parent_code"] not in (None, *GROUPS):
        problems.append(f"parent_code={values['parent_code']!r} is not a group of partners")
    if contract is BreakdownObservation:
        classification, flow = BREAKDOWN_TABLES.get(values["table_code"], (None, None))
        if values["classification"] != classification or flow not in (None, values["flow"]):
            problems.append(f"table ({values['table_code']}) is not {values['classification']} of {values['flow']}")
        elif values["item_level"] not in BREAKDOWN_ITEM_LEVELS[classification]:
            problems.append(f"item_level={values['item_level']!r} is not a level of {classification}")
    if contract is CommodityRegimeObservation and COMMODITY_REGIME_TABLES.get(values["table_code"]) != values["flow"]:
        problems.append(f"table ({values['table_code']}) does not print {values['flow']}s")
    # What the page prints once holds on every number it carries.
    for name in ("currency", "unit", "scale", "reference_month", "publication_date"):
        if values[name] != getattr(parsed, name):
            problems.append(f"{name}={values[name]!r}, the page's is {getattr(parsed, name)!r}")
    return problems


def _check_every_observation(path) -> None:
    parsed = parse_release(path.read_bytes(), page=path.name)
    assert parsed.observations, f"{path.name}: no observations"
    contracts = {type(observation) for observation in parsed.observations}
    assert len(contracts) == 1, f"{path.name}: observations of {contracts}"
    for observation in parsed.observations:
        problems = _field_problems(observation, parsed)
        assert not problems, f"{path.name}: {observation}: {problems}"


@pytest.mark.parametrize("section", PRELIMINARY_SECTIONS)
def test_each_preliminary_table_fills_its_contract_field_by_field(section, sample_site_build):
    from sample_site_reader import discover

    pages = discover(sample_site_build[0])
    _check_every_observation(pages[("preliminary", section, "USD", MONTH)])


@pytest.mark.parametrize("table", BULLETIN_TABLES)
def test_each_bulletin_table_fills_its_contract_field_by_field(table, bulletin_site_pages):
    _check_every_observation(bulletin_site_pages.links[(table, MONTH)])


def test_a_value_one_field_off_is_found():
    """The check itself: the same numbers with two neighbouring fields swapped fail it."""
    observation = Observation(
        section=4,
        currency="USD",
        unit="USD1 Million",
        scale=1_000_000,
        reference_month=MONTH,
        publication_date="2025-07-14",
        partner="Japan",
        partner_code="JPN",
        parent_code="ASIA",
        flow="export",
        measure="value",
        period_kind="month",
        period_start=MONTH,
        value=12_345.6,
    )
    page = ParsedRelease(
        section=4,
        currency="USD",
        title="",
        unit="USD1 Million",
        scale=1_000_000,
        reference_month=MONTH,
        publication_date="2025-07-14",
    )
    assert _field_problems(observation, page) == []
    fields = list(observation)
    for index in range(len(fields) - 1):
        swapped = fields.copy()
        swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
        if swapped != fields:
            shifted = Observation(*swapped)
            assert _field_problems(shifted, page), f"{Observation._fields[index]} swapped with the next field"
