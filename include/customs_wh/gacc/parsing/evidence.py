"""What a page is, from everything that says so: its titles, its unit row, its header rows, the
date it is stamped with, and what discovery knows of it (the index row and the link).

Each of them may be silent (a 2018 title with no currency, a title with no date, a page read
without context); every one that speaks must agree with the others. The table's layout and
the subject's words outweigh the printed "(N)": GACC printed "(3)" over its January-February
2020 table by country. A contradiction rejects the page with a reason naming both sides, so
a page like June 2025's ("(in CNY)" over "Unit: USD1 Million" and USD figures) never loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from customs_wh.contracts import PageContext
from customs_wh.gacc.labels import TABLE_NAMES, Label, LabelProblem, Period, read_label
from customs_wh.gacc.parsing.dates import read_publication_date, years_fitting
from customs_wh.gacc.parsing.headers import Header
from customs_wh.gacc.parsing.text import PageProblem, normalise_text
from customs_wh.gacc.parsing.units import Unit
from customs_wh.words import MONTH_NAMES

# Which sections a table's layout can be.
LAYOUT_SECTIONS = {"partners": (4,), "totals": (1,), "commodities": (5, 6)}
LAYOUT_NAMES = {
    "partners": "a table by country/region (4)",
    "totals": "the totals table (1)",
    "commodities": "a commodity table (5) or (6)",
}


@dataclass(frozen=True)
class PageFacts:
    """What the page is, once its evidence agrees."""

    section: int
    currency: str
    unit: Unit
    year: int
    month: int  # the reference month: the last month the page covers
    ytd_only: bool  # the page prints January-to-month columns only (January-February releases)
    title: str  # the title as printed (spacing normalised); "" when the page prints none
    publication_date: str

    @property
    def reference_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def read_titles(table_title: str | None, page_title: str | None) -> list[tuple[str, Label]]:
    """The page's titles (the table's title row, the article title above it) as labels."""
    labels: list[tuple[str, Label]] = []
    for where, text in (("table title", table_title), ("page title", page_title)):
        if text is None or not normalise_text(text):
            continue
        try:
            labels.append((where, read_label(text)))
        except LabelProblem as exc:
            raise PageProblem(f"the {where} {normalise_text(text)!r}: {exc}") from None
    if len(labels) == 2 and not _agree(labels[0][1], labels[1][1]):
        raise PageProblem(f"the page title {labels[1][1].text!r} differs from the table title {labels[0][1].text!r}")
    return labels


def _months(label: Label) -> tuple[int, int] | None:
    return (label.period.year, label.period.month) if label.period else None


def _agree(one: Label, other: Label) -> bool:
    """Two titles agree when nothing one says contradicts the other (silence is no contradiction;
    the printed number is weighed on its own)."""
    pairs = [
        ((one.table, one.other_table), (other.table, other.other_table)),
        (one.currency, other.currency),
        (_months(one), _months(other)),
        (one.qualifier_month, other.qualifier_month),
    ]
    return all(a == b for a, b in pairs if a not in (None, (None, None)) and b not in (None, (None, None)))


def reconcile(
    labels: list[tuple[str, Label]],
    unit: Unit,
    header: Header,
    context: PageContext | None,
    date_text: str | None,
) -> PageFacts:
    context = context or PageContext()
    section = _section(labels, header, context)
    _check_currency(labels, unit, context)
    if date_text is None:
        raise PageProblem("no publication date ('atcl-date') on the page")
    year, ytd_only = _period(labels, header, context, date_text)
    period_text = Period(year, header.month, ytd_only and header.month > 1).describe()
    title_periods = [label.period for _, label in labels if label.period is not None]
    if title_periods:
        period_text = title_periods[0].describe()
    published = read_publication_date(date_text, year, header.month, period_text, context.release_kind)
    title = labels[0][1].text if labels else ""
    return PageFacts(section, unit.currency, unit, year, header.month, ytd_only, title, published)


def _section(labels: list[tuple[str, Label]], header: Header, context: PageContext) -> int:
    layout = LAYOUT_SECTIONS[header.kind]
    strong: list[tuple[str, int]] = []  # (who says it, the section it names)
    for where, label in labels:
        if label.other_table:
            raise PageProblem(
                f"the {where} names a table this parser does not read ({label.other_table}): {label.subject!r}"
            )
        if label.table is not None:
            strong.append((f"the {where}", label.table))
    if context.section is not None:
        strong.append(("the index", context.section))
    for source, section in strong:
        if section not in layout:
            name = TABLE_NAMES.get(section, "a table this parser does not read")
            raise PageProblem(
                f"{source} names table ({section}) {name!r} but the columns are those of {LAYOUT_NAMES[header.kind]}"
            )
    for (source, section), (other, other_section) in zip(strong, strong[1:], strict=False):
        if section != other_section:
            raise PageProblem(f"{source} names table ({section}) but {other} names table ({other_section})")
    found = strong[0][1] if strong else (layout[0] if len(layout) == 1 else None)
    for where, label in labels:
        number = label.printed_section
        if number is None or number == found or strong:
            continue  # agreeing, or outweighed by the subject's words or the index row
        if found is None and number in layout:
            found = number
        else:
            raise PageProblem(
                f"the {where}'s number ({number}) names another table than its columns, those of "
                f"{LAYOUT_NAMES[header.kind]}"
            )
    if found is None:
        raise PageProblem("nothing on the page tells the exports table (5) from the imports table (6)")
    return found


def _check_currency(labels: list[tuple[str, Label]], unit: Unit, context: PageContext) -> None:
    said = [(f"the {where}", label.currency) for where, label in labels]
    said.append(("the index", context.currency))
    for source, currency in said:
        if currency is not None and currency != unit.currency:
            raise PageProblem(f"{source} says {currency} but the unit row says {unit.printed!r}")


def _period(labels: list[tuple[str, Label]], header: Header, context: PageContext, date_text: str) -> tuple[int, bool]:
    """The reference year, and whether the page prints January-to-month columns only."""
    month = header.month
    periods: list[tuple[str, Period]] = [(f"the {where}", label.period) for where, label in labels if label.period]
    if context.reference_month:
        year_text, month_text = context.reference_month.split("-")
        periods.append(("the index", Period(int(year_text), int(month_text), cumulative=False)))
    for source, period in periods:
        if period.month != month:
            raise PageProblem(
                f"{source} says {period.describe()} but the header's columns are for month {month} "
                f"({MONTH_NAMES[month - 1]})"
            )
    for where, label in labels:
        if label.qualifier_month is not None and label.qualifier_month != month:
            raise PageProblem(
                f"the {where} says 'Only {MONTH_NAMES[label.qualifier_month - 1]}' but the header's columns are "
                f"for month {month}"
            )
    years = sorted({period.year for _, period in periods})
    if len(years) > 1:
        (first, a), (second, b) = next((p, q) for p in periods for q in periods if p[1].year != q[1].year)
        raise PageProblem(f"{first} says {a.describe()} but {second} says {b.describe()}")
    ytd_only = not header.has_month_columns
    for source, period in periods:
        if period.cumulative and not ytd_only:
            raise PageProblem(
                f"{source} says {period.describe()} (January-to-month figures only) but the header has "
                f"single-month columns"
            )
    if ytd_only and month > 2 and not any(period.cumulative for _, period in periods):
        raise PageProblem(
            f"the header has January-to-month columns only, which GACC prints for January-February, "
            f"not for month {month}"
        )
    if not header.has_ytd_columns and month != 1:
        raise PageProblem("the header has no January-to-month columns")
    if years:
        return years[0], ytd_only
    fitting = years_fitting(date_text, month, context.release_kind)
    if len(fitting) != 1:
        raise PageProblem(
            f"nothing on the page names the year, and the publication date {normalise_text(date_text)!r} "
            f"fits {len(fitting)} years of month {month}"
        )
    return fitting[0], ytd_only
