"""What one line of a Bulletin table holds: its label, its role and its measures' true values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from customs_wh.sample_site.bulletin_series import cached_window, window


class Window(NamedTuple):
    """A measure's values on a page: the month, January to the month, the same months a year earlier.

    A named tuple, not a dataclass: a build makes about two million of them."""

    month: float
    ytd: float
    prior_ytd: float

    @property
    def change(self) -> float | None:
        """Year-on-year % of the cumulative values, as GACC computes it (None where the year before had none)."""
        return None if self.prior_ytd == 0 else (self.ytd / self.prior_ytd - 1) * 100

    def scaled(self, factor: float) -> Window:
        return Window(self.month * factor, self.ytd * factor, self.prior_ytd * factor)


@dataclass(frozen=True)
class Line:
    key: str  # a stable code: "WORLD", "Asia", "JPN", "84", "SXVI", "GT", "CN-GD", "mobile_phones", ...
    label: str  # the label cell as printed
    role: str  # "total", "heading" (continent, section, province, kind), "item", "member" ("of which"), "group"
    measures: dict[str, Window] = field(default_factory=dict)
    unit: str = ""  # a commodity's quantity unit as printed
    blank: frozenset[str] = frozenset()  # measures the page leaves as an empty cell ((17)/(18)'s quantities)


def series_window(values: Sequence[float], month: str, *, kept: bool = True) -> Window:
    """The window of a series; ``kept`` for the model's cached series (summed once, from running sums)."""
    return Window._make(cached_window(values, month) if kept else window(values, month))


def trade_measures(series, key: str, month: str, *, total: bool = True) -> dict[str, Window]:
    """Exports, imports and (where the table prints it) their total, for one series key."""
    export = series_window(series[(key, "export")], month)
    imports = series_window(series[(key, "import")], month)
    measures = {"export": export, "import": imports}
    if total:
        measures["total"] = Window(
            export.month + imports.month, export.ytd + imports.ytd, export.prior_ytd + imports.prior_ytd
        )
    return measures
