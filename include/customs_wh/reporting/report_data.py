"""The numbers behind each chart of the report, read from the published marts.

Each function returns a :class:`Dataset`: a small table in USD bn (or %), ready to chart and
to write as CSV, or the one-line reason it is not available (a mart that is absent, empty, or
too short for the chart). Nothing here draws or formats; ``charts`` and ``report`` do.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from customs_wh.warehouse.published import columns, has_rows

# The partners whose share of China's exports the report follows (codes of marts.dim_partner).
SHARE_PARTNERS = ("USA", "EU", "ASEAN", "AFRICA", "LATAM")
FIRST_MONTH = "2018-01-01"
LARGEST_BALANCES = 15
LARGEST_REVISIONS = 10
NEW_THREE = "new_three"


@dataclass(frozen=True)
class Dataset:
    name: str  # the CSV's name under data/
    frame: pd.DataFrame | None
    missing: str | None = None  # why there is nothing to draw
    source: str = ""  # the marts it comes from

    @property
    def available(self) -> bool:
        return self.frame is not None and not self.frame.empty


def _absent(name: str, source: str, reason: str) -> Dataset:
    return Dataset(name=name, frame=None, missing=reason, source=source)


def _need(con: duckdb.DuckDBPyConnection, name: str, tables: tuple[str, ...]) -> Dataset | None:
    """None when every table exists with rows; otherwise the Dataset saying which does not."""
    for table in tables:
        if not columns(con, "marts", table):
            return _absent(name, ", ".join(f"marts.{t}" for t in tables), f"marts.{table} is not in this warehouse")
        if not has_rows(con, "marts", table):
            return _absent(name, ", ".join(f"marts.{t}" for t in tables), f"marts.{table} is empty")
    return None


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def monthly_trade(con: duckdb.DuckDBPyConnection) -> Dataset:
    """China's exports, imports and balance with the world each month, and the 12-month balance."""
    name, source = "monthly_trade", "marts.trade_balance_monthly, marts.trade_balance_summary"
    missing = _need(con, name, ("trade_balance_monthly", "trade_balance_summary"))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        select
            monthly.period_month                                   as month,
            monthly.months_covered,
            monthly.exports_usd / 1e9                              as exports_bn,
            monthly.imports_usd / 1e9                              as imports_bn,
            monthly.balance_usd / 1e9                              as balance_bn,
            monthly.exports_usd / 1e9 / monthly.months_covered     as exports_bn_per_month,
            monthly.imports_usd / 1e9 / monthly.months_covered     as imports_bn_per_month,
            monthly.balance_usd / 1e9 / monthly.months_covered     as balance_bn_per_month,
            rolling.balance_usd / 1e9                              as balance_12m_bn,
            monthly.release_kind,
            monthly.publication_date
        from marts.trade_balance_monthly as monthly
        left join marts.trade_balance_summary as rolling
            on rolling.partner_code = monthly.partner_code
            and rolling.period_end_month = monthly.period_month
            and rolling."window" = 'rolling_12m'
        where monthly.partner_code = 'WORLD' and monthly.period_month >= ?
        order by monthly.period_month
        """,
        [FIRST_MONTH],
    )
    if frame.empty:
        return _absent(name, source, "no monthly figures for the world since 2018")
    return Dataset(name, frame, source=source)


def bilateral_balances(con: duckdb.DuckDBPyConnection) -> Dataset:
    """The countries and territories with the largest balances (either sign) in the latest full year."""
    name, source = "bilateral_balances", "marts.trade_balance_summary, marts.dim_partner"
    missing = _need(con, name, ("trade_balance_summary", "dim_partner"))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        with latest as (
            select max(period_end_month) as month from marts.trade_balance_summary
            where "window" = 'calendar_year' and partner_code <> 'WORLD'
        ),
        ranked as (
            select
                year(summary.period_end_month)          as year,
                summary.partner_code,
                partner.partner_name,
                summary.balance_usd / 1e9               as balance_bn,
                summary.exports_usd / 1e9               as exports_bn,
                summary.imports_usd / 1e9               as imports_bn,
                summary.balance_prior_usd / 1e9         as balance_prior_bn,
                row_number() over (order by abs(summary.balance_usd) desc, summary.partner_code) as size_rank
            from marts.trade_balance_summary as summary
            inner join latest on summary.period_end_month = latest.month
            inner join marts.dim_partner as partner using (partner_code)
            where summary."window" = 'calendar_year' and not partner.is_aggregate
        )
        select * exclude (size_rank) from ranked where size_rank <= ? order by balance_bn desc
        """,
        [LARGEST_BALANCES],
    )
    if frame.empty:
        return _absent(name, source, "no full calendar year of figures by partner has been published")
    return Dataset(name, frame, source=source)


def export_shares(con: duckdb.DuckDBPyConnection) -> Dataset:
    """Shares of China's exports over twelve months: the United States, the EU, ASEAN, Africa, Latin America."""
    name, source = "export_shares", "marts.partner_share, marts.dim_partner"
    missing = _need(con, name, ("partner_share", "dim_partner"))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        select
            share.period_end_month as month,
            share.partner_code,
            partner.partner_name,
            share.share_pct,
            share.value_usd / 1e9 as exports_12m_bn
        from marts.partner_share as share
        inner join marts.dim_partner as partner using (partner_code)
        where share.flow = 'export' and share."window" = 'rolling_12m'
          and share.partner_code in (select unnest(?)) and share.period_end_month >= ?
        order by share.partner_code, share.period_end_month
        """,
        [list(SHARE_PARTNERS), FIRST_MONTH],
    )
    if frame.empty:
        return _absent(name, source, "no twelve consecutive months of partner figures yet")
    return Dataset(name, frame, source=source)


def latest_revisions(con: duckdb.DuckDBPyConnection) -> Dataset:
    """The largest USD revisions made by the newest release that revised anything."""
    name, source = "latest_revisions", "marts.revisions, marts.dim_partner"
    missing = _need(con, name, ("revisions",))
    if missing:
        return _absent(name, source, f"{missing.missing}: no release has revised a published figure")
    named = bool(columns(con, "marts", "dim_partner"))
    frame = _frame(
        con,
        """
        with usd as (
            select * from marts.revisions where currency = 'USD' and measure = 'value'
        ),
        latest as (select max(revised_publication_date) as published from usd)
        select
            usd.reference_month                                          as month,
            usd.partner_code,
            {partner_name}                                               as partner_name,
            usd.flow,
            usd.period_kind,
            -- revisions are in currency units: the two vintages may print different units
            usd.previous_value / 1e9                                     as previous_bn,
            usd.revised_value / 1e9                                      as revised_bn,
            usd.revision / 1e9                                           as revision_bn,
            usd.revision_pct,
            usd.previous_release_kind,
            usd.revised_release_kind,
            usd.revised_publication_date                                 as revised_on
        from usd
        inner join latest on usd.revised_publication_date = latest.published
        {partner_join}
        order by abs(usd.revision) desc, usd.partner_code, usd.flow, usd.period_kind
        limit ?
        """.format(
            # Partner names when dim_partner is there; the codes otherwise.
            partner_name="coalesce(partner.partner_name, usd.partner_code)" if named else "usd.partner_code",
            partner_join="left join marts.dim_partner as partner using (partner_code)" if named else "",
        ),
        [LARGEST_REVISIONS],
    )
    if frame.empty:
        return _absent(name, source, "no release has revised a published USD figure")
    frame["label"] = [
        f"{row.partner_name}, {row.flow}s, {_month_label(row.month)}"
        + (" year to date" if row.period_kind == "ytd" else "")
        for row in frame.itertuples()
    ]
    return Dataset(name, frame, source=source)


def new_three_exports(con: duckdb.DuckDBPyConnection) -> Dataset:
    """Exports of the "new three" (electric vehicles, lithium-ion batteries, solar cells) over twelve months."""
    name, source = "new_three_exports", "marts.commodity_group_trade"
    missing = _need(con, name, ("commodity_group_trade",))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        select period_end_month as month, value_usd / 1e9 as exports_12m_bn, value_yoy_pct
        from marts.commodity_group_trade
        where group_code = ? and flow = 'export' and "window" = 'rolling_12m'
        order by period_end_month
        """,
        [NEW_THREE],
    )
    if frame.empty:
        return _absent(name, source, "no twelve consecutive months of the new three in marts.commodity_group_trade")
    return Dataset(name, frame, source=source)


def hi_tech_trade(con: duckdb.DuckDBPyConnection) -> Dataset:
    """Exports and imports of hi-tech products (GACC's aggregate) over twelve months."""
    name, source = "hi_tech_trade", "marts.commodity_trade, marts.dim_commodity"
    missing = _need(con, name, ("commodity_trade", "dim_commodity"))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        with hi_tech as (
            select commodity_code, flow from marts.dim_commodity
            where commodity_code like 'hi_tech%' or lower(commodity_name) like '%hi-tech%'
        )
        select trade.period_end_month as month, trade.flow, trade.value_usd / 1e9 as value_12m_bn, trade.value_yoy_pct
        from marts.commodity_trade as trade
        inner join hi_tech using (commodity_code, flow)
        where trade."window" = 'rolling_12m'
        order by trade.flow, trade.period_end_month
        """,
    )
    if frame.empty:
        return _absent(name, source, "no twelve consecutive months of hi-tech products in marts.commodity_trade")
    return Dataset(name, frame, source=source)


def _month_label(value) -> str:
    return pd.Timestamp(value).strftime("%b %Y")


def _mirror_trade(con: duckdb.DuckDBPyConnection) -> Dataset:
    from customs_wh.reporting.mirror_chart import mirror_trade

    return mirror_trade(con)


def _exports_by_enterprise_and_regime(con: duckdb.DuckDBPyConnection) -> Dataset:
    from customs_wh.reporting.structure_chart import exports_by_enterprise_and_regime

    return exports_by_enterprise_and_regime(con)


CHART_DATA = (
    monthly_trade,
    bilateral_balances,
    export_shares,
    latest_revisions,
    new_three_exports,
    hi_tech_trade,
    _exports_by_enterprise_and_regime,
    _mirror_trade,
)
