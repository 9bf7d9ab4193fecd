"""Three to five sentences on the newest figures, each computed from the published marts.

A sentence whose figures are not in the warehouse (a mart absent or empty, no full year yet)
is left out rather than written with a gap in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from customs_wh.warehouse.published import has_rows


@dataclass(frozen=True)
class Headline:
    key: str  # what it is about: year_balance, latest_month, year_to_date, share_move, revisions
    text: str
    value: float | None = None  # its leading figure as printed (USD bn, points or a count), for checks


def usd_bn(value_bn: float) -> str:
    return f"USD {value_bn:,.1f} bn"


def balance_word(value: float) -> str:
    return "surplus" if value >= 0 else "deficit"


def more_or_less(pct: float) -> str:
    return f"{abs(pct):.1f}% {'more' if pct >= 0 else 'less'}"


def month_span(start: dt.date, end: dt.date) -> str:
    """ "October 2026", or "January–February 2026" for GACC's combined release."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    return f"{start:%B}–{end:%B %Y}"


def _world(con: duckdb.DuckDBPyConnection, window: str) -> tuple | None:
    return con.execute(
        """
        select period_start_month, period_end_month, exports_usd / 1e9, imports_usd / 1e9, balance_usd / 1e9,
               balance_prior_usd / 1e9, exports_yoy_pct, imports_yoy_pct, balance_yoy_pct
        from marts.trade_balance_summary
        where partner_code = 'WORLD' and "window" = ?
        order by period_end_month desc
        limit 1
        """,
        [window],
    ).fetchone()


def year_balance(con: duckdb.DuckDBPyConnection) -> Headline | None:
    row = _world(con, "calendar_year")
    if row is None:
        return None
    _start, end, _exports, _imports, balance, _prior, _x, _m, growth = row
    text = f"In {end.year} China's {balance_word(balance)} was {usd_bn(abs(balance))}"
    if growth is not None:
        text += f", {more_or_less(growth)} than in {end.year - 1}"
    return Headline("year_balance", text + ".", round(balance, 1))


def latest_month(con: duckdb.DuckDBPyConnection) -> Headline | None:
    row = _world(con, "month")
    if row is None:
        return None
    start, end, exports, imports, balance, prior, export_growth, import_growth, _growth = row
    span = month_span(start, end)

    text = f"In {span} China exported {usd_bn(exports)} and imported {usd_bn(imports)}"
    if export_growth is not None and import_growth is not None:
        text += f" ({export_growth:+.1f}% and {import_growth:+.1f}% on a year earlier)"
    text += f": a {balance_word(balance)} of {usd_bn(abs(balance))}"
    if prior is not None:
        earlier = month_span(start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        text += f", against {usd_bn(prior)} in {earlier}"
    return Headline("latest_month", text + ".", round(balance, 1))


def year_to_date(con: duckdb.DuckDBPyConnection) -> Headline | None:
    row = _world(con, "ytd")
    if row is None or row[1].month == 12:  # December's year to date is the calendar year, said already
        return None
    start, end, _exports, _imports, balance, _prior, _x, _m, growth = row
    if end.month <= 2:  # January-February: the latest month's sentence says it
        return None
    text = f"From {start:%B} to {end:%B %Y} the {balance_word(balance)} was {usd_bn(abs(balance))}"
    if growth is not None:
        text += f", {more_or_less(growth)} than a year earlier"
    return Headline("year_to_date", text + ".", round(balance, 1))


def share_move(con: duckdb.DuckDBPyConnection) -> Headline | None:
    """The country or territory whose share of China's exports changed most in the latest full year."""
    if not has_rows(con, "marts", "partner_share") or not has_rows(con, "marts", "dim_partner"):
        return None
    row = con.execute(
        """
        select partner.partner_name, share.period_end_month, share.share_pct, share.share_change_pp
        from marts.partner_share as share
        inner join marts.dim_partner as partner using (partner_code)
        where share.flow = 'export' and share."window" = 'calendar_year' and not partner.is_aggregate
          and share.share_change_pp is not null
          and share.period_end_month = (
              select max(period_end_month) from marts.partner_share
              where flow = 'export' and "window" = 'calendar_year' and share_change_pp is not null
          )
        order by abs(share.share_change_pp) desc, partner.partner_name
        limit 1
        """
    ).fetchone()
    if row is None:
        return None
    name, end, share, change = row
    direction = "up" if change >= 0 else "down"
    text = (
        f"The largest move in a partner's share of China's exports in {end.year}: "
        f"{name}, {direction} {abs(change):.1f} points to {share:.1f}%."
    )
    return Headline("share_move", text, round(change, 1))


def revisions(con: duckdb.DuckDBPyConnection) -> Headline | None:
    if not has_rows(con, "marts", "revisions"):
        return None
    row = con.execute(
        """
        select revised_publication_date, any_value(revised_release_kind), count(*)
        from marts.revisions
        where currency = 'USD' and measure = 'value'
        group by revised_publication_date
        order by revised_publication_date desc
        limit 1
        """
    ).fetchone()
    if row is None:
        return None
    published, kind, count = row
    release = "Monthly Bulletin" if kind == "monthly_bulletin" else "Preliminary Release"
    text = f"The {release} published on {published:%-d %B %Y} revised {count:,} USD figures published before it."
    return Headline("revisions", text, float(count))


def headlines(con: duckdb.DuckDBPyConnection) -> list[Headline]:
    """Up to five sentences, the newest figures first; empty when the marts hold none."""
    if not has_rows(con, "marts", "trade_balance_summary"):
        return []
    found = [make(con) for make in (year_balance, latest_month, year_to_date, share_move, revisions)]
    return [headline for headline in found if headline is not None][:5]
