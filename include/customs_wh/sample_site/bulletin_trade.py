"""The true lines of the Bulletin's trade tables: (1) A and B, (2), (5)-(12).

Each builder takes a reference month and returns (unit row text, lines in page order); see
``bulletin_figures`` for the public entry point and the meaning of a line's measures.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from customs_wh.sample_site import breakdowns
from customs_wh.sample_site.bulletin_lines import Line, Window, series_window, trade_measures
from customs_wh.sample_site.bulletin_series import country_series, group_series, world_thousands
from customs_wh.sample_site.countries import CONTINENT_LABELS, COUNTRIES, GROUP_LABELS
from customs_wh.sample_site.months import month_name, month_range, parse_month
from customs_wh.sample_site.regimes import ENTERPRISE_TYPES, FIE_KINDS, REGIME_BY_CODE, REGIMES
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


def by_regime(month: str) -> Lines:
    series = breakdowns.regime_series()
    lines = [Line("WORLD", "TOTAL", "total", trade_measures(world(), "WORLD", month))]
    lines += [Line(r.code, r.label, "item", trade_measures(series, r.code, month)) for r in REGIMES]
    return USD_THOUSAND, lines


def enterprise_table(flow: str) -> Callable[[str], Lines]:
    def build(month: str) -> Lines:
        cells, regimes = breakdowns.enterprise_series(), breakdowns.regime_series()
        total = {"total": series_window(world()[("WORLD", flow)], month)}
        total.update({kind.code: series_window(cells[(kind.code, flow)], month) for kind in ENTERPRISE_TYPES})
        lines = [Line("WORLD", "TOTAL", "total", total)]
        for regime in REGIMES:
            measures = {"total": series_window(regimes[(regime.code, flow)], month)}
            for kind in ENTERPRISE_TYPES:
                measures[kind.code] = series_window(cells[(f"{kind.code}/{regime.code}", flow)], month)
            lines.append(Line(regime.code, regime.label, "item", measures))
        return USD_THOUSAND, lines

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
