"""Losses a person accepts: a partner's published rows the new marts may lose, with a reason.

Publishing less than before stops a run (gate 2, ``nothing_published_goes_missing``). GACC may
stop printing a partner for good (no trade any more, a territory renamed); a person then
accepts that one loss, named, with a reason, and the stop lifts for exactly it. The record
lives in ``ops.accepted_losses`` of build.duckdb (gate 2 reads it there) and is published with
the marts (the summary and the report show it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from customs_wh.warehouse.db import one_row

# The columns of ops.accepted_losses, in order.
COLUMNS = (
    "partner_code",
    "section",
    "currency",
    "first_month",
    "last_month",
    "reason",
    "accepted_by",
    "accepted_at",
)


@dataclass(frozen=True)
class AcceptedLoss:
    """One loss a person accepted: a partner's rows, optionally of one table, currency or months."""

    partner_code: str
    reason: str
    accepted_by: str
    accepted_at: dt.datetime
    section: int | None = None
    currency: str | None = None
    first_month: str | None = None  # YYYY-MM
    last_month: str | None = None  # YYYY-MM

    def describe(self) -> str:
        """One line for people: what was accepted lost, by whom, when and why."""
        scope = [f"partner {self.partner_code}"]
        if self.section is not None:
            scope.append(f"table ({self.section})")
        if self.currency:
            scope.append(self.currency)
        if self.first_month or self.last_month:
            scope.append(f"months {self.first_month or 'first'} to {self.last_month or 'last'}")
        return f"{', '.join(scope)} accepted lost by {self.accepted_by} on {self.accepted_at:%Y-%m-%d}: {self.reason}"


def record(con: duckdb.DuckDBPyConnection, loss: AcceptedLoss) -> None:
    """Add ``loss`` to ops.accepted_losses (``con``: the build database, opened by its one writer)."""
    if not loss.reason.strip():
        raise ValueError("an accepted loss needs a reason")
    con.execute(
        f"insert into ops.accepted_losses ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})",
        [getattr(loss, column) for column in COLUMNS],
    )


def read(con: duckdb.DuckDBPyConnection, schema: str = "ops") -> list[AcceptedLoss]:
    """Every accepted loss in ``schema``.accepted_losses of ``con`` (none where the table is absent)."""
    present = one_row(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = current_database() and schema_name = ? "
            "and table_name = 'accepted_losses'",
            [schema],
        )
    )[0]
    if not present:
        return []
    rows = con.execute(f"select {', '.join(COLUMNS)} from {schema}.accepted_losses order by accepted_at").fetchall()
    return [AcceptedLoss(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
