"""The short summary printed after a run: headline figures from the published marts."""

from __future__ import annotations

import duckdb
from rich.console import Console
from rich.table import Table

from customs_wh.config import Settings

HEADLINE_SQL = """
select
    period_end_month,
    "window",
    round(exports_usd / 1e9, 1) as exports_bn,
    round(imports_usd / 1e9, 1) as imports_bn,
    round(balance_usd / 1e9, 1) as balance_bn,
    round(balance_yoy_pct, 1) as balance_yoy_pct
from marts.trade_balance_summary
where partner_code = 'WORLD'
  and ("window" = 'calendar_year' or ("window" in ('month', 'ytd') and period_end_month = (
        select max(period_end_month) from marts.trade_balance_summary where partner_code = 'WORLD')))
order by "window" = 'calendar_year' desc, period_end_month desc, "window"
limit 6
"""

TOP_SURPLUS_SQL = """
with latest as (
    select max(period_end_month) as m from marts.trade_balance_summary
    where "window" = 'calendar_year' and partner_code = 'WORLD'
)
select s.partner_code, d.partner_name, round(s.balance_usd / 1e9, 1) as balance_bn,
       round(s.balance_yoy_pct, 1) as balance_yoy_pct
from marts.trade_balance_summary s
join marts.dim_partner d using (partner_code)
join latest on s.period_end_month = latest.m
where s."window" = 'calendar_year' and not d.is_aggregate
order by s.balance_usd desc
limit 5
"""


def _table(con: duckdb.DuckDBPyConnection, sql: str, title: str) -> Table:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    table = Table(*columns, title=title, title_justify="left")
    for row in cursor.fetchall():
        table.add_row(*("" if v is None else str(v) for v in row))
    return table


def print_summary(settings: Settings, console: Console) -> None:
    if not settings.warehouse_db.exists():
        console.print(f"no published warehouse at {settings.warehouse_db} yet", markup=False)
        return
    con = duckdb.connect(str(settings.warehouse_db), read_only=True)
    try:
        console.print(f"published warehouse: {settings.warehouse_db}", markup=False)
        console.print(_table(con, HEADLINE_SQL, "China's trade with the world (USD bn)"))
        console.print(_table(con, TOP_SURPLUS_SQL, "Largest bilateral surpluses, latest full year (USD bn)"))
        alerts = con.execute("select count(*) from ops.alerts").fetchone()[0] if _has_table(con, "ops", "alerts") else 0
        console.print(f"alerts on record: {alerts}  (customs-wh alerts)", markup=False)
    finally:
        con.close()


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
    )
