"""The embedded sample GACC site prints what the real site prints.

The expectations describe the real English site (the saved pages in tests/data/gacc_pages/ and
their README, docs/real-site-notes.md), not the product's parser: the pages are
read back with an independent lxml reader (sample_site_reader). This file: what is published
where, index pages, titles, dates, units, the single bad pages, builds and serving. The figures
of tables (1) and (4) and the calibration are in test_sample_site_figures.py, the commodity
tables (5) and (6) in test_sample_site_commodities.py.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import site_edits as edits
from customs_wh import contracts, sample_site
from customs_wh.sample_site.server import RELEASE_PAGE_ORIGIN
from sample_site_reader import (
    KINDS,
    MONTHS,
    Page,
    by_country,
    discover,
    number,
    read_index,
    read_release,
    selector_targets,
)

ROUNDING = 0.05  # half of the printed 0.1
PACKAGE = Path(sample_site.__file__).parent


def all_months() -> list[str]:
    return sample_site.month_range(sample_site.SITE_FIRST_MONTH, sample_site.SITE_LAST_MONTH)


def release_months() -> list[str]:
    """January is its own release in 2018 and 2019; folded into February 2020-2025; unpublished in 2026."""
    return [month for month in all_months() if not month.endswith("-01") or month < "2020"]


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(sample_site_build):
    return sample_site_build


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def links(site_dir) -> dict[tuple[str, int, str, str], Path]:
    return discover(site_dir)


@pytest.fixture(scope="session")
def pages(sample_site_pages) -> dict[tuple[str, int, str, str], Page]:
    return sample_site_pages


# --- what is published, and where ------------------------------------------------------------------


def test_build_publishes_every_table_currency_and_release(built, links, site_dir, bulletin_site_pages):
    _, summary = built
    months = release_months()
    assert len(months) == 12 + 12 + 6 * 11 + 9
    assert (summary.preliminary_pages, summary.image_pages) == (792, 24) == (8 * len(months), 24)
    expected = {
        ("preliminary", section, currency, month)
        for month in months
        for section in (1, 4, 5, 6)
        for currency in ("CNY", "USD")
    }
    assert set(links) == expected
    # Every page is linked from an index, once: the Preliminary Release's and the Monthly Bulletin's tables.
    linked = sorted([*links.values(), *bulletin_site_pages.links.values()])
    assert linked == sorted((site_dir / "Statics").glob("*.html"))  # no orphans, no duplicates
    assert summary.release_pages == summary.preliminary_pages + summary.bulletin_pages == len(linked)
    assert summary.index_pages == 18


def test_the_sample_site_names_its_vocabularies_from_the_contracts():
    """Release kinds, currencies and sections have one home: the contracts, never a copy."""
    from customs_wh.sample_site import conventions, releases, render_index

    assert releases.CURRENCIES is conventions.CURRENCIES is render_index.CURRENCIES is contracts.CURRENCIES
    assert (
        releases.TOTALS_AND_COUNTRY_SECTIONS is contracts.TOTALS_AND_COUNTRY_SECTIONS
        and releases.COMMODITY_SECTIONS is contracts.COMMODITY_SECTIONS
    )
    assert sample_site.PUBLISHED_SECTIONS == contracts.TOTALS_AND_COUNTRY_SECTIONS + contracts.COMMODITY_SECTIONS
    vocabularies = {
        "RELEASE_KINDS",
        "CURRENCIES",
        "TOTALS_AND_COUNTRY_SECTIONS",
        "COMMODITY_SECTIONS",
        "COMMODITY_FLOWS",
    }
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            names = {target.id for target in targets if isinstance(target, ast.Name)}
            assert not names & vocabularies, f"{path.name} declares {names & vocabularies} again"


# --- index pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["preliminary", "monthly"])
def test_year_pages_are_the_targets_of_the_year_selector_script(site_dir, slug):
    html = (site_dir / "statics" / "report" / f"{slug}.html").read_text(encoding="utf-8")
    root = lxml.html.fromstring(html)
    assert root.xpath(f'//select[@id="{slug}sel"]/option/@value') == [str(y) for y in range(2026, 2017, -1)]
    targets = selector_targets(site_dir, slug)
    # The real script's order (2019 after 2021), the current year on the unsuffixed page.
    assert list(targets) == [2018, 2020, 2021, 2019, 2022, 2023, 2024, 2025, 2026]
    assert targets[2026] == site_dir / "statics" / "report" / f"{slug}.html"
    for year in range(2018, 2026):
        assert targets[year] == site_dir / "statics" / "report" / f"{slug}{year}.html"
        assert targets[year].is_file()
    assert f'location.replace("{sample_site.ORIGIN_PLACEHOLDER}/statics/report/{slug}2018.html")' in html
    assert sorted(p.name for p in (site_dir / "statics" / "report").glob(f"{slug}*.html")) == sorted(
        p.name for p in targets.values()
    )


def test_index_pages_print_the_real_rows_and_links(site_dir, gacc_pages):
    ours = (site_dir / "statics/report/preliminary.html").read_text(encoding="utf-8")
    real = (gacc_pages / "index_2026.html").read_text(encoding="utf-8")

    def labels(html: str) -> list[str]:
        root = lxml.html.fromstring(html)
        return [
            tr.xpath("./td")[0].text_content()
            for tr in root.xpath('//div[contains(@class, "nr-n-content-detail")]//table/tbody/tr')
        ]

    assert labels(ours) == labels(real)  # (1)..(6) x 2 with (3) saying "by Trade Mode" like (2), then (7), (8)
    # The month cells as the real ones: " Feb." links, <span> months, "</br>" after June.
    assert "</br><span>Jul.</span>" in real and "</br><a href=" in ours
    links = re.findall(r"<a href=([^ >]+)> (\w+)\.</a>", ours)
    assert links and all(href.startswith(sample_site.ORIGIN_PLACEHOLDER + "/Statics/") for href, _ in links)
    assert not re.search(r'<a href="', ours.split("<tbody>")[1].split("</tbody>")[0])  # unquoted, like the real ones
    # 2026: no January release, February to October published.
    assert {month for _, month in links} == {"Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"}
    assert re.search(
        r"<td>\(7\) Statistics Bulletin on Freight Supervision</td><td>(<span>\w+\.</span>(</br>)?){12}</td>", ours
    )


def test_both_indexes_say_monthly_bulletin_and_differ_where_the_real_ones_do(site_dir):
    def read(name: str):
        return lxml.html.fromstring((site_dir / "statics" / "report" / name).read_bytes())

    preliminary, bulletin = read("preliminary2024.html"), read("monthly2024.html")
    current = read("monthly.html")
    for root in (preliminary, bulletin, current):
        assert root.xpath("//title")[0].text_content() == "News - Newsroom - GACC"
        assert root.xpath('//a[@class="g-pth-cur"]')[0].text_content() == "Monthly Bulletin"
        assert "not GACC figures" in root.xpath('//div[@class="atcl-note"]')[0].text_content()
    assert preliminary.xpath("//select/@id") == ["preliminarysel"] and bulletin.xpath("//select/@id") == ["monthlysel"]
    assert "Preliminary" in preliminary.xpath('//li[@class="preliactive"]')[0].text_content()
    assert "Monthly Bulletin" in bulletin.xpath('//li[@class="preliactive"]')[0].text_content()
    sentence = '//div[contains(@class, "nr-n-content-detail")]/div[1]'
    assert preliminary.xpath(sentence)[0].text_content().startswith("Due to data verification")
    # The real 2026 Bulletin index says it; the real 2018 index (a peer's copy) does not.
    assert current.xpath(sentence)[0].text_content().startswith("Latest monthly statistics may differ")
    assert bulletin.xpath(sentence)[0].get("class") == "m-report-title"


def test_january_has_its_own_release_only_in_2018_and_2019(site_dir, pages):
    for year in range(2018, 2027):
        index = read_index(selector_targets(site_dir, "preliminary")[year])
        months = {month for (_, _, month) in index}
        assert (1 in months) == (year <= 2019), year
        assert 2 in months
    assert pages[("preliminary", 1, "USD", "2019-02")].columns == 6  # an ordinary February
    for year in range(2020, 2026):
        page = pages[("preliminary", 4, "CNY", f"{year}-02")]
        assert page.columns == 7 and "January" in page.title and "February" in page.title, year
    page = pages[("preliminary", 4, "CNY", "2026-02")]
    assert page.columns == 10 and page.headers[1][1:3] == ["2", "1- to-2"]  # 2026: month and cumulative


# --- titles, dates, units ----------------------------------------------------------------------------------


def test_titles_are_printed_three_times_alike(pages):
    for key, page in pages.items():
        assert page.title_tag == page.title, key
        assert page.table_title in ("", page.title), key
        if page.download:
            assert page.download[1] == page.title, key


def test_titles_vary_as_the_real_ones_did(pages):
    def title(kind: str, section: int, currency: str, month: str) -> str:
        return pages[(kind, section, currency, month)].title

    assert title("preliminary", 4, "CNY", "2018-01") == (
        "China's Total Value of Imports and Exports by Major Country (Region), Jan. 2018"
    )  # the real January 2018 page
    assert all(not page.title.startswith("(") for (_, _, _, month), page in pages.items() if month < "2019")
    assert title("preliminary", 4, "CNY", "2018-06").endswith("June 2018 (in RMB)")
    assert title("preliminary", 1, "CNY", "2018-08").endswith("August 2018 (Only August, in CNY)")
    assert title("preliminary", 4, "USD", "2020-02").startswith("(3) ")  # misnumbered, as the real one
    assert (
        title("preliminary", 5, "CNY", "2019-05")
        == "(5) China's Major Exports by Quantity and Value, May 2019 (in CNY)"
    )
    assert (
        title("preliminary", 5, "USD", "2025-04")
        == "(5) China's Major Exports by Quantity and Value, April 2025 (in USD)"
    )
    assert title("preliminary", 4, "CNY", "2026-03") == (
        "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"
    )
    assert title("preliminary", 4, "CNY", "2025-02").endswith("January-February 2025 (in CNY)")
    assert title("preliminary", 1, "USD", "2026-02").endswith("Feb 2026(in USD)")
    for (_, section, _, month), page in pages.items():
        if month >= "2019" and (section, month) != (4, "2020-02"):
            assert page.title.startswith(f"({section}) "), page.title


def test_publication_dates_are_printed_in_each_eras_format(pages):
    def printed(key: tuple[str, int, str, str]) -> dt.date:
        text, year = pages[key].published, int(key[3][:4])
        layout = "%d/%m/%Y" if year == 2018 else "%m/%d/%Y" if year == 2019 else "%Y/%m/%d"
        return dt.datetime.strptime(text, layout).date()

    assert pages[("preliminary", 4, "CNY", "2018-01")].published == "03/08/2018"  # day first, as the real page
    assert pages[("preliminary", 5, "CNY", "2019-05")].published == "06/10/2019"  # month first: 10 June
    assert pages[("preliminary", 4, "CNY", "2026-03")].published == "2026/04/08"
    assert pages[("preliminary", 4, "CNY", "2025-02")].published == "2025/03/11"
    for key in pages:
        kind, section, currency, month = key
        published = printed(key)
        if month != "2018-01":  # the real January 2018 page was stamped in August
            assert published.strftime("%Y-%m") == sample_site.shift_month(month, 1) and 7 <= published.day <= 14, key


def test_units_per_table_and_currency(pages):
    for key, page in pages.items():
        kind, section, currency, month = key
        if page.image:
            continue
        if section == 1:
            expected = f"Unit: {currency} 100 Million"
        elif key == ("preliminary", 4, "CNY", "2025-06"):
            expected = "Unit: USD1 Million"  # the self-contradicting page
        else:
            expected = "Unit: CNY 100 Million" if currency == "CNY" else "Unit: USD1 Million"
            if section in (5, 6) and month < "2020":
                expected = "Value " + expected  # the real May 2019 page
        assert page.unit == expected, key
        in_td = "<span>" not in page.unit_cell
        assert in_td == (kind == "preliminary" and section == 4 and month in ("2025-08", "2025-09")), key


def test_every_page_says_it_is_synthetic(pages, site_dir):
    for key, page in pages.items():
        assert page.note == sample_site.SYNTHETIC_NOTE, key
    assert sample_site.SYNTHETIC_NOTE in (site_dir / "index.html").read_text(encoding="utf-8")


# --- tables by country (4) -----------------------------------------------------------------------------------


def test_2018_tables_by_country_are_pictures(pages):
    pictures = {key: page for key, page in pages.items() if page.image}
    assert {(key[1], key[3][:4]) for key in pictures} == {(4, "2018")}
    assert len(pictures) == 24  # 12 months x 2 currencies
    for (_, _, currency, _), page in pictures.items():
        assert page.columns == 0 and page.unit == "" and not page.rows
        assert page.image == ("\\Excel\\4-RMB.png" if currency == "CNY" else "\\Excel\\4-USD.png")
        assert "<img src ='\\Excel\\4-" in page.html
    assert all(
        pages[(kind, s, c, "2018-05")].rows for kind in KINDS.values() for s in (1, 5, 6) for c in ("CNY", "USD")
    )


def test_the_self_contradicting_june_2025_page(pages):
    bad = pages[("preliminary", 4, "CNY", "2025-06")]
    usd = pages[("preliminary", 4, "USD", "2025-06")]
    assert bad.title.endswith("June 2025 (in CNY)") and bad.unit == "Unit: USD1 Million"
    assert bad.rows == usd.rows  # USD figures under a CNY title
    assert "美元" in bad.download[0]  # and the USD edition's spreadsheet
    assert sum(1 for page in pages.values() if page.title.endswith("(in CNY)") and "USD" in page.unit) == 1


def test_single_bad_pages_sit_where_the_real_ones_did(pages):
    def where(predicate) -> set[tuple[str, int, str, str]]:
        return {key for key, page in pages.items() if predicate(page)}

    assert where(lambda page: "-EndFragment--&gt;" in page.html) == {
        ("preliminary", 5, "USD", "2025-04"),
        ("preliminary", 5, "CNY", "2025-05"),
    }
    assert where(lambda page: re.search(r'class="atcl-cnt"[^>]*><br />', page.html)) == {
        ("preliminary", 5, "CNY", "2019-05")
    }
    assert where(lambda page: page.title.startswith("(3)")) == {
        ("preliminary", 4, "CNY", "2020-02"),
        ("preliminary", 4, "USD", "2020-02"),
    }
    assert where(lambda page: page.unit_cell and "<span>" not in page.unit_cell) == {
        ("preliminary", 4, currency, month) for currency in ("CNY", "USD") for month in ("2025-08", "2025-09")
    }


# --- builds: deterministic, independent of their span -------------------------------------------------------


def test_two_builds_are_byte_identical(site_dir, tmp_path):
    again = tmp_path / "again"
    sample_site.build_site(again)
    assert tree_digest(again) == tree_digest(site_dir)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(all_months()), length=st.integers(min_value=0, max_value=14))
def test_a_months_page_never_depends_on_the_span_of_the_build(site_dir, tmp_path_factory, first, length):
    last = min(sample_site.shift_month(first, length), sample_site.SITE_LAST_MONTH)
    shorter = tmp_path_factory.mktemp("span") / "site"
    summary = sample_site.build_site(shorter, first_month=first, last_month=last)
    written = sorted((shorter / "Statics").glob("*.html"))
    assert len(written) == summary.release_pages
    for page in written:
        assert page.read_bytes() == (site_dir / "Statics" / page.name).read_bytes(), page.name
    newest = int(last[:4])
    assert (shorter / "statics/report/preliminary.html").read_text(encoding="utf-8").count("<option value=") == (
        newest - int(first[:4]) + 1
    )


def test_rebuilding_into_the_same_directory_drops_pages_of_the_old_span(tmp_path):
    site = tmp_path / "site"
    sample_site.build_site(site, first_month="2023-01", last_month="2024-12")
    summary = sample_site.build_site(site, first_month="2024-06", last_month="2024-08")
    # June to August 2024: three preliminary months, and the Bulletin of June (two months behind), 19 tables
    assert len(list((site / "Statics").glob("*.html"))) == summary.release_pages == 8 * 3 + 19
    assert not (site / "statics/report/monthly2023.html").exists()
    assert (site / "statics/report/monthly.html").is_file()


@pytest.mark.parametrize(
    "span",
    [
        ("2017-06", "2018-05"),
        ("2018-01", "2027-01"),
        ("2020-05", "2020-04"),
        ("2020-13", "2021-01"),
        ("2020", "2021-01"),
    ],
)
def test_build_rejects_a_span_outside_the_model(tmp_path, span):
    with pytest.raises(ValueError, match="month"):
        sample_site.build_site(tmp_path / "site", first_month=span[0], last_month=span[1])


# --- serving ------------------------------------------------------------------------------------------------


def test_serve_puts_its_own_origin_in_the_absolute_links(site_dir, links):
    placeholder = sample_site.ORIGIN_PLACEHOLDER
    with sample_site.serve(site_dir) as base_url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        with httpx.Client(timeout=10) as client:
            index = client.get(f"{base_url}/statics/report/preliminary2024.html")
            assert index.status_code == 200 and 'id="preliminarysel"' in index.text
            assert placeholder not in index.text
            assert f'location.replace("{base_url}/statics/report/preliminary2019.html")' in index.text
            href = re.search(r"<a href=(\S+)> Mar\.</a>", index.text).group(1)
            assert href.startswith(f"{base_url}/Statics/")
            release = client.get(href)
            assert release.status_code == 200 and release.headers["content-type"].startswith("text/html")
            on_disk = (site_dir / href.removeprefix(base_url).lstrip("/")).read_bytes()
            # A release page names the host but never the port: its bytes (its vintage) are the
            # same whichever port serves it, so a second run lands nothing new.
            assert release.content == on_disk.replace(placeholder.encode(), RELEASE_PAGE_ORIGIN)
            assert int(release.headers["content-length"]) == len(release.content)
            with sample_site.serve(site_dir) as other_url:  # open at once: another port
                assert other_url != base_url
                assert client.get(f"{other_url}{href.removeprefix(base_url)}").content == release.content
            assert client.get(f"{base_url}/Statics/no-such-release.html").status_code == 404
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base_url}/statics/report/preliminary.html", timeout=2)
    assert placeholder.encode() in (site_dir / "statics/report/preliminary.html").read_bytes()
    assert not any(b"127.0.0.1" in path.read_bytes() for path in list(links.values())[:50])


def test_serve_forever_answers_until_interrupted(site_dir):
    # A child with its own default SIGINT handling, as a terminal would give it.
    script = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from customs_wh import sample_site\n"
        "sample_site.serve_forever(sys.argv[1], 0)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(site_dir)], stderr=subprocess.PIPE, text=True)
    try:
        banner = child.stderr.readline()
        base_url = re.search(r"http://127\.0\.0\.1:\d+", banner).group(0)
        answer = httpx.get(f"{base_url}/statics/report/monthly.html", timeout=10)
        assert answer.status_code == 200 and f"{base_url}/Statics/" in answer.text
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_serve_refuses_a_directory_that_is_not_a_built_site(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a built sample site"), sample_site.serve(tmp_path):
        pass


def test_months_are_named_as_on_the_index(pages):
    """Every linked month has a page whose title names that month (or, July 2018, no month at all)."""
    for (_, _section, _, month), page in pages.items():
        year, number_ = int(month[:4]), int(month[5:])
        names = (MONTHS[number_ - 1], "January-February", "January–February", str(year))
        assert any(name in page.title for name in names) or month == "2018-07", page.title


# --- the page-damaging helpers of the quality tests work on this markup --------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        ("preliminary", 4, "USD", "2026-10"),
        ("preliminary", 4, "CNY", "2025-02"),
        ("preliminary", 4, "USD", "2025-08"),
        ("preliminary", 1, "USD", "2026-10"),
        ("preliminary", 1, "CNY", "2024-02"),
        ("preliminary", 5, "CNY", "2026-05"),
        ("preliminary", 6, "USD", "2025-05"),
        ("preliminary", 5, "USD", "2019-05"),
    ],
)
def test_site_edits_find_and_change_the_printed_figures(pages, key):
    page = pages[key]
    label = {1: edits.TOTAL_EXPORT, 4: "of which: Germany", 5: "Mobile phones", 6: "Soya beans"}[key[1]]
    if key[3] < "2020" and key[1] == 5:
        label = "Electronic Integrated Circuits"
    cells = page.rows[label][1:] if key[1] in (5, 6) else page.rows[label]  # past the quantity unit
    printed = [number(cell) for cell in cells if number(cell) is not None]
    assert edits.row_values(page.html, label) == printed
    edited = edits.edit_row(page.html, label, {1: lambda value: value + 1000})
    assert edits.row_values(edited, label)[1] == pytest.approx(printed[1] + 1000)
    assert read_edited(page, edited).rows[label] != page.rows[label]
    shorter = edits.remove_row(page.html, label)
    assert label not in read_edited(page, shorter).rows and len(read_edited(page, shorter).rows) == len(page.rows) - 1
    assert "Unit: USD 10 Million" in edits.replace_unit(page.html, "Unit: USD 10 Million")
    if key[1] == 4:
        raised = read_edited(page, edits.raise_flow(page.html, "Japan", "import", 50.0))
        for period in ("ytd",) if page.is_january_february else ("month", "ytd"):
            total = by_country(raised, "Japan", "export", period) + by_country(raised, "Japan", "import", period)
            assert total == pytest.approx(by_country(raised, "Japan", "total", period), abs=3 * ROUNDING)
        assert by_country(raised, "Japan", "import", "ytd") == pytest.approx(
            by_country(page, "Japan", "import", "ytd") + 50.0
        )


def read_edited(page: Page, html: str) -> Page:
    path = page.path.with_name("edited-" + page.path.name)
    path.write_text(html, encoding="utf-8")
    try:
        return read_release(path)
    finally:
        path.unlink()
