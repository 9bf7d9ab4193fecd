"""The real GACC pages kept in tests/data/gacc_pages: every file is listed with its source, each is whole,
and the Bulletin's table (2) says what GACC printed (the figures other tests rely on)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from repo_paths import BULLETIN_PAGES, GACC_PAGES

README = (GACC_PAGES / "README.md").read_text(encoding="utf-8")
SAVED = sorted(p.relative_to(GACC_PAGES).as_posix() for p in GACC_PAGES.rglob("*.html"))
JUNE_2026 = BULLETIN_PAGES / "b02_by_country_2026-06.html"


def test_the_pages_live_inside_the_repository():
    assert GACC_PAGES.resolve().is_relative_to(GACC_PAGES.parents[2].resolve())
    assert SAVED, "no real page is saved"


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_page_is_listed_with_its_source_and_is_whole(name):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"{name} is not listed in the README"
    source = re.search(r"[\w.-]+/[\w.-]+ `[^`]+\.html` @ [0-9a-f]{8}", row)  # repository `path` @ commit
    assert source, f"{name} does not name where it was saved from"
    raw = (GACC_PAGES / name).read_bytes()
    # Every original ends at `</html>` with no line end after it; a copy that does not was cut or re-saved.
    assert raw.endswith(b"</html>"), f"{name} does not end as the original does"
    stated = re.search(r"([0-9][0-9,]*) characters", row)
    if stated:  # the count read_file gave for the original, CRLF counted as two
        assert len(raw.decode("utf-8")) == int(stated.group(1).replace(",", "")), f"{name} is not whole"


@pytest.mark.parametrize("name", [n for n in SAVED if n.startswith("bulletin/")])
def test_every_bulletin_copy_states_its_length(name):
    row = next(line for line in README.splitlines() if line.startswith(f"| `{name}` |"))
    assert re.search(r"[0-9][0-9,]* characters", row), f"{name}: the README does not give its length"


TEXTS = sorted(p.relative_to(GACC_PAGES).as_posix() for p in GACC_PAGES.rglob("*.txt"))


@pytest.mark.parametrize("name", TEXTS)
def test_every_text_copy_is_listed_with_the_page_it_was_kept_from(name):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"{name} is not listed in the README"
    first = (GACC_PAGES / name).read_text(encoding="utf-8").splitlines()[0]
    url = first.removeprefix("# source: ")
    assert url.startswith("http://english.customs.gov.cn/Statics/") and f"`{url}`" in row, name


def test_every_listed_page_is_saved():
    listed = re.findall(r"^\| `([^`]+\.html)` \|", README, flags=re.MULTILINE)
    assert sorted(listed) == SAVED


def june_rows() -> dict[str, list[str]]:
    doc = lxml.html.fromstring(JUNE_2026.read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 10]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    return rows


def test_june_2026_table_2_prints_the_known_figures():
    rows = june_rows()
    assert rows["TOTAL"][:6] == [
        "699,151,163",
        "############",
        "412,387,125",
        "2,125,358,846",
        "286,764,038",
        "1,549,382,917",
    ]
    assert rows["Japan"][3] == "83,209,659"
    assert len(rows) == 271


def test_every_june_2026_total_is_its_exports_plus_its_imports_within_rounding():
    # GACC rounds each figure to US$1,000 on its own, so a total can differ from its parts by 1 (Bangladesh, June).
    def value(cell: str) -> int | None:
        return None if cell.startswith("#") else 0 if cell == "-" else int(cell.replace(",", ""))

    for label, cells in june_rows().items():
        for month_or_ytd in (0, 1):
            total, exports, imports = (value(cells[2 * flow + month_or_ytd]) for flow in range(3))
            if total is not None:
                assert abs(total - (exports + imports)) <= 1, (label, month_or_ytd)


def test_january_2026_table_2_prints_one_month_in_seven_columns():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b02_by_country_2026-01.html").read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 7]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    assert rows["TOTAL"] == ["590,758,685", "356,699,626", "234,059,059", "15.7", "10.0", "25.6"]
    assert rows["United States"][:3] == ["46,604,855", "36,790,550", "9,814,306"]
    assert len(rows) == 271


def test_january_2026_table_14_prints_quantity_and_value_per_commodity():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b14_major_imports_2026-01.html").read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 6]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    assert "Unit:US$1,000" in doc.text_content()
    assert rows["Agriculture products*"] == ["-", "-", "19,194,007", "-", "13.2"]
    assert rows["Meat(including  meat offal)"] == ["10000T", "62", "2,710,357", "1.1", "17.4"]
    assert rows["Electronic integrated circuits"] == ["100MN", "495", "41,241,450", "18.7", "36.0"]
    assert rows["Food*"][2] == "16,870,530"
    assert len([label for label in rows if not label.startswith("Note")]) == 173


def test_january_to_july_2026_table_13_prints_month_and_cumulative_with_excel_errors():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b13_major_exports_2026-07.html").read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 8]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    assert rows["Agriculture products*"] == ["-", "-", "9,153,853", "-", "62,120,896", "-", "9.3"]
    assert rows["Electronic integrated circuits"][4] == "216,020,270"
    new_trio = next(cells for label, cells in rows.items() if label.startswith("New trio"))
    assert [new_trio[i] for i in (2, 4, 6)] == ["*REF!", "*REF!", "*REF!"]
    assert len(rows) == 205


def test_january_to_june_2025_table_13_is_in_yuan_with_excel_markup():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b13_major_exports_2025-06.html").read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 8]'):
        cells = [" ".join(td.text_content().replace("\xa0", " ").split()) for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    assert "Unit:RMB￥10,000" in doc.text_content()
    assert rows["Agriculture products*"] == ["-", "-", "8,126,070", "-", "49,337,601", "-", "-6.2"]
    assert rows["Mechanical and electrical products *"][4] == "1,085,031,056"
    assert rows["Culture products*"][2] == "-"  # printed without a value
    assert len(rows) == 201


def test_january_2022_table_13_has_a_leading_empty_column_and_equal_month_and_cumulative():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b13_major_exports_2022-01.html").read_bytes())
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 9]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        assert cells[0] == ""  # the empty leading cell GACC printed on every row
        rows[cells[1]] = cells[2:]
    assert rows["Meat(including  meat offal)"] == ["10000T", "3", "156,964", "3", "156,964", "42.6", "33.2"]
    assert all(cells[1:3] == cells[3:5] for label, cells in rows.items() if not label.startswith("Note"))
    assert len(rows) == 199  # 198 commodities and the note row


def test_july_2026_table_14_prints_month_and_cumulative_under_a_month_only_title():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "b14_major_imports_2026-07.html").read_bytes())
    assert "（14）Major Import Commodities in Quantity and Value,7.2026" in doc.text_content()
    rows = {}
    for tr in doc.xpath('//div[@class="atcl-cnt"]//tr[count(td) = 8]'):
        cells = [td.text_content().replace("\xa0", " ").strip() for td in tr.xpath("./td")]
        rows[cells[0]] = cells[1:]
    assert rows["Crude petroleum oils"] == ["10000T", "3,573", "22,782,435", "28,333", "173,938,630", "-24.3", "-5.2"]
    assert rows["Electronic integrated circuits"][4] == "361,842,440"
    assert rows["Hybrid Electric buses with ten seats or more"] == ["N", "-", "-", "-", "-", "-", "-"]
    assert rows["Food*"] == ["-", "-", "17,929,692", "-", "114,283,524", "-", "6.3"]
    assert len(rows) == 173  # commodity rows; the header and note rows have fewer cells


MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May.", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]


def test_2018_index_lists_a_complete_year_of_links():
    doc = lxml.html.fromstring((BULLETIN_PAGES / "index_2018.html").read_bytes())
    assert doc.xpath('//select[@id="monthlysel"]/option[@selected]/@value') == ["2018"]
    rows = doc.xpath("//table/tbody/tr")
    assert len(rows) == 19
    for tr in rows:
        months = [a.text_content().strip() for a in tr.xpath("./td[2]/a")]
        assert months == MONTHS
        assert all(h.startswith("http://english.customs.gov.cn/Statics/") for h in tr.xpath("./td[2]/a/@href"))
    first = rows[0].xpath("./td")[0].text_content()
    assert first == "（1）Summary of Imports and Exports (In USD) A： Annually"
    assert rows[-1].xpath("./td")[0].text_content() == "（18）Imports of Selected Commodities by Major Customs Regimes"
