"""The raw tables of numbers: which one a parsed page's numbers land in, the columns of each, and
the insert from a batch's pending frame. Each contract (contracts.py) has its own raw table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from customs_wh.contracts import (
    BREAKDOWN_OBSERVATION_FIELDS,
    COMMODITY_OBSERVATION_FIELDS,
    COMMODITY_REGIME_OBSERVATION_FIELDS,
    COMMODITY_SECTIONS,
    OBSERVATION_FIELDS,
    BreakdownObservation,
    CommodityObservation,
    CommodityRegimeObservation,
    ParsedRelease,
)


def duplicate_observation(parsed: ParsedRelease) -> str | None:
    """Why the page states one number twice (two rows for one partner, say); None when it does not.

    raw.observations keys a page's numbers by partner, flow, measure and period (and
    raw.commodity_observations by commodity, measure and period): a page that repeats one is
    ambiguous and is rejected with a reason, not left to a constraint error.
    """
    seen: set[tuple[str, ...]] = set()
    for obs in parsed.observations:
        key: tuple[str, ...]
        if isinstance(obs, CommodityRegimeObservation):
            key = (obs.commodity_code, obs.regime_code, obs.measure, obs.period_kind)
            said = f"{obs.commodity_code} {obs.regime_code} {obs.measure} ({obs.period_kind})"
        elif isinstance(obs, CommodityObservation):
            key = (obs.commodity_code, obs.measure, obs.period_kind, obs.period_end)
            said = f"{obs.commodity_code} {obs.measure} ({obs.period_kind} to {obs.period_end})"
        elif isinstance(obs, BreakdownObservation):
            key = (obs.item_code, obs.partner_code or obs.enterprise_code or "", obs.flow, obs.measure, obs.period_kind)
            said = f"{' '.join(filter(None, key[:4]))} ({obs.period_kind})"
        else:
            key = (obs.partner_code, obs.flow, obs.measure, obs.period_kind)
            said = f"{obs.partner_code} {obs.flow} {obs.measure} ({obs.period_kind})"
        if key in seen:
            return f"page lists {said} more than once"
        seen.add(key)
    return None


# What a page's rows share, before the fields of its numbers' contract; ``loaded_at`` ends the row.
PAGE_COLUMNS: tuple[str, ...] = ("release_key", "sha256", "vintage", "release_kind")


def mixed_contracts(parsed: ParsedRelease) -> str | None:
    """Why the page's numbers cannot land in one raw table (they follow two contracts); None when
    they all follow one. A page's raw table is chosen by its first number (raw_table_of)."""
    contracts = sorted({type(obs).__name__ for obs in parsed.observations})
    if len(contracts) > 1:
        return f"page mixes numbers of {len(contracts)} contracts ({', '.join(contracts)})"
    return None


def observation_frame(
    pages: Sequence[tuple[Mapping[str, object], Sequence[tuple]]], fields: tuple[str, ...], loaded_at: dt.datetime
):
    """The rows of a batch's pages bound for one raw table, built column by column.

    ``pages`` holds, per page, the values of PAGE_COLUMNS and its numbers, each a NamedTuple of
    the contract whose fields are ``fields``. Column by column because a backfill loads a million
    numbers: a dict per number, and pandas reading the dicts, cost more than parsing the pages.
    """
    import pandas as pd  # only the load path needs it

    columns: dict[str, list] = {name: [] for name in (*PAGE_COLUMNS, *fields)}
    for page_values, observations in pages:
        count = len(observations)
        for name in PAGE_COLUMNS:
            columns[name].extend([page_values[name]] * count)
        for name, values in zip(fields, zip(*observations, strict=True), strict=True):
            columns[name].extend(values)
    frame = pd.DataFrame(columns)
    frame["loaded_at"] = loaded_at
    # NaN is not NULL in DuckDB's eyes: keep missing parent codes (and quantity units) as None.
    for column in ("parent_code", "quantity_unit", "partner_code"):
        if column in frame:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


_INSERT_OBSERVATIONS = """
insert into raw.observations (release_key, sha256, vintage, release_kind, section, currency, unit, scale,
    reference_month, publication_date, partner, partner_code, parent_code, flow, measure, period_kind,
    period_start, value, decimals, is_derived, loaded_at)
select release_key, sha256, vintage, release_kind, section, currency, unit, scale,
    reference_month, cast(publication_date as date), partner, partner_code, parent_code, flow, measure,
    period_kind, period_start, cast(value as double), cast(decimals as integer), cast(is_derived as boolean),
    loaded_at
from pending_observations
"""

# The commodity tables (5), (6), (13) and (14) have their own contract and raw table.
_INSERT_COMMODITY_OBSERVATIONS = """
insert into raw.commodity_observations by name
select * replace (cast(publication_date as date) as publication_date, cast(parent_code as varchar) as parent_code,
    cast(quantity_unit as varchar) as quantity_unit, cast(value as double) as value, decimals::integer as decimals)
from pending_commodity_observations
"""

# The Bulletin's breakdowns (products, regimes, enterprises, places) have their own contract and raw table.
_INSERT_BREAKDOWN_OBSERVATIONS = """
insert into raw.breakdown_observations by name
select * replace (cast(publication_date as date) as publication_date, cast(parent_code as varchar) as parent_code,
    cast(partner_code as varchar) as partner_code, cast(enterprise_code as varchar) as enterprise_code,
    cast(value as double) as value, cast(decimals as integer) as decimals, cast(is_derived as boolean) as is_derived)
from pending_breakdown_observations
"""
# The Bulletin's (17)/(18), selected commodities by major customs regimes, have their own contract and raw table.
_INSERT_COMMODITY_REGIME_OBSERVATIONS = """
insert into raw.commodity_regime_observations by name
select * replace (cast(publication_date as date) as publication_date, cast(parent_code as varchar) as parent_code,
    cast(quantity_unit as varchar) as quantity_unit, cast(value as double) as value,
    cast(decimals as integer) as decimals)
from pending_commodity_regime_observations
"""
# Each raw table of numbers: the fields of its contract and the insert from its pending frame.
ROUTES: dict[str, tuple[tuple[str, ...], str]] = {
    "observations": (OBSERVATION_FIELDS, _INSERT_OBSERVATIONS),
    "commodity_observations": (COMMODITY_OBSERVATION_FIELDS, _INSERT_COMMODITY_OBSERVATIONS),
    "breakdown_observations": (BREAKDOWN_OBSERVATION_FIELDS, _INSERT_BREAKDOWN_OBSERVATIONS),
    "commodity_regime_observations": (COMMODITY_REGIME_OBSERVATION_FIELDS, _INSERT_COMMODITY_REGIME_OBSERVATIONS),
}


def raw_table_of(parsed: ParsedRelease) -> str:
    """The raw table a parsed page's numbers land in, by its observations' contract first: the
    Bulletin's (5) and (6) are breakdowns, the Preliminary Release's (5), (6) commodities."""
    first = parsed.observations[:1]
    if any(isinstance(obs, CommodityRegimeObservation) for obs in first):
        return "commodity_regime_observations"
    if any(isinstance(obs, BreakdownObservation) for obs in first):
        return "breakdown_observations"
    if parsed.section in COMMODITY_SECTIONS or any(isinstance(obs, CommodityObservation) for obs in first):
        return "commodity_observations"
    return "observations"
