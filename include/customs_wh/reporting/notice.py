"""The "published" notice: one short message on what a run has just published.

Month published, the surplus and its change, the pages new since the previous publication
and how many of them revised earlier figures, the warnings the run raised, where the report
is. Computed from the published warehouse alone; sent by ``orchestration.publication``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from customs_wh.reporting import facts
from customs_wh.reporting.headlines import balance_word, month_span, usd_bn
from customs_wh.warehouse.db import one_row
from customs_wh.warehouse.published import columns, has_rows, tables


@dataclass(frozen=True)
class Publication:
    run_id: str | None
    month_start: dt.date | None
    month_end: dt.date | None
    balance_bn: float | None
    balance_prior_bn: float | None
    balance_yoy_pct: float | None
    pages_new: int
    pages_revising: int  # new pages that revise numbers printed before (a later vintage, a Bulletin page)
    numbers_revised: int
    warnings: int
    gaps: int
    synthetic: bool


def _previous_publish(con: duckdb.DuckDBPyConnection, run_id: str | None) -> dt.datetime | None:
    if "runs" not in tables(con, "ops"):
        return None
    return one_row(
        con.execute(
            "select max(finished_at) from ops.runs where status = 'published' and run_id is distinct from ?", [run_id]
        )
    )[0]


def _pages(con: duckdb.DuckDBPyConnection, since: dt.datetime | None) -> tuple[int, int, int]:
    wanted = {"fetched_at", "numbers_revised", "vintage_status"}
    if not wanted <= set(columns(con, "marts", "release_vintages")):
        return 0, 0, 0
    row = con.execute(
        """
        select
            count(*),
            -- a later vintage of a table, or a Monthly Bulletin page, that changed numbers printed before
            count(*) filter (where numbers_revised > 0),
            coalesce(sum(numbers_revised), 0)
        from marts.release_vintages
        where vintage_status <> 'quarantined' and (? is null or fetched_at > ?)
        """,
        [since, since],
    )
    counts = one_row(row)
    return int(counts[0]), int(counts[1]), int(counts[2])


def publication(con: duckdb.DuckDBPyConnection) -> Publication:
    info = facts.publication_info(con)
    latest = None
    if has_rows(con, "marts", "trade_balance_summary"):
        latest = con.execute(
            """
            select period_start_month, period_end_month, balance_usd / 1e9, balance_prior_usd / 1e9, balance_yoy_pct
            from marts.trade_balance_summary where partner_code = 'WORLD' and "window" = 'month'
            order by period_end_month desc limit 1
            """
        ).fetchone()
    pages_new, pages_revising, numbers_revised = _pages(con, _previous_publish(con, info.run_id))
    warnings = 0
    if info.run_id and "alerts" in tables(con, "ops"):
        # Warnings a mute rule keeps out of the run's message are not counted here either.
        told = "and muted_by is null" if "muted_by" in columns(con, "ops", "alerts") else ""
        warnings = one_row(
            con.execute(
                f"select count(*) from ops.alerts where run_id = ? and severity = 'warning' {told}", [info.run_id]
            )
        )[0]
    start, end, balance, prior, growth = latest or (None, None, None, None, None)
    return Publication(
        run_id=info.run_id,
        month_start=start,
        month_end=end or info.data_through,
        balance_bn=balance,
        balance_prior_bn=prior,
        balance_yoy_pct=growth,
        pages_new=pages_new,
        pages_revising=pages_revising,
        numbers_revised=numbers_revised,
        warnings=int(warnings),
        gaps=len(facts.known_gaps(con)),
        synthetic=facts.data_source(con).synthetic,
    )


def notice_text(pub: Publication, report: Path | None) -> tuple[str, str, tuple[str, ...]]:
    """Subject, the one paragraph every channel carries, and the detail lines of the e-mail."""
    span = month_span(pub.month_start or pub.month_end, pub.month_end) if pub.month_end else "no month yet"
    subject = f"[customs-wh] published: China's trade through {span}"
    parts = [f"customs-wh published China's trade through {span}"]
    if pub.balance_bn is not None:
        balance = f"{balance_word(pub.balance_bn)} {usd_bn(abs(pub.balance_bn))}"
        if pub.balance_yoy_pct is not None and pub.balance_prior_bn is not None:
            balance += f", {pub.balance_yoy_pct:+.1f}% on a year earlier ({usd_bn(pub.balance_prior_bn)})"
        parts.append(f": {balance}.")
    else:
        parts.append(".")
    parts.append(
        f" {pub.pages_new} new page(s), {pub.pages_revising} of them revising earlier figures"
        f" ({pub.numbers_revised} number(s) revised); {pub.warnings} warning(s) raised"
        + (f"; {pub.gaps} known gap(s)" if pub.gaps else "")
        + "."
    )
    if report is not None:
        parts.append(f" Report: {report}")
    if pub.synthetic:
        parts.append(" (synthetic sample data, not GACC's figures)")
    parts.append(f" (run {pub.run_id or 'unknown'})")
    details = (
        f"month:            {span}",
        f"balance:          {'' if pub.balance_bn is None else usd_bn(pub.balance_bn)}",
        f"a year earlier:   {'' if pub.balance_prior_bn is None else usd_bn(pub.balance_prior_bn)}",
        f"new pages:        {pub.pages_new} ({pub.pages_revising} revising, {pub.numbers_revised} numbers revised)",
        f"warnings raised:  {pub.warnings} (customs-wh alerts)",
        f"report:           {report or '-'}",
        f"run:              {pub.run_id or '-'}",
    )
    return subject, "".join(parts), details
