"""Table (4), "China's Total Export & Import Values by Country/Region", in the real pages' markup.

Ten cells a row (per flow the month and January-to-month, then three cumulative
year-on-year %), seven in a combined January-February release; CNY tables in CNY 100
million, USD tables in USD million ("Unit: USD1 Million"). 2018 tables by country are
pictures, as on the real site: the page body is an <img>, no table.
"""

from __future__ import annotations

from dataclasses import dataclass

from customs_wh.sample_site.conventions import value_unit
from customs_wh.sample_site.figures import RowFigures, release_figures
from customs_wh.sample_site.markup import cell, format_pct, format_value, row, table
from customs_wh.sample_site.partners import PARTNERS
from customs_wh.sample_site.releases import Release

USD_MILLION_PER_MODEL_UNIT = 100  # the model counts in USD 100 million; tables by country print USD million

NOTES_MONTHLY = (
    '<span class="font3">Note:<br />\n'
    "1.The Association of Southeast Asian Nations (ASEAN) includes: Brunei, Myanmar, Cambodia, Indonesia, Laos, "
    "Malaysia, Philippines, Singapore, Thailand, Vietnam;&nbsp;&nbsp;&nbsp;<br />\n"
    "2.The European Union (EU) includes: Belgium, Denmark, Germany, France, Ireland, Italy, Luxembourg, Netherlands, "
    "Greece, Portugal, Spain, Austria, Finland, Sweden, Cyprus, Hungary, Malta, Poland, Estonia, Latvia, Lithuania, "
    "Slovenia, Czech Republic, Slovakia, Bulgaria, Romania, Croatia;<br />\n"
    "3. APEC includes Brunei, Hong Kong, Indonesia, Japan, Malaysia, the Philippines, Singapore, South Korea, "
    "Thailand, Vietnam, China, Taiwan, China, Russia, Chile, Mexico, Peru, Canada, the United States, Australia, New "
    "Zealand and Papua New Guinea.&nbsp;<br />\n"
    "4. The Regional Comprehensive Economic Partnership (RCEP) includes Brunei, Myanmar, Cambodia, Indonesia, Laos, "
    "Malaysia, the Philippines, Singapore, Thailand, Vietnam, Japan, South Korea, Australia, and New "
    "Zealand.&nbsp;<br />\n"
    '5. Jointly build the the Belt and Road countries: from the "China Belt and Road Network"</span><span '
    'class="font4">（</span><span class="font5">&nbsp;https://www.yidaiyilu.gov.cn&nbsp;</span><span '
    'class="font4">）</span><span class="font5">Listed countries and regions</span>'
)
NOTES_JANUARY_FEBRUARY = (
    "Note:<br />\n"
    "1.The Association of Southeast Asian Nations (ASEAN) includes: Brunei, Myanmar, Cambodia, Indonesia, Laos, "
    "Malaysia, Philippines, Singapore, Thailand, Vietnam;&nbsp;&nbsp;&nbsp;<br />\n"
    "2.The European Union (EU) includes: Belgium, Denmark, Germany, France, Ireland, Italy, Luxembourg, Netherlands, "
    "Greece, Portugal, Spain, Austria, Finland, Sweden, Cyprus, Hungary, Malta, Poland, Estonia, Latvia, Lithuania, "
    "Slovenia, Czech Republic, Slovakia, Bulgaria, Romania, Croatia;<br />\n"
    "3.From February 1, 2020, the EU trade value does not include UK data, with adjustment made in year-on-year data "
    "thereof."
)
PRINTED_FLOWS = ("total", "export", "import")  # column order: Export & Import, Export, Import


def value_cell(value: float, css: str, bgcolor: str | None = None) -> str:
    return cell(format_value(value) + "&nbsp;", css, align="right", bgcolor=bgcolor)


def pct_cell(value: float, css: str, bgcolor: str | None = None) -> str:
    return cell(format_pct(value), css, align="right", bgcolor=bgcolor)


def header_cell(text: str, css: str = "style3", colspan: int | None = None) -> str:
    return cell(text, css, align="center", bgcolor="#C0C0C0", colspan=colspan)


def printed_currency(release: Release) -> str:
    """The currency the figures are in: the June 2025 page titled CNY carries the USD figures."""
    return "USD" if release.has("currency_contradiction") else release.currency


def heading_rows(release: Release, columns: int) -> list[str]:
    unit = f"Unit: {value_unit(4, printed_currency(release))}"
    if release.has("unit_in_td"):
        unit_row = row([cell(unit, "style2", align="right", colspan=columns, span=False)])
    else:
        unit_row = row([cell(unit, "style2", align="right", colspan=columns)])
    title = release.title.replace("&", "&amp;")
    return [row([cell(title, "style1", align="left", bgcolor="#C0C0C0", colspan=columns)]), unit_row]


@dataclass(frozen=True)
class RowStyle:
    """The CSS classes (and shading) a row carries on the real pages."""

    label: str
    label_bgcolor: str | None
    value: str
    pct: tuple[str, str, str]
    fill: str | None = None  # bgcolor of the number cells


def row_style(january_february: bool, position: int) -> RowStyle:
    """Real pages: Total plain, then every other partner row shaded; the last row has its own classes."""
    is_total, shaded, last = position == 0, position % 2 == 1, position == len(PARTNERS) - 1
    if january_february:
        if is_total:
            return RowStyle("style5", None, "style6", ("style7",) * 3)
        if shaded:
            return RowStyle("style8", "#C0C0C0", "style9", ("style10",) * 3, fill="#969696")
        return RowStyle("style11", None, "style6", ("style7",) * 3)
    label, label_bgcolor = ("style5", None) if is_total else ("style9", "#C0C0C0") if shaded else ("style10", None)
    if last:
        return RowStyle(label, label_bgcolor, "style11", ("style12", "style12", "style13"))
    return RowStyle(label, label_bgcolor, "style6", ("style7", "style7", "style8"))


def header_rows(release: Release) -> tuple[int, list[str]]:
    number = release.month_number
    month_text, ytd_text = str(number), f"1- to-{number}"
    yoy_heading = (
        f'<span class="font1">1-to-{number} Total Year-on-Year (</span><span class="font2">±</span>'
        f'<span class="font{3 if release.is_january_february else 1}">%)</span>'
    )
    flows_heading = ["Export &amp; Import", "Export", "Import"]
    if release.is_january_february:
        header_1 = [header_cell("Import Source")] + [header_cell(text) for text in flows_heading]
        # sic: the real January-February pages spell the first one "1- to-2", the others "1-to-2"
        header_2 = [
            header_cell("Export Destination"),
            header_cell(ytd_text),
            header_cell("1-to-2"),
            header_cell("1-to-2"),
        ]
        columns = 7
    else:
        header_1 = [header_cell("Import Source")] + [header_cell(text) for text in flows_heading for _ in (0, 1)]
        header_2 = [header_cell("Export Destination")] + [
            header_cell(text) for _ in flows_heading for text in (month_text, ytd_text)
        ]
        columns = 10
    header_1.append(header_cell(yoy_heading, "style4", colspan=3))
    header_2 += [header_cell(text) for text in flows_heading]
    return columns, [row(header_1), row(header_2)]


def body_rows(release: Release, figures: dict[str, RowFigures], scale: float) -> list[str]:
    periods = ("ytd",) if release.is_january_february else ("month", "ytd")
    rows = []
    for position, partner in enumerate(PARTNERS):
        data, style = figures[partner.code], row_style(release.is_january_february, position)
        label = cell(partner.printed_label, style.label, bgcolor=style.label_bgcolor, bold=False)
        values = [
            value_cell(scale * getattr(data, period)[flow], style.value, style.fill)
            for flow in PRINTED_FLOWS
            for period in periods
        ]
        pcts = [
            pct_cell(data.ytd_yoy[flow], css, style.fill) for flow, css in zip(PRINTED_FLOWS, style.pct, strict=True)
        ]
        rows.append(row([label] + values + pcts))
    return rows


def country_table(release: Release) -> str:
    currency = printed_currency(release)
    figures = release_figures(release.reference_month, release.release_kind, currency)
    scale = USD_MILLION_PER_MODEL_UNIT if currency == "USD" else 1
    columns, headers = header_rows(release)
    rows = heading_rows(release, columns) + headers + body_rows(release, figures, scale)
    notes_style, notes = (
        ("style12", NOTES_JANUARY_FEBRUARY) if release.is_january_february else ("style14", NOTES_MONTHLY)
    )
    rows.append(row([cell(notes, notes_style, align="left", colspan=columns, bold=False)]))
    width, height = (984, 923) if release.is_january_february else (1525, 890)
    return table(rows, width=width, height=height)


def country_picture(release: Release) -> str:
    """CONFIRMED (the real January 2018 page): the body is one picture, named by currency."""
    return "<img src ='\\Excel\\4-RMB.png'/>" if release.currency == "CNY" else "<img src ='\\Excel\\4-USD.png'/>"
