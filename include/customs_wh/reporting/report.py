"""The HTML report: ``$CUSTOMS_WH_HOME/report/index.html`` and the CSV behind each chart.

One self-contained page built from the published marts only: headline sentences, charts
(Vega-Lite through altair, drawn in the browser by the Vega script inlined in the page), the
known gaps, the vintage and the run. It opens with no network: nothing is loaded from
anywhere, and a Content-Security-Policy in the page forbids it.

Written by ``customs-wh report``, by the ``customs_report`` DAG when the warehouse is
published, and after an in-process ``customs-wh refresh``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd

from customs_wh import clock
from customs_wh.config import Settings
from customs_wh.reporting import facts, headlines, report_data, vega_bundle
from customs_wh.reporting.charts import Chart, ChartContext, chart_for
from customs_wh.warehouse import accepted_losses
from customs_wh.warehouse.published import open_published

CSV_DECIMALS = 3
TABLE_ROWS_MAX = 20  # a dataset this small is also printed as a table under its chart
# Columns shown in the table under a small chart: column -> heading.
TABLE_COLUMNS = {
    "bilateral_balances": {
        "partner_name": "partner",
        "balance_bn": "balance, USD bn",
        "exports_bn": "exports, USD bn",
        "imports_bn": "imports, USD bn",
        "balance_prior_bn": "balance a year earlier, USD bn",
    },
    "latest_revisions": {
        "label": "figure",
        "previous_bn": "published before, USD bn",
        "revised_bn": "revised, USD bn",
        "revision_pct": "revision, %",
    },
}


@dataclass(frozen=True)
class ReportResult:
    index: Path
    drawn: list[str]  # the charts in the page
    missing: dict[str, str]  # the charts not available, and why
    headlines: list[headlines.Headline]
    synthetic: bool
    page_bytes: int
    seconds: float
    csv_files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _PageChart:
    key: str
    title: str
    spec: dict | None
    spec_json: str
    missing: str | None
    marks: str
    rows: int
    table: dict | None


def _format_cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _table(key: str, frame: pd.DataFrame | None) -> dict | None:
    wanted = TABLE_COLUMNS.get(key)
    if not wanted or frame is None or len(frame) > TABLE_ROWS_MAX:
        return None
    present = [column for column in wanted if column in frame.columns]
    return {
        "headings": [wanted[column] for column in present],
        "rows": [[_format_cell(value) for value in row] for row in frame[present].itertuples(index=False)],
    }


def script_json(spec: dict) -> str:
    """JSON safe inside a <script> element: "</" cannot close it."""
    return json.dumps(spec, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def csv_text(frame: pd.DataFrame) -> str:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d")
    return out.round(CSV_DECIMALS).to_csv(index=False, lineterminator="\n")


def banner(source: facts.DataSource) -> str | None:
    if source.synthetic:
        return (
            "Synthetic sample data: these figures come from the embedded sample site of customs-wh, "
            "calibrated to a few of GACC's published totals. They are not GACC's figures."
        )
    if source.kind == "other":
        return f"These figures were landed from {', '.join(source.hosts) or 'an unknown site'}, not from GACC's site."
    return None


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(
    *,
    info: facts.PublicationInfo,
    source: facts.DataSource,
    lines: list[headlines.Headline],
    charts: list[Chart],
    frames: dict[str, pd.DataFrame | None],
    gaps: list[facts.Gap],
    built_at: dt.datetime,
    losses: list[accepted_losses.AcceptedLoss] | None = None,
) -> str:
    """The page as text (pure: everything it shows is passed in)."""
    script = vega_bundle.bundle()
    if "</script" in script.lower():
        raise RuntimeError(f"{vega_bundle.BUNDLE_PATH} contains </script and cannot be inlined")
    page_charts = [
        _PageChart(
            key=chart.key,
            title=chart.title,
            spec=chart.spec,
            spec_json=script_json(chart.spec) if chart.spec else "",
            missing=chart.missing,
            marks=chart.marks,
            rows=_row_count(frames.get(chart.key)),
            table=_table(chart.key, frames.get(chart.key)),
        )
        for chart in charts
    ]
    return (
        _environment()
        .get_template("report.html")
        .render(
            generator=_version(),
            banner=banner(source),
            through=f"{info.data_through:%B %Y}" if info.data_through else "no month yet",
            vintage=f"{info.vintage:%-d %B %Y}" if info.vintage else "an unknown date",
            run_id=info.run_id or "unknown",
            published_at=f"{info.published_at:%Y-%m-%d %H:%M}" if info.published_at else "",
            built_at=f"{built_at:%Y-%m-%d %H:%M}",
            headlines=lines,
            charts=page_charts,
            gaps=[gap.text for gap in gaps],
            losses=[f"Accepted loss: {loss.describe()}" for loss in losses or []],
            source=source.label,
            vega=vega_bundle.versions(),
            vega_script=script,
        )
    )


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("customs-wh")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_report(directory: Path, page: str, csvs: dict[str, str]) -> list[Path]:
    """The CSVs under data/ first, index.html last, each replaced whole; stale CSVs removed."""
    data_dir = directory / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in csvs.items():
        path = data_dir / f"{name}.csv"
        _write_atomically(path, text)
        written.append(path)
    _write_atomically(directory / "index.html", page)
    for stale in data_dir.glob("*.csv"):
        if stale not in written:
            stale.unlink()
    for leftover in [*directory.glob(".*.tmp"), *data_dir.glob(".*.tmp")]:
        leftover.unlink(missing_ok=True)  # from a build that was killed between write and rename
    return written


def _row_count(frame: pd.DataFrame | None) -> int:
    return 0 if frame is None else len(frame)


def build_report(settings: Settings, directory: Path | None = None) -> ReportResult:
    """Read the published warehouse, write the report; raises NothingPublished when there is none."""
    started = time.perf_counter()
    target = directory or settings.report_dir
    with open_published(settings.warehouse_db) as con:
        info = facts.publication_info(con)
        source = facts.data_source(con)
        lines = headlines.headlines(con)
        gaps = facts.known_gaps(con)
        losses = accepted_losses.read(con)
        datasets = [make(con) for make in report_data.CHART_DATA]
    context = ChartContext(source=source.label, vintage=info.vintage)
    charts = [chart_for(dataset, context) for dataset in datasets]
    frames = {dataset.name: dataset.frame for dataset in datasets}
    page = render_page(
        info=info,
        source=source,
        lines=lines,
        charts=charts,
        frames=frames,
        gaps=gaps,
        built_at=clock.now(),
        losses=losses,
    )
    csvs = {d.name: csv_text(d.frame) for d in datasets if d.available and d.frame is not None}
    written = write_report(target, page, csvs)
    return ReportResult(
        index=target / "index.html",
        drawn=[chart.key for chart in charts if chart.spec],
        missing={chart.key: chart.missing or "" for chart in charts if not chart.spec},
        headlines=lines,
        synthetic=source.synthetic,
        page_bytes=len(page.encode("utf-8")),
        seconds=time.perf_counter() - started,
        csv_files=written,
    )
