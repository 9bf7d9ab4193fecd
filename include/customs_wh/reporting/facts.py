"""Facts about a published warehouse that the summary, the report and the "published" notice share.

Every function takes a read-only connection on ``warehouse.duckdb`` and copes with marts that
are absent, empty or older than this code (a column that is not there yet is not used).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import urllib.parse
from dataclasses import dataclass

import duckdb

from customs_wh.config import REAL_GACC_BASE_URL
from customs_wh.table_registry import PRELIMINARY, bulletin_table_name
from customs_wh.warehouse.db import one_row
from customs_wh.warehouse.published import columns, has_rows, tables

SECTION_NAMES = {1: "totals", 4: "by country", 5: "major exports", 6: "major imports"}


@dataclass(frozen=True)
class PublicationInfo:
    run_id: str | None
    published_at: dt.datetime | None
    data_through: dt.date | None  # the newest month with figures
    vintage: dt.date | None  # the newest publication date of a page in the warehouse


@dataclass(frozen=True)
class DataSource:
    kind: str  # "gacc", "sample" (served on this machine: the embedded sample site) or "other"
    hosts: tuple[str, ...]

    @property
    def synthetic(self) -> bool:
        return self.kind == "sample"

    @property
    def label(self) -> str:
        if self.kind == "gacc":
            return "GACC (General Administration of Customs of China), monthly releases"
        if self.kind == "sample":
            return "the embedded sample site of customs-wh: synthetic figures, not GACC data"
        return "releases landed from " + (", ".join(self.hosts) or "an unknown site")


@dataclass(frozen=True)
class Gap:
    """A run of release tables with no numbers in the marts, and why."""

    first_month: dt.date
    last_month: dt.date
    section: int
    currencies: tuple[str, ...]
    kind: str  # published_as_image | quarantined | pending
    reason: str
    release_kind: str = PRELIMINARY

    @property
    def text(self) -> str:
        months = f"{self.first_month:%Y-%m}" + (
            "" if self.first_month == self.last_month else f" to {self.last_month:%Y-%m}"
        )
        what = self.kind.replace("_", " ")
        if self.release_kind == PRELIMINARY:
            table = SECTION_NAMES.get(self.section, f"section {self.section}")
            where = f"table ({self.section}) {table}, {'/'.join(self.currencies)}"
        else:
            where = f"Monthly Bulletin table ({self.section}) {bulletin_table_name(self.section)}"
        return f"{months}: {where}: {what}" + (f" ({self.reason})" if self.reason else "")


def publication_info(con: duckdb.DuckDBPyConnection) -> PublicationInfo:
    if "warehouse_info" in tables(con, "ops"):
        row = con.execute(
            "select run_id, published_at, data_through_month, newest_publication_date from ops.warehouse_info"
        ).fetchone()
        if row:
            return PublicationInfo(*row)
    through = vintage = None
    if has_rows(con, "marts", "trade_balance_monthly"):
        through = one_row(con.execute("select max(period_month) from marts.trade_balance_monthly"))[0]
    if has_rows(con, "marts", "release_vintages"):
        vintage = one_row(con.execute("select max(publication_date) from marts.release_vintages"))[0]
    return PublicationInfo(None, None, through, vintage)


def classify_host(netloc: str) -> str:
    """gacc, sample (a loopback address: the sample site is only ever served on this machine) or other."""
    real = urllib.parse.urlsplit(REAL_GACC_BASE_URL).hostname or ""
    name = (urllib.parse.urlsplit(f"//{netloc}").hostname or "").lower()
    if name == real or name.endswith(".customs.gov.cn"):
        return "gacc"
    try:
        if ipaddress.ip_address(name).is_loopback:
            return "sample"
    except ValueError:
        if name == "localhost":
            return "sample"
    return "other"


def data_source(con: duckdb.DuckDBPyConnection) -> DataSource:
    """Where the published pages came from, from their URLs in marts.release_vintages."""
    if "page_url" not in columns(con, "marts", "release_vintages"):
        return DataSource("other", ())
    rows = con.execute(
        "select distinct lower(regexp_extract(page_url, '^[a-z]+://([^/]+)', 1)) from marts.release_vintages"
    ).fetchall()
    hosts = tuple(sorted(host for (host,) in rows if host))
    kinds = {classify_host(host) for host in hosts}
    if kinds == {"gacc"}:
        return DataSource("gacc", hosts)
    if "sample" in kinds:
        return DataSource("sample", hosts)
    return DataSource("other", hosts)


# --- known gaps -----------------------------------------------------------------------------

_GAPS_FROM_MART = """
select reference_month, section, currency, gap_kind, coalesce(gap_reason, ''), release_kind from marts.release_gaps
"""
_GAPS_FROM_VINTAGES = """
select reference_month, section, currency,
       case when bool_or(vintage_status = 'no_numbers') then 'published_as_image'
            when bool_or(vintage_status = 'quarantined') then 'quarantined' else 'pending' end,
       coalesce(max(gap_reason), max(quarantine_reason), '')
from marts.release_vintages
where not table_has_numbers
group by reference_month, section, currency
"""
# Before release_vintages said so: a table none of whose pages has numbers in the marts.
_GAPS_FROM_STATUS = """
select reference_month, section, currency, 'quarantined', coalesce(max(quarantine_reason), '')
from marts.release_vintages
group by reference_month, section, currency
having count(*) filter (where vintage_status in ('current', 'superseded')) = 0
   and count(*) filter (where vintage_status = 'quarantined') > 0
"""


def known_gaps(con: duckdb.DuckDBPyConnection) -> list[Gap]:
    """Release tables with pages landed and no numbers in the marts, grouped into runs of months."""
    if "release_kind" in columns(con, "marts", "release_gaps"):
        sql = _GAPS_FROM_MART
    elif {"table_has_numbers", "gap_reason"} <= set(columns(con, "marts", "release_vintages")):
        sql = _GAPS_FROM_VINTAGES
    elif columns(con, "marts", "release_vintages"):
        sql = _GAPS_FROM_STATUS
    else:
        return []
    rows = [(_as_date(month), int(section), *rest) for month, section, *rest in con.execute(sql).fetchall()]
    return group_gaps(rows)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:7] + "-01")


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def group_gaps(rows: list[tuple]) -> list[Gap]:
    """Consecutive months of one table, kind and reason become one gap; currencies are merged.

    A row is (month, section, currency, kind, reason[, release kind]): without a release kind,
    the table is the Preliminary Release's. A Bulletin table's currency may be unknown (None).
    """
    by_table: dict[tuple[dt.date, str, int, str, str], set[str]] = {}
    for month, section, currency, kind, reason, *named_kind in rows:
        table = (month, named_kind[0] if named_kind else PRELIMINARY, section, kind, reason)
        by_table.setdefault(table, set()).update([currency] if currency else [])
    gaps: list[Gap] = []
    for (month, release_kind, section, kind, reason), currencies in sorted(
        by_table.items(), key=lambda i: (i[0][1], i[0][2], i[0][3], i[0][4], i[0][0])
    ):
        key = (section, tuple(sorted(currencies)), kind, reason, release_kind)
        last = gaps[-1] if gaps else None
        if (
            last
            and (last.section, last.currencies, last.kind, last.reason, last.release_kind) == key
            and _next_month(last.last_month) == month
        ):
            gaps[-1] = Gap(last.first_month, month, *key)
        else:
            gaps.append(Gap(month, month, *key))
    return sorted(gaps, key=lambda gap: (gap.first_month, gap.release_kind != PRELIMINARY, gap.section))
