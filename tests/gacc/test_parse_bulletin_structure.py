"""The Monthly Bulletin's tables of how China trades, (5)-(12): real pages of (5), (6) and (7)
rebuilt from their stored text read figure for figure; generated variation refused or alerted
with one line naming the row; the sample site's pages of every table read as printed."""

from __future__ import annotations

import dataclasses

import pytest

from customs_wh.contracts import ParseError
from customs_wh.gacc.parse import parse_release
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from structure_text_pages import TextPage, figure, read_text_page

# file, the page's stamp (ASSUMED: the Bulletin's usual day), the columns in printed order.
REGIME_COLUMNS = [(flow, None, kind) for flow in ("export", "import") for kind in ("month", "ytd")]


def enterprise_columns(flow: str, kind: str) -> list[tuple[str, str, str]]:
    return [(flow, code, kind) for code in ("TOTAL", "SOE", "FIE", "PRI", "OTE")]


REAL_PAGES = {
    "b05_customs_regime_2019-10.txt": ("2019/11/20", REGIME_COLUMNS),
    "b05_customs_regime_2023-07.txt": ("2023/08/18", REGIME_COLUMNS),
    "b06_exports_enterprise_2023-01.txt": ("2023/03/18", enterprise_columns("export", "month")),
    "b06_exports_enterprise_2023-07.txt": ("2023/08/18", enterprise_columns("export", "ytd")),
    "b07_imports_enterprise_2023-11.txt": ("2023/12/20", enterprise_columns("import", "ytd")),
}


def parse_text_page(page: TextPage, published: str):
    return parse_release(page.html(published).encode(), page.source)


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_a_real_page_of_5_6_or_7_lands_every_printed_figure_and_change(name):
    published, columns = REAL_PAGES[name]
    page = read_text_page(name)
    parsed = parse_text_page(page, published)
    assert parsed.unmapped_labels == () and parsed.unit == "US$1,000"
    landed = {(o.item_label, o.flow, o.enterprise_code, o.measure, o.period_kind): o.value for o in parsed.observations}
    codes = {o.item_label: o.item_code for o in parsed.observations}
    for printed, values, changes in page.rows:
        label = " ".join(printed.split())  # labels land with their spacing collapsed
        assert label == "TOTAL" or not codes[label].startswith("UNMAPPED")
        for (flow, enterprise, kind), value, change in zip(columns, values, changes, strict=True):
            assert landed[label, flow, enterprise, "value", kind] == (figure(value) or 0.0)  # "-": nothing traded
            assert landed.get((label, flow, enterprise, "yoy_pct", kind)) == figure(change)


def test_the_real_pages_say_what_their_figures_say():
    regimes = parse_text_page(read_text_page("b05_customs_regime_2019-10.txt"), "2019/11/20")
    by = {(o.item_code, o.flow, o.measure, o.period_kind): o.value for o in regimes.observations}
    assert by["TOTAL", "export", "value", "month"] == 212_916_095
    assert by["PIM", "export", "value", "ytd"] == 536_869_765
    assert by["PIM", "export", "yoy_pct", "ytd"] == -7.2
    assert ("CPX", "import", "yoy_pct", "ytd") not in by  # "-": no change to print, no row
    imports = parse_text_page(read_text_page("b07_imports_enterprise_2023-11.txt"), "2023/12/20")
    cells = {(o.item_code, o.enterprise_code, o.measure): o.value for o in imports.observations}
    assert cells["PIM", "FIE", "value"] == 185_492_274
    assert cells["DFC", "SOE", "value"] == 3_034  # "Duty-free Commoditie on Payment of  Currency", as printed
    assert cells["TOTAL", "PRI", "value"] == 920_259_878
    assert {o.period_kind for o in imports.observations} == {"ytd"}


def _with_row(page: TextPage, index: int, **changes) -> TextPage:
    rows = list(page.rows)
    label, values, pct = rows[index]
    rows[index] = (changes.get("label", label), changes.get("values", values), pct)
    return dataclasses.replace(page, rows=rows)


def test_an_unknown_regime_lands_under_a_placeholder_and_is_named():
    page = read_text_page("b05_customs_regime_2023-07.txt")
    renamed = _with_row(page, 3, label="Cross-border E-commerce")  # the row of "Other Donation"
    parsed = parse_text_page(renamed, "2023/08/18")
    assert parsed.unmapped_labels == ("Cross-border E-commerce",)
    assert parsed.label_reference == "gacc_structure_labels.csv"
    row = [o for o in parsed.observations if o.item_code == "UNMAPPED_CROSS_BORDER_E_COMMERCE"]
    assert {(o.flow, o.period_kind, o.value) for o in row if o.measure == "value"} >= {("export", "ytd", 11_038.0)}


@pytest.mark.parametrize(
    ("name", "damage", "reason"),
    [
        (
            "b05_customs_regime_2023-07.txt",
            lambda page: _with_row(page, 5, values=page.rows[5][1][:3]),
            "row 'Processing with Imported Materials' has 4 cells, the header 5: a shifted row",
        ),
        (
            "b05_customs_regime_2023-07.txt",
            lambda page: _with_row(page, 0, values=["281,755,999", "1,944,912,508", "201,159,403", "1,455,336,274"]),
            "row 'TOTAL': export (ytd) 1,944,912,508 is not the sum of its 17 parts (1,944,902,508)",
        ),
        (
            "b06_exports_enterprise_2023-07.txt",
            lambda page: _with_row(page, 4, values=["38,476,757", "947,750", "28,408,541", "8,970,716", "159,750"]),
            "row 'Processing and Assembling': Total (ytd) 38,476,757 is not the sum of its 4 parts (38,486,757)",
        ),
        (
            "b06_exports_enterprise_2023-07.txt",
            lambda page: dataclasses.replace(
                page, header=[page.header[0][:3] + [("COE", "")] + page.header[0][4:], page.header[1]]
            ),
            "column 4 (COE / Value/±%) is not an enterprise type over a period",
        ),
    ],
)
def test_a_damaged_real_page_is_refused_with_one_line_naming_the_row(name, damage, reason):
    published, _ = REAL_PAGES[name]
    with pytest.raises(ParseError) as refused:
        parse_text_page(damage(read_text_page(name)), published)
    assert reason in str(refused.value) and "\n" not in str(refused.value)
    assert str(refused.value).startswith(read_text_page(name).source)


def test_a_city_printed_under_another_province_is_refused():
    html = render_bulletin_page(BulletinPage("8", "2024-06"), "synthetic")
    swapped = html.replace(">Shenzhen<", ">@@<").replace(">Suzhou<", ">Shenzhen<").replace(">@@<", ">Suzhou<")
    with pytest.raises(ParseError, match="is not printed under its province"):
        parse_release(swapped.encode(), "table-8")


def test_an_unknown_province_is_kept_and_named_and_the_sums_still_hold():
    html = render_bulletin_page(BulletinPage("9", "2024-06"), "synthetic")
    parsed = parse_release(html.replace(">Hainan Province<", ">Hainan Free Trade Port<").encode(), "table-9")
    assert parsed.unmapped_labels == ("Hainan Free Trade Port",)
    assert any(o.item_code == "UNMAPPED_HAINAN_FREE_TRADE_PORT" for o in parsed.observations)


@pytest.mark.parametrize("table", ["8", "9", "10", "11", "12"])
@pytest.mark.parametrize("month", ["2018-01", "2020-02", "2024-06", "2026-10"])
def test_the_sample_sites_tables_of_places_and_firms_read_as_printed(table, month):
    from customs_wh.sample_site.bulletin_figures import bulletin_figures

    parsed = parse_release(render_bulletin_page(BulletinPage(table, month), "synthetic").encode(), f"t{table}")
    assert parsed.unmapped_labels == ()
    printed = bulletin_figures(table, month)
    total = printed.lines[0].measures["export"]
    landed = {(o.item_code, o.flow, o.measure, o.period_kind): o.value for o in parsed.observations}
    assert landed["TOTAL", "export", "value", "ytd"] == round(total.ytd)
    assert len({o.item_code for o in parsed.observations}) == len(printed.lines)


def _damaged(table: str, month: str, damage) -> bytes:
    """The sample page of ``table`` with its first row under TOTAL damaged by ``damage(tr)``."""
    import lxml.html

    from customs_wh.sample_site.bulletin_figures import bulletin_figures

    doc = lxml.html.fromstring(render_bulletin_page(BulletinPage(table, month), "synthetic"))
    label = bulletin_figures(table, month).lines[1].label
    [row] = [tr for tr in doc.xpath("//tr") if tr.xpath("./td") and tr.xpath("./td")[0].text_content().strip() == label]
    damage(row)
    return lxml.html.tostring(doc)


@pytest.mark.parametrize("table", ["5", "6", "7", "8", "9", "10", "11", "12"])
def test_every_structure_table_refuses_a_shifted_row_naming_it(table):
    def drop_last_cell(row):
        row.remove(row.xpath("./td")[-1])

    with pytest.raises(ParseError, match="a shifted row") as refused:
        parse_release(_damaged(table, "2025-06", drop_last_cell), f"page-{table}")
    assert str(refused.value).startswith(f"page-{table}: row ") and "\n" not in str(refused.value)


@pytest.mark.parametrize("table", ["5", "6", "7", "8", "9", "10", "11", "12"])
def test_every_structure_table_names_a_row_label_it_does_not_know(table):
    def rename(row):
        cell = row.xpath("./td")[0]
        for child in list(cell):
            cell.remove(child)
        cell.text = "Zzyzx Special Zone"

    content = _damaged(table, "2025-06", rename)
    try:
        parsed = parse_release(content, f"page-{table}")
    except ParseError as refused:  # placed at the top level, the page's sums no longer hold: refused, named
        assert "'Zzyzx Special Zone', a label no reference names" in str(refused) or (
            "labels no reference names: 'Zzyzx Special Zone'" in str(refused)
        ), refused
    else:  # kept under a placeholder, alerted by the landing
        assert parsed.unmapped_labels == ("Zzyzx Special Zone",)
        assert any(o.item_code == "UNMAPPED_ZZYZX_SPECIAL_ZONE" for o in parsed.observations)
