"""Tables (5) and (6), "China's Major Exports/Imports by Quantity and Value", in each era's markup.

Ten cells a row: label, quantity unit, the month's quantity and value, January-to-month
quantity and value, the same a year earlier, then the year-on-year % of the cumulative
quantity and value (docs/real-site-notes.md 4.1); eight cells in a combined January-February release.
Header texts, unit rows, notes and cell markup follow the real pages of each era:

* 2018-2019 (the May 2019 page): "Value Unit:", month names ("Jan-May in Total"), borders and
  every other row shaded, integers for ships;
* 2020-2025 (January-February, April and May 2025 pages): "1-5 Total, 2024", everything in
  <span><b>, and the USD header without a space after the comma ("1-4 Total,2024");
* 2026 (May 2026 pages): inline styles, no <b>; the imports header says "QTY Unit", has no
  comma before "Year-On-Year" and names the year before the prior year (a stale label on the
  real page: its figures are the prior year's).
"""

from __future__ import annotations

from functools import cache

from customs_wh.contracts import COMMODITY_FLOWS
from customs_wh.sample_site.calibration import cny_per_usd
from customs_wh.sample_site.catalogue import CatalogueRow, catalogue, catalogue_era
from customs_wh.sample_site.commodities import INTEGER_UNITS, CommodityFigures, commodity_figures
from customs_wh.sample_site.conventions import unit_text
from customs_wh.sample_site.markup import cell, format_pct, format_value, row, table
from customs_wh.sample_site.releases import Release
from customs_wh.sample_site.series import MODEL_MONTHS
from customs_wh.words import MONTH_ABBREVIATIONS

BORDER = "border:0.75pt solid windowtext;"
STYLE_2026_TEXT = "color:#333333;font-size:12pt;font-family:Arial, sans-serif;font-weight:700;vertical-align:middle;"
STYLE_2026_NUMBER = (
    "font-size:11pt;font-family:宋体, sans-serif;font-weight:700;vertical-align:middle;text-align:right;"
)
AGGREGATES_NOTE = (
    '"Agricultural products*", “Mechanical and electrical products*" and "Hi-tech products*" include relevant '
    "products listed in the table."
)
# sic: the exports page, too, refers to the catalogue of key *import* commodities.
SCOPE_NOTE = (
    "&nbsp;"
    * 10
    + "2. For the scope of&nbsp;&nbsp;commodities listed in this table, please refer to the Catalog of Key "
    'Import Commodities for Customs Statistics in the&nbsp;<br />\n"Statistics" column on China Customs website '
    "(www.customs.gov.cn)."
)
NOTE_2019 = (
    'Note:1."Agricultural Products", “Electrical-Mechanical Products" and "Hi-Tech Products" include related products '
    "listed in the table.&nbsp;&nbsp;<br />\n" + "&nbsp;" * 10 + '2. From 2018, "Aquatic/Marine products" will be '
    "expanded in scope, with YOY rates adjusted accordingly; please see relevant specification for details.&nbsp;"
)


@cache
def cny_rates() -> list[float]:
    return [cny_per_usd(month) for month in MODEL_MONTHS]


def styled(
    text: str,
    era: str,
    css: str,
    *,
    align: str | None = None,
    shaded: bool = False,
    header: bool = False,
    colspan: int | None = None,
    rowspan: int | None = None,
    bold: bool = True,
) -> str:
    """A cell in the era's markup: 2019 borders and grey shading, 2025 <span><b>, 2026 inline styles."""
    bgcolor = ("#C0C0C0" if era == "2019" else "#FFFFFF") if header or shaded else None
    if era == "2019":
        style, bold, last = BORDER, bold, True
    elif era == "2026":
        style, bold, last = (STYLE_2026_NUMBER if align == "right" else STYLE_2026_TEXT), False, False
    else:
        style, last = None, False
    return cell(
        text,
        css,
        align=align,
        bgcolor=bgcolor,
        colspan=colspan,
        rowspan=rowspan,
        style=style,
        bold=bold,
        align_last=last,
    )


# --- headings ---------------------------------------------------------------------------------------


def heading_texts(release: Release, era: str) -> tuple[str, list[str]]:
    """The quantity-unit heading and the four period headings (the month's dropped in January-February)."""
    number, year, usd = release.month_number, release.year, release.currency == "USD"
    imports = COMMODITY_FLOWS[release.section] == "import"
    if era == "2019":
        month = MONTH_ABBREVIATIONS[number - 1]
        span = month if number == 1 else f"Jan-{month}"
        plus_minus = '<span class="font2">±</span><span class="font1">%</span>'
        periods = [month, f"{span} in Total", f"{span} {year - 1} in Total", f"{span} Total Year-on-Year {plus_minus}"]
        return "Quantity Unit", periods
    prior_year = year - 2 if era == "2026" and imports else year - 1  # sic, the stale 2026 imports label
    comma = "," if usd else ", "
    if era == "2026" and not imports and not usd:
        # The real page splits the year over two spans: "1-5 Total, 202" + "5".
        decade, digit = divmod(prior_year, 10)
        prior = f'<b><span class="font1">1-{number} Total, {decade}</span><span class="font1">{digit}</span></b>'
    else:
        prior = f"1-{number} Total{comma}{prior_year}"
    yoy = f"1-{number} Total{' ' if era == '2026' and imports else ', '}Year-On-Year(%)&nbsp;"
    periods = [str(number), f"1-{number} Total", prior, yoy]
    if release.is_january_february:
        periods = periods[1:]
    return ("QTY Unit" if era == "2026" and imports else "Quantity Unit"), periods


def header_rows(release: Release, era: str) -> list[str]:
    unit_heading, periods = heading_texts(release, era)
    first = [
        styled("Commodity", era, "style3", align="center", rowspan=2, header=True),
        styled(unit_heading, era, "style3", align="center", rowspan=2, header=True),
    ]
    first += [styled(text, era, "style4", align="center", colspan=2, header=True) for text in periods]
    second = [
        styled(text, era, "style5", align="center", header=True) for _ in periods for text in ("Quantity", "Value")
    ]
    return [row(first), row(second)]


# --- body ---------------------------------------------------------------------------------------------


def quantity_text(quantity: float, row_: CatalogueRow, era: str) -> str:
    if era == "2019" and row_.unit in INTEGER_UNITS:
        return f"{round(quantity):,}"
    return format_value(quantity) + "&nbsp;"


def growth_text(current: str, prior: str) -> str:
    """Year-on-year % of two printed figures: it follows from what the page prints."""
    now, then = (float(text.replace("&nbsp;", "").replace(",", "")) for text in (current, prior))
    return "-" if then == 0 else format_pct((now / then - 1) * 100)


def data_cells(release: Release, row_: CatalogueRow, figures: CommodityFigures, era: str) -> list[str]:
    """Texts of the number cells in page order (quantity, value per period, then the two %)."""
    periods = [(figures.quantity_ytd, figures.value_ytd), (figures.quantity_prior_ytd, figures.value_prior_ytd)]
    if not release.is_january_february:
        periods.insert(0, (figures.quantity_month, figures.value_month))
    texts = []
    for quantity, value in periods:
        texts.append("-" if quantity is None else quantity_text(quantity, row_, era))
        texts.append(format_value(value) + "&nbsp;")
    quantity_growth = "-" if row_.value_only else growth_text(texts[-4], texts[-2])
    return texts + [quantity_growth, growth_text(texts[-3], texts[-1])]


def body_row(release: Release, row_: CatalogueRow, position: int, era: str, rate: list[float] | None) -> str:
    flow = COMMODITY_FLOWS[release.section]
    figures = commodity_figures(flow, row_, release.reference_month, rate)
    shaded = era == "2019" and position % 2 == 1
    label_css, number_css = ("style7", "style8") if shaded else ("style5", "style6")
    if era == "2019":
        label = styled(row_.printed_label(), era, label_css, align="left", shaded=shaded, bold=False)
        unit = styled(row_.unit, era, label_css, align="left", shaded=shaded, bold=False)
    else:
        label = styled(row_.printed_label(), era, "style6" if era == "2025" else "style7", header=True)
        unit = styled(row_.unit, era, "style7" if era == "2025" else "style8", align="center", header=True)
    texts = data_cells(release, row_, figures, era)
    numbers = []
    for index, text in enumerate(texts):
        css = number_css if era == "2019" else ("style10" if index == len(texts) - 1 else "style9")
        numbers.append(styled(text, era, css, align="right", shaded=shaded))
    if release.has("unit_column_dropped"):
        # The real April 2025 USD page: no unit cell, a blank cell padded at the end (notes 4.7).
        return row([label, *numbers, '\t\t\t<td class="style9">\n\t\t\t</td>\n'])
    return row([label, unit, *numbers])


def note_rows(release: Release, era: str, columns: int) -> list[str]:
    if era == "2019":
        notes = [NOTE_2019]
    elif release.is_january_february:
        notes = ["Note: " + AGGREGATES_NOTE]
    else:
        notes = ["Note: 1. " + AGGREGATES_NOTE, SCOPE_NOTE]
    return [row([styled(note, era, "style16", align="left", colspan=columns)]) for note in notes]


def commodity_table(release: Release) -> str:
    era = catalogue_era(release.year)
    columns = 8 if release.is_january_february else 10
    rate = None if release.currency == "USD" else cny_rates()
    title = release.title.replace("&", "&amp;")
    unit = unit_text(release.reference_month, release.section, release.currency)
    rows = [
        row([styled(title, era, "style1", align="left", colspan=columns, header=True)]),
        row([styled(unit, era, "style2", align="right", colspan=columns)]),
        *header_rows(release, era),
    ]
    flow = COMMODITY_FLOWS[release.section]
    rows += [
        body_row(release, row_, position, era, rate) for position, row_ in enumerate(catalogue(release.year, flow))
    ]
    rows += note_rows(release, era, columns)
    lead = ""
    if release.has("stray_end_fragment"):
        lead = "-EndFragment--&gt;\n"
    elif release.has("leading_break"):
        lead = "<br />\n"
    width, height = {"2019": (1320, 1133), "2025": (1351, 1117), "2026": (1681, 1365)}[era]
    if release.is_january_february:
        width, height = 1097, 1078
    return table(rows, width=width, height=height, lead=lead)
