"""The Monthly Bulletin's table （1） A: Annually and B: Monthly: the sample site's pages, and pages
generated in every order of their flows, with overflowed cells and broken arithmetic.

No real page of table （1） is saved anywhere known (docs/conformance.md: ASSUMED); the generated
pages follow the sample site's layout, which follows two peers' readers of the real （1） B."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customs_wh.contracts import PageContext
from customs_wh.gacc.parse import parse_release
from customs_wh.gacc.parsing.page import ParseError

FLOW_LABELS = {"total": "Total", "export": "Exports", "import": "Imports", "balance": "Balance"}
OVERFLOW = "############"


def _cell(value) -> str:
    if isinstance(value, str):
        return f"<td>{value}</td>"
    if isinstance(value, float):
        return f"<td>{value:.1f}</td>"
    return f"<td>{value:,}</td>"


def _page(title: str, header: str, rows: list[str], unit: str, width: int, month: tuple[int, int]) -> bytes:
    year, number = month
    stamp = f"{year + number // 12}/{number % 12 + 1:02d}/20"  # the 20th of the next month
    return (
        f"<html><body><div class='atcl-ttl'>{title}</div><div class='atcl-date'>{stamp}</div>"
        f"<div class='atcl-cnt'><table><tbody><tr><td colspan='{width}'>{title}</td></tr>"
        f"<tr><td colspan='{width}' align='right'>{unit}</td></tr>{header}{''.join(rows)}</tbody></table></div>"
        "</body></html>"
    ).encode()


def figures(export: int, import_: int) -> dict[str, int]:
    return {"total": export + import_, "export": export, "import": import_, "balance": export - import_}


def monthly_page(
    months: list[tuple[int, int, dict[str, int]]],
    *,
    order: tuple[str, ...] = ("total", "export", "import", "balance"),
    unit: str = "Unit:US$1,000",
    cells: dict[tuple[int, str, str], str] | None = None,
    title_period: str | None = None,
) -> bytes:
    """Table (1) B: a row a month (year, month, that month's figures); the cumulative figures summed."""
    year, month = months[-1][:2]
    title = f"（1）Summary of Imports and Exports (In USD) B：Monthly,{title_period or f'{month}.{year}'}"
    header = (
        "<tr><td rowspan='2'>Year.Month</td><td colspan='4'>Monthly</td><td colspan='4'>Cumulative</td></tr><tr>"
        + "".join(f"<td>{FLOW_LABELS[flow]}</td>" for flow in order * 2)
        + "</tr>"
    )
    rows, cumulative = [], {}
    for index, (row_year, row_month, values) in enumerate(months):
        if row_month == 1:
            cumulative = dict.fromkeys(values, 0)
        cumulative = {flow: cumulative.get(flow, 0) + values[flow] for flow in values}
        printed = [(("month", flow), values[flow]) for flow in order] + [
            (("ytd", flow), cumulative[flow]) for flow in order
        ]
        shown = [(cells or {}).get((index, *key), value) for key, value in printed]
        rows.append(f"<tr><td>{row_year}.{row_month:02d}</td>{''.join(_cell(value) for value in shown)}</tr>")
    return _page(title, header, rows, unit, 9, (year, month))


def annual_page(years: list[tuple[str, dict[str, int], dict[str, float]]], *, month: int, year: int) -> bytes:
    """Table (1) A: a row a year (label, figures, percentage changes)."""
    title = f"（1）Summary of Imports and Exports (In USD) A： Annually,{month}.{year}"
    header = (
        "<tr><td rowspan='2'>Year</td>"
        + "".join(f"<td rowspan='2'>{FLOW_LABELS[flow]}</td>" for flow in FLOW_LABELS)
        + "<td colspan='3'>Percentage Change</td></tr><tr><td>Total</td><td>Exports</td><td>Imports</td></tr>"
    )
    rows = [
        f"<tr><td>{label}</td>{''.join(_cell(values[flow]) for flow in FLOW_LABELS)}"
        f"{''.join(_cell(changes[flow]) for flow in ('total', 'export', 'import'))}</tr>"
        for label, values, changes in years
    ]
    return _page(title, header, rows, "Unit:US$1,000", 8, (year, month))


def read(content: bytes, table: str, month: str):
    context = PageContext(section=1, table=table, reference_month=month, release_kind="monthly_bulletin")
    return parse_release(content, "table-1.html", context=context)


def numbers(parsed) -> dict[tuple[str, str, str], float]:
    assert {o.partner_code for o in parsed.observations} == {"WORLD"}
    return {(o.flow, o.measure, o.period_kind): o.value for o in parsed.observations}


def months_to(year: int, month: int, draw_value) -> list[tuple[int, int, dict[str, int]]]:
    """January of the year before to the month, each month's figures drawn."""
    out = []
    for row_year in (year - 1, year):
        for row_month in range(1, 13 if row_year < year else month + 1):
            out.append((row_year, row_month, figures(*draw_value())))
    return out


def test_every_summary_page_of_the_sample_site_reads_its_months_world(bulletin_site_pages):
    links = bulletin_site_pages.links
    pages = sorted((table, month) for table, month in links if table in ("1A", "1B"))
    assert len(pages) > 200, "every month prints both"
    for table, month in pages:
        parsed = read(links[table, month].read_bytes(), table, month)
        assert parsed.section == 1 and parsed.currency == "USD" and parsed.scale == 1000
        got = numbers(parsed)
        ytd = got[("total", "value", "ytd")]
        assert abs(ytd - got[("export", "value", "ytd")] - got[("import", "value", "ytd")]) <= 2, (table, month)
        if table == "1A":
            assert set(got) == {(f, m, "ytd") for f in ("total", "export", "import") for m in ("value", "yoy_pct")}
        elif month == "2020-02":  # January-February released together: January to February only
            assert set(got) == {(f, "value", "ytd") for f in ("total", "export", "import")}
        else:
            assert set(got) == {(f, "value", k) for f in ("total", "export", "import") for k in ("month", "ytd")}
    # The two forms agree on January to the month, as GACC prints one set of figures twice.
    for month in ("2019-12", "2023-06", "2026-01"):
        annual, monthly = (numbers(read(links[t, month].read_bytes(), t, month)) for t in ("1A", "1B"))
        assert annual[("export", "value", "ytd")] == monthly[("export", "value", "ytd")]


@given(
    month=st.integers(1, 12),
    order=st.permutations(("total", "export", "import", "balance")),
    seed=st.randoms(use_true_random=False),
)
def test_table_1b_reads_the_title_months_figures_in_any_order_of_its_columns(month, order, seed):
    months = months_to(
        2026, month, lambda: (seed.randint(150_000_000, 350_000_000), seed.randint(100_000_000, 260_000_000))
    )
    parsed = read(monthly_page(months, order=tuple(order)), "1B", f"2026-{month:02d}")
    this_year = [values for year, _m, values in months if year == 2026]
    expected = {(flow, "value", "month"): float(this_year[-1][flow]) for flow in ("total", "export", "import")}
    expected |= {
        (flow, "value", "ytd"): float(sum(values[flow] for values in this_year))
        for flow in ("total", "export", "import")
    }
    assert numbers(parsed) == expected
    stamp = f"{2026 + month // 12}-{month % 12 + 1:02d}-20"
    assert parsed.reference_month == f"2026-{month:02d}" and parsed.publication_date == stamp
    assert {o.period_start for o in parsed.observations if o.period_kind == "ytd"} == {"2026-01"}


def test_overflowed_figures_land_where_an_identity_gives_them_and_are_marked_derived():
    months = months_to(2026, 6, lambda: (300_000_000, 200_000_000))
    last = len(months) - 1
    # The month's total and exports overflow: the balance gives exports, exports and imports the total.
    content = monthly_page(months, cells={(last, "month", "total"): OVERFLOW, (last, "month", "export"): OVERFLOW})
    parsed = read(content, "1B", "2026-06")
    derived = {(o.flow, o.period_kind): (o.value, o.is_derived) for o in parsed.observations}
    assert derived[("total", "month")] == (500_000_000.0, True)
    assert derived[("export", "month")] == (300_000_000.0, True)
    assert derived[("import", "month")] == (200_000_000.0, False)
    # With the balance overflowed too, nothing gives exports: no number, never a zero.
    worse = monthly_page(
        months,
        cells={
            (last, "month", "total"): OVERFLOW,
            (last, "month", "export"): OVERFLOW,
            (last, "month", "balance"): OVERFLOW,
        },
    )
    flows = {(o.flow, o.period_kind) for o in read(worse, "1B", "2026-06").observations}
    assert ("export", "month") not in flows and ("total", "month") not in flows and ("import", "month") in flows


@pytest.mark.parametrize(
    ("cells", "title_period", "unit", "message"),
    [
        ({(17, "month", "total"): "500,000,100"}, None, "Unit:US$1,000", r"row '2026\.06': total \(month\)"),
        ({(17, "month", "balance"): "100,000,009"}, None, "Unit:US$1,000", r"balance \(month\)"),
        ({(16, "ytd", "export"): "1,500,000,100"}, None, "Unit:US$1,000", r"row '2026\.0[56]'"),
        ({}, "5.2026", "Unit:US$1,000", "title says 2026-05"),
        ({}, None, "Unit:RMB￥10,000", "printed in USD"),
        ({(17, "month", "total"): "-"}, None, "Unit:US$1,000", "never '-'"),
        ({(17, "month", "import"): "2,0O0"}, None, "Unit:US$1,000", "is not an integer figure"),
    ],
)
def test_a_table_1b_that_breaks_its_arithmetic_or_its_words_is_refused_naming_why(cells, title_period, unit, message):
    months = months_to(2026, 6, lambda: (300_000_000, 200_000_000))
    content = monthly_page(months, cells=cells, title_period=title_period, unit=unit)
    with pytest.raises(ParseError, match=message):
        read(content, "1B", "2026-06")


def test_table_1b_rows_must_run_month_by_month_to_the_title_month():
    months = months_to(2026, 6, lambda: (300_000_000, 200_000_000))
    with pytest.raises(ParseError, match="does not follow"):
        read(monthly_page(months[:14] + months[15:]), "1B", "2026-06")
    with pytest.raises(ParseError, match="not the title's month"):
        read(monthly_page(months[:-1], title_period="6.2026"), "1B", "2026-06")


def test_january_february_printed_together_lands_january_to_february_only():
    months = months_to(2020, 1, lambda: (200_000_000, 150_000_000))
    together = figures(325_169_979, 296_490_024)
    rows = [*months[:-1], (2020, 2, together)]
    # No row of January alone; the combined row prints January to February in the month's place and
    # in the cumulative one.
    content = monthly_page(
        rows,
        title_period="1-2.2020",
        cells={(len(rows) - 1, "ytd", flow): f"{together[flow]:,}" for flow in FLOW_LABELS},
    )
    got = numbers(read(content, "1B", "2020-02"))
    assert got == {(flow, "value", "ytd"): float(together[flow]) for flow in ("total", "export", "import")}


def test_table_1a_reads_the_current_years_row_and_refuses_a_part_year_before_it():
    full = {"total": 6_000_000_000, "export": 3_500_000_000, "import": 2_500_000_000, "balance": 1_000_000_000}
    part = {"total": 3_000_000_000, "export": 1_800_000_000, "import": 1_200_000_000, "balance": 600_000_000}
    changes = {"total": 3.1, "export": 6.0, "import": -0.8}
    parsed = read(
        annual_page([("2025", full, changes), ("2026.1-6", part, changes)], month=6, year=2026), "1A", "2026-06"
    )
    assert numbers(parsed) == {
        ("total", "value", "ytd"): 3e9,
        ("export", "value", "ytd"): 1.8e9,
        ("import", "value", "ytd"): 1.2e9,
        ("total", "yoy_pct", "ytd"): 3.1,
        ("export", "yoy_pct", "ytd"): 6.0,
        ("import", "yoy_pct", "ytd"): -0.8,
    }
    with pytest.raises(ParseError, match="part of a year"):
        read(
            annual_page([("2025.1-6", full, changes), ("2026.1-6", part, changes)], month=6, year=2026), "1A", "2026-06"
        )
    with pytest.raises(ParseError, match="names the whole of 2026"):
        read(annual_page([("2025", full, changes), ("2026", part, changes)], month=6, year=2026), "1A", "2026-06")
    with pytest.raises(ParseError, match=re.escape("not one a year in order")):
        read(annual_page([("2024", full, changes), ("2026.1-6", part, changes)], month=6, year=2026), "1A", "2026-06")
