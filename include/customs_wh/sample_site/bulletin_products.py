"""The true lines of the Bulletin's product tables: (3), (4), (13)-(18).

Each builder takes a reference month and returns (unit row text, lines in page order); see
``bulletin_figures`` for the public entry point and the meaning of a line's measures.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from customs_wh.sample_site import breakdowns
from customs_wh.sample_site.bulletin_catalogue import CATALOGUE
from customs_wh.sample_site.bulletin_commodities import (
    REGIME_COLUMNS,
    SELECTED,
    catalogue_row,
    commodity_quantities,
    commodity_thousands,
    empty_quantity,
    regime_quantities,
    regime_split,
)
from customs_wh.sample_site.bulletin_lines import Line, series_window, trade_measures
from customs_wh.sample_site.bulletin_series import world_thousands
from customs_wh.sample_site.calibration import cny_per_usd
from customs_wh.sample_site.hs import CHAPTER_BY_CODE, HS_SECTIONS
from customs_wh.sample_site.partner_products import SELECTED_PARTNERS, partner_chapter_series, partner_series
from customs_wh.sample_site.series import MODEL_MONTHS
from customs_wh.sample_site.sitc import SITC_SECTIONS

USD_THOUSAND = "Unit:US$1,000"
RMB_TEN_THOUSAND = "Unit:RMB￥10,000"
Lines = tuple[str, list[Line]]


def world_line(month: str) -> Line:
    series = {("WORLD", flow): values for flow, values in world_thousands().items()}
    return Line("WORLD", "TOTAL", "total", trade_measures(series, "WORLD", month, total=False))


# --- (3) SITC and (4) HS: sections and their divisions -------------------------------------------


def by_sitc(month: str) -> Lines:
    series = breakdowns.sitc_series()
    lines = [world_line(month)]
    for section in SITC_SECTIONS:
        lines.append(
            Line(section.code, section.label, "heading", trade_measures(series, section.code, month, total=False))
        )
        for division in section.divisions:
            lines.append(
                Line(division.code, division.label, "item", trade_measures(series, division.code, month, total=False))
            )
    return USD_THOUSAND, lines


def by_hs(month: str) -> Lines:
    series = breakdowns.hs_series()
    lines = [world_line(month)]
    for section in HS_SECTIONS:
        lines.append(
            Line(section.code, section.label, "heading", trade_measures(series, section.code, month, total=False))
        )
        for code in section.chapters:
            chapter = CHAPTER_BY_CODE[code]
            lines.append(Line(code, chapter.label, "item", trade_measures(series, code, month, total=False)))
    return USD_THOUSAND, lines


# --- (13)/(14) major commodities in quantity and value ------------------------------------------


def prints_in_rmb(flow: str, month: str) -> bool:
    """CONFIRMED by a peer that read the real pages: the 2025 exports table is in RMB￥10,000 all year."""
    return flow == "export" and month.startswith("2025-")


@cache
def cny_ten_thousand_per_usd_thousand() -> tuple[float, ...]:
    return tuple(cny_per_usd(month) / 10 for month in MODEL_MONTHS)


def commodity_table(flow: str) -> Callable[[str], Lines]:
    def build(month: str) -> Lines:
        rmb = prints_in_rmb(flow, month)
        lines = []
        for row in CATALOGUE[flow]:
            if month < row.since:
                continue
            values = commodity_thousands(flow, row)
            if rmb:
                values = tuple(v * rate for v, rate in zip(values, cny_ten_thousand_per_usd_thousand(), strict=True))
            measures = {"value": series_window(values, month, kept=not rmb)}
            quantity = commodity_quantities(flow, row)
            if quantity is not None:
                measures["quantity"] = series_window(quantity, month)
            role = "group" if row.is_aggregate else "item"
            lines.append(Line(row.concept, row.printed_label, role, measures, unit=row.unit))
        return (RMB_TEN_THOUSAND if rmb else USD_THOUSAND), lines

    return build


# --- (15)/(16) selected partners by HS chapter ------------------------------------------------------


@cache
def partner_section_series() -> dict[tuple[str, str], list[float]]:
    """("USA/SI", flow) -> a partner's HS section: the sum of its chapters, month by month."""
    cells = partner_chapter_series()
    return {
        (f"{code}/{section.code}", flow): [
            sum(values)
            for values in zip(*(cells[(f"{code}/{chapter}", flow)] for chapter in section.chapters), strict=True)
        ]
        for code, _ in SELECTED_PARTNERS
        for section in HS_SECTIONS
        for flow in ("export", "import")
    }


@cache
def partner_rows(flow: str) -> tuple[tuple[str, str, str, tuple[tuple[str, list[float]], ...]], ...]:
    """Table (15)/(16)'s rows, each with its partners' series: (key, label, role, ((partner, series), ...))."""
    cells, sections, partners = partner_chapter_series(), partner_section_series(), partner_series()
    rows = [("TOTAL", "TOTAL", "total", tuple((code, partners[(code, flow)]) for code, _ in SELECTED_PARTNERS))]
    for section in HS_SECTIONS:
        series = tuple((code, sections[(f"{code}/{section.code}", flow)]) for code, _ in SELECTED_PARTNERS)
        rows.append((section.code, section.label, "heading", series))
        for chapter in section.chapters:
            series = tuple((code, cells[(f"{code}/{chapter}", flow)]) for code, _ in SELECTED_PARTNERS)
            rows.append((chapter, CHAPTER_BY_CODE[chapter].label, "item", series))
    return tuple(rows)


def partner_table(flow: str) -> Callable[[str], Lines]:
    def build(month: str) -> Lines:
        lines = [
            Line(key, label, role, {code: series_window(values, month) for code, values in series})
            for key, label, role, series in partner_rows(flow)
        ]
        return USD_THOUSAND, lines

    return build


# --- (17)/(18) selected commodities by major customs regimes -------------------------------------------


def commodity_regime_table(flow: str) -> Callable[[str], Lines]:
    """Each selected commodity's January-to-month value (and quantity) under each regime, keyed by the
    regime ("GT") and its quantity ("GT:quantity"); "total" its (13)/(14) value, which the page omits."""

    def build(month: str) -> Lines:
        lines = []
        for selected in SELECTED[flow]:
            row = catalogue_row(flow, selected.concept)
            if month < row.since:
                continue
            parts, quantities = regime_split(flow, selected), regime_quantities(flow, selected)
            measures = {"total": series_window(commodity_thousands(flow, row), month)}
            blank = set()
            for regime in REGIME_COLUMNS:
                value = measures[regime] = series_window(parts[regime], month)
                if quantities is None:
                    continue
                quantity = measures[f"{regime}:quantity"] = series_window(quantities[regime], month)
                if round(value.ytd) and (round(quantity.ytd) == 0 or empty_quantity(flow, selected, regime, month)):
                    blank.add(f"{regime}:quantity")
            label = ("&nbsp;" if selected.sub_item else "") + selected.label
            unit = row.unit if quantities is not None else "-"
            lines.append(Line(row.concept, label, "item", measures, unit=unit, blank=frozenset(blank)))
        return USD_THOUSAND, lines

    return build


BUILDERS: dict[str, Callable[[str], Lines]] = {
    "3": by_sitc,
    "4": by_hs,
    "13": commodity_table("export"),
    "14": commodity_table("import"),
    "15": partner_table("export"),
    "16": partner_table("import"),
    "17": commodity_regime_table("export"),
    "18": commodity_regime_table("import"),
}
