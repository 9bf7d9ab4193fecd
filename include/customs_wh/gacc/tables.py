"""Which Monthly Bulletin table a label names, by its words (table_registry.BULLETIN_TABLES).

The Bulletin's index rows and titles print "（2）Imports and Exports by Country （Region） of
Origin/Destination" and the like: full-width brackets, no currency. The printed number is
weak evidence (GACC has misnumbered tables before), so the table is the one whose words the
label carries; a label two tables' words fit is no table at all.
"""

from __future__ import annotations

import functools
import re

from customs_wh.gacc.labels import normalise
from customs_wh.table_registry import BULLETIN_TABLES, TableSpec

_WORDS = re.compile(r"[a-z]+", re.ASCII)
_PREFIX = re.compile(r"^\(\s*(\d{1,2})\s*\)", re.ASCII)
BY_CODE: dict[str, TableSpec] = {table.code: table for table in BULLETIN_TABLES}


def label_words(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(normalise(text).lower()))


@functools.lru_cache(maxsize=512)
def bulletin_table(text: str) -> TableSpec | None:
    """The Monthly Bulletin table an index row or title names, or None.

    "（2）Imports and Exports by Country （Region） of Origin/Destination,6.2026" → table "2";
    "(4) China's Total Export & Import Values by Country/Region (in CNY)" → None (a preliminary
    table's words). Where the words of several tables are in the label, the table whose matching
    words are the most names it; a tie names none.
    """
    words = label_words(text)
    matched = {
        table: max(len(alternative) for alternative in table.words if alternative <= words)
        for table in BULLETIN_TABLES
        if any(alternative <= words for alternative in table.words)
    }
    # The most specific words win: the real (18)'s "Import of Selected Commodities by Major Customs
    # Regimes" holds (14)'s "major import commodities" too, and (18)'s four words.
    most = max(matched.values(), default=0)
    found = [table for table, size in matched.items() if size == most]
    return found[0] if len(found) == 1 else None


def printed_number(text: str) -> int | None:
    """The "(N)" a label starts with, as printed."""
    prefix = _PREFIX.match(normalise(text))
    return int(prefix.group(1)) if prefix else None
