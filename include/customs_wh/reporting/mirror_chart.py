"""The mirror chart: China-reported against partner-reported trade with the United States, the EU and the
United Kingdom (China's exports: the partners' imports from China), month by month and year by year, with
the gap. Its data from marts.mirror_trade; drawn with altair like the report's other charts."""

from __future__ import annotations

import altair as alt
import duckdb

from customs_wh.reporting.report_data import Dataset, _absent, _frame, _need

PARTNER_NAMES = {"USA": "United States", "EU": "European Union", "GBR": "United Kingdom"}
SIDE_COLOURS = {"China-reported": "#d62728", "partner-reported": "#1f77b4"}


def mirror_trade(con: duckdb.DuckDBPyConnection) -> Dataset:
    """China's exports to each partner as China and as the partner reports them, USD bn, month and year."""
    name, source = "mirror_trade", "marts.mirror_trade"
    missing = _need(con, name, ("mirror_trade",))
    if missing:
        return missing
    frame = _frame(
        con,
        """
        -- a month's average where China released January and February together, so February does not
        -- stand twice as tall as the months around it
        select partner_code, "window", period_end_month as month,
               china_value_usd / 1e9 / if("window" = 'month', months_covered, 1) as china_reported_bn,
               partner_value_usd / 1e9 / if("window" = 'month', months_covered, 1) as partner_reported_bn,
               gap_usd / 1e9 as gap_bn, 100 * gap_ratio as gap_pct
        from marts.mirror_trade
        where direction = 'china_exports' and product = 'TOTAL' and envelope = 'china'
        order by partner_code, "window", period_end_month
        """,
    )
    if frame.empty:
        return _absent(name, source, "marts.mirror_trade has no month with both sides")
    frame["partner"] = frame["partner_code"].map(PARTNER_NAMES).fillna(frame["partner_code"])
    return Dataset(name, frame, source=source)


def draw(data: Dataset, context) -> dict:
    from customs_wh.reporting.charts import WIDTH, _records, _title

    records = _records(data.frame)
    long = records.melt(
        id_vars=["partner", "window", "month"],
        value_vars=["china_reported_bn", "partner_reported_bn"],
        var_name="side",
        value_name="usd_bn",
    )
    long["side"] = long["side"].map({"china_reported_bn": "China-reported", "partner_reported_bn": "partner-reported"})
    colour = alt.Color(
        "side:N",
        scale=alt.Scale(domain=list(SIDE_COLOURS), range=list(SIDE_COLOURS.values())),
        legend=alt.Legend(title=None, orient="top"),
    )
    monthly = (
        alt.Chart(long[long["window"] == "month"])
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("usd_bn:Q", title="USD bn a month"),
            color=colour,
            tooltip=[
                "partner:N",
                "side:N",
                alt.Tooltip("month:T", format="%b %Y"),
                alt.Tooltip("usd_bn:Q", format=",.1f"),
            ],
        )
        .properties(width=WIDTH // 2 - 20, height=120)
    )
    yearly = (
        alt.Chart(records[records["window"] == "calendar_year"])
        .mark_bar()
        .encode(
            x=alt.X("year(month):O", title=None),
            y=alt.Y("gap_bn:Q", title="gap, USD bn a year (partner − China)"),
            color=alt.condition("datum.gap_bn > 0", alt.value("#1f77b4"), alt.value("#d62728")),
            tooltip=[
                "partner:N",
                alt.Tooltip("year(month):O", title="year"),
                alt.Tooltip("gap_bn:Q", format=",.1f"),
                alt.Tooltip("gap_pct:Q", format="+.1f", title="gap %"),
            ],
        )
        .properties(width=WIDTH // 2 - 20, height=120)
    )
    rows = [
        alt.hconcat(
            monthly.transform_filter(alt.datum.partner == partner).properties(title=partner),
            yearly.transform_filter(alt.datum.partner == partner).properties(title=" "),
        )
        for partner in records["partner"].drop_duplicates()
    ]
    chart = alt.vconcat(*rows)
    subtitle = context.subtitle(
        "USD bn; the partner's euros and pounds at the ECB's monthly averages; January–February averaged",
        data,
        "China's exports as GACC records them (FOB) and the partner's imports from China (US: customs value; "
        "EU and UK: CIF).",
    )
    return chart.properties(
        title=_title("China-reported and partner-reported trade: the mirror gap", subtitle)
    ).to_dict()
