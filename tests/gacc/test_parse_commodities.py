"""Commodity tables (5) and (6): the commodity observation contract, the forms GACC has printed
them in, and the pages that must be rejected (cells shifted, arithmetic off, evidence at odds).

Pages are built in the real pages' markup by ``commodity_pages`` (no real commodity page is
saved beside the checkout); eleven of the May 2026 export rows carry GACC's published figures.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commodity_pages import (
    EXPORTS_2026,
    IMPORTS_2026,
    SAMPLE_SITE_ADDITIONS,
    CommodityPage,
    Line,
)
from customs_wh.contracts import COMMODITY_OBSERVATION_FIELDS, CommodityObservation, PageContext, ParseError
from customs_wh.gacc.commodities import commodity_code
from customs_wh.gacc.parse import parse_release, split_commodity_label

MAY_2026 = CommodityPage()


def parse(page: CommodityPage | str, context: PageContext | None = None):
    text = page.render() if isinstance(page, CommodityPage) else page
    return parse_release(text.encode("utf-8"), page="commodities.html", context=context)


def rejection(page: CommodityPage | str, context: PageContext | None = None) -> str:
    with pytest.raises(ParseError) as raised:
        parse(page, context)
    assert str(raised.value).startswith("commodities.html: ") and "\n" not in str(raised.value)
    return raised.value.reason


def by_key(observations) -> dict[tuple, float]:
    keys = Counter((o.commodity_code, o.measure, o.period_kind, o.period_start) for o in observations)
    assert [key for key, n in keys.items() if n > 1] == []
    return {(o.commodity_code, o.measure, o.period_kind, o.period_start): o.value for o in observations}


@pytest.fixture(scope="module")
def may() -> list[CommodityObservation]:
    return list(parse(MAY_2026).observations)


# --- the contract --------------------------------------------------------------------------------


def test_header_facts_of_the_may_2026_exports_page():
    parsed = parse(MAY_2026)
    assert (parsed.section, parsed.currency, parsed.unit, parsed.scale) == (5, "CNY", "CNY 100 Million", 10**8)
    assert (parsed.reference_month, parsed.publication_date) == ("2026-05", "2026-06-10")
    assert all(type(o) is CommodityObservation for o in parsed.observations)
    assert CommodityObservation._fields == COMMODITY_OBSERVATION_FIELDS


def test_published_figures_of_may_2026_as_printed(may):
    v = by_key(may)
    assert v["agricultural_products", "value", "month", "2026-05"] == 607.0
    assert v["agricultural_products", "value", "ytd", "2026-01"] == 3007.9
    assert v["agricultural_products", "value", "ytd", "2025-01"] == 2959.7  # the same months a year earlier
    assert v["agricultural_products", "value_yoy_pct", "ytd", "2026-01"] == 1.6
    assert v["rare_earth", "quantity", "ytd", "2026-01"] == 25378.0
    assert v["rare_earth", "value_yoy_pct", "ytd", "2026-01"] == 40.0
    assert v["ships", "quantity", "month", "2026-05"] == 577.0
    assert v["hi_tech_products", "value", "ytd", "2026-01"] == 33711.0
    assert v["grain", "quantity_yoy_pct", "ytd", "2026-01"] == 10.3


def test_value_only_rows_have_no_quantity_observation_never_zero(may):
    agriculture = [o for o in may if o.commodity_code == "agricultural_products"]
    assert {o.measure for o in agriculture} == {"value", "value_yoy_pct"}
    assert {o.quantity_unit for o in agriculture} == {None}
    assert len(agriculture) == 4  # month, January-May, January-May 2025, year-on-year %
    assert not [o for o in may if o.measure.startswith("quantity") and o.quantity_unit is None]


def test_periods_month_cumulative_and_a_year_earlier(may):
    periods = {(o.period_kind, o.period_start, o.period_end) for o in may}
    assert periods == {("month", "2026-05", "2026-05"), ("ytd", "2026-01", "2026-05"), ("ytd", "2025-01", "2025-05")}
    rates = {(o.period_start, o.period_end) for o in may if o.measure.endswith("yoy_pct")}
    assert rates == {("2026-01", "2026-05")}


def test_labels_codes_parents_and_aggregates(may):
    rows = {o.commodity_code: (o.commodity, o.parent_code, o.is_aggregate, o.quantity_unit) for o in may}
    assert rows["agricultural_products"] == ("Agriculture products", None, True, None)
    assert rows["mechanical_and_electrical_products"] == ("Mechanical and electrical products", None, True, None)
    assert rows["hi_tech_products"] == ("Hi-tech products", None, True, None)
    assert rows["aquatic_products"] == ("Aquatic products", "agricultural_products", False, "10,000 Tons")
    assert rows["general_machinery"] == ("General machines", "mechanical_and_electrical_products", False, None)
    assert rows["integrated_circuits"][1] == "audio_or_video_devices_and_parts_thereof"  # indented 8 under it
    assert rows["motor_vehicles"] == (
        "Motor vehicles（including chassis fitted with engines)",
        "mechanical_and_electrical_products",
        False,
        "10,000 Autos",
    )
    assert rows["automotive_components_and_parts"][0] == "Parts and accessories of vehicle"  # trailing &nbsp; gone
    assert sum(1 for _, _, aggregate, _ in rows.values() if aggregate) == 3
    assert len(rows) == len(EXPORTS_2026)


def test_the_codes_the_sample_site_and_marts_rely_on():
    page = dataclasses.replace(MAY_2026, lines=EXPORTS_2026[:19] + SAMPLE_SITE_ADDITIONS + EXPORTS_2026[19:])
    rows = {o.commodity_code: (o.commodity, o.parent_code) for o in parse(page).observations}
    assert rows["electric_vehicles"] == ("Electric vehicles", "general_machinery")
    assert rows["lithium_ion_batteries"] == ("Lithium-ion batteries", "general_machinery")
    assert rows["solar_cells"] == ("Solar cells", "general_machinery")
    assert {"agricultural_products", "mechanical_and_electrical_products", "hi_tech_products"} <= rows.keys()


@pytest.mark.parametrize(
    "label, code",
    [
        ("Hi-tech products*", "hi_tech_products"),
        ("*Hi-Tech Products", "hi_tech_products"),
        ("Agricultural products*", "agricultural_products"),
        ("Agriculture products*", "agricultural_products"),
        ("*Agricultural Products", "agricultural_products"),
        ("Mechanical and electrical products\n*", "mechanical_and_electrical_products"),
        ("*Electrical-Mechanical Products", "mechanical_and_electrical_products"),
        ("Rare earth", "rare_earth"),
        ("Rare-earth ore, metals, compounds", "rare_earth"),
        ("Rare Earth", "rare_earth"),
        ("Lithium-ion batteries", "lithium_ion_batteries"),
        ("Electric vehicles", "electric_vehicles"),
        ("Solar cells", "solar_cells"),
        ("Grain", "grain"),
        ("Grain food", "grain"),
        ("Motor vehicles（including<br/> chassis fitted with engines)", "motor_vehicles"),
        ("Chinese Herbs & Medicines", "chinese_herbs_and_medicines"),
    ],
)
def test_commodity_codes_survive_label_drift(label, code):
    assert commodity_code(split_commodity_label(re.sub(r"<br\s*/?>", "", label)).name) == code


@given(
    st.sampled_from([line.label.replace("<br />\n", "") for line in EXPORTS_2026 + IMPORTS_2026]),
    st.sampled_from(["", "*"]),
    st.sampled_from(["", "*"]),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    st.sampled_from([" ", "  ", "\xa0", " \n"]),
)
def test_a_code_ignores_case_punctuation_spacing_and_the_mark(label, before, after, case, space):
    name = split_commodity_label(label).name
    printed = before + case(name).replace(" ", space) + after
    assert commodity_code(split_commodity_label(printed).name) == commodity_code(name)


# --- the forms GACC printed ----------------------------------------------------------------------


def test_usd_edition_reads_its_own_unit_and_scale():
    parsed = parse(dataclasses.replace(MAY_2026, currency="USD"))
    assert (parsed.currency, parsed.unit, parsed.scale) == ("USD", "USD1 Million", 10**6)
    cny = by_key(parse(MAY_2026).observations)
    usd = by_key(parsed.observations)
    assert usd["ships", "quantity", "ytd", "2026-01"] == cny["ships", "quantity", "ytd", "2026-01"]
    assert usd["ships", "value", "ytd", "2026-01"] == pytest.approx(1757.5 * 100 / 7.1, abs=0.06)


def test_january_february_pages_have_no_month_pair():
    page = CommodityPage(year=2025, month=2, published="2025/03/11")
    parsed = parse(page)
    assert parsed.reference_month == "2025-02"
    assert {(o.period_kind, o.period_start, o.period_end) for o in parsed.observations} == {
        ("ytd", "2025-01", "2025-02"),
        ("ytd", "2024-01", "2024-02"),
    }


def test_an_ordinary_february_2026_has_the_month_pair():
    page = CommodityPage(year=2026, month=2, published="2026/03/09")
    assert "January-February" not in page.title
    parsed = parse(page)
    assert ("month", "2026-02") in {(o.period_kind, o.period_start) for o in parsed.observations}


def test_the_2019_form_value_unit_month_names_leading_stars_no_indentation():
    page = CommodityPage(year=2019, era="2019", published="06/10/2019")
    text = page.render()
    assert "Value Unit: CNY 100 Million" in text and "Jan-May 2018 in Total" in text and "*Hi-tech" in text
    parsed = parse(text)
    assert (parsed.reference_month, parsed.publication_date) == ("2019-05", "2019-06-10")
    rows = {o.commodity_code: (o.parent_code, o.is_aggregate) for o in parsed.observations}
    assert rows["hi_tech_products"] == (None, True) and rows["aquatic_products"] == (None, False)
    assert {o.period_start for o in parsed.observations if o.period_kind == "ytd"} == {"2019-01", "2018-01"}


def test_the_imports_table_with_its_qty_unit_heading_and_stale_prior_year():
    parsed = parse(CommodityPage(section=6, lines=IMPORTS_2026))
    assert (parsed.section, {o.flow for o in parsed.observations}) == (6, {"import"})
    assert "QTY Unit" in CommodityPage(section=6, lines=IMPORTS_2026).render()
    codes = {o.commodity_code: o.parent_code for o in parsed.observations}
    assert codes["soya_beans"] == "grain" and codes["edible_vegetable_oil"] == "grain"


def test_a_stale_year_in_the_prior_year_heading_is_not_read():
    # May 2026 imports printed "1-5 Total, 2024" over 2025's figures: the columns are a year earlier regardless.
    text = MAY_2026.render().replace(
        '1-5 Total, 202</span><span class="font1">5', '1-5 Total, 202</span><span class="font1">4'
    )
    assert {o.period_start for o in parse(text).observations if o.period_kind == "ytd"} == {"2026-01", "2025-01"}


HEADER_FORMS = {  # a heading as the May 2026 page prints it → other wordings GACC has printed
    "<span>Quantity Unit</span>": ["QTY Unit", "Quantity Unit", "Unit"],
    "<span>5</span>": ["May", "MAY", "5"],
    "<span>1-5 Total</span>": ["Jan-May in Total", "1-to-5", "1- to-5", "1to5", "Jan.-May", "1-5"],
    "<span>1-5 Total, Year-On-Year(%)&nbsp;</span>": [
        "Jan-May Total Year-on-Year ±%",
        "1-5 Total Year-on-Year (+/-%)",
        '<span class="font1">1-5</span><span class="font1">&nbsp;Total, Year-On-Year(%)&nbsp;</span>',
    ],
    "<span>Commodity</span>": ["Commodities", "Commodity"],
}


@settings(max_examples=40, deadline=None)
@given(
    st.fixed_dictionaries({old: st.sampled_from(new) for old, new in HEADER_FORMS.items()}),
    st.sampled_from(["CNY", "USD"]),
)
def test_any_mix_of_header_wordings_reads_the_same(wordings, currency):
    page = dataclasses.replace(MAY_2026, currency=currency)
    canonical = parse(page).observations
    text = page.render()
    for old, new in wordings.items():
        assert text.count(old) == 1
        text = text.replace(old, f"<span>{new}</span>")
    assert parse(text).observations == canonical


def test_title_without_date_or_currency_reads_with_the_index_context():
    text = MAY_2026.render().replace(", May 2026 (in CNY)", "")
    assert parse(text).observations == parse(MAY_2026).observations  # the headers and the date give May 2026
    context = PageContext(section=5, currency="CNY", reference_month="2026-05")
    assert parse(text, context).observations == parse(MAY_2026).observations


# --- rejected ------------------------------------------------------------------------------------


def test_the_april_2025_usd_page_with_shifted_cells_is_rejected():
    page = CommodityPage(year=2025, month=4, currency="USD", published="2025/05/09", shifted=True)
    reason = rejection(page)
    assert "shifted" in reason and "blank cell" in reason


def test_a_number_in_the_unit_column_is_a_shift():
    line = Line("Aquatic products", 4, "35.0", 554.4)
    reason = rejection(dataclasses.replace(MAY_2026, lines=(EXPORTS_2026[0], line) + EXPORTS_2026[2:]))
    assert "quantity-unit cell holds the number 35.0" in reason


def test_a_quantity_without_a_unit_is_rejected():
    line = Line("Grain food", 4, "-", 48.9)  # GACC printed quantities for it
    reason = rejection(dataclasses.replace(MAY_2026, lines=EXPORTS_2026[:2] + (line,) + EXPORTS_2026[3:]))
    assert "prints a quantity" in reason and "no quantity unit" in reason


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "<span>3,007.9&nbsp;</span>",
            "<span>n/a</span>",
            "row 'Agriculture products*', column 'value ytd': not a number",
        ),
        ("<span>607.0&nbsp;</span>", "<span>-</span>", "column 'value month'"),
        ("<span>40.0</span>", "<span>45.0</span>", "printed year-on-year 45.0% of the value does not follow"),
        ("<span>119.4&nbsp;</span>", "<span>619.4&nbsp;</span>", "the month's value 619.4 exceeds"),
        ("<span>39.1&nbsp;</span>", "<span>-39.1&nbsp;</span>", "negative quantity"),
        ("(in CNY)</div>", "(in USD)</div>", "differs from the table title"),
        ("Unit: CNY 100 Million", "Unit: USD1 Million", "says CNY but the unit row says 'USD1 Million'"),
        ("Unit: CNY 100 Million", "Unit: CNY 1 Million", "the unit row does not fit the figures"),
        ("<span>5</span>", "<span>4</span>", "different months"),
    ],
)
def test_bad_pages_are_rejected_with_the_reason_named(old, new, expected):
    text = MAY_2026.render()
    assert old in text
    reason = rejection(text.replace(old, new, 1 if old.startswith("<span>") else -1))
    assert expected in reason


def test_a_label_without_a_letter_or_digit_is_a_one_line_rejection():
    """Damaged markup can leave a row whose label is punctuation alone: a ParseError, never a traceback."""
    line = Line("*", 0, "-", 554.4)
    reason = rejection(dataclasses.replace(MAY_2026, lines=EXPORTS_2026[:1] + (line,) + EXPORTS_2026[2:]))
    assert "names no commodity" in reason


def test_a_page_that_does_not_say_exports_or_imports_is_rejected_without_context():
    text = re.sub(r"\(5\) China's Major Exports by Quantity and Value, ", "", MAY_2026.render())
    assert "exports table (5) from the imports table (6)" in rejection(text)
    assert parse(text, PageContext(section=5)).section == 5


def test_the_index_naming_another_table_is_a_contradiction():
    assert "names table (6)" in rejection(MAY_2026, PageContext(section=6))
    assert "names table (4)" in rejection(MAY_2026, PageContext(section=4))
    assert "says USD" in rejection(MAY_2026, PageContext(currency="USD"))
    assert "says Apr 2026" in rejection(MAY_2026, PageContext(reference_month="2026-04"))
