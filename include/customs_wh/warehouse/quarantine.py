"""Quarantined pages: listed for people, and given another chance (``customs-wh requeue``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from customs_wh.warehouse.db import RAW_NUMBER_TABLES


@dataclass(frozen=True)
class QuarantinedPage:
    release_key: str
    sha256: str
    url: str
    reason: str


def quarantined_pages(con) -> list[QuarantinedPage]:
    rows = con.execute(
        "select release_key, sha256, url, reason from raw.manifest where status = 'quarantined' "
        "order by reference_month, release_key, vintage"
    ).fetchall()
    return [QuarantinedPage(*row) for row in rows]


def requeue(con, sha256s: Iterable[str]) -> list[QuarantinedPage]:
    """Give quarantined pages another chance (a parser fixed, a false alarm understood).

    They go back to 'landed' with their numbers dropped, so the next refresh parses and
    gates them again, exactly as if they had just been fetched. Returns the pages requeued.
    """
    wanted = set(sha256s)
    pages = [page for page in quarantined_pages(con) if page.sha256 in wanted]
    con.begin()
    try:
        for page in pages:
            con.execute(
                "update raw.manifest set status = 'landed', reason = null, gated_at = null "
                "where release_key = ? and sha256 = ?",
                [page.release_key, page.sha256],
            )
            for table in RAW_NUMBER_TABLES:
                con.execute(
                    f"delete from raw.{table} where release_key = ? and sha256 = ?", [page.release_key, page.sha256]
                )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return pages
