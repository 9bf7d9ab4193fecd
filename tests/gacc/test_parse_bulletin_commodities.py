"""Tables （13）/（14） of the Monthly Bulletin, Major Export/Import Commodities in Quantity and Value.

No real copy is saved in this repository yet. The January form is the real January 2026 （14）
page kept by finance-site (`src/lib/data/scheduler/gaccCommodity/fixtures/gacc-import-2026-01-sample.html`),
its frame and first rows retyped here with their real figures; the ordinary month's three
Quantity/Value pairs are assumed (docs/conformance.md) and generated with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customs_wh.contracts import CommodityObservation, PageContext, ParseError
from customs_wh.gacc.parse import parse_release

NBSP = "&nbsp;"
# (label as printed, quantity unit, January quantity, value, quantity %, value %): the real page's first rows.
JANUARY_2026_IMPORTS = (
    ("Agriculture products*", "-", "-", "19,194,007", "-", "13.2"),
    (NBSP * 4 + f"Meat(including{NBSP * 2}meat offal)", "10000T", "62", "2,710,357", "1.1", "17.4"),
    (NBSP * 8 + "Meat and offal of bovine animals", "10000T", "37", "2,085,337", "32.9", "44.7"),
    (NBSP * 12 + "Meat of bovine animals", "10000T", "37", "2,069,376", "32.5", "45.3"),
    (NBSP * 8 + "Meat of sheep or goats", "T", "31,281", "138,618", "-16.5", "-4.1"),
    (NBSP * 4 + "Grain food", "10000T", "966", "4,200,582", "-0.6", "-0.6"),
    (NBSP * 8 + "Potatoes,cassava and sweet potatoes", "T", "-", "-", "-", "-"),
    (NBSP * 8 + "Cereals and cereal flour", "10000T", "288", "840,503", "59.9", "57.4"),
    (NBSP * 6 + "Wheat and wheat flour", "10000T", "97", "283,166", "2471.4", "2130.2"),
    (NBSP * 12 + "Barley", "10000T", "102", "256,381", "1.6", "-0.3"),
)


def cell(text: str) -> str:
    return f'\n\t\t\t<td class="style13" align="right">\n\t\t\t\t<span>{text}</span>\n\t\t\t</td>'


def january_page(rows=JANUARY_2026_IMPORTS, title="（14）Major Import Commodities in Quantity and Value,1.2026") -> str:
    body = "".join(
        f'\n\t\t<tr>\n\t\t\t<td class="style10" align="left">\n\t\t\t\t<span><b>{label}</b></span>\n\t\t\t</td>'
        f"{cell(unit)}{''.join(cell(figure) for figure in figures)}\n\t\t</tr>"
        for label, unit, *figures in rows
    )
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="atcl-ttl">{title}</div><div class="atcl-date">2026/02/06</div>'
        '<div class="atcl-cnt" style="overflow-x:auto">-EndFragment--&gt;\n'
        '<table class="ke-zeroborder"><tbody>\n\t\t<tr>\n\t\t\t<td colspan="6" class="style1" align="center">'
        f"<span><b>{title}</b></span></td></tr>"
        '<tr><td class="style2"><br /></td><td class="style3"><br /></td><td class="style2"><br /></td>'
        '<td class="style2"><br /></td><td colspan="2" class="style4" align="center">'
        "<span><b>Unit:US$1,000</b></span></td></tr>"
        '<tr><td rowspan="2"><span><b>Commodity</b></span></td>'
        '<td rowspan="2"><span><b>Quantity<br />\nUnit</b></span></td>'
        '<td colspan="2"><span><b>1</b></span></td><td colspan="2"><span><b>Percentage Change</b></span></td></tr>'
        "<tr><td><span><b>Quantity</b></span></td><td><span><b>Value&nbsp;</b></span></td>"
        "<td><span><b>Quantity</b></span></td><td><span><b>Value&nbsp;</b></span></td></tr>"
        f"{body}</tbody></table></div></body></html>"
    )


def by_key(parsed) -> dict[tuple, CommodityObservation]:
    return {(o.commodity_code, o.measure, o.period_kind): o for o in parsed.observations}


def test_the_january_2026_import_table_reads_its_real_figures():
    parsed = parse_release(january_page().encode(), "january (14)", context=PageContext(table="14"))
    assert (parsed.section, parsed.currency, parsed.unit, parsed.scale) == (14, "USD", "US$1,000", 1000)
    assert (parsed.reference_month, parsed.publication_date) == ("2026-01", "2026-02-06")
    rows = by_key(parsed)
    agriculture = rows["agricultural_products", "value", "month"]  # the reviewed code of the preliminary tables
    assert (agriculture.value, agriculture.is_aggregate, agriculture.parent_code) == (19_194_007, True, None)
    assert rows["agricultural_products", "value_yoy_pct", "ytd"].value == 13.2
    assert ("agricultural_products", "quantity", "month") not in rows  # "-": not printed, never zero
    meat = rows["meat_including_meat_offal", "quantity", "month"]
    assert (meat.value, meat.quantity_unit, meat.commodity, meat.parent_code) == (
        62,
        "10000T",
        "Meat(including meat offal)",
        "agricultural_products",
    )
    # January: the month is also January to the month.
    assert rows["meat_including_meat_offal", "value", "ytd"].value == 2_710_357
    assert rows["meat_of_bovine_animals", "value", "month"].parent_code == "meat_and_offal_of_bovine_animals"
    assert rows["meat_of_sheep_or_goats", "quantity", "month"].quantity_unit == "T"
    assert not [key for key in rows if key[0] == "potatoes_cassava_and_sweet_potatoes"]
    # Indentation is not always a multiple of four: a row's parent is the nearest row above indented less.
    assert rows["wheat_and_wheat_flour", "value", "month"].parent_code == "grain"  # "Grain food": reviewed code
    assert rows["barley", "value", "month"].parent_code == "wheat_and_wheat_flour"
    assert {o.flow for o in parsed.observations} == {"import"}


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda rows: [(*rows[0][:3], "1,9194,007", *rows[0][4:]), *rows[1:]], "is not a printed figure"),
        (lambda rows: [rows[0], (rows[1][0], "62", *rows[1][2:]), *rows[2:]], "quantity unit"),
        (lambda rows: [rows[0], (rows[1][0], "-", *rows[1][2:]), *rows[2:]], "no quantity unit"),
        # Damaged markup can leave a label of punctuation alone: a one-line refusal, never a traceback.
        (lambda rows: [rows[0], (NBSP * 4 + "--", *rows[1][1:]), *rows[2:]], "names no commodity"),
    ],
    ids=["malformed figure", "number as unit", "quantity without unit", "label without a letter or digit"],
)
def test_a_commodity_page_that_cannot_be_read_faithfully_is_refused_in_one_line(edit, reason):
    with pytest.raises(ParseError) as refused:
        parse_release(january_page(edit(list(JANUARY_2026_IMPORTS))).encode(), "page-c")
    assert str(refused.value).startswith("page-c: ") and reason in str(refused.value)


# --- the ordinary month (assumed layout), generated -------------------------------------------------

COMMODITIES = ("Mechanical and electrical products*", "Integrated circuits", "Iron ores", "Crude oil", "Soya beans")
UNITS = ("-", "100MN", "10000T", "10000T", "10000T")


@st.composite
def ordinary_tables(draw):
    month = draw(st.integers(min_value=2, max_value=12))
    rows = []
    for index, (label, unit) in enumerate(zip(COMMODITIES, UNITS, strict=True)):
        value_month = draw(st.integers(min_value=6_000_000 if index == 0 else 0, max_value=90_000_000))
        value_ytd = value_month + draw(st.integers(min_value=0, max_value=500_000_000))
        quantity = None if unit == "-" else draw(st.integers(min_value=0, max_value=90_000))
        quantity_ytd = None if quantity is None else quantity + draw(st.integers(0, 900_000))
        broken = draw(st.booleans()) and index == 1  # Excel's error in a cell: not printed
        rows.append((label, unit, quantity, value_month, quantity_ytd, value_ytd, broken))
    return month, rows


def ordinary_page(month, rows, *, unit="Unit:US$1,000", leading_column=False, exports=False) -> str:
    number, subject = ("13", "Export") if exports else ("14", "Import")
    title = f"（{number}）Major {subject} Commodities in Quantity and Value,1-{month}.2026"
    lead = "<td></td>" if leading_column else ""
    width = 8 + (1 if leading_column else 0)

    def figure(value):
        return "-" if value is None else f"{value:,}"

    body = ""
    for depth, (label, quantity_unit, quantity, value, quantity_ytd, value_ytd, broken) in enumerate(rows):
        indent = NBSP * 4 * min(depth, 1)
        cells = [figure(quantity), "*REF!" if broken else figure(value), figure(quantity_ytd), figure(value_ytd)]
        cells += ["1.5", "-2.5"]
        body += (
            f"<tr>{lead}<td><span><b>{indent}{label}</b></span></td><td>{quantity_unit}</td>"
            + "".join(f"<td>{text}</td>" for text in cells)
            + "</tr>"
        )
    return (
        (
            f'<html><body><div class="atcl-ttl">{title}</div><div class="atcl-date">2026/{month + 1:02d}/25</div>'
            f'<div class="atcl-cnt"><table><tr><td colspan="{width}">{title}</td></tr>'
            f'<tr><td colspan="{width}">{unit}</td></tr>'
            f'<tr>{lead}<td rowspan="2">Commodity</td><td rowspan="2">Quantity Unit</td><td colspan="2">{month}</td>'
            f'<td colspan="2">1to{month}</td><td colspan="2">Percentage Change</td></tr>'
            f"<tr>{lead}" + "<td>Quantity</td><td>Value</td>" * 3 + f"</tr>{body}</table></div></body></html>"
        )
        if month < 12
        else ""
    )


@settings(max_examples=40, deadline=None)
@given(ordinary_tables(), st.booleans(), st.booleans())
def test_an_ordinary_month_reads_its_three_pairs(table, leading_column, exports):
    month, rows = table
    if month == 12:
        return
    parsed = parse_release(ordinary_page(month, rows, leading_column=leading_column, exports=exports).encode(), "gen")
    found = by_key(parsed)
    assert parsed.section == (13 if exports else 14)
    for label, unit, quantity, value, quantity_ytd, value_ytd, broken in rows:
        code = next(o.commodity_code for o in parsed.observations if o.commodity == label.rstrip("*"))
        assert (code, "value", "month") not in found if broken else found[code, "value", "month"].value == value
        assert found[code, "value", "ytd"].value == value_ytd
        assert found[code, "value_yoy_pct", "ytd"].value == -2.5
        if unit == "-":
            assert (code, "quantity", "month") not in found
        else:
            assert found[code, "quantity", "ytd"].value == quantity_ytd
            assert found[code, "quantity", "month"].value == quantity
            assert found[code, "quantity", "month"].quantity_unit == unit
    assert {o.flow for o in parsed.observations} == {"export" if exports else "import"}


@settings(max_examples=15, deadline=None)
@given(ordinary_tables())
def test_a_month_above_its_cumulative_figure_is_refused(table):
    month, rows = table
    if month == 12:
        return
    label, unit, quantity, value, quantity_ytd, value_ytd, _broken = rows[2]
    rows[2] = (label, unit, quantity, value_ytd + 5, quantity_ytd, value_ytd, False)
    with pytest.raises(ParseError, match="exceeds January to the month"):
        parse_release(ordinary_page(month, rows).encode(), "gen")


def test_the_real_january_2022_exports_table_is_read_past_its_leading_empty_column():
    """The real (13) of January 2022 puts an empty cell before its title, unit and every row: its title
    is still the table's, its unit row the next (it was refused as "unit row '（13）…' is not like 'Unit:…'")."""
    from repo_paths import BULLETIN_PAGES

    parsed = parse_release(
        (BULLETIN_PAGES / "b13_major_exports_2022-01.html").read_bytes(),
        page="b13_major_exports_2022-01.html",
        context=PageContext(section=13, reference_month="2022-01", release_kind="monthly_bulletin", table="13"),
    )
    assert (parsed.section, parsed.currency, parsed.unit, parsed.reference_month) == (13, "USD", "US$1,000", "2022-01")
    meat = {
        (o.measure, o.period_kind): (o.value, o.quantity_unit, o.decimals)
        for o in parsed.observations
        if o.commodity_code == "meat_including_meat_offal"
    }
    assert meat["quantity", "month"] == (3, "10000T", 0) and meat["value", "month"] == (156_964, "10000T", 0)
