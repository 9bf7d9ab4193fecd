"""The true lines of the Bulletin's trade tables: (1) A and B, (2), (5)-(12).

Each builder takes a reference month and returns (unit row text, lines in page order); see
``bulletin_figures`` for the public entry point and the meaning of a line's measures.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from customs_wh.sample_site import breakdowns
from customs_wh.sample_site.bulletin_lines import Line, Window, series_window, trade_measures
from customs_wh.sample_site.bulletin_series import (
    WINDOW_BOUNDS,
    cached_window,
    country_series,
    group_series,
    running_sums,
    world_thousands,
)
from customs_wh.sample_site.countries import CONTINENT_LABELS, COUNTRIES, GROUP_LABELS
from customs_wh.sample_site.months import month_name, month_range, parse_month
from customs_wh.sample_site.partners import FLOWS
from customs_wh.sample_site.regimes import (
    FIE_KINDS,
    FIE_KINDS_UNTIL,
    FOLDED,
    FOLDED_FROM,
    PRINTED_FIE_KINDS,
    REGIME_BY_CODE,
    REGIMES,
    enterprise_label,
    enterprise_regimes,
)
from customs_wh.sample_site.regions import AREA_KINDS, CITIES, CUSTOMS_DISTRICTS, PROVINCES, SPECIFIC_AREAS
from customs_wh.sample_site.series import MODEL_MONTHS

USD_THOUSAND = "Unit:US$1,000"
Lines = tuple[str, list[Line]]


@cache
def world() -> dict[tuple[str, str], list[float]]:
    return {("WORLD", flow): values for flow, values in world_thousands().items()}


def with_balance(measures: dict[str, Window]) -> dict[str, Window]:
    export, imports = measures["export"], measures["import"]
    measures["balance"] = Window(
        export.month - imports.month, export.ytd - imports.ytd, export.prior_ytd - imports.prior_ytd
    )
    return measures


# --- (1) Summary of Imports and Exports (In USD): A annually, B monthly ------------------------------


def summary_annually(month: str) -> Lines:
    """One line a year from 2018, the first with a year before it to compare, to the reference year (that one
    January to the month)."""
    year = parse_month(month)[0]
    lines = []
    for each in range(parse_month(MODEL_MONTHS[0])[0] + 1, year + 1):
        last = month if each == year else month_name(each, 12)
        measures = with_balance(trade_measures(world(), "WORLD", last))
        label = str(each) if each < year or last.endswith("-12") else f"{each}.1-{parse_month(last)[1]}"
        lines.append(Line(str(each), label, "item", measures))
    return USD_THOUSAND, lines


def summary_monthly(month: str) -> Lines:
    """One line a month, from January of the year before to the reference month ("YYYY.MM")."""
    year = parse_month(month)[0]
    lines = []
    for each in month_range(month_name(year - 1, 1), month):
        measures = with_balance(trade_measures(world(), "WORLD", each))
        lines.append(Line(each, each.replace("-", "."), "item", measures))
    return USD_THOUSAND, lines


# --- (2) by country (region) of origin/destination -------------------------------------------------


def by_country(month: str) -> Lines:
    countries, groups = country_series(), group_series()
    lines = [Line("WORLD", "TOTAL", "total", trade_measures(world(), "WORLD", month))]
    for continent, label in CONTINENT_LABELS.items():
        lines.append(Line(continent, label, "heading", trade_measures(groups, continent, month)))
        for country in COUNTRIES:
            if country.continent == continent:
                lines.append(Line(country.code, country.label, "item", trade_measures(countries, country.code, month)))
    for country in COUNTRIES:
        if country.continent == "Antarctica":
            lines.append(Line(country.code, country.label, "heading", trade_measures(countries, country.code, month)))
    for country in COUNTRIES:
        if country.continent == "Unknown":
            lines.append(Line(country.code, country.label, "unknown", trade_measures(countries, country.code, month)))
    for group, label in GROUP_LABELS.items():
        lines.append(Line(group, label, "group", trade_measures(groups, group, month)))
    return USD_THOUSAND, lines


# --- (5) customs regimes; (6)/(7) enterprise types x regimes; (12) foreign-invested enterprises -------


class RegimeWindow(Window):
    """A Window that also holds the same month a year earlier: (5) prints the change of the month's
    value as well as of January to the month (``month_change`` beside ``change``)."""

    prior_month: float

    def __new__(cls, month: float, ytd: float, prior_ytd: float, prior_month: float = 0.0) -> RegimeWindow:
        made = super().__new__(cls, month, ytd, prior_ytd)
        made.prior_month = prior_month
        return made

    def __getnewargs__(self) -> tuple[float, float, float, float]:  # a copy or a pickle keeps prior_month
        return (self.month, self.ytd, self.prior_ytd, self.prior_month)

    @property
    def month_change(self) -> float | None:
        """Year-on-year % of the month's value (None where the same month a year earlier had none)."""
        return None if self.prior_month == 0 else (self.month / self.prior_month - 1) * 100


def regime_window(values: list[float], month: str) -> RegimeWindow:
    index, _, month_first = WINDOW_BOUNDS[month]
    sums = running_sums(values)
    prior_month = sums[index - 11] - sums[month_first - 12] if month_first >= 12 else 0.0
    return RegimeWindow(*cached_window(values, month), prior_month)


def added(windows: list[RegimeWindow]) -> RegimeWindow:
    """The window of a sum of series (a regime with the one folded into it)."""
    return RegimeWindow(
        sum(w.month for w in windows),
        sum(w.ytd for w in windows),
        sum(w.prior_ytd for w in windows),
        sum(w.prior_month for w in windows),
    )


def row_regimes(flow: str, month: str) -> dict[str, tuple[str, ...]]:
    """Each regime row's regimes: its own, and from 2026 "Other" imports with duty-free commodities'
    folded in, their row empty (regimes.FOLDED)."""
    rows: dict[str, tuple[str, ...]] = {regime.code: (regime.code,) for regime in REGIMES}
    if flow == "import" and parse_month(month)[0] >= FOLDED_FROM:
        folded, into = FOLDED
        rows[into], rows[folded] = (into, folded), ()
    return rows


def unit_row(month: str) -> str:
    """ "Unit: US$1,000" on 2019's (5), (6), (7) (CONFIRMED 10.2019, 12.2019, (7) 1-12.2019), "Unit:US$1,000"
    on 2018's (7) 1-1.2018 and 2023's (7) 1-9.2023; 2020-2022 and (5) of 2018 ASSUMED like them."""
    return "Unit: US$1,000" if parse_month(month)[0] == 2019 else USD_THOUSAND


NOTHING = RegimeWindow(0.0, 0.0, 0.0, 0.0)  # a row whose regime is folded into another: "-" throughout


def by_regime(month: str) -> Lines:
    """TOTAL (the world series), then the 17 regimes; exports and imports, each with the month's change."""
    series = breakdowns.regime_series()
    rows = {flow: row_regimes(flow, month) for flow in FLOWS}
    total: dict[str, Window] = {flow: regime_window(world()[("WORLD", flow)], month) for flow in FLOWS}
    lines = [Line("WORLD", "TOTAL", "total", total)]
    for regime in REGIMES:
        measures: dict[str, Window] = {
            flow: added([regime_window(series[(code, flow)], month) for code in rows[flow][regime.code]])
            if rows[flow][regime.code]
            else NOTHING
            for flow in FLOWS
        }
        lines.append(Line(regime.code, regime.label, "item", measures))
    return unit_row(month), lines


def enterprise_columns(month: str) -> tuple[str, ...]:
    """The measures of a (6)/(7) line in printed order: FIE's kinds after it in 2018-2019 ("WFO" the FOE column)."""
    kinds = tuple(code for code, _ in PRINTED_FIE_KINDS) if parse_month(month)[0] <= FIE_KINDS_UNTIL else ()
    return ("total", "SOE", "FIE", *kinds, "PRI", "OTE")


def series_keys(column: str, regime: str | None) -> list[str]:
    """The series one (6)/(7) cell sums: a type's (or an FIE kind's) cell in a regime, or its total
    (regime None); the FOE column is wholly foreign-owned enterprises and joint-stock companies
    (regimes.FIE_KINDS)."""
    if column == "total":
        return [regime or "WORLD"]
    names = ["WFO", "FJS"] if column == "WFO" else [column]
    return names if regime is None else [f"{name}/{regime}" for name in names]


def enterprise_table(flow: str) -> Callable[[str], Lines]:
    """(6) exports or (7) imports: TOTAL, then the regimes with the flow; January to the month only is
    printed (the Window's ytd), the type columns adding up to Total and FIE's kinds to FIE."""

    def build(month: str) -> Lines:
        year = parse_month(month)[0]
        columns = enterprise_columns(month)
        sources = {"total": {**breakdowns.regime_series(), **world()}, "CJV": breakdowns.fie_series()}
        sources["EJV"] = sources["WFO"] = sources["CJV"]

        def window(column: str, regimes: tuple[str | None, ...]) -> Window:
            source = sources.get(column, breakdowns.enterprise_series())
            parts = [
                series_window(source[(key, flow)], month) for regime in regimes for key in series_keys(column, regime)
            ]
            return Window(sum(w.month for w in parts), sum(w.ytd for w in parts), sum(w.prior_ytd for w in parts))

        lines = [Line("WORLD", "TOTAL", "total", {column: window(column, (None,)) for column in columns})]
        rows = row_regimes(flow, month)
        for regime in enterprise_regimes(flow, year):
            measures = {column: window(column, rows[regime.code]) for column in columns}
            lines.append(Line(regime.code, enterprise_label(regime, flow, year), "item", measures))
        return unit_row(month), lines

    return build


def foreign_invested(month: str) -> Lines:
    series = breakdowns.fie_series()
    lines = [Line("FIE", "TOTAL", "total", trade_measures(series, "FIE", month))]
    lines += [Line(code, label, "item", trade_measures(series, code, month)) for code, label, _ in FIE_KINDS]
    for regime in ("GT", "PA", "PIM"):
        label = REGIME_BY_CODE[regime].label
        lines.append(
            Line(f"FIE/{regime}", f"Of which: {label}", "member", trade_measures(series, f"FIE/{regime}", month))
        )
    return USD_THOUSAND, lines


# --- (8)/(9) provinces; (10) customs districts; (11) specific areas ---------------------------------


def by_importer_location(month: str) -> Lines:
    series = breakdowns.province_series()
    lines = [Line("WORLD", "TOTAL", "total", trade_measures(world(), "WORLD", month, total=False))]
    for province in PROVINCES:
        lines.append(
            Line(province.code, province.label, "heading", trade_measures(series, province.code, month, total=False))
        )
        for parent, code, label, _ in CITIES:
            if parent == province.code:
                lines.append(Line(code, label, "member", trade_measures(series, code, month, total=False)))
    return USD_THOUSAND, lines


def by_consumer_location(month: str) -> Lines:
    series = breakdowns.consumer_province_series()
    lines = [Line("WORLD", "TOTAL", "total", trade_measures(world(), "WORLD", month, total=False))]
    lines += [Line(p.code, p.label, "item", trade_measures(series, p.code, month, total=False)) for p in PROVINCES]
    return USD_THOUSAND, lines


def by_district(month: str) -> Lines:
    series = breakdowns.district_series()
    lines = [Line("WORLD", "TOTAL", "total", trade_measures(world(), "WORLD", month))]
    lines += [Line(d.code, d.label, "item", trade_measures(series, d.code, month)) for d in CUSTOMS_DISTRICTS]
    return USD_THOUSAND, lines


def by_specific_area(month: str) -> Lines:
    series = breakdowns.specific_area_series()
    lines = [Line("TOTAL", "TOTAL", "total", trade_measures(series, "TOTAL", month))]
    for kind in AREA_KINDS:
        lines.append(Line(kind.code, kind.label, "heading", trade_measures(series, kind.code, month)))
        for parent, code, label, _ in SPECIFIC_AREAS:
            if parent == kind.code:
                lines.append(Line(code, label, "item", trade_measures(series, code, month)))
    return USD_THOUSAND, lines


BUILDERS: dict[str, Callable[[str], Lines]] = {
    "1A": summary_annually,
    "1B": summary_monthly,
    "2": by_country,
    "5": by_regime,
    "6": enterprise_table("export"),
    "7": enterprise_table("import"),
    "8": by_importer_location,
    "9": by_consumer_location,
    "10": by_district,
    "11": by_specific_area,
    "12": foreign_invested,
}
