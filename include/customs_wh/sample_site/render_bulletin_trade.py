"""The Bulletin's trade tables in their markup: (1) A and B, (2), (5)-(12).

Table (2) is printed as the real pages print it: the June 2026 page for months 2-12 (ten cells a
row, WRAPPED), the January 2026 page for January (seven cells, BARE), classes, widths, notes and
the overflow of the "Total 1toM" column as on those pages. (5), (6) and (7) print the rows, headers
and notes of the real pages whose text a web archive kept (CONFIRMED; see the section below and
regimes.py), in table (2)'s dialects. ASSUMED: (10), (11) and (12) in table (2)'s form (same three
flows, same columns, same overflow); (8) and (9) with exports and imports only (a peer's hand-typed
table (8)); (1) A one row a year, (1) B one row a month "YYYY.MM" with the month's and the
cumulative figures (a peer's reader of (1) B). No saved real page of these exists.
"""

from __future__ import annotations

from collections.abc import Callable

from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_lines import Line, Window
from customs_wh.sample_site.bulletin_markup import (
    BARE,
    WRAPPED,
    Dialect,
    bold,
    cell,
    empty_cell,
    percent,
    plain,
    row,
    table,
    thousands,
)
from customs_wh.sample_site.bulletin_releases import BulletinPage, covers_from
from customs_wh.sample_site.bulletin_trade import RegimeWindow, enterprise_columns
from customs_wh.sample_site.regimes import PRINTED_FIE_KINDS

# The width, in printed characters, of table (2)'s "Total 1toM" column: ten-digit figures there print
# as ############ (CONFIRMED, five cells of the real June 2026 page); the other columns hold them.
TOTAL_YTD_WIDTH = 11
ROW_HEIGHT = {True: 19, False: 21}  # pixels a row, January and other months (the real heights / rows)

NOTES_MONTHLY = (
    "Notes：<br />\n1、ASEAN is composed of Brunei, Myanmar, Cambodia, Indonesia, Lao, Malaysia, "
    "Philippines, Singapore, Thailand, "
    "Viet Nam{timor}.&nbsp;&nbsp;&nbsp;<br />\n2、EU is composed of Belgium, Denmark, Germany, France, "
    "Ireland, Italy, Luxembourg, Netherlands, Greece, Portugal, Spain, Austria, Finland, Sweden, Cyprus, "
    "Hungary, Malta, Poland, Estonia, Latvia, Lithuania, Slovenia, Czechia(CzechRepublic), Slovakia, "
    "Bulgaria, Romania and Croatia.<br />\n3、APEC is composed of Brunei, Hong Kong China, Indonesia, "
    "Japan, Malaysia, Philippines, Singapore, Republic of Korea, Thailand, Viet Nam, China, "
    "Taiwan China, Russia, Chile, Mexico, Peru, Canada, United States, Australia, "
    "New Zealand and Papua New Guinea.<br />\n4、RCEP&nbsp;&nbsp;is composed of Brunei, Myanmar, Cambodia, "
    "Indonesia, Lao, Malaysia, Philippines, Singapore, Thailand, Viet Nam, Japan, Republic of Korea, "
    "China, Australia and New Zealand.<br />\n5、For the member of BRI, "
    "please refer to the website of China Belt and Road Intiative（https://www.yidaiyilu.gov.cn）."
)
NOTES_JANUARY = (
    "Notes：<br />\n1、ASEAN is composed of Brunei，Myanmar，Cambodia，Indonesia，Lao PDR，Malaysia，Philippines，"
    "Singapore，Thailand，"
    "Vietnam{timor}.&nbsp;&nbsp;&nbsp;<br />\n2、EU&nbsp;&nbsp;&nbsp;&nbsp;is composed of Belgium，Denmark，"
    "Germany，France，Ireland，Italy，Luxembourg，&nbsp;&nbsp;Netherlands，Greece，Portugal，Spain，Austria，"
    "Finland，Sweden，Cyprus，Hungary, Malta，Poland，Estonia，Latvia，Lithuania，Slovenia，Czech，Slovak，Bulgaria，"
    "Romania and Croatia.<br />\n3、APEC&nbsp;&nbsp;is composed of Brunei，Hong Kong，Indonesia，Japan，"
    "Malaysia，Philippines，Singapore，Republic of Korea，Thailand，Vietnam，China，Taiwan，Russia，Chile，Mexico，"
    "Peru，Canada，United States，Australia，"
    "New Zealand and Papua New Guinea.<br />\n4、RCEP&nbsp;&nbsp;is composed of Brunei，Myanmar，Cambodia，"
    "Indonesia，Lao PDR，Malaysia，Philippines，Singapore，Thailand，Vietnam，Japan，Republic of Korea，China，"
    "Australia and New Zealand.<br />\n5、For the member of BRI, "
    "please refer to the website of China Belt and Road Intiative（https://www.yidaiyilu.gov.cn）."
)


def notes_for(page: BulletinPage) -> str:
    """The notes row; Timor-Leste is named in ASEAN from 2026 (CONFIRMED on both 2026 pages)."""
    if page.is_january:
        return NOTES_JANUARY.format(timor=" and Timor-Leste" if page.year >= 2026 else "").replace(
            "Thailand，Vietnam.", "Thailand and Vietnam."
        )
    return NOTES_MONTHLY.format(timor=" and Timor-Leste" if page.year >= 2026 else "").replace(
        "Thailand, Viet Nam.", "Thailand and Viet Nam."
    )


def period_headers(page: BulletinPage) -> tuple[str, str]:
    """The month and cumulative column headings: "6" and "1to6"; "1 to 2" and "1to2" in January-February 2020."""
    number, first = page.month_number, covers_from(page.reference_month)
    month = str(number) if first == number else f"{first} to {number}"
    return month, f"1to{number}"


# --- the three-flow form: (2), (5), (10), (11), (12) ---------------------------------------------------

# Label classes by line role, (months 2-12, January), from the real June and January pages.
LABEL_CLASSES = {
    "total": ("style9", "style10"),
    "heading": ("style9", "style10"),
    "group": ("style9", "style10"),
    "item": ("style13", "style14"),
    "member": ("style13", "style14"),
    "unknown": ("style14", "style15"),
    "own": ("style15", "style16"),
}
FLOWS = ("total", "export", "import")
FLOW_HEADINGS = ("Total", "Exports", "Imports")


def label_class(line: Line, january: bool, own_class: frozenset[str]) -> str:
    role = "own" if line.key in own_class else line.role
    if january and line.key == "ATA":
        role = "item"  # the real January page gives Antarctica a country's class
    return LABEL_CLASSES[role][1 if january else 0]


def three_flow_table(
    page: BulletinPage,
    label_heading: str,
    *,
    notes: str | None = None,
    own_class: frozenset[str] = frozenset(),
    size: tuple[int, int] | None = None,
) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    january = page.is_january
    dialect = BARE if january else WRAPPED
    columns = 7 if january else 10
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{columns}"')])]
    if january:
        unit = [empty_cell(dialect, "style2") for _ in range(5)]
        unit.append(cell(dialect, bold(figures.unit), "style3", "center", span=' colspan="2"'))
        rows.append(row(dialect, unit))
        head = [cell(dialect, bold(label_heading), "style4", "center", span=' rowspan="2"')]
        head += [cell(dialect, bold(text), "style5", "center") for text in FLOW_HEADINGS]
        head.append(cell(dialect, bold("Percentage Change"), "style6", "center", span=' colspan="3"'))
        periods = [cell(dialect, bold(str(page.month_number)), "style7", "center") for _ in FLOWS]
        periods += [
            cell(dialect, bold(text), css, "center")
            for text, css in zip(FLOW_HEADINGS, ("style8", "style8", "style9"), strict=True)
        ]
        number_css, pct_css = "style11", ("style12", "style12", "style13")
    else:
        rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{columns}"')]))
        head = [cell(dialect, bold(label_heading), "style3", "center", span=' rowspan="2"')]
        head += [cell(dialect, bold(text), "style4", "center", span=' colspan="2"') for text in FLOW_HEADINGS]
        head.append(cell(dialect, bold("Percentage Change"), "style5", "center", span=' colspan="3"'))
        month_text, ytd_text = period_headers(page)
        periods = [cell(dialect, bold(text), "style6", "center") for _ in FLOWS for text in (month_text, ytd_text)]
        periods += [
            cell(dialect, bold(text), css, "center")
            for text, css in zip(FLOW_HEADINGS, ("style7", "style7", "style8"), strict=True)
        ]
        number_css, pct_css = "style10", ("style11", "style11", "style12")
    rows += [row(dialect, head), row(dialect, periods)]
    for line in figures.lines:
        cells = [cell(dialect, bold(line.label), label_class(line, january, own_class), "left")]
        for flow in FLOWS:
            window = line.measures[flow]
            cells.append(cell(dialect, plain(thousands(window.month)), number_css, "right"))
            if not january:
                width = TOTAL_YTD_WIDTH if flow == "total" else None
                cells.append(cell(dialect, plain(thousands(window.ytd, width=width)), number_css, "right"))
        for flow, css in zip(FLOWS, pct_css, strict=True):
            cells.append(cell(dialect, plain(percent(line.measures[flow].change)), css, "right"))
        rows.append(row(dialect, cells))
    if notes is not None:
        rows.append(
            row(
                dialect, [cell(dialect, bold(notes), "style17" if january else "style16", span=f' colspan="{columns}"')]
            )
        )
    width, height = size or ((981, 5251) if january else (1335, 5757))
    if size is None and len(figures.lines) != 271:
        height = ROW_HEIGHT[january] * (len(figures.lines) + 5)
    return table(dialect, rows, width=width, height=height), False


def by_country(page: BulletinPage) -> tuple[str, bool]:
    return three_flow_table(page, "Country （Region）", notes=notes_for(page), own_class=frozenset({"RCEP", "BRI"}))


# --- two-flow form: (8), (9) -------------------------------------------------------------------------


def two_flow_table(page: BulletinPage, label_heading: str) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    january = page.is_january
    dialect = BARE if january else WRAPPED
    columns = 5 if january else 7
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{columns}"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{columns}"')]))
    head = [cell(dialect, bold(label_heading), "style3", "center", span=' rowspan="2"')]
    span = "" if january else ' colspan="2"'
    head += [cell(dialect, bold(text), "style4", "center", span=span) for text in ("Exports", "Imports")]
    head.append(cell(dialect, bold("Percentage Change"), "style5", "center", span=' colspan="2"'))
    month_text, ytd_text = period_headers(page)
    texts = [month_text] if january else [month_text, ytd_text]
    periods = [cell(dialect, bold(text), "style6", "center") for _ in ("export", "import") for text in texts]
    periods += [cell(dialect, bold("Exports"), "style7", "center"), cell(dialect, bold("Imports"), "style8", "center")]
    rows += [row(dialect, head), row(dialect, periods)]
    for line in figures.lines:
        css = "style9" if line.role in ("total", "heading") else "style13"
        cells = [cell(dialect, bold(line.label), css, "left")]
        for flow in ("export", "import"):
            window = line.measures[flow]
            cells.append(cell(dialect, plain(thousands(window.month)), "style10", "right"))
            if not january:
                cells.append(cell(dialect, plain(thousands(window.ytd)), "style10", "right"))
        cells.append(cell(dialect, plain(percent(line.measures["export"].change)), "style11", "right"))
        cells.append(cell(dialect, plain(percent(line.measures["import"].change)), "style12", "right"))
        rows.append(row(dialect, cells))
    height = ROW_HEIGHT[january] * (len(figures.lines) + 4)
    return table(dialect, rows, width=760 if january else 1020, height=height), False


# --- (5) customs regimes; (6)/(7) enterprise types x customs regimes ------------------------------------
# CONFIRMED from the real pages' text (URLs in regimes.py): (5) two flows, each a month and a January-to-
# month column ("10 | 1 to 10" in 2019, "7 | 1to7" in 2023, "12 | 1to12" already on 12.2019, January
# "1 | 1to1" on 1.2023), no Total and no percentage columns; (6)/(7) January to the month only, a
# "Value/±%" column per enterprise type, FIE split into its kinds in 2018-2019; on both, each regime a row
# of values then an unlabelled row of year-on-year changes (the "shaded areas"); the notes' words.
# ASSUMED: the markup (the real table (2)'s dialects, a cell a printed figure, the label column spanning
# the header rows), "1 to M" in January 2018/2019, the notes' numbering before 2023 ("1." as on 2019's (5))
# and after 2026's opening "Notes: 1.", the form of the years between those seen.

CHANGE_ROW = "style14"  # the label cell of a row of changes: empty
REGIME_NOTES = (
    "Figures in shaded areas refer to percentage change over the same period in the previous year.",
    "Since 2014, duty-free goods is included in Customs Statistics of China. For more information, please see "
    "the explanatory note.",
    "Since 2018, Compensation Trade、Goods on Consignment Barter Trade are included in Other Trade announcements.",
)
ENTERPRISE_NOTES = (
    "The abbreviations shown in the table refer to:<br />SOE=State-owned Enterprise<br />"
    "FIE=Foreign-invested Enterprise<br />POE=Private-owned Enterprise",
    "Figures in shaded areas refer to the percentage change over the same period in the previous year.",
    "Since 2013, the “CE” column has been replaced by “POE” and the coverage of “Other” as well as percentage "
    "changes is adjusted accordingly.",
    REGIME_NOTES[2],
)
SPACED_CUMULATIVE_UNTIL = "2019-11"  # "1 to 11" on (5) of 11.2019, "1to12" on 12.2019
COLUMN_HEADINGS = {"total": "Total", "SOE": "SOE", "FIE": "FIE", "PRI": "POE", "OTE": "Other"}
COLUMN_HEADINGS.update(PRINTED_FIE_KINDS)


def numbered_notes(notes: tuple[str, ...], page: BulletinPage) -> str:
    """ "1." on 2019's (5), "1、" on 2023's (5)-(7), "Notes:" then "1." on (7) of 2026 (CONFIRMED, each); the
    other years and (6)/(7) of 2018-2019 ASSUMED alike by year, (5) of 2026 as 2025's."""
    if page.year <= 2019:
        return "<br />".join(f"{n}. {note}" for n, note in enumerate(notes, 1))
    if page.year >= 2026 and page.table != "5":
        return "Notes:<br />" + "<br />".join(f"{n}. {note}" for n, note in enumerate(notes, 1))
    return "<br />".join(f"{n}、{note}" for n, note in enumerate(notes, 1))


def regime_periods(page: BulletinPage) -> tuple[str, str]:
    """(5)'s month and January-to-month headings: "10", "1 to 10" until November 2019, then "1to12"."""
    month, _ = period_headers(page)
    number = page.month_number
    return month, f"1 to {number}" if page.reference_month <= SPACED_CUMULATIVE_UNTIL else f"1to{number}"


def notes_row(dialect: Dialect, text: str, columns: int) -> str:
    return row(dialect, [cell(dialect, bold(text), "style16", "left", span=f' colspan="{columns}"')])


def change_row(dialect: Dialect, changes: list[float | None], *, lead: int = 1) -> str:
    """The unlabelled row of changes under a row of values: ``lead`` empty cells, then the changes."""
    cells = [empty_cell(dialect, CHANGE_ROW) for _ in range(lead)]
    cells += [cell(dialect, plain(percent(change)), "style11", "right") for change in changes]
    return row(dialect, cells)


def by_regime(page: BulletinPage) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=' colspan="5"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=' colspan="5"')]))
    head = [cell(dialect, bold("Customs Regime"), "style3", "center", span=' rowspan="2"')]
    head += [cell(dialect, bold(text), "style4", "center", span=' colspan="2"') for text in ("Exports", "Imports")]
    periods = [cell(dialect, bold(text), "style6", "center") for _ in (0, 1) for text in regime_periods(page)]
    rows += [row(dialect, head), row(dialect, periods)]
    for line in figures.lines:
        windows = [line.measures["export"], line.measures["import"]]
        cells = [cell(dialect, bold(line.label), "style9" if line.role == "total" else "style13", "left")]
        cells += [
            cell(dialect, plain(thousands(value)), "style10", "right") for w in windows for value in (w.month, w.ytd)
        ]
        rows.append(row(dialect, cells))
        rows.append(change_row(dialect, [change for w in windows for change in (month_change(w), w.change)]))
    rows.append(notes_row(dialect, numbered_notes(REGIME_NOTES, page), 5))
    return table(dialect, rows, width=1100, height=ROW_HEIGHT[page.is_january] * (2 * len(figures.lines) + 5)), False


def month_change(window: Window) -> float | None:
    """The change of the month's value, which (5)'s windows carry (bulletin_trade.RegimeWindow)."""
    if not isinstance(window, RegimeWindow):
        raise TypeError(f"table (5) needs the month's change, which a {type(window).__name__} has not")
    return window.month_change


def enterprise_table(page: BulletinPage) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    columns = enterprise_columns(page.reference_month)
    split_fie = len(columns) > 5
    width = 1 + len(columns)
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=f' colspan="{width}"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=f' colspan="{width}"')]))
    # The diagonal corner: both words in one cell, "Type of Enterprise" over "Customs regime" (2018, 2020-);
    # 2019's reads "Customs regime/Type of Enterprise".
    corner = "Customs regime/Type of Enterprise" if page.year == 2019 else "Type of Enterprise<br />Customs regime"
    head = [cell(dialect, bold(corner), "style3", "center", span=f' rowspan="{3 if split_fie else 2}"')]
    for code in ("total", "SOE", "FIE", "PRI", "OTE"):
        span = (' colspan="4"' if code == "FIE" else ' rowspan="2"') if split_fie else ""
        head.append(cell(dialect, bold(COLUMN_HEADINGS[code]), "style4", "center", span=span))
    rows.append(row(dialect, head))
    if split_fie:
        kinds = ["Sub.Tot"] + [COLUMN_HEADINGS[code] for code, _ in PRINTED_FIE_KINDS]
        rows.append(row(dialect, [cell(dialect, bold(text), "style5", "center") for text in kinds]))
    rows.append(row(dialect, [cell(dialect, bold("Value/±%"), "style6", "center") for _ in columns]))
    for line in figures.lines:
        cells = [cell(dialect, bold(line.label), "style9" if line.role == "total" else "style13", "left")]
        cells += [cell(dialect, plain(thousands(line.measures[code].ytd)), "style10", "right") for code in columns]
        rows.append(row(dialect, cells))
        rows.append(change_row(dialect, [line.measures[code].change for code in columns]))
    rows.append(notes_row(dialect, numbered_notes(ENTERPRISE_NOTES, page), width))
    height = ROW_HEIGHT[page.is_january] * (2 * len(figures.lines) + (6 if split_fie else 5))
    return table(dialect, rows, width=1300 if split_fie else 1000, height=height), False


# --- (1) A annually and B monthly ---------------------------------------------------------------------

SUMMARY_FLOWS = (("total", "Total"), ("export", "Exports"), ("import", "Imports"), ("balance", "Balance"))


def summary_annually(page: BulletinPage) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=' colspan="8"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=' colspan="8"')]))
    head = [cell(dialect, bold("Year"), "style3", "center", span=' rowspan="2"')]
    head += [cell(dialect, bold(label), "style4", "center", span=' rowspan="2"') for _, label in SUMMARY_FLOWS]
    head.append(cell(dialect, bold("Percentage Change"), "style5", "center", span=' colspan="3"'))
    changes = [cell(dialect, bold(label), "style6", "center") for _, label in SUMMARY_FLOWS[:3]]
    rows += [row(dialect, head), row(dialect, changes)]
    for line in figures.lines:
        cells = [cell(dialect, bold(line.label), "style7", "left")]
        cells += [
            cell(dialect, plain(thousands(line.measures[flow].ytd)), "style8", "right") for flow, _ in SUMMARY_FLOWS
        ]
        cells += [
            cell(dialect, plain(percent(line.measures[flow].change)), "style9", "right")
            for flow, _ in SUMMARY_FLOWS[:3]
        ]
        rows.append(row(dialect, cells))
    return table(dialect, rows, width=1100, height=ROW_HEIGHT[page.is_january] * (len(figures.lines) + 4)), False


def summary_monthly(page: BulletinPage) -> tuple[str, bool]:
    figures = bulletin_figures(page.table, page.reference_month)
    dialect = BARE if page.is_january else WRAPPED
    rows = [row(dialect, [cell(dialect, bold(page.title), "style1", "center", span=' colspan="9"')])]
    rows.append(row(dialect, [cell(dialect, bold(figures.unit), "style2", "right", span=' colspan="9"')]))
    head = [cell(dialect, bold("Year.Month"), "style3", "center", span=' rowspan="2"')]
    head += [cell(dialect, bold(text), "style4", "center", span=' colspan="4"') for text in ("Monthly", "Cumulative")]
    flows = [cell(dialect, bold(label), "style5", "center") for _ in (0, 1) for _, label in SUMMARY_FLOWS]
    rows += [row(dialect, head), row(dialect, flows)]
    for line in figures.lines:
        cells = [cell(dialect, bold(line.label), "style6", "left")]
        cells += [
            cell(dialect, plain(thousands(line.measures[flow].month)), "style7", "right") for flow, _ in SUMMARY_FLOWS
        ]
        cells += [
            cell(dialect, plain(thousands(line.measures[flow].ytd)), "style7", "right") for flow, _ in SUMMARY_FLOWS
        ]
        rows.append(row(dialect, cells))
    return table(dialect, rows, width=1250, height=ROW_HEIGHT[page.is_january] * (len(figures.lines) + 4)), False


RENDERERS: dict[str, Callable[[BulletinPage], tuple[str, bool]]] = {
    "1A": summary_annually,
    "1B": summary_monthly,
    "2": by_country,
    "5": by_regime,
    "6": enterprise_table,
    "7": enterprise_table,
    "8": lambda page: two_flow_table(page, "Location of Importers/Exporters"),
    "9": lambda page: two_flow_table(page, "Location of Domestic Consumers/Producers"),
    "10": lambda page: three_flow_table(page, "Customs District"),
    "11": lambda page: three_flow_table(page, "Specific Areas"),
    "12": lambda page: three_flow_table(page, "Foreign-Invested Enterprises"),
}
