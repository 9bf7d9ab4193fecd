"""The report's small pure parts, with generated inputs: sentences, gaps, alert rows, workbook layout, sources."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from customs_wh.reporting import facts, headlines, vega_bundle
from customs_wh.reporting.alert_view import AlertView, observed_lines, split_observed
from customs_wh.reporting.notice import Publication, notice_text
from customs_wh.warehouse.export import EXCEL_MAX_ROWS, PERCENT_FORMAT, number_format, sheet_names

amounts = st.floats(min_value=-5000, max_value=5000, allow_nan=False).filter(lambda v: abs(v) > 0.05)
months = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2030, 12, 1)).map(lambda d: d.replace(day=1))


@given(amounts, st.floats(min_value=-99, max_value=500, allow_nan=False))
def test_balance_words_follow_the_signs(balance, growth):
    assert headlines.balance_word(balance) == ("surplus" if balance >= 0 else "deficit")
    phrase = headlines.more_or_less(growth)
    assert phrase == f"{abs(growth):.1f}% {'more' if growth >= 0 else 'less'}"
    assert headlines.usd_bn(abs(balance)) == f"USD {abs(balance):,.1f} bn"


@given(months)
def test_month_span_names_the_combined_january_february_release(end):
    assert headlines.month_span(end, end) == f"{end:%B %Y}"
    if end.month == 2:
        assert headlines.month_span(end.replace(month=1), end) == f"January–February {end.year}"


gap_rows = st.lists(
    st.tuples(
        months,
        st.sampled_from([1, 4, 5, 6]),
        st.sampled_from(["CNY", "USD"]),
        st.sampled_from(["published_as_image", "quarantined"]),
        st.sampled_from(["", "table printed as an image", "parse error"]),
    ),
    max_size=40,
    unique_by=lambda row: (row[0], row[1], row[2]),
)


def _expand(gap: facts.Gap) -> set[tuple]:
    out, month = set(), gap.first_month
    while month <= gap.last_month:
        out |= {(month, gap.section, currency, gap.kind, gap.reason) for currency in gap.currencies}
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


@given(gap_rows)
def test_gaps_group_into_runs_that_cover_exactly_the_tables_without_numbers(rows):
    gaps = facts.group_gaps(rows)
    covered = set().union(*(_expand(gap) for gap in gaps)) if gaps else set()
    assert covered == set(rows)
    assert all(gap.first_month <= gap.last_month for gap in gaps)
    assert all(gap.text.startswith(f"{gap.first_month:%Y-%m}") for gap in gaps)


failing_row = st.from_regex(r"[a-z_]{1,8}=[A-Za-z0-9.,-]{1,10}(, [a-z_]{1,8}=[A-Za-z0-9.-]{1,8}){0,3}", fullmatch=True)


@given(st.lists(failing_row, min_size=1, max_size=12), st.integers(min_value=0, max_value=50))
def test_failing_rows_come_back_out_of_the_observation(rows, more):
    observed = f"{len(rows) + more} failing: " + "; ".join(rows) + (f" (+{more} more)" if more else "")
    count, parsed = split_observed(observed)
    assert count == len(rows) + more and parsed == rows
    view = AlertView(
        dt.datetime(2026, 1, 1),
        "warning",
        None,
        "c",
        observed,
        "e",
        "m",
        "r",
        "id",
        failing_count=count,
        failing_rows=parsed,
    )
    lines = observed_lines(view, rows_shown=3)
    assert lines[0] == f"{count} failing row(s):"
    assert len(lines) == 1 + min(3, len(rows)) + (1 if count > min(3, len(rows)) else 0)


def test_an_observation_that_is_not_rows_is_shortened():
    count, rows = split_observed("x" * 1000)
    assert (count, rows) == (None, [])
    view = AlertView(dt.datetime(2026, 1, 1), "critical", None, "c", "x" * 1000, "e", "m", None, "id")
    (line,) = observed_lines(view, 5)
    assert len(line) <= 320 and line.endswith("…")


@given(st.integers(min_value=0, max_value=5 * EXCEL_MAX_ROWS), st.text(min_size=1, max_size=60))
def test_sheet_names_fit_excel(rows, table):
    names = sheet_names(table, rows)
    assert len(names) == max(1, -(-rows // EXCEL_MAX_ROWS))
    assert all(len(name) <= 31 for name in names) and len(set(names)) == len(names)


def test_number_formats_for_amounts_and_percentages():
    assert number_format("balance_usd") == "#,##0"
    assert number_format("share_pct") == PERCENT_FORMAT
    assert number_format("share_change_pp").startswith("+0.00")
    assert number_format("partner_name") is None


def test_sources_from_page_hosts():
    assert facts.classify_host("english.customs.gov.cn") == "gacc"
    assert facts.classify_host("127.0.0.1:44137") == "sample"
    assert facts.classify_host("[::1]:8080") == "sample"
    assert facts.classify_host("localhost") == "sample"
    assert facts.classify_host("mirror.example.org") == "other"


@given(
    balance=amounts,
    prior=amounts,
    pages=st.integers(0, 800),
    warnings=st.integers(0, 20),
    synthetic=st.booleans(),
)
def test_the_notice_says_month_balance_pages_warnings_and_report(balance, prior, pages, warnings, synthetic):
    growth = 100 * (balance / prior - 1)
    pub = Publication(
        "run-1", dt.date(2026, 10, 1), dt.date(2026, 10, 1), balance, prior, growth, pages, 2, 7, warnings, 0, synthetic
    )
    subject, text, details = notice_text(pub, report=None)
    assert "October 2026" in subject and text.startswith("customs-wh published China's trade through October 2026")
    assert f"{headlines.balance_word(balance)} USD {abs(balance):,.1f} bn" in text
    assert f"{pages} new page(s), 2 of them revising" in text and f"{warnings} warning(s)" in text
    assert ("synthetic" in text) == synthetic and "(run run-1)" in text
    assert any(line.startswith("report:") for line in details)


def test_the_kept_bundle_declares_the_versions_altair_writes_for():
    import altair

    assert vega_bundle.versions()["vega_lite"] == altair.SCHEMA_VERSION.lstrip("v")
    assert "window.vegaEmbed" in vega_bundle.bundle()
