"""Tables （3） SITC, （4） HS sections and chapters, （15）/（16） selected partners by HS chapter.

No real copy of these tables is saved anywhere we know of: their layout is assumed
(docs/conformance.md). The sample site's pages are read against the figures it printed
(``bulletin_figures``), and generated pages vary the labels, the figures and the blanks.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customs_wh.contracts import BreakdownObservation, PageContext, ParseError
from customs_wh.gacc.parse import parse_release
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page


def sample(table: str, month: str) -> bytes:
    return render_bulletin_page(BulletinPage(table, month), "synthetic").encode()


def printed(value: float) -> float | None:
    return None if round(value) == 0 else float(round(value))


def by_key(observations) -> dict[tuple, BreakdownObservation]:
    return {(o.item_code, o.partner_code, o.flow, o.measure, o.period_kind): o for o in observations}


def item_code(key: str) -> str:
    return key[1:] if key.startswith("S") and key[1:].isalpha() else ("TOTAL" if key == "WORLD" else key)


@pytest.mark.parametrize(("table", "month"), [("4", "2026-06"), ("4", "2026-01"), ("3", "2026-06"), ("3", "2026-01")])
def test_sample_section_tables_read_every_printed_figure(table, month):
    parsed = parse_release(sample(table, month), f"({table}) {month}", context=PageContext(table=table))
    assert (parsed.section, parsed.currency, parsed.unit, parsed.scale) == (int(table), "USD", "US$1,000", 1000)
    rows = by_key(parsed.observations)
    figures = bulletin_figures(table, month)
    expected = {}
    for line in figures.lines:
        for flow in ("export", "import"):
            window = line.measures[flow]
            for kind, value in (("month", window.month), ("ytd", window.ytd)):
                if printed(value) is not None:
                    expected[item_code(line.key), None, flow, "value", kind] = printed(value)
    got = {key: obs.value for key, obs in rows.items() if obs.measure == "value"}
    assert got == expected
    classification = "hs" if table == "4" else "sitc"
    assert {o.classification for o in parsed.observations} == {classification}
    chapter = rows["85" if table == "4" else "77", None, "export", "value", "month"]
    assert (chapter.item_level, chapter.parent_code) == (("chapter", "XVI") if table == "4" else ("division", "7"))
    section = rows["XVI" if table == "4" else "7", None, "import", "value", "ytd"]
    assert (section.item_level, section.parent_code) == ("section", "TOTAL")
    assert rows["TOTAL", None, "export", "yoy_pct", "ytd"].decimals == 1


@pytest.mark.parametrize(("table", "month", "flow"), [("15", "2026-06", "export"), ("16", "2026-01", "import")])
def test_sample_partner_tables_read_each_partner_column(table, month, flow):
    parsed = parse_release(sample(table, month), f"({table}) {month}", context=PageContext(table=table))
    assert parsed.unmapped_labels == ()
    rows = by_key(parsed.observations)
    figures = bulletin_figures(table, month)
    expected = {
        (item_code(line.key), partner, flow, "value", "ytd"): printed(window.ytd)
        for line in figures.lines
        for partner, window in line.measures.items()
        if printed(window.ytd) is not None
    }
    assert {key: obs.value for key, obs in rows.items() if key[4] == "ytd"} == expected
    assert {o.partner_code for o in parsed.observations} >= {"USA", "JPN", "EU", "ASEAN", "HKG", "TWN"}
    # January's single "1" column is both the month and January to the month.
    months = {key for key in rows if key[4] == "month"}
    assert (len(months) == len(expected)) == month.endswith("-01")


# --- generated pages: labels, figures and blanks varied ---------------------------------------------

SECTIONS = {"I": ("01", "02", "03"), "V": ("25", "26", "27"), "XVI": ("84", "85")}


def td(text: str, extra: str = "") -> str:
    return f"<td{extra}><span>{text}</span></td>"


def hs_page(values: dict[str, tuple[int, int]], section_form: str, blank: str = "-", total_shift: int = 0) -> bytes:
    """A (4) page for June 2026 from chapters' (month, ytd) exports; imports are a third of them."""
    title = "（4）Imports and Exports by HS Section and Division,6.2026"
    head = (
        f"<tr>{td(title, ' colspan=7')}</tr><tr>{td('Unit:US$1,000', ' colspan=7')}</tr>"
        f"<tr>{td('HS Section and Division', ' rowspan=2')}{td('Exports', ' colspan=2')}"
        f"{td('Imports', ' colspan=2')}{td('Percentage Change', ' colspan=2')}</tr>"
        f"<tr>{td('6')}{td('1to6')}{td('6')}{td('1to6')}{td('Exports')}{td('Imports')}</tr>"
    )

    def line(label: str, cells: list[int]) -> str:
        return f"<tr>{td(label)}{''.join(td(f'{v:,}' if v else blank) for v in cells)}{td('1.0')}{td('-2.5')}</tr>"

    def cells_of(chapter: str) -> list[int]:
        month, ytd = values[chapter]
        return [month, ytd, month // 3, ytd // 3]

    rows, totals = [], [0, 0, 0, 0]
    for numeral, chapters in SECTIONS.items():
        sums = [sum(column) for column in zip(*(cells_of(c) for c in chapters), strict=True)]
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
        rows.append(line(section_form.format(numeral=numeral), sums))
        rows += [line(f"{chapter} Chapter {chapter} goods", cells_of(chapter)) for chapter in chapters]
    body = "".join(rows)
    total = line("TOTAL", [totals[0] + total_shift, totals[1] + total_shift, totals[2], totals[3]])
    return (
        f'<html><body><div class="atcl-ttl">{title}</div><div class="atcl-date">2026/07/20</div>'
        f'<div class="atcl-cnt"><table>{head}{total}{body}</table></div></body></html>'
    ).encode()


chapter_values = st.fixed_dictionaries(
    {
        chapter: st.tuples(st.integers(0, 9_000_000), st.integers(0, 40_000_000)).map(
            lambda pair: (min(pair), max(pair)) if pair[0] else (0, pair[1])
        )
        for chapters in SECTIONS.values()
        for chapter in chapters
    }
)


@settings(max_examples=40, deadline=None)
@given(
    values=chapter_values,
    section_form=st.sampled_from(["Section {numeral} Goods", "{numeral} Goods", "Section {numeral}. Goods"]),
    blank=st.sampled_from(["-", "############"]),
)
def test_generated_hs_pages_read_by_their_words(values, section_form, blank):
    # World large enough to be China's trade: a chapter of 27 holds most of it.
    values = {**values, "27": (values["27"][0] + 60_000_000, values["27"][1] + 300_000_000)}
    parsed = parse_release(hs_page(values, section_form, blank), "generated (4)")
    rows = by_key(parsed.observations)
    for chapter, (month, ytd) in values.items():
        section = next(numeral for numeral, chapters in SECTIONS.items() if chapter in chapters)
        for kind, value in (("month", month), ("ytd", ytd)):
            key = (chapter, None, "export", "value", kind)
            if value:
                assert rows[key].value == value and rows[key].parent_code == section
            else:
                assert key not in rows  # not printed: never a zero
    sections = {o.item_code: o.item_level for o in parsed.observations if o.parent_code == "TOTAL"}
    # A section with nothing traded is not printed; V holds chapter 27, always traded here.
    assert "V" in sections and set(sections) <= set(SECTIONS) and set(sections.values()) == {"section"}


def valid_values() -> dict[str, tuple[int, int]]:
    return {
        chapter: (3_000_000 * (index + 1), 15_000_000 * (index + 1))
        for index, chapter in enumerate(c for chapters in SECTIONS.values() for c in chapters)
    }


def test_a_total_that_is_not_its_sections_is_refused_naming_the_row():
    with pytest.raises(ParseError, match=r"generated \(4\): row 'TOTAL': export \(month\) .* is not the sum of its 3"):
        parse_release(hs_page(valid_values(), "Section {numeral} Goods", total_shift=5), "generated (4)")


def test_a_chapter_under_the_wrong_section_is_refused():
    page = hs_page(valid_values(), "Section {numeral} Goods").replace(b"<span>25 Chapter", b"<span>29 Chapter")
    with pytest.raises(ParseError, match="chapter 29 is not in HS section V"):
        parse_release(page, "generated (4)")


def test_a_unit_row_off_by_a_thousand_is_refused():
    page = hs_page(valid_values(), "Section {numeral} Goods").replace(b"US$1,000", b"US$1,000,000")
    with pytest.raises(ParseError):
        parse_release(page, "generated (4)")


def test_a_label_that_is_no_item_is_refused_by_name():
    page = hs_page(valid_values(), "Section {numeral} Goods").replace(b"<span>84 Chapter", b"<span>Other Chapter")
    with pytest.raises(ParseError, match="'Other Chapter 84 goods' is neither TOTAL nor an HS section or chapter"):
        parse_release(page, "generated (4)")
