"""The short summary printed after a run (``make run``, ``customs-wh summary``).

Everything comes from the published warehouse, so the summary shows what readers see.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from customs_wh.config import Settings

WORLD_SQL = """
with latest as (
    select max(period_end_month) as month
    from marts.trade_balance_summary where partner_code = 'WORLD' and "window" = 'month'
),
rows as (
    select 1 as sort, strftime(period_end_month, '%Y') as period, s.*
    from marts.trade_balance_summary as s
    where partner_code = 'WORLD' and "window" = 'calendar_year'
      and period_end_month >= (select month from latest) - interval 35 month
    union all
    select 2, 'Jan-' || strftime(period_end_month, '%b %Y'), s.*
    from marts.trade_balance_summary as s, latest
    where partner_code = 'WORLD' and "window" = 'ytd' and period_end_month = latest.month and month(latest.month) <> 12
    union all
    select 3, strftime(period_end_month, '%b %Y'), s.*
    from marts.trade_balance_summary as s, latest
    where partner_code = 'WORLD' and "window" = 'month' and period_end_month = latest.month
)
select period, exports_usd / 1e9, imports_usd / 1e9, balance_usd / 1e9, balance_yoy_pct
from rows
order by sort, period_end_month
"""

SURPLUS_SQL = """
with latest as (
    select max(period_end_month) as month from marts.trade_balance_summary
    where "window" = 'calendar_year' and partner_code = 'WORLD'
)
select partner.partner_name, summary.balance_usd / 1e9, summary.balance_yoy_pct, share.share_pct
from marts.trade_balance_summary as summary
inner join marts.dim_partner as partner using (partner_code)
inner join latest on summary.period_end_month = latest.month
left join marts.partner_share as share
    on share.partner_code = summary.partner_code and share.period_end_month = summary.period_end_month
    and share."window" = 'calendar_year' and share.flow = 'export'
where summary."window" = 'calendar_year' and not partner.is_aggregate
order by summary.balance_usd desc
limit 5
"""

RELEASES_SQL = """
select
    count(*) as pages,
    count(*) filter (where vintage_status = 'current') as current_pages,
    count(*) filter (where vintage_status = 'superseded') as superseded_pages,
    count(*) filter (where vintage_status = 'quarantined') as quarantined_pages,
    (select count(*) from marts.revisions) as numbers_revised,
    min(reference_month), max(reference_month)
from marts.release_vintages
"""


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}%"


def print_summary(settings: Settings, console: Console) -> None:
    if not settings.warehouse_db.exists():
        console.print(
            f"no published warehouse at {settings.warehouse_db} yet: run `make run` or `customs-wh refresh`",
            markup=False,
        )
        return
    con = duckdb.connect(str(settings.warehouse_db), read_only=True)
    try:
        run_id, published_at, through, newest = con.execute(
            "select run_id, published_at, data_through_month, newest_publication_date from ops.warehouse_info"
        ).fetchone()
        console.print(
            f"Published {settings.warehouse_db} at {published_at:%Y-%m-%d %H:%M} UTC (run {run_id}): "
            f"data through {through:%B %Y}, newest release published {newest:%Y-%m-%d}.",
            markup=False,
            highlight=False,
        )

        world = Table(title="China's trade with the world, USD bn", title_justify="left", show_edge=False)
        for heading in ("period", "exports", "imports", "balance", "balance vs year earlier"):
            world.add_column(heading, justify="left" if heading == "period" else "right")
        for period, exports, imports, balance, growth in con.execute(WORLD_SQL).fetchall():
            world.add_row(period, _money(exports), _money(imports), _money(balance), _pct(growth))
        console.print(world)

        surplus = Table(
            title="Largest bilateral surpluses in the latest full year, USD bn", title_justify="left", show_edge=False
        )
        for heading in ("partner", "balance", "vs year earlier", "share of exports"):
            surplus.add_column(heading, justify="left" if heading == "partner" else "right")
        for name, balance, growth, share in con.execute(SURPLUS_SQL).fetchall():
            surplus.add_row(name, _money(balance), _pct(growth), "" if share is None else f"{share:.1f}%")
        console.print(surplus)

        pages, current, superseded, quarantined, revised, first, last = con.execute(RELEASES_SQL).fetchone()
        console.print(
            f"Releases {first:%Y-%m} to {last:%Y-%m}: {pages} pages landed ({current} current, {superseded} superseded "
            f"by a later vintage, {quarantined} quarantined); {revised} published numbers revised between vintages.",
            markup=False,
            highlight=False,
        )
        critical, warnings = con.execute(
            "select count(*) filter (where severity = 'critical'), count(*) filter (where severity = 'warning') "
            "from ops.alerts where run_id = ?",
            [run_id],
        ).fetchone()
        console.print(
            f"Quality gates passed; this run raised {critical} critical and {warnings} warning alert(s): `customs-wh "
            f"alerts`.",
            markup=False,
            highlight=False,
        )
    finally:
        con.close()
    if settings.data_docs_index.exists():
        console.print(f"Data Docs (the checks of every run): {settings.data_docs_index}", markup=False, highlight=False)
    console.print(
        f'Query the marts: {_command()} query "select * from marts.trade_balance_monthly order by period_month desc '
        f'limit 5"',
        markup=False,
        highlight=False,
    )


def _command() -> str:
    """How to call customs-wh from here (it lives beside the interpreter, e.g. in .venv/bin)."""
    executable = Path(sys.executable).with_name("customs-wh")
    if not executable.exists():
        return "customs-wh"
    relative = os.path.relpath(executable)
    return relative if not relative.startswith("..") else str(executable)
