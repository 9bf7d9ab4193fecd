"""The short summary printed after a run (``make run``, ``customs-wh summary``).

Everything comes from the published warehouse, so the summary shows what readers see; a part
whose marts are absent or empty says so instead of failing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from customs_wh.config import Settings
from customs_wh.reporting import facts
from customs_wh.warehouse import accepted_losses
from customs_wh.warehouse.db import one_row
from customs_wh.warehouse.published import NothingPublished, columns, has_rows, open_published, tables

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

SHARE_JOIN = """
left join marts.partner_share as share
    on share.partner_code = summary.partner_code and share.period_end_month = summary.period_end_month
    and share."window" = 'calendar_year' and share.flow = 'export'
"""


def surplus_sql(with_share: bool) -> str:
    """The five largest bilateral surpluses of the latest full year (and the export share, when there is one)."""
    return f"""
with latest as (
    select max(period_end_month) as month from marts.trade_balance_summary
    where "window" = 'calendar_year' and partner_code = 'WORLD'
)
select partner.partner_name, summary.balance_usd / 1e9, summary.balance_yoy_pct,
       {"share.share_pct" if with_share else "null"}
from marts.trade_balance_summary as summary
inner join marts.dim_partner as partner using (partner_code)
inner join latest on summary.period_end_month = latest.month
{SHARE_JOIN if with_share else ""}
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
    min(reference_month), max(reference_month)
from marts.release_vintages
"""


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}%"


def _say(console: Console, text: str) -> None:
    console.print(text, markup=False, highlight=False)


GAPS_SHOWN = 8


def print_summary(settings: Settings, console: Console) -> None:
    """The summary of the published warehouse; each part says so when its marts are absent or empty."""
    try:
        with open_published(settings.warehouse_db) as con:
            _print_published(settings, con, console)
    except NothingPublished as exc:
        _say(console, str(exc))
        return
    for label, path in (
        ("Report (charts, headlines, CSV)", settings.report_dir / "index.html"),
        ("Data Docs (the checks of every run)", settings.data_docs_index),
        ("dbt docs (models, columns, lineage)", settings.dbt_docs_dir / "index.html"),
    ):
        if path.exists():
            _say(console, f"{label}: {path}")
    _say(
        console,
        f'Query the marts: {_command()} query "select * from marts.trade_balance_monthly order by period_month desc '
        f'limit 5"',
    )


def _print_published(settings: Settings, con: duckdb.DuckDBPyConnection, console: Console) -> None:
    info = facts.publication_info(con)
    published = f" at {info.published_at:%Y-%m-%d %H:%M} UTC" if info.published_at else ""
    through = f"data through {info.data_through:%B %Y}" if info.data_through else "no monthly figures"
    newest = f", newest release published {info.vintage:%Y-%m-%d}" if info.vintage else ""
    _say(console, f"Published {settings.warehouse_db}{published} (run {info.run_id or 'unknown'}): {through}{newest}.")

    if has_rows(con, "marts", "trade_balance_summary"):
        _print_world(con, console)
        if has_rows(con, "marts", "dim_partner"):
            _print_surpluses(con, console)
    else:
        _say(console, f"No figures for the world or any partner: {_why_empty(con, 'trade_balance_summary')}.")

    if has_rows(con, "marts", "release_vintages"):
        _print_releases(con, console)
    else:
        _say(console, f"No release pages listed: {_why_empty(con, 'release_vintages')}.")
    gaps = facts.known_gaps(con)
    if gaps:
        _say(console, f"Known gaps: {len(gaps)} run(s) of release tables have no numbers in the warehouse:")
        for gap in gaps[:GAPS_SHOWN]:
            _say(console, f"  {gap.text}")
        if len(gaps) > GAPS_SHOWN:
            _say(console, f"  ... and {len(gaps) - GAPS_SHOWN} more (the report lists them all)")
    for loss in accepted_losses.read(con):
        _say(console, f"Accepted loss: {loss.describe()}")
    if info.run_id and "alerts" in tables(con, "ops"):
        muted = "muted_by is not null" if "muted_by" in columns(con, "ops", "alerts") else "false"
        critical, warnings, silenced = one_row(
            con.execute(
                f"select count(*) filter (where severity = 'critical'), count(*) filter (where severity = 'warning'), "
                f"count(*) filter (where {muted}) from ops.alerts where run_id = ?",
                [info.run_id],
            )
        )
        of_which = f" ({silenced} of them muted by rule)" if silenced else ""
        _say(
            console,
            f"Quality gates passed; this run raised {critical} critical and {warnings} warning alert(s){of_which}: "
            f"`customs-wh alerts --run {info.run_id}`.",
        )


def _why_empty(con: duckdb.DuckDBPyConnection, table: str) -> str:
    return f"marts.{table} is empty" if columns(con, "marts", table) else f"marts.{table} is not in this warehouse"


def _print_world(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    rows = con.execute(WORLD_SQL).fetchall()
    if not rows:
        _say(console, "No figures for the world: marts.trade_balance_summary has no WORLD rows.")
        return
    world = Table(title="China's trade with the world, USD bn", title_justify="left", show_edge=False)
    for heading in ("period", "exports", "imports", "balance", "balance vs year earlier"):
        world.add_column(heading, justify="left" if heading == "period" else "right")
    for period, exports, imports, balance, growth in rows:
        world.add_row(period, _money(exports), _money(imports), _money(balance), _pct(growth))
    console.print(world)


def _print_surpluses(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    rows = con.execute(surplus_sql(with_share=bool(columns(con, "marts", "partner_share")))).fetchall()
    if not rows:
        _say(console, "No bilateral balances: no full calendar year of figures by partner yet.")
        return
    surplus = Table(
        title="Largest bilateral surpluses in the latest full year, USD bn", title_justify="left", show_edge=False
    )
    for heading in ("partner", "balance", "vs year earlier", "share of exports"):
        surplus.add_column(heading, justify="left" if heading == "partner" else "right")
    for name, balance, growth, share in rows:
        surplus.add_row(name, _money(balance), _pct(growth), "" if share is None else f"{share:.1f}%")
    console.print(surplus)


def _print_releases(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    pages, current, superseded, quarantined, first, last = one_row(con.execute(RELEASES_SQL))
    revised = (
        one_row(con.execute("select count(*) from marts.revisions"))[0] if columns(con, "marts", "revisions") else 0
    )
    _say(
        console,
        f"Releases {first:%Y-%m} to {last:%Y-%m}: {pages} pages landed ({current} current, {superseded} superseded "
        f"by a later vintage, {quarantined} quarantined); {revised} published numbers revised between vintages.",
    )


def _command() -> str:
    """How to call customs-wh from here (it lives beside the interpreter, e.g. in .venv/bin)."""
    executable = Path(sys.executable).with_name("customs-wh")
    if not executable.exists():
        return "customs-wh"
    relative = os.path.relpath(executable)
    return relative if not relative.startswith("..") else str(executable)
