"""The real GACC pages kept in tests/data/gacc_pages: every file is listed with its source, each is whole,
and the Bulletin's table (2) says what GACC printed (the figures other tests rely on)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from conftest import BULLETIN_PAGES, GACC_PAGES

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
    assert re.search(r"tests/fixtures/\S+ @ [0-9a-f]{8}", row), f"{name} does not name where it was saved from"
    raw = (GACC_PAGES / name).read_bytes()
    assert raw.rstrip().endswith(b"</html>"), f"{name} is cut short"


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
