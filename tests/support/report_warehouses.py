"""Published warehouses for the report's tests: a real one from the sample site, and variants of it.

The variants are copies of a real published warehouse with marts dropped or emptied, or
with marts added that other parts of the warehouse publish (the commodity tables, the known
gaps), so the report is tested against the marts' real columns, not a hand-made imitation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb


def copy_home(published_home: Path, target: Path) -> Path:
    """A new CUSTOMS_WH_HOME holding a copy of the published warehouse (and nothing else)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(published_home / "warehouse.duckdb", target / "warehouse.duckdb")
    return target


def alter(home: Path, *statements: str) -> None:
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("checkpoint")
    finally:
        con.close()


def months(first: dt.date, count: int) -> list[dt.date]:
    out, month = [], first
    for _ in range(count):
        out.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def add_commodity_marts(home: Path, first: dt.date, values: list[float]) -> None:
    """commodity_group_trade (new_three), commodity_trade and dim_commodity (hi-tech products), rolling 12 months,
    in place of the published ones."""
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    try:
        con.execute(
            """
            create or replace table marts.dim_commodity (commodity_code varchar, flow varchar, commodity_name varchar,
                parent_code varchar, is_aggregate boolean, quantity_unit varchar)
            """
        )
        con.execute(
            "insert into marts.dim_commodity values "
            "('hi_tech_products', 'export', 'Hi-tech products', null, true, null), "
            "('hi_tech_products', 'import', 'Hi-tech products', null, true, null), "
            "('electric_vehicles', 'export', 'Electric vehicles', null, false, 'Unit')"
        )
        columns = (
            '{key} varchar, flow varchar, period_end_month date, "window" varchar, period_start_month date, '
            "months_covered bigint, value_usd double, value_prior_usd double, value_yoy_pct double"
        )
        con.execute(f"create or replace table marts.commodity_group_trade ({columns.format(key='group_code')})")
        con.execute(f"create or replace table marts.commodity_trade ({columns.format(key='commodity_code')})")
        for month, value in zip(months(first, len(values)), values, strict=True):
            row = [month, "rolling_12m", month, 12, value * 1e9, None, None]
            con.execute(
                "insert into marts.commodity_group_trade values ('new_three', 'export', ?, ?, ?, ?, ?, ?, ?)", row
            )
            con.execute(
                "insert into marts.commodity_group_trade values ('new_three', 'export', ?, 'month', ?, 1, ?, ?, ?)",
                [month, month, value * 1e8, None, None],
            )
            for flow, scale in (("export", 5.0), ("import", 4.0)):
                con.execute(
                    "insert into marts.commodity_trade values ('hi_tech_products', ?, ?, ?, ?, ?, ?, ?, ?)",
                    [flow, month, "rolling_12m", month, 12, value * scale * 1e9, None, None],
                )
        con.execute("checkpoint")
    finally:
        con.close()


def add_release_gaps(home: Path, gaps: list[tuple]) -> None:
    """marts.release_gaps as the known-gap rules publish it: (month, section, currency, kind, reason),
    a preliminary table, or (month, section, currency, kind, reason, release kind)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    try:
        # The published warehouse has the mart (with more columns than the report reads): its
        # rows are replaced by these.
        con.execute(
            "create table if not exists marts.release_gaps (reference_month date, release_kind varchar, "
            "section integer, currency varchar, gap_kind varchar, gap_reason varchar, image_url varchar, "
            "pages_landed bigint)"
        )
        con.execute("delete from marts.release_gaps")
        for month, section, currency, kind, reason, *release_kind in gaps:
            con.execute(
                "insert into marts.release_gaps (reference_month, release_kind, section, currency, gap_kind, "
                "gap_reason, image_url, pages_landed) values (?, ?, ?, ?, ?, ?, null, 1)",
                [month, (release_kind or ["preliminary"])[0], section, currency, kind, reason],
            )
        con.execute("checkpoint")
    finally:
        con.close()
