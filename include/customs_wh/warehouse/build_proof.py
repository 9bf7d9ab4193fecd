"""The build proof: which run built the marts in build.duckdb, and that both gates passed on exactly them.

``build.duckdb`` is shared by every path that refreshes the home (the CLI, each DAG task, a
task cleared and run again, a manual run), so the marts in it at publish time are not
necessarily the ones the publishing run checked. ``ops.builds`` records, per run:

1. **gate 1 passed** (:func:`record_gate1_passed`): from then on the run owns the build; a later
   run's gate 1 takes it over.
2. **dbt** (:func:`claim_for_dbt` before, :func:`record_dbt_passed` / :func:`record_dbt_failed`
   after): only the owner may rebuild the marts, and rebuilding voids its earlier gate-2 pass.
3. **gate 2 passed** (:func:`gate2_refusal` before, :func:`record_gate2_passed` after): only for
   the owner, after its own dbt build, with no failed dbt step; it stores the marts' fingerprint.
4. **publish** (:func:`publish_refusal`): only marts whose fingerprint is the one gate 2 stored
   for the publishing run.

The fingerprint is a sha256 over every marts table: its name, its columns and their types, and
an order-independent digest of its rows (count, xor and sum of DuckDB's row hashes).

Every function takes an open read-write connection on build.duckdb; the caller holds the
home's lock, so nothing changes between a check and what follows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb

from customs_wh import clock
from customs_wh.warehouse.db import one_row

MARTS = "marts"


def _now() -> dt.datetime:
    return clock.utcnow()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def marts_fingerprint(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> str:
    """sha256 of every table of ``marts`` in ``catalog`` (default: the connection's database)."""
    catalog = catalog or one_row(con.execute("select current_database()"))[0]
    tables = con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = ? order by table_name",
        [catalog, MARTS],
    ).fetchall()
    digest = hashlib.sha256()
    for (table,) in tables:
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
            [catalog, MARTS, table],
        ).fetchall()
        rows = con.execute(
            "select count(*), coalesce(bit_xor(hash(t)), 0), coalesce(sum(hash(t)::hugeint), 0) "
            f"from {_quote(catalog)}.{_quote(MARTS)}.{_quote(table)} as t"
        ).fetchone()
        digest.update(repr((table, columns, rows)).encode())
    return digest.hexdigest()


def record_gate1_passed(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """The run's gate 1 passed: it owns the build from now on; any earlier proof of its own is void."""
    # A counter, not the clock: Celery workers on several machines need not agree on the time.
    con.execute(
        """
        insert into ops.builds (run_id, gate1_order, gate1_passed_at)
        values (?, (select coalesce(max(gate1_order), 0) + 1 from ops.builds), ?)
        on conflict (run_id) do update set gate1_order = excluded.gate1_order,
            gate1_passed_at = excluded.gate1_passed_at,
            built_at = null, gate2_passed_at = null, marts_fingerprint = null, published_at = null
        """,
        [run_id, _now()],
    )


def owner(con: duckdb.DuckDBPyConnection) -> str | None:
    """The run whose gate 1 passed last: the one entitled to build, check and publish the marts."""
    row = con.execute("select run_id from ops.builds order by gate1_order desc limit 1").fetchone()
    return row[0] if row else None


def _ownership_refusal(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    current = owner(con)
    if current == run_id:
        return None
    if not one_row(con.execute("select count(*) from ops.builds where run_id = ?", [run_id]))[0]:
        return f"run {run_id} has not passed gate 1"
    return f"run {current} passed gate 1 after run {run_id} and owns build.duckdb now"


def claim_for_dbt(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """Why ``run_id`` may not rebuild the marts, or None after voiding its gate-2 pass (dbt rewrites them)."""
    refusal = _ownership_refusal(con, run_id)
    if refusal is None:
        con.execute(
            "update ops.builds set gate2_passed_at = null, marts_fingerprint = null, published_at = null "
            "where run_id = ?",
            [run_id],
        )
    return refusal


def record_dbt_passed(con: duckdb.DuckDBPyConnection, run_id: str, step: str) -> None:
    con.execute("update ops.builds set built_at = ? where run_id = ?", [_now(), run_id])
    con.execute("delete from ops.build_failures where run_id = ? and step = ?", [run_id, step])


def record_dbt_failed(con: duckdb.DuckDBPyConnection, run_id: str, step: str, reason: str) -> None:
    con.execute(
        """
        insert into ops.build_failures (run_id, step, reason, failed_at) values (?, ?, ?, ?)
        on conflict (run_id, step) do update set reason = excluded.reason, failed_at = excluded.failed_at
        """,
        [run_id, step, reason, _now()],
    )


def gate2_refusal(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """Why gate 2 may not vouch for the marts on behalf of ``run_id``; None when it may."""
    refusal = _ownership_refusal(con, run_id)
    if refusal is not None:
        return refusal
    built = con.execute("select built_at from ops.builds where run_id = ?", [run_id]).fetchone()
    if built is None or built[0] is None:
        return f"run {run_id} has not built the marts since its gate 1 passed"
    failed = con.execute(
        "select step, reason from ops.build_failures where run_id = ? order by failed_at limit 1", [run_id]
    ).fetchone()
    if failed is not None:
        return f"dbt step {failed[0]} of run {run_id} failed: {failed[1]}"
    return None


def record_gate2_passed(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
    """Gate 2 passed on the marts as they are now: store their fingerprint; returns it."""
    fingerprint = marts_fingerprint(con)
    con.execute(
        "update ops.builds set gate2_passed_at = ?, marts_fingerprint = ? where run_id = ?",
        [_now(), fingerprint, run_id],
    )
    return fingerprint


def proven_fingerprint(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """The fingerprint gate 2 stored of ``run_id``'s marts; None where it has stored none."""
    row = con.execute("select marts_fingerprint from ops.builds where run_id = ?", [run_id]).fetchone()
    return None if row is None else row[0]


def publish_refusal(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """Why the marts in build.duckdb may not be published as ``run_id``'s; None when they may."""
    row = con.execute("select gate2_passed_at, marts_fingerprint from ops.builds where run_id = ?", [run_id]).fetchone()
    if row is None:
        return f"run {run_id} has not passed gate 1"
    gate2_passed_at, proven = row
    if gate2_passed_at is None or proven is None:
        return f"gate 2 has not passed on run {run_id}'s build (or dbt rebuilt the marts since)"
    if marts_fingerprint(con) != proven:
        return (
            f"the marts in build.duckdb are not the ones gate 2 passed for run {run_id} "
            f"(changed since {gate2_passed_at:%Y-%m-%d %H:%M:%S} UTC, e.g. by another refresh)"
        )
    return None


def record_published(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute("update ops.builds set published_at = ? where run_id = ?", [_now(), run_id])
