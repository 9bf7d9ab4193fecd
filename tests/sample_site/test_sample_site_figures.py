"""The sample site's preliminary tables (1) and (4): layout, arithmetic and the calibration, read from the pages.

The calibration expectations are the figures the README publishes for the sample site (the
design's calibration table), measured on the printed pages; nothing here is GACC's own figure
except the two real pages the partner mix is compared with.
"""

from __future__ import annotations

import re

import pytest

from customs_wh import sample_site
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_releases import COMBINED_FEBRUARY
from customs_wh.sample_site.calibration import WORLD_PRELIMINARY_REVISIONS
from customs_wh.sample_site.series import revisions_for
from sample_site_reader import Page, by_country, figures_currency, read_release, totals

ROUNDING = 0.05  # half of the printed 0.1

SPEC_PARTNERS = (
    "Total",
    "European Union",
    "of which: Germany",
    "Netherlands",
    "France",
    "Italy",
    "United States (US)",
    "ASEAN",
    "of which: Vietnam",
    "Malaysia",
    "Thailand",
    "Singapore",
    "Indonesia",
    "Philippines",
    "Japan",
    "Hong Kong, China",
    "R. O. Korea",
    "Taiwan, China",
    "Australia",
    "Russian Federation",
    "India",
    "United Kingdom (UK)",
    "Canada",
    "New Zealand",
    "Latin America",
    "of which: Brazil",
    "Africa",
    "of which: South Africa",
    "Regional Comprehensive Economic Partnership",
    "Jointly build the countries along Belt and Road Routes",
)
GROUP_MEMBERS = {
    "European Union": ("of which: Germany", "Netherlands", "France", "Italy"),
    "ASEAN": ("of which: Vietnam", "Malaysia", "Thailand", "Singapore", "Indonesia", "Philippines"),
    "Latin America": ("of which: Brazil",),
    "Africa": ("of which: South Africa",),
}
TOTALS_ROWS = ("Total Export & Import", "Total Export", "Total Import", "Export-Import Balance")
FLOW_ROWS = {"total": "Total Export & Import", "export": "Total Export", "import": "Total Import"}


@pytest.fixture(scope="session")
def pages(sample_site_pages) -> dict[tuple[str, int, str, str], Page]:
    return sample_site_pages


@pytest.fixture(scope="session")
def country_pages(pages) -> dict[tuple[str, int, str, str], Page]:
    """Tables by country printed as tables (2018's are pictures)."""
    return {key: page for key, page in pages.items() if key[1] == 4 and page.image is None}


# --- tables by country (4) ---------------------------------------------------------------------------------


def test_table_by_country_layout(country_pages):
    for key, page in country_pages.items():
        number_ = int(key[3][5:])
        assert list(page.rows) == list(SPEC_PARTNERS), key
        assert page.columns == (7 if page.is_january_february else 10)
        assert page.headers[0][0] == "Import Source" and page.headers[1][0] == "Export Destination"
        assert page.headers[0][-1] == f"1-to-{number_} Total Year-on-Year (±%)"
        if not page.is_january_february:
            assert page.headers[1][1:7] == [str(number_), f"1- to-{number_}"] * 3
        assert all(len(values) == page.columns - 1 for values in page.rows.values())


def test_partner_labels_are_indented_like_the_real_pages(pages, gacc_pages):
    ours = pages[("preliminary", 4, "CNY", "2025-03")].html
    real = (gacc_pages / "section4_by_country_2026-03_cny.html").read_text(encoding="utf-8")
    label_pattern = re.compile(r"<span>((?:&nbsp;)*(?:of which: )?[A-Z][^<]*?(?:&nbsp;)?)</span>")
    names = {p.replace("of which: ", "") for p in SPEC_PARTNERS}
    real_labels = [m for m in label_pattern.findall(real) if m.replace("&nbsp;", "").replace("of which: ", "") in names]
    assert len(real_labels) == 30
    assert [m for m in label_pattern.findall(ours) if m in real_labels] == real_labels


def test_usd_tables_by_country_print_usd_million_and_the_totals_table_usd_100_million(pages, country_pages):
    for (kind, _, currency, month), page in country_pages.items():
        world = pages[(kind, 1, figures_currency(page), month)]
        scale = 100 if figures_currency(page) == "USD" else 1
        for flow, item in FLOW_ROWS.items():
            assert by_country(page, "Total", flow, "ytd") == pytest.approx(
                scale * totals(world, item, "ytd"), abs=scale * ROUNDING + ROUNDING
            ), (kind, currency, month, flow)


def test_export_plus_import_equals_total_on_every_row(country_pages):
    for key, page in country_pages.items():
        for label in page.rows:
            for period in ("ytd",) if page.is_january_february else ("month", "ytd"):
                gap = sum(by_country(page, label, flow, period) for flow in ("export", "import")) - by_country(
                    page, label, "total", period
                )
                assert abs(gap) <= 3 * ROUNDING + 1e-9, (key, label, period, gap)


def test_group_members_never_exceed_their_group(country_pages):
    for key, page in country_pages.items():
        figures = 3 if page.is_january_february else 6  # the year-on-year % need not add up
        for group, members in GROUP_MEMBERS.items():
            for position in range(figures):
                members_sum = sum(page.values(member)[position] for member in members)
                assert members_sum <= page.values(group)[position] + len(members) * ROUNDING, (key, group)
        total = page.values("Total")[:figures]
        for label in page.rows:
            assert all(v <= t + ROUNDING for v, t in zip(page.values(label)[:figures], total, strict=True)), (
                key,
                label,
            )


def revised(month: str) -> bool:
    """Whether the Bulletin of ``month`` corrected what its preliminary release printed."""
    return bool(revisions_for(month)) or any(key[0] == month for key in WORLD_PRELIMINARY_REVISIONS)


def test_month_values_add_up_to_the_year_to_date(country_pages):
    """ytd(m) = ytd(m-1) + month(m): a release of m builds on m-1 as the Bulletin corrected it, so the
    preliminary page of m-1 agrees wherever that Bulletin corrected nothing."""
    checked = 0
    for (_kind, _, currency, month), page in country_pages.items():
        before = sample_site.shift_month(month, -1)
        previous = country_pages.get(("preliminary", 4, currency, before))
        if month.endswith("-01") or previous is None or figures_currency(previous) != figures_currency(page):
            continue
        if revised(before):
            continue
        for label in SPEC_PARTNERS:
            for flow in ("total", "export", "import"):
                gap = by_country(page, label, flow, "ytd") - by_country(previous, label, flow, "ytd")
                assert abs(gap - by_country(page, label, flow, "month")) <= 3 * ROUNDING + 1e-9
                checked += 1
    assert checked > 10_000


def yoy_bounds(current: float, previous: float) -> tuple[float, float]:
    """The range of year-on-year % consistent with two printed (rounded) values."""
    low = ((current - ROUNDING) / (previous + ROUNDING) - 1) * 100
    high = ((current + ROUNDING) / (previous - ROUNDING) - 1) * 100
    return low - ROUNDING - 1e-9, high + ROUNDING + 1e-9


def test_ytd_year_on_year_matches_the_previous_years_pages(country_pages):
    checked = 0
    for (kind, _, currency, month), page in country_pages.items():
        a_year_before = sample_site.shift_month(month, -12)
        last_year = country_pages.get(("preliminary", 4, currency, a_year_before))
        if last_year is None or revised(a_year_before):
            continue
        if figures_currency(page) != currency or figures_currency(last_year) != currency:
            continue  # 2019 (2018's tables are pictures), and the page with another currency's figures
        for label in SPEC_PARTNERS:
            for flow in ("total", "export", "import"):
                low, high = yoy_bounds(by_country(page, label, flow, "ytd"), by_country(last_year, label, flow, "ytd"))
                assert low <= by_country(page, label, flow, "yoy") <= high, (kind, currency, month, label, flow)
                checked += 1
    assert checked > 10_000


def test_cny_and_usd_editions_agree_through_a_plausible_rate(country_pages):
    for (kind, _, currency, month), usd in country_pages.items():
        if currency != "USD":
            continue
        cny = country_pages[(kind, 4, "CNY", month)]
        if figures_currency(cny) != "CNY":
            continue
        rate = 100 * by_country(cny, "Total", "total", "ytd") / by_country(usd, "Total", "total", "ytd")
        assert 6.3 <= rate <= 7.3, (kind, month, rate)
        if not usd.is_january_february:
            month_rate = by_country(cny, "Total", "export", "month") / by_country(usd, "Total", "export", "month")
            for label in SPEC_PARTNERS:
                value = by_country(usd, label, "export", "month")
                if value > 20_000:
                    assert by_country(cny, label, "export", "month") / value == pytest.approx(month_rate, rel=0.002)


# --- the totals table (1) -----------------------------------------------------------------------------------


def test_totals_table_layout(pages):
    for (_kind, section, _currency, month), page in pages.items():
        if section != 1:
            continue
        assert list(page.rows) == list(TOTALS_ROWS)
        plus_minus = "±" if month >= "2025" else "+/-"
        if page.is_january_february:
            assert page.headers == [["Item", "January-February", f"Year-on-Year {plus_minus} %"]]
            assert page.rows["Export-Import Balance"][1] == "-"
        else:
            number_ = str(int(month[5:]))
            assert page.headers == [
                ["Item", number_, f"1-to-{number_}", number_, f"1-to-{number_}"],
                [f"Month-on-Month {plus_minus} %", f"Year-on-Year {plus_minus} %", f"Year-on-Year {plus_minus} %"],
            ]
            assert page.rows["Export-Import Balance"][2:] == ["-", "-", "-"]
        assert page.notes == [
            "Note: Export-Import Balance plus indicates export more than import and minus indicates export less than "
            "import."
        ]
        for period in ("ytd",) if page.is_january_february else ("month", "ytd"):
            balance = totals(page, "Total Export", period) - totals(page, "Total Import", period)
            assert abs(totals(page, "Export-Import Balance", period) - balance) <= 3 * ROUNDING + 1e-9


def test_totals_month_on_month_follows_the_previous_month(pages):
    checked = 0
    for (kind, section, currency, month), page in pages.items():
        previous = pages.get(("preliminary", 1, currency, sample_site.shift_month(month, -1)))
        if section != 1 or page.is_january_february or previous is None or previous.is_january_february:
            continue
        for item in FLOW_ROWS.values():
            low, high = yoy_bounds(totals(page, item, "month"), totals(previous, item, "month"))
            assert low <= totals(page, item, "mom") <= high, (kind, currency, month, item)
            checked += 1
    assert checked > 400


# --- calibration (the figures the README publishes for the sample site) ------------------------------------------


def test_calibration_figures_print_exactly(pages):
    """The preliminary vintage; the Bulletin's in test_sample_site_bulletin_figures.py."""
    kind = "preliminary"
    dec_2024 = pages[(kind, 1, "USD", "2024-12")]
    assert totals(dec_2024, "Total Export", "ytd") == 35800.0
    assert totals(dec_2024, "Total Import", "ytd") == 25900.0
    assert totals(dec_2024, "Export-Import Balance", "ytd") == 9900.0
    assert totals(dec_2024, "Export-Import Balance", "month") == 1048.0
    dec_2025 = pages[(kind, 1, "USD", "2025-12")]
    # GACC's preliminary December 2025 exports, USD 3,771,873.3 million; the Bulletin verified 3,771,842.4
    assert totals(dec_2025, "Total Export", "ytd") == 37718.7
    assert by_country(pages[(kind, 4, "USD", "2025-12")], "Total", "export", "ytd") == 3_771_873.3
    balance_bn = round(totals(dec_2025, "Export-Import Balance", "ytd") / 10, 1)
    assert balance_bn == 1188.0 and round((balance_bn / 990.0 - 1) * 100, 1) == 20.0
    by_country_2024 = pages[(kind, 4, "USD", "2024-12")]
    assert by_country(by_country_2024, "Total", "export", "ytd") == 3_580_000.0  # USD million


def test_exports_to_the_united_states_fall_about_17_percent_in_2025(pages):
    dec_2024 = pages[("preliminary", 4, "USD", "2024-12")]
    dec_2025 = pages[("preliminary", 4, "USD", "2025-12")]
    us = "United States (US)"
    change = by_country(dec_2025, us, "export", "ytd") / by_country(dec_2024, us, "export", "ytd") - 1
    assert change * 100 == pytest.approx(-17.0, abs=0.1)
    assert by_country(dec_2025, us, "export", "yoy") == -17.0
    for growing in ("ASEAN", "Africa", "Latin America"):
        assert by_country(dec_2025, growing, "export", "yoy") > 0, growing

    def us_share(page: Page) -> float:
        return by_country(page, us, "export", "ytd") / by_country(page, "Total", "export", "ytd")

    assert us_share(dec_2025) < us_share(dec_2024) - 0.02


def test_partner_mix_is_near_the_real_pages(pages, gacc_pages):
    real = {
        "2025-02": read_release(gacc_pages / "section4_by_country_2025-02_janfeb_cny.html"),
        "2026-03": read_release(gacc_pages / "section4_by_country_2026-03_cny.html"),
    }
    assert by_country(real["2026-03"], "Total", "export", "ytd") == 68466.7  # the reader reads the real pages right
    assert by_country(real["2025-02"], "Total", "import", "ytd") == 26551.5

    def share(page: Page, label: str, flow: str) -> float:
        return by_country(page, label, flow, "ytd") / by_country(page, "Total", flow, "ytd")

    for month, real_page in real.items():
        ours = pages[("preliminary", 4, "CNY", month)]
        for label in SPEC_PARTNERS[1:]:
            for flow in ("export", "import"):
                # Real shares jump between the two pages (Hong Kong imports +323% in 2026):
                # a sample share near either real page is a realistic one.
                candidates = [share(page, label, flow) for page in (real_page, *real.values())]
                assert any(share(ours, label, flow) == pytest.approx(c, rel=0.4, abs=0.003) for c in candidates)
    early_2025 = pages[("preliminary", 4, "USD", "2025-02")]
    for label in ("United States (US)", "European Union", "ASEAN"):
        assert 0.13 <= share(early_2025, label, "export") <= 0.19, label
    assert by_country(early_2025, "Hong Kong, China", "export", "ytd") > 10 * by_country(
        early_2025, "Hong Kong, China", "import", "ytd"
    )
    for label in ("Taiwan, China", "R. O. Korea"):
        assert by_country(early_2025, label, "import", "ytd") > by_country(early_2025, label, "export", "ytd")


def test_other_years_are_plausible_and_seasonal(pages):
    exports_bn = {2018: 2487, 2019: 2499, 2020: 2590, 2021: 3363, 2022: 3594, 2023: 3380}
    for year, reference in exports_bn.items():
        december = pages[("preliminary", 1, "USD", f"{year}-12")]
        assert totals(december, "Total Export", "ytd") / 10 == pytest.approx(reference, rel=0.02), year
        february = pages[("preliminary", 1, "USD", f"{year}-02")]
        jan_feb_monthly = totals(february, "Total Export", "ytd") / 2
        assert jan_feb_monthly < totals(december, "Total Export", "month"), year  # the Chinese New Year dip
    assert 0 < totals(pages[("preliminary", 1, "USD", "2026-10")], "Total Export", "yoy_ytd") < 10


# --- the Monthly Bulletin's vintage: calibration and revisions (true figures: bulletin_figures) -------------------

BULLETIN_MONTHS = [month for month in sample_site.month_range("2018-01", "2026-08") if month != "2020-01"]
PRELIMINARY_MONTHS = {month for month in BULLETIN_MONTHS if not month.endswith("-01") or month < "2020"}
PRELIMINARY_IN_BULLETIN = {"LATAM": "Latin America", "AFRICA": "Africa"}  # the others share their codes


def bulletin_line(table: str, month: str, key: str):
    return bulletin_figures(table, month).line(key)


def bn(thousands: float) -> float:
    return round(thousands / 1e6, 1)


def test_the_bulletin_holds_the_seed_figures():
    december = bulletin_line("1B", "2024-12", "2024-12").measures
    assert (bn(december["export"].ytd), bn(december["import"].ytd)) == (3580.0, 2590.0)
    assert bn(december["balance"].ytd) == 990.0 and bn(december["balance"].month) == 104.8
    year_2025 = bulletin_line("1B", "2025-12", "2025-12").measures
    assert bn(year_2025["balance"].ytd) == 1188.0
    assert round((bn(year_2025["balance"].ytd) / 990.0 - 1) * 100, 1) == 20.0
    # GACC's December 2025 revision: exports USD 3,771,873.3 million in the preliminary, 3,771,842.4 verified
    assert round(year_2025["export"].ytd / 1000, 1) == 3_771_842.4
    assert bn(year_2025["export"].ytd) == 3771.8
    annual = bulletin_line("1A", "2025-12", "2025").measures
    assert annual["export"].ytd == pytest.approx(year_2025["export"].ytd)


def test_bulletin_pages_print_the_revised_december_2025(bulletin_site_pages):
    page = bulletin_site_pages("1B", "2025-12")
    cumulative_exports = page.row("2025.12").values()[5]  # Monthly: total, exports, imports, balance; then Cumulative
    assert round(cumulative_exports / 1000, 1) == 3_771_842.4
    country = bulletin_site_pages("2", "2025-12").row("TOTAL").values()
    assert country[3] == cumulative_exports  # table (2)'s TOTAL exports, January to December


@pytest.mark.parametrize(
    ("year", "reported"), [(2018, 478.4), (2019, 418.6), (2020, 451.8), (2021, 576.1), (2023, 500.3), (2024, 524.7)]
)
def test_exports_to_the_united_states_as_gacc_reported_them(bulletin_site_pages, year, reported):
    """GACC's table (2) (2018's preliminary tables by country are pictures) and the Bulletin of 2019-2024."""
    assert bn(bulletin_line("2", f"{year}-12", "USA").measures["export"].ytd) == reported
    printed = bulletin_site_pages("2", f"{year}-12").row("United States").values()[3]
    assert round(printed / 1e6, 1) == reported


def test_exports_to_the_united_states_fall_17_percent_in_the_bulletin_too():
    us_2025 = bulletin_line("2", "2025-12", "USA").measures["export"]
    assert round(us_2025.change, 1) == -17.0


def test_the_bulletin_revises_a_few_numbers_slightly_and_keeps_the_rest():
    """The Bulletin is the verified vintage: nearly all it prints rounds to what the preliminary printed (USD 0.1
    million); a few figures land one last digit away (the verified world's refinement), and about one Bulletin in
    ten corrects a partner or the world a little more."""
    revised_months, checked, differing = set(), 0, 0
    for month in BULLETIN_MONTHS:
        if month not in PRELIMINARY_MONTHS:
            continue
        preliminary = sample_site.release_figures(month, "preliminary", "USD")
        lines = {line.key: line for line in bulletin_figures("2", month).lines}
        for code, figures in preliminary.items():
            line = lines[PRELIMINARY_IN_BULLETIN.get(code, code)]
            for flow in ("export", "import"):
                # January-February 2020: both print the two months together, the preliminary as its
                # cumulative columns alone, so the months compare as January to February.
                for period in ("ytd",) if month == COMBINED_FEBRUARY else ("month", "ytd"):
                    verified = getattr(line.measures[flow], period) / 1000  # USD million
                    if code == "ASEAN" and month >= "2026":  # Timor-Leste joins ASEAN in the Bulletin's rows
                        verified -= getattr(lines["TLS"].measures[flow], period) / 1000
                    printed = round(getattr(figures, period)[flow] * 100, 1)  # the preliminary's USD million
                    gap = abs(verified - printed)
                    checked += 1
                    if gap <= 0.05 + 1e-6:
                        continue
                    differing += 1
                    if gap > 0.1 + 1e-6:
                        assert revised(month), (month, code, flow, period, gap)
                        assert gap < 0.03 * abs(printed), (month, code, flow, period, gap)
                        revised_months.add(month)
    assert checked > 10_000 and differing / checked < 0.03
    assert 4 <= len(revised_months) <= 20, sorted(revised_months)  # about one Bulletin in ten corrects anything
    assert "2025-12" in revised_months
