"""The sample site's pages as HTML, in the markup of the real GACC pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from customs_wh.sample_site.model import (
    CURRENCIES,
    MONTH_ABBREVIATIONS,
    PARTNERS,
    SYNTHETIC_NOTE,
    RowFigures,
    parse_month,
    release_figures,
)
from customs_wh.sample_site.releases import Release


@cache
def template(name: str) -> Template:
    return Template(resources.files("customs_wh.sample_site").joinpath("templates", name).read_text(encoding="utf-8"))


def format_value(value: float) -> str:
    return f"{round(value, 1) + 0.0:,.1f}"


def format_pct(value: float) -> str:
    # "+ 0.0" turns a rounded -0.0 into 0.0: the pages never print "-0.0".
    return f"{round(value, 1) + 0.0:.1f}"


def cell(
    text: str,
    css: str,
    *,
    align: str | None = None,
    bgcolor: str | None = None,
    colspan: int | None = None,
    bold: bool = True,
) -> str:
    attributes = ""
    if colspan:
        attributes += f' colspan="{colspan}"'
    if align:
        attributes += f' align="{align}"'
    attributes += f' class="{css}"'
    if bgcolor:
        attributes += f' bgcolor="{bgcolor}"'
    body = f"<b>{text}</b>" if bold else text
    return f"\t\t\t<td{attributes}>\n\t\t\t\t<span>{body}</span>\n\t\t\t</td>\n"


def row(cells: list[str]) -> str:
    return "\t\t<tr>\n" + "".join(cells) + "\t\t</tr>"


def value_cell(value: float, css: str, bgcolor: str | None = None) -> str:
    return cell(format_value(value) + "&nbsp;", css, align="right", bgcolor=bgcolor)


def pct_cell(value: float, css: str, bgcolor: str | None = None) -> str:
    return cell(format_pct(value), css, align="right", bgcolor=bgcolor)


def heading_rows(release: Release, columns: int) -> list[str]:
    escaped_title = release.title.replace("&", "&amp;")
    return [
        row([cell(escaped_title, "style1", align="left", bgcolor="#C0C0C0", colspan=columns)]),
        row([cell(f"Unit: {release.currency} 100 Million", "style2", align="right", colspan=columns)]),
    ]


def header_cell(text: str, css: str = "style3", colspan: int | None = None) -> str:
    return cell(text, css, align="center", bgcolor="#C0C0C0", colspan=colspan)


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


@dataclass(frozen=True)
class RowStyle:
    """The CSS classes (and shading) a section (4) row carries on the real pages."""

    label: str
    label_bgcolor: str | None
    value: str
    pct: tuple[str, str, str]
    fill: str | None = None  # bgcolor of the number cells


def section4_row_style(january_february: bool, position: int) -> RowStyle:
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


PRINTED_FLOWS = ("total", "export", "import")  # column order: Export & Import, Export, Import


def section4_rows(release: Release, figures: dict[str, RowFigures]) -> list[str]:
    number = parse_month(release.reference_month)[1]
    january_february = release.is_january_february
    month_text, ytd_text = str(number), f"1- to-{number}"
    yoy_heading = (
        f'<span class="font1">1-to-{number} Total Year-on-Year (</span><span class="font2">±</span>'
        f'<span class="font{3 if january_february else 1}">%)</span>'
    )
    flows_heading = ["Export &amp; Import", "Export", "Import"]
    if january_february:
        columns = 7
        header_1 = [header_cell("Import Source")] + [header_cell(text) for text in flows_heading]
        # sic: the real January-February pages spell the first one "1- to-2", the others "1-to-2"
        header_2 = [
            header_cell("Export Destination"),
            header_cell(ytd_text),
            header_cell("1-to-2"),
            header_cell("1-to-2"),
        ]
        periods: tuple[str, ...] = ("ytd",)
    else:
        columns = 10
        header_1 = [header_cell("Import Source")] + [header_cell(text) for text in flows_heading for _ in (0, 1)]
        header_2 = [header_cell("Export Destination")] + [
            header_cell(text) for _ in flows_heading for text in (month_text, ytd_text)
        ]
        periods = ("month", "ytd")
    header_1.append(header_cell(yoy_heading, "style4", colspan=3))
    header_2 += [header_cell(text) for text in flows_heading]
    rows = heading_rows(release, columns) + [row(header_1), row(header_2)]
    for position, partner in enumerate(PARTNERS):
        data, style = figures[partner.code], section4_row_style(january_february, position)
        label = cell(partner.printed_label, style.label, bgcolor=style.label_bgcolor, bold=False)
        values = [
            value_cell(getattr(data, period)[flow], style.value, style.fill)
            for flow in PRINTED_FLOWS
            for period in periods
        ]
        pcts = [
            pct_cell(data.ytd_yoy[flow], css, style.fill) for flow, css in zip(PRINTED_FLOWS, style.pct, strict=False)
        ]
        rows.append(row([label] + values + pcts))
    notes_style, notes = ("style12", NOTES_JANUARY_FEBRUARY) if january_february else ("style14", NOTES_MONTHLY)
    rows.append(row([cell(notes, notes_style, align="left", colspan=columns, bold=False)]))
    return rows


SECTION1_ROWS = (
    ("Export &amp; Import", "total"),
    ("Export", "export"),
    ("Import", "import"),
    ("Trade Balance", "balance"),
)


def section1_rows(release: Release, figures: dict[str, RowFigures]) -> list[str]:
    number = parse_month(release.reference_month)[1]
    world = figures["WORLD"]
    yoy = "Year-on-Year (±%)"
    if release.is_january_february:
        columns = 3
        header_1 = [header_cell(text) for text in ("Item", "Value", yoy)]
        header_2 = [header_cell(text) for text in ("", "1- to-2", "1- to-2")]
    else:
        columns = 5
        header_1 = [header_cell(text) for text in ("Item", "Value", "Value", yoy, yoy)]
        header_2 = [header_cell(text) for text in ("", str(number), f"1- to-{number}", str(number), f"1- to-{number}")]
    rows = heading_rows(release, columns) + [row(header_1), row(header_2)]
    for label, flow in SECTION1_ROWS:
        label_cell = cell(f"&nbsp;&nbsp;&nbsp;{label}", "style5", bold=False)
        if release.is_january_february:
            cells = [value_cell(world.ytd[flow], "style6"), pct_cell(world.ytd_yoy[flow], "style7")]
        else:
            cells = [
                value_cell(world.month[flow], "style6"),
                value_cell(world.ytd[flow], "style6"),
                pct_cell(world.month_yoy[flow], "style7"),
                pct_cell(world.ytd_yoy[flow], "style7"),
            ]
        rows.append(row([label_cell] + cells))
    return rows


def render_release(release: Release) -> str:
    figures = release_figures(release.reference_month, release.release_kind, release.currency)
    rows = section4_rows(release, figures) if release.section == 4 else section1_rows(release, figures)
    if release.section == 4:
        width, height = ("984", "923") if release.is_january_february else ("1525", "890")
    else:
        width, height = ("600", "200") if release.is_january_february else ("900", "200")
    return template("release_page.html").substitute(
        title=release.title,
        synthetic_note=SYNTHETIC_NOTE,
        published=release.published_on.strftime("%Y/%m/%d"),
        width=width,
        height=height,
        rows="\n".join(rows),
    )


INDEX_TITLES = {"preliminary": "Preliminary Release", "monthly_bulletin": "Monthly Bulletin"}
INDEX_SLUGS = {"preliminary": "preliminary", "monthly_bulletin": "monthly"}
# The rows the real index pages list; only (1) and (4) have pages in the sample.
INDEX_SECTIONS = (
    (1, "China's Total Export & Import Values"),
    (2, "China's Total Export & Import Values by Trade Mode"),
    (3, "China's Total Export & Import Values by Trade Mode"),
    (4, "China's Total Export & Import Values by Country/Region"),
    (5, "China's Major Exports by Quantity and Value"),
    (6, "China's Major Imports by Quantity and Value"),
)


def index_row(section: int, subject: str, currency: str, links: dict[str, str]) -> str:
    cells = []
    for number, abbreviation in enumerate(MONTH_ABBREVIATIONS, start=1):
        text = f"{abbreviation}."
        href = links.get(f"{number:02d}")
        cells.append(f"<a href={href}> {text}</a>" if href else f"<span>{text}</span>")
        if number == 6:
            cells.append("</br>")
    return f"<tr><td>({section}) {subject} (in {currency})</td><td>{''.join(cells)}</td></tr>"


def render_index(release_kind: str, year: int, years: list[int], releases: list[Release]) -> str:
    by_row: dict[tuple[int, str], dict[str, str]] = {}
    for release in releases:
        release_year, number = parse_month(release.reference_month)
        if release.release_kind == release_kind and release_year == year:
            by_row.setdefault((release.section, release.currency), {})[f"{number:02d}"] = release.page_path
    table_rows = "".join(
        index_row(section, subject, currency, by_row.get((section, currency), {}))
        for section, subject in INDEX_SECTIONS
        for currency in CURRENCIES
    )
    options = "\n".join(
        f'                            <option value="{option}">{option}</option>'
        for option in sorted(years, reverse=True)
    )
    return template("index_page.html").substitute(
        page_title=INDEX_TITLES[release_kind],
        synthetic_note=SYNTHETIC_NOTE,
        year_options=options,
        table_rows=table_rows,
    )


def render_home() -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n    <meta charset="UTF-8">\n    <title>customs-wh sample GACC '
        "site</title>\n</head>\n"
        f'<body>\n    <div class="atcl-note">{SYNTHETIC_NOTE}</div>\n'
        '    <ul>\n        <li><a href="/statics/report/preliminary.html">Preliminary Release</a></li>\n'
        '        <li><a href="/statics/report/monthly.html">Monthly Bulletin</a></li>\n    </ul>\n</body>\n</html>\n'
    )
