"""The true figures of every Monthly Bulletin table and month: what the pages print, before rounding.

``bulletin_figures(table, reference_month)`` returns a table's lines in page order, each with its
measures as (month, January to the month, the same months a year earlier), in the table's unit
(US$1,000; quantities in the printed unit; 10,000 yuan where the page says RMB). Tests compare the
printed pages with these numbers instead of hard-coding any; the renderers print them.

Table keys: "1A", "1B", "2" ... "18", as the index rows number them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from customs_wh.sample_site import bulletin_products, bulletin_trade
from customs_wh.sample_site.bulletin_lines import Line, Window
from customs_wh.sample_site.series import MODEL_MONTHS

TABLE_KEYS: tuple[str, ...] = ("1A", "1B") + tuple(str(number) for number in range(2, 19))
FIRST_BULLETIN_MONTH = MODEL_MONTHS[12]  # the model starts a year earlier, for year-on-year figures

__all__ = ["TABLE_KEYS", "BulletinTable", "Line", "Window", "bulletin_figures"]


@dataclass(frozen=True)
class BulletinTable:
    key: str
    reference_month: str
    unit: str  # the unit row's text: "Unit:US$1,000", "Unit:RMB￥10,000"
    lines: tuple[Line, ...]

    def line(self, key: str) -> Line:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(f"table ({self.key}) {self.reference_month}: no line {key!r}")


@cache
def bulletin_figures(table: str, reference_month: str) -> BulletinTable:
    """The true figures of one Bulletin table for one reference month."""
    if table not in TABLE_KEYS:
        raise ValueError(f"not a Monthly Bulletin table: {table!r} (one of {', '.join(TABLE_KEYS)})")
    if reference_month not in MODEL_MONTHS or reference_month < FIRST_BULLETIN_MONTH:
        raise ValueError(f"no Bulletin figures for {reference_month!r}")
    builder = bulletin_trade.BUILDERS.get(table) or bulletin_products.BUILDERS[table]
    unit, lines = builder(reference_month)
    return BulletinTable(table, reference_month, unit, tuple(lines))
