"""The build database's own tables (raw zone manifest, observations, commodity observations, alerts).

dbt owns every other schema of ``build.duckdb``; the tables here are written by
the Python stages only, and dbt reads them as sources.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

# The raw tables a parsed page's numbers land in, one per observation contract.
RAW_NUMBER_TABLES: tuple[str, ...] = (
    "observations",
    "commodity_observations",
    "breakdown_observations",
    "commodity_regime_observations",
)

RAW_SCHEMA_DDL = """
create schema if not exists raw;
create schema if not exists ops;

-- One row per fetched page version (sha256) of a release URL.
create table if not exists raw.manifest (
    sha256            varchar   not null,
    url               varchar   not null,
    release_key       varchar   not null,   -- reference_month/s<section>/<currency>/<release_kind>, or for a
                                            -- Monthly Bulletin table reference_month/t<table>/<release_kind>
    section           integer   not null,
    currency          varchar,              -- null for a Bulletin table until its unit row is read
    table_code        varchar,              -- the Bulletin table ("2", "13"); null on preliminary tables
    reference_month   varchar   not null,   -- YYYY-MM
    release_kind      varchar   not null,   -- preliminary | monthly_bulletin
    vintage           integer   not null,   -- 1, 2, ... per release_key, in landing order
    published_on      date,                 -- from the page, once parsed
    fetched_at        timestamp not null,
    byte_size         bigint    not null,
    status            varchar   not null,   -- landed | quarantined | no_numbers (published as an image)
    reason            varchar,              -- one-line reason when quarantined or no_numbers
    run_id            varchar,
    gated_at          timestamp,            -- when its numbers passed gate 1; null until then
    image_url         varchar,              -- where the table is, for a page published as an image
    primary key (release_key, sha256)
);
-- Build databases made before the columns existed.
alter table raw.manifest add column if not exists image_url varchar;
alter table raw.manifest add column if not exists table_code varchar;
alter table raw.manifest alter column currency drop not null;

-- One row per published number (the observation contract) of every landed, parsed page.
create table if not exists raw.observations (
    release_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    release_kind      varchar   not null,
    section           integer   not null,
    currency          varchar   not null,
    unit              varchar   not null,
    scale             bigint    not null,
    reference_month   varchar   not null,
    publication_date  date      not null,
    partner           varchar   not null,
    partner_code      varchar   not null,
    parent_code       varchar,
    flow              varchar   not null,
    measure           varchar   not null,
    period_kind       varchar   not null,
    period_start      varchar   not null,
    value             double    not null,
    loaded_at         timestamp not null,
    decimals          integer   not null default 1,      -- digits printed after the point
    is_derived        boolean   not null default false,  -- not printed; an exact identity of printed figures
    primary key (release_key, sha256, partner_code, flow, measure, period_kind)
);
-- Tables made before the columns existed get them with their defaults (DuckDB adds no NOT NULL
-- column with IF NOT EXISTS: the defaults fill every old row, and the loader always writes them).
alter table raw.observations add column if not exists decimals integer default 1;
alter table raw.observations add column if not exists is_derived boolean default false;

-- One row per published number (the commodity observation contract) of every landed, parsed
-- commodity table: the Preliminary Release's (5) China's Major Exports, (6) China's Major Imports
-- by Quantity and Value, the Monthly Bulletin's (13) Major Export, (14) Major Import Commodities.
-- A value-only row (no quantity unit printed) has no quantity rows, never a zero.
create table if not exists raw.commodity_observations (
    release_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    release_kind      varchar   not null,
    section           integer   not null,   -- 5 and 13 exports, 6 and 14 imports
    currency          varchar   not null,
    unit              varchar   not null,   -- the value unit as printed
    scale             bigint    not null,
    reference_month   varchar   not null,
    publication_date  date      not null,
    commodity         varchar   not null,   -- the label as printed
    commodity_code    varchar   not null,
    parent_code       varchar,
    is_aggregate      boolean   not null,
    flow              varchar   not null,   -- export | import
    quantity_unit     varchar,              -- null where only a value is printed
    measure           varchar   not null,   -- value | quantity | value_yoy_pct | quantity_yoy_pct
    period_kind       varchar   not null,   -- month | ytd
    period_start      varchar   not null,   -- YYYY-MM
    period_end        varchar   not null,   -- YYYY-MM: the reference month, or a year before it
    value             double    not null,
    decimals          integer   not null default 1,      -- digits printed after the point
    loaded_at         timestamp not null,
    primary key (release_key, sha256, commodity_code, measure, period_kind, period_end)
);
-- Tables made before the column existed: every number they hold is the Preliminary Release's, one decimal.
alter table raw.commodity_observations add column if not exists decimals integer default 1;

-- The partner sources (mirror statistics): one row per answer of a partner API to one request, in landing
-- order per request (its vintages: Census revises prior years each spring); the bytes are raw/<sha256>.response.
create table if not exists raw.partner_manifest (
    source            varchar   not null,   -- census | eurostat | hmrc | ecb
    request_key       varchar   not null,   -- what was asked: "imports/HS2/2024", "OTS/2024/page-2"
    sha256            varchar   not null,
    url               varchar   not null,   -- the request as sent, without an API key
    first_month       varchar   not null,   -- YYYY-MM: the months asked for
    last_month        varchar   not null,
    vintage           integer   not null,   -- 1, 2, ... per (source, request_key), in landing order
    http_status       integer   not null,
    fetched_at        timestamp not null,
    byte_size         bigint    not null,
    status            varchar   not null,   -- landed | not_published (HTTP 204) | quarantined
    reason            varchar,              -- one line, naming the source, when not landed
    run_id            varchar,
    gated_at          timestamp,            -- when its rows passed the partner gate; null until then
    primary key (source, request_key, sha256)
);

-- One row per number of a landed partner answer (the partner observation contract).
create table if not exists raw.partner_observations (
    source            varchar   not null,
    request_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    row_number        integer   not null,   -- the row's place in the answer (HMRC prints one row per commodity code)
    reporter          varchar   not null,
    partner           varchar   not null,
    partner_code      varchar   not null,
    flow              varchar   not null,   -- import | export, the reporter's view
    product           varchar   not null,   -- TOTAL or an HS chapter
    period_month      varchar   not null,   -- YYYY-MM
    measure           varchar   not null,
    value             double,               -- null when suppressed
    currency          varchar   not null,
    valuation         varchar   not null,
    suppressed        boolean   not null,
    is_aggregate      boolean   not null,
    loaded_at         timestamp not null,
    primary key (source, request_key, sha256, row_number)
);

-- The ECB's monthly average reference rates (units of currency per euro).
create table if not exists raw.exchange_rates (
    source            varchar   not null,
    request_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    series_key        varchar   not null,
    currency          varchar   not null,
    base              varchar   not null,
    period_month      varchar   not null,
    rate              double    not null,
    loaded_at         timestamp not null,
    primary key (source, request_key, sha256, currency, period_month)
);

-- One row per published number (the breakdown observation contract) of the Monthly Bulletin's
-- breakdowns of China's trade: (3) SITC sections and divisions, (4) HS sections and chapters,
-- (15)/(16) the selected partners' exports/imports by HS chapter, (5)-(12) customs regimes,
-- enterprise types, provinces, customs districts, special areas, foreign-invested enterprises.
-- No primary key: partner_code and enterprise_code are mostly null and a key column may not be;
-- the loader refuses a page that repeats a number.
create table if not exists raw.breakdown_observations (
    release_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    release_kind      varchar   not null,
    table_code        varchar   not null,   -- 3 ... 12 | 15 | 16
    section           integer   not null,
    currency          varchar   not null,
    unit              varchar   not null,
    scale             bigint    not null,
    reference_month   varchar   not null,
    publication_date  date      not null,
    classification    varchar   not null,   -- hs | sitc | regime | enterprise_regime | trader_location | ...
    item_code         varchar   not null,   -- TOTAL | HS/SITC section or chapter/division | a structure seed's code
    item_label        varchar   not null,   -- as printed
    item_level        varchar   not null,   -- total | section | chapter | division | group | item | of_which
    parent_code       varchar,
    partner_code      varchar,              -- (15)/(16) only
    flow              varchar   not null,   -- export | import | total
    measure           varchar   not null,   -- value | yoy_pct
    period_kind       varchar   not null,   -- month | ytd
    period_start      varchar   not null,
    value             double    not null,
    decimals          integer   not null,
    is_derived        boolean   not null,
    loaded_at         timestamp not null,
    enterprise_code   varchar               -- (6)/(7) only: the enterprise type's column
);
alter table raw.breakdown_observations add column if not exists enterprise_code varchar;

-- One row per published number (the commodity regime observation contract) of the Monthly Bulletin's
-- (17) Exports / (18) Imports of Selected Commodities by Major Customs Regimes: a selected commodity's
-- quantity or value, January to the month, under one of the four major regimes, or its printed change.
-- An empty or "-" cell has no row, never a zero.
create table if not exists raw.commodity_regime_observations (
    release_key       varchar   not null,
    sha256            varchar   not null,
    vintage           integer   not null,
    release_kind      varchar   not null,
    table_code        varchar   not null,   -- 17 | 18
    section           integer   not null,
    currency          varchar   not null,
    unit              varchar   not null,
    scale             bigint    not null,
    reference_month   varchar   not null,
    publication_date  date      not null,
    commodity         varchar   not null,   -- the label as printed, without its leading space
    commodity_code    varchar   not null,   -- keyed as (13)/(14) key theirs
    parent_code       varchar,              -- a sub-item's commodity
    flow              varchar   not null,   -- export | import
    regime_code       varchar   not null,   -- GT | PT | BL | OTR (gacc_structure_labels, major_regime)
    quantity_unit     varchar,
    measure           varchar   not null,   -- value | quantity | value_yoy_pct | quantity_yoy_pct
    period_kind       varchar   not null,   -- ytd
    period_start      varchar   not null,   -- YYYY-01
    value             double    not null,
    decimals          integer   not null,
    loaded_at         timestamp not null,
    primary key (release_key, sha256, commodity_code, regime_code, measure, period_kind)
);

create table if not exists ops.alerts (
    alert_id          varchar   not null primary key,
    run_id            varchar,
    release           varchar,              -- e.g. "2025-06 section 4 USD (preliminary)"
    check_name        varchar   not null,
    severity          varchar   not null,   -- critical | warning
    observed          varchar,
    expected          varchar,
    message           varchar   not null,
    raised_at         timestamp not null,
    stops_run         boolean,              -- a critical alert that stopped its run (not one held back)
    muted_by          varchar,              -- the mute rule that kept it out of the run's message
    muted_reason      varchar               -- that rule's reason, as configured when it muted
);
-- Build databases made before the columns existed.
alter table ops.alerts add column if not exists stops_run boolean;
alter table ops.alerts add column if not exists muted_by varchar;
alter table ops.alerts add column if not exists muted_reason varchar;

-- What each refresh set out to publish: the newest month it lands (its target) and whether it
-- is a backfill (it lands more months than a scheduled run); the failure policy reads it.
create table if not exists ops.run_scopes (
    run_id            varchar   not null primary key,
    first_month       varchar   not null,   -- YYYY-MM
    target_month      varchar   not null,   -- YYYY-MM
    is_backfill       boolean   not null
);

create table if not exists ops.runs (
    run_id            varchar   not null primary key,
    started_at        timestamp not null,
    finished_at       timestamp,
    status            varchar   not null,   -- running | published | failed
    summary           varchar
);

-- The build proof (warehouse/build_proof.py): one row per run that built the marts. The run
-- whose gate 1 passed last owns the build; publish copies only marts whose fingerprint is the
-- one gate 2 recorded for the run.
create table if not exists ops.builds (
    run_id            varchar   not null primary key,
    gate1_order       bigint    not null,   -- 1, 2, ...: the run with the highest owns the build
    gate1_passed_at   timestamp not null,
    built_at          timestamp,            -- its dbt build (every model and test) last finished
    gate2_passed_at   timestamp,            -- gate 2 passed on the marts fingerprinted below
    marts_fingerprint varchar,              -- sha256 of every marts table's columns and rows
    published_at      timestamp
);

-- Losses a person accepted (``customs-wh accept-loss``): a partner's rows the published warehouse
-- has and the new marts may lose, optionally only of one table, currency or span of months. Gate 2
-- (nothing_published_goes_missing) no longer stops a run for exactly that loss; nothing else does.
create table if not exists ops.accepted_losses (
    partner_code      varchar   not null,   -- e.g. ANT: a partner GACC stopped printing
    section           integer,              -- only this table (null: any)
    currency          varchar,              -- only this currency (null: any)
    first_month       varchar,              -- YYYY-MM, from (null: from the first)
    last_month        varchar,              -- YYYY-MM, through (null: through the last)
    reason            varchar   not null,
    accepted_by       varchar   not null,
    accepted_at       timestamp not null
);

-- dbt steps of a run that failed and have not passed since (a run with one cannot pass gate 2).
create table if not exists ops.build_failures (
    run_id            varchar   not null,
    step              varchar   not null,   -- "dbt build", or the dbt task's id in the DAG
    reason            varchar,
    failed_at         timestamp not null,
    primary key (run_id, step)
);
"""


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


class DatabaseBusy(RuntimeError):
    """Another process kept the DuckDB file's write lock for longer than the wait; one line."""


def one_row(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The row of a query that always returns one (an aggregate, ``exists``, ``current_database()``).

    DuckDB types ``fetchone()`` as possibly None, which such a query never is: none would be a
    defect, said in one line rather than as a TypeError on None."""
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError("a query that always returns one row returned none")
    return row


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_SCHEMA_DDL)


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False, wait_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file, waiting while another process holds its write lock.

    DuckDB allows one read-write process per file; Airflow tasks and the CLI may
    meet on ``build.duckdb``, so a short wait beats an immediate failure.
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                # DuckDB says "Could not set lock on file ... Conflicting lock is held in <program>
                # (PID n)": keep who holds it, drop the rest of its paragraph.
                holder = _LOCK_HOLDER.search(str(exc))
                who = f" (pid {holder['pid']}, {Path(holder['program']).name})" if holder else ""
                raise DatabaseBusy(
                    f"{path} is locked by another process{who}; gave up after waiting {wait_s:g} s"
                ) from None
            time.sleep(0.2)
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    finally:
        con.close()
