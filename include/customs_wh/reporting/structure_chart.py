"""The chart of how China exports: the shares of its exports by type of enterprise (state-owned,
foreign-invested, private, other) and by customs regime (ordinary trade, processing trade, bonded
logistics, the rest), over the twelve months to each month. Its data from marts.enterprise_trade
and marts.regime_trade; drawn with altair like the report's other charts."""

from __future__ import annotations

import altair as alt
import duckdb

from customs_wh.reporting.report_data import Dataset, _absent, _frame, _need

ENTERPRISE_NAMES = {"SOE": "state-owned", "FIE": "foreign-invested", "PRI": "private", "OTE": "other enterprises"}
# The regimes as the press and analysts group them: processing trade is processing and assembling
# plus processing with imported materials; bonded logistics is customs warehousing plus the
# logistics of the special customs supervision areas.
REGIME_GROUPS = {
    "GT": "ordinary trade",
    "PA": "processing trade",
    "PIM": "processing trade",
    "CWT": "bonded logistics",
    "SCL": "bonded logistics",
}
OTHER_REGIMES = "other regimes"


def exports_by_enterprise_and_regime(con: duckdb.DuckDBPyConnection) -> Dataset:
    """Shares of China's exports over the twelve months to each month, by enterprise type and by regime, %."""
    name, source = "exports_by_enterprise_and_regime", "marts.enterprise_trade, marts.regime_trade"
    missing = _need(con, name, ("enterprise_trade", "regime_trade"))
    if missing:
        return missing
    groups = " ".join(f"when '{code}' then '{group}'" for code, group in REGIME_GROUPS.items())
    frame = _frame(
        con,
        f"""
        select 'by type of enterprise' as breakdown, enterprise_code as code, period_end_month as month,
               share_of_world_pct as share_pct, value_usd / 1e9 as exports_12m_bn
        from marts.enterprise_trade
        where flow = 'export' and "window" = 'rolling_12m' and regime_code = 'TOTAL' and enterprise_code != 'TOTAL'
            and enterprise_code not like '%/%'
        union all
        select 'by customs regime', case regime_code {groups} else '{OTHER_REGIMES}' end, period_end_month,
               sum(share_of_world_pct), sum(value_usd) / 1e9
        from marts.regime_trade
        where flow = 'export' and "window" = 'rolling_12m' and item_level = 'item'
        group by all
        order by 1, 2, 3
        """,
    )
    if frame.empty:
        return _absent(name, source, "marts.enterprise_trade and marts.regime_trade have no twelve months yet")
    frame["group"] = frame["code"].map(ENTERPRISE_NAMES).fillna(frame["code"])
    return Dataset(name, frame, source=source)


def draw(data: Dataset, context) -> dict:
    from customs_wh.reporting.charts import HEIGHT, WIDTH, _records, _title

    records = _records(data.frame)
    panels = [
        alt.Chart(records)
        .transform_filter(alt.datum.breakdown == breakdown)
        .mark_line(strokeWidth=1.8)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("share_pct:Q", title="% of China's exports"),
            color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=[
                alt.Tooltip("month:T", title="12 months to", format="%b %Y"),
                alt.Tooltip("group:N", title=breakdown.removeprefix("by ")),
                alt.Tooltip("share_pct:Q", title="share, %", format=".1f"),
                alt.Tooltip("exports_12m_bn:Q", title="exports, USD bn", format=",.1f"),
            ],
        )
        .properties(width=WIDTH // 2 - 30, height=HEIGHT, title=breakdown.capitalize())
        for breakdown in ("by type of enterprise", "by customs regime")
    ]
    chart = alt.hconcat(*panels).resolve_scale(color="independent")
    subtitle = context.subtitle(
        "% of China's exports over the twelve months to each month",
        data,
        "Processing trade: processing and assembling plus processing with imported materials; bonded logistics: "
        "customs warehousing plus the special customs supervision areas' logistics.",
    )
    return chart.properties(title=_title("Who exports, and how: enterprises and customs regimes", subtitle)).to_dict()
