"""The build proof on a real DuckDB file: who may build, what gate 2 vouches for, what publish accepts.

The marts here are small tables made by hand (no dbt): the rules are about which run's marts
they are, not about their content.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customs_wh.warehouse import build_proof, db


@pytest.fixture
def con(tmp_path: Path):
    with db.connect(tmp_path / "build.duckdb") as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.trade (month date, partner varchar, usd double)")
        connection.execute(
            "insert into marts.trade values (date '2026-09-01', 'USA', 1.5e10), (date '2026-10-01', 'USA', 1.6e10)"
        )
        yield connection


def built(con, run_id: str) -> None:
    build_proof.record_gate1_passed(con, run_id)
    assert build_proof.claim_for_dbt(con, run_id) is None
    build_proof.record_dbt_passed(con, run_id, "dbt build")


def test_a_run_through_both_gates_may_publish_exactly_its_marts(con):
    built(con, "run-a")
    assert build_proof.gate2_refusal(con, "run-a") is None
    build_proof.record_gate2_passed(con, "run-a")
    assert build_proof.publish_refusal(con, "run-a") is None

    con.execute("update marts.trade set usd = usd + 1 where partner = 'USA' and month = date '2026-10-01'")
    refusal = build_proof.publish_refusal(con, "run-a")
    assert refusal and "not the ones gate 2 passed for run run-a" in refusal


def test_a_run_that_never_passed_gate_1_may_not_publish(con):
    built(con, "run-a")
    build_proof.record_gate2_passed(con, "run-a")
    assert build_proof.publish_refusal(con, "manual__by-hand") == "run manual__by-hand has not passed gate 1"


def test_a_later_gate_1_takes_the_build_over(con):
    built(con, "run-a")
    build_proof.record_gate1_passed(con, "run-b")
    assert build_proof.owner(con) == "run-b"
    assert "run run-b passed gate 1 after run run-a" in build_proof.claim_for_dbt(con, "run-a")
    assert "run run-b passed gate 1 after run run-a" in build_proof.gate2_refusal(con, "run-a")
    # run-b has not built yet: gate 2 does not vouch for the marts run-a left.
    assert "has not built the marts" in build_proof.gate2_refusal(con, "run-b")


def test_a_failed_dbt_step_keeps_gate_2_from_vouching_until_it_passes(con):
    built(con, "run-a")
    build_proof.record_dbt_failed(con, "run-a", "dbt_build.marts.test", "1 failing row")
    assert build_proof.gate2_refusal(con, "run-a") == "dbt step dbt_build.marts.test of run run-a failed: 1 failing row"
    build_proof.record_dbt_passed(con, "run-a", "dbt_build.marts.test")
    assert build_proof.gate2_refusal(con, "run-a") is None


def test_rebuilding_voids_an_earlier_gate_2_pass(con):
    built(con, "run-a")
    build_proof.record_gate2_passed(con, "run-a")
    assert build_proof.claim_for_dbt(con, "run-a") is None  # a cleared dbt task runs again
    assert "gate 2 has not passed" in build_proof.publish_refusal(con, "run-a")


def test_the_order_of_gate_1_passes_does_not_depend_on_the_clock(con):
    built(con, "run-a")
    built(con, "run-b")
    con.execute("update ops.builds set gate1_passed_at = gate1_passed_at + interval 1 day where run_id = 'run-a'")
    assert build_proof.owner(con) == "run-b"


rows = st.lists(
    st.tuples(st.integers(-(10**6), 10**6), st.text(max_size=5), st.none() | st.floats(allow_nan=False)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(rows=rows, data=st.data())
def test_the_fingerprint_ignores_row_order_and_sees_any_changed_cell(tmp_path_factory, rows, data):
    con = duckdb.connect(str(tmp_path_factory.mktemp("fp") / "f.duckdb"))
    try:
        con.execute("create schema marts")
        con.execute("create table marts.t (a bigint, b varchar, c double)")
        con.executemany("insert into marts.t values (?, ?, ?)", rows)
        before = build_proof.marts_fingerprint(con)
        con.execute("create table marts.t2 as select * from marts.t order by random()")
        con.execute("drop table marts.t")
        con.execute("alter table marts.t2 rename to t")
        assert build_proof.marts_fingerprint(con) == before, "row order is not content"

        index = data.draw(st.integers(0, len(rows) - 1))
        a, _b, _c = rows[index]
        con.execute("update marts.t set a = a + 1 where rowid = (select min(rowid) from marts.t where a = ?)", [a])
        assert build_proof.marts_fingerprint(con) != before
    finally:
        con.close()
