"""The report's charts as Vega-Lite specifications, written with altair.

Each chart carries its own title, units, source and vintage (in its subtitle), so a chart
copied out of the page still says what it shows. The browser draws them with the Vega
JavaScript the page inlines (``vega_bundle``); nothing here renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd

from customs_wh.reporting import mirror_chart, structure_chart
from customs_wh.reporting.report_data import Dataset

WIDTH = 720
HEIGHT = 260
EXPORT_COLOUR, IMPORT_COLOUR = "#1f77b4", "#ff7f0e"
SURPLUS_COLOUR, DEFICIT_COLOUR = "#2ca02c", "#d62728"


@dataclass(frozen=True)
class ChartContext:
    source: str  # who published the figures (facts.DataSource.label)
    vintage: dt.date | None  # the newest publication date in the warehouse

    def subtitle(self, units: str, dataset: Dataset, *notes: str) -> list[str]:
        """Units (and notes), the source, and the marts and vintage: one line each."""
        vintage = f"figures as published up to {self.vintage:%-d %B %Y}" if self.vintage else "vintage unknown"
        return [
            f"{units}.",
            *notes,
            f"Source: {self.source}.",
            f"customs-wh {dataset.source}; {vintage}.",
        ]


@dataclass(frozen=True)
class Chart:
    key: str  # the dataset's name: the element id and the CSV's name
    title: str
    spec: dict | None  # Vega-Lite, or None when the data are not available
    missing: str | None = None
    marks: str = ""  # what one drawn mark stands for, for the reader of the figure's caption


def _records(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Dates as ISO strings: Vega parses them the same in every browser and time zone."""
    if frame is None:  # charts are drawn for available datasets only
        raise ValueError("a chart was asked for of a dataset that is not available")
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]) or out[name].map(lambda value: type(value) is dt.date).all():
            out[name] = pd.to_datetime(out[name]).dt.strftime("%Y-%m-%d")
    return out


def _title(text: str, subtitle: list[str]) -> alt.Title:
    return alt.Title(text, subtitle=subtitle, anchor="start", subtitleColor="#555")


def _month_axis() -> alt.X:
    return alt.X("month:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))


def monthly_trade(data: Dataset, context: ChartContext) -> dict:
    frame = _records(data.frame)
    base = alt.Chart(frame)
    month = alt.Tooltip("month:T", title="month", format="%b %Y")
    flows = (
        base.transform_fold(["exports_bn_per_month", "imports_bn_per_month"], as_=["series", "usd_bn"])
        .transform_calculate(flow="datum.series == 'exports_bn_per_month' ? 'exports' : 'imports'")
        .mark_line(strokeWidth=1.6)
        .encode(
            x=_month_axis(),
            y=alt.Y("usd_bn:Q", title="USD bn per month"),
            color=alt.Color(
                "flow:N",
                scale=alt.Scale(domain=["exports", "imports"], range=[EXPORT_COLOUR, IMPORT_COLOUR]),
                legend=alt.Legend(title=None, orient="top-left"),
            ),
            tooltip=[month, alt.Tooltip("flow:N"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f")],
        )
    )
    balance = base.mark_bar(color=SURPLUS_COLOUR, opacity=0.55).encode(
        x=_month_axis(),
        y=alt.Y("balance_bn_per_month:Q", title="USD bn per month"),
        tooltip=[month, alt.Tooltip("balance_bn_per_month:Q", title="balance, USD bn", format=",.1f")],
    )
    rolling = (
        base.transform_filter("isValid(datum.balance_12m_bn)")
        .mark_line(color=SURPLUS_COLOUR, strokeWidth=2)
        .encode(
            x=_month_axis(),
            y=alt.Y("balance_12m_bn:Q", title="USD bn over 12 months"),
            tooltip=[month, alt.Tooltip("balance_12m_bn:Q", title="balance over 12 months, USD bn", format=",.1f")],
        )
        .properties(width=WIDTH, height=150, title="Balance over the past twelve months")
    )
    top = alt.layer(balance, flows).properties(width=WIDTH, height=HEIGHT)
    title = "China's exports, imports and trade balance with the world"
    subtitle = context.subtitle(
        "USD bn per month (bars: the balance)",
        data,
        "January and February, released together, are drawn on February at half their sum.",
    )
    return alt.vconcat(top, rolling).properties(title=_title(title, subtitle)).to_dict()


def bilateral_balances(data: Dataset, context: ChartContext) -> dict:
    frame = _records(data.frame)
    frame["side"] = ["surplus" if value >= 0 else "deficit" for value in frame["balance_bn"]]
    year = int(frame["year"].iloc[0])
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("partner_name:N", sort="-x", title=None),
            x=alt.X("balance_bn:Q", title=f"China's balance with the partner in {year}, USD bn"),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=["surplus", "deficit"], range=[SURPLUS_COLOUR, DEFICIT_COLOUR]),
                legend=alt.Legend(title=None, orient="bottom-right"),
            ),
            tooltip=[
                alt.Tooltip("partner_name:N", title="partner"),
                alt.Tooltip("balance_bn:Q", title="balance, USD bn", format=",.1f"),
                alt.Tooltip("exports_bn:Q", title="exports, USD bn", format=",.1f"),
                alt.Tooltip("imports_bn:Q", title="imports, USD bn", format=",.1f"),
                alt.Tooltip("balance_prior_bn:Q", title=f"balance in {year - 1}, USD bn", format=",.1f"),
            ],
        )
        .properties(width=WIDTH - 160, height=22 * len(frame))
    )
    title = f"The largest bilateral balances in {year}"
    subtitle = context.subtitle(
        "USD bn over the calendar year, surplus positive", data, "Countries and territories, not groups."
    )
    return chart.properties(title=_title(title, subtitle)).to_dict()


def export_shares(data: Dataset, context: ChartContext) -> dict:
    frame = _records(data.frame)
    chart = (
        alt.Chart(frame)
        .mark_line(strokeWidth=1.8)
        .encode(
            x=_month_axis(),
            y=alt.Y("share_pct:Q", title="% of China's exports"),
            color=alt.Color("partner_name:N", title=None, legend=alt.Legend(orient="right")),
            tooltip=[
                alt.Tooltip("month:T", title="12 months to", format="%b %Y"),
                alt.Tooltip("partner_name:N", title="partner"),
                alt.Tooltip("share_pct:Q", title="share, %", format=".1f"),
                alt.Tooltip("exports_12m_bn:Q", title="exports, USD bn", format=",.1f"),
            ],
        )
        .properties(width=WIDTH - 140, height=HEIGHT)
    )
    title = "Who buys China's exports: shares over the past twelve months"
    subtitle = context.subtitle(
        "% of China's exports over the twelve months to each month", data, "Groups overlap: never add them."
    )
    return chart.properties(title=_title(title, subtitle)).to_dict()


def latest_revisions(data: Dataset, context: ChartContext) -> dict:
    frame = _records(data.frame)
    published = pd.Timestamp(frame["revised_on"].iloc[0])
    kind = "Monthly Bulletin" if frame["revised_release_kind"].iloc[0] == "monthly_bulletin" else "Preliminary Release"
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#8c564b")
        .encode(
            y=alt.Y(
                "label:N",
                sort=alt.EncodingSortField("revision_bn", op="min", order="descending"),
                title=None,
                axis=alt.Axis(labelLimit=320),
            ),
            x=alt.X("revision_bn:Q", title="revised minus previously published, USD bn"),
            tooltip=[
                alt.Tooltip("label:N", title="figure"),
                alt.Tooltip("previous_bn:Q", title="published before, USD bn", format=",.2f"),
                alt.Tooltip("revised_bn:Q", title="revised, USD bn", format=",.2f"),
                alt.Tooltip("revision_pct:Q", title="revision, %", format="+.2f"),
            ],
        )
        .properties(width=WIDTH - 300, height=22 * len(frame))
    )
    title = f"The largest revisions in the {kind} of {published:%-d %B %Y}"
    subtitle = context.subtitle("USD bn, revised figure minus the figure published before", data)
    return chart.properties(title=_title(title, subtitle)).to_dict()


def _rolling_lines(data: Dataset, value: str, colour: alt.Color | None, tooltip_title: str) -> alt.Chart:
    encoding = {
        "x": _month_axis(),
        "y": alt.Y(f"{value}:Q", title="USD bn over 12 months"),
        "tooltip": [
            alt.Tooltip("month:T", title="12 months to", format="%b %Y"),
            alt.Tooltip(f"{value}:Q", title=tooltip_title, format=",.1f"),
            alt.Tooltip("value_yoy_pct:Q", title="on a year earlier, %", format="+.1f"),
        ],
    }
    if colour is not None:
        encoding["color"] = colour
    return alt.Chart(_records(data.frame)).mark_line(strokeWidth=1.8).encode(**encoding)


def new_three_exports(data: Dataset, context: ChartContext) -> dict:
    chart = _rolling_lines(data, "exports_12m_bn", None, "exports, USD bn").properties(width=WIDTH, height=HEIGHT)
    title = 'Exports of the "new three": electric vehicles, lithium-ion batteries, solar cells'
    subtitle = context.subtitle("USD bn over the twelve months to each month", data)
    return chart.properties(title=_title(title, subtitle)).to_dict()


def hi_tech_trade(data: Dataset, context: ChartContext) -> dict:
    colour = alt.Color(
        "flow:N",
        scale=alt.Scale(domain=["export", "import"], range=[EXPORT_COLOUR, IMPORT_COLOUR]),
        legend=alt.Legend(title=None, orient="top-left"),
    )
    chart = _rolling_lines(data, "value_12m_bn", colour, "USD bn").properties(width=WIDTH, height=HEIGHT)
    title = "Hi-tech products: exports and imports"
    subtitle = context.subtitle("USD bn over the twelve months to each month", data, "GACC's aggregate.")
    return chart.properties(title=_title(title, subtitle)).to_dict()


# The charts in page order: dataset name -> (title when not available, drawing function, what a mark is).
CHARTS = {
    "monthly_trade": ("China's exports, imports and trade balance", monthly_trade, "bar: a month's balance"),
    "bilateral_balances": ("The largest bilateral balances", bilateral_balances, "bar: a partner"),
    "export_shares": ("Shares of China's exports", export_shares, "line: a partner"),
    "latest_revisions": ("The largest revisions of the latest release", latest_revisions, "bar: a revised figure"),
    "new_three_exports": ('Exports of the "new three"', new_three_exports, "line: the group"),
    "hi_tech_trade": ("Hi-tech products: exports and imports", hi_tech_trade, "line: a flow"),
    "exports_by_enterprise_and_regime": (
        "Who exports, and how: enterprises and customs regimes",
        structure_chart.draw,
        "line: an enterprise type or a group of regimes",
    ),
    "mirror_trade": ("China-reported and partner-reported trade", mirror_chart.draw, "line: a side; bar: a year's gap"),
}


def chart_for(data: Dataset, context: ChartContext) -> Chart:
    title, draw, marks = CHARTS[data.name]
    if not data.available:
        return Chart(data.name, title, None, missing=data.missing or "no figures", marks=marks)
    spec = draw(data, context)
    return Chart(data.name, spec_title(spec) or title, spec, marks=marks)


def spec_title(spec: dict) -> str | None:
    title = spec.get("title")
    return title.get("text") if isinstance(title, dict) else title
