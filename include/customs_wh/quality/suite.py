"""What a quality check is: a *frame* (SQL over build.duckdb whose rows are the things judged)
and one Great Expectations expectation on it, with a severity.

A frame of gate 1 carries ``release`` (how alerts name a release, e.g. "2025-06 section 4 USD
(preliminary)") and ``page`` (release_key|sha256 of the page to quarantine when the row fails);
a frame that compares two pages also carries ``counterpart``, the other page. Every check lists
the columns that describe a failing row to a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from customs_wh.contracts import CURRENCIES, ROUNDING_TOLERANCE, Severity

CRITICAL: Severity = "critical"
WARNING: Severity = "warning"

# How far one printed figure may be from the exact number: half the one rounding tolerance
# (two printed figures may disagree by the whole of it).
FIGURE_ROUNDING = ROUNDING_TOLERANCE / 2


def release_label(manifest: str) -> str:
    """SQL: how alerts name the release of a ``raw.manifest`` row (alias ``manifest``), as
    ``ReleaseRef.label`` does: "2025-06 section 4 USD (preliminary)", "2026-06 table 2 (monthly_bulletin)"."""
    return (
        f"case when {manifest}.table_code is not null "
        f"then {manifest}.reference_month || ' table ' || {manifest}.table_code "
        f"|| ' (' || {manifest}.release_kind || ')' "
        f"else {manifest}.reference_month || ' section ' || {manifest}.section || ' ' || {manifest}.currency "
        f"|| ' (' || {manifest}.release_kind || ')' end"
    )


@dataclass(frozen=True)
class Frame:
    name: str
    description: str
    sql: str


@dataclass(frozen=True)
class Check:
    """One expectation on one frame.

    ``expectation`` builds the GX expectation from the ``great_expectations.expectations``
    module (passed in: GX takes seconds to import, so nothing here imports it).
    ``describe`` lists the frame columns that tell a person which row failed.
    """

    name: str
    frame: str
    severity: Severity
    expected: str
    expectation: Callable[[Any], Any]
    describe: tuple[str, ...] = ()


def all_true(name: str, frame: str, column: str, expected: str, describe: tuple[str, ...]) -> Check:
    """A critical check that a boolean column of a frame is true on every row."""
    return Check(
        name,
        frame,
        CRITICAL,
        expected,
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True]),
        describe,
    )


def currency_allowed(name: str, frame: str, describe: tuple[str, ...]) -> Check:
    """A critical check that every number of a frame is in one of the warehouse's currencies."""
    return Check(
        name,
        frame,
        CRITICAL,
        f"currency in {list(CURRENCIES)}",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="currency", value_set=list(CURRENCIES)),
        (*describe, "currency"),
    )


def page_scope_sql(raw_table: str, numbers: str) -> str:
    """SQL: add the landed pages of ``raw.<raw_table>`` not yet through gate 1 to ``gate_scope``, and
    build the temp table ``numbers``: their numbers with the release label and ``page``."""
    return (
        pages_awaiting_gate1_sql(raw_table)
        + f"""
create or replace temp table {numbers} as
select
    observations.* exclude (loaded_at),
    gate_scope.release,
    observations.release_key || '|' || observations.sha256 as page
from raw.{raw_table} as observations
inner join gate_scope
    on gate_scope.release_key = observations.release_key and gate_scope.sha256 = observations.sha256;
"""
    )


def pages_awaiting_gate1_sql(raw_table: str) -> str:
    """SQL: add the landed pages of ``raw.<raw_table>`` not yet through gate 1 to ``gate_scope``."""
    label = release_label("manifest")
    return f"""
insert into gate_scope
select manifest.release_key, manifest.sha256, manifest.url, {label} as release
from raw.manifest as manifest
where manifest.status = 'landed'
    and manifest.gated_at is null
    and exists (
        select 1 from raw.{raw_table} as o
        where o.release_key = manifest.release_key and o.sha256 = manifest.sha256
    )
    and not exists (
        select 1 from gate_scope as s where s.release_key = manifest.release_key and s.sha256 = manifest.sha256
    );
"""
