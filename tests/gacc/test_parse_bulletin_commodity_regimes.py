"""Tables (17)/(18), Exports/Imports of Selected Commodities by Major Customs Regimes: the sample site's
pages, generated variations of the real form (regime order, the unit column's place, empty quantity
cells, sub-items) and a page rebuilt from the real 12.2019 (18) page's text, read by meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customs_wh.contracts import ParseError
from customs_wh.gacc.commodities import commodity_code
from customs_wh.gacc.parse import parse_release
from customs_wh.sample_site.bulletin_commodities import REGIME_COLUMNS
from customs_wh.sample_site.bulletin_figures import bulletin_figures
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from repo_paths import BULLETIN_TEXTS

TEXT_DIR = BULLETIN_TEXTS
REGIME_WORDS = {"GT": "Ordinary Trade", "PT": "Processing Trade", "BL": "Bonded logistics", "OTR": "Other"}
SAMPLE_MONTHS = ["2018-01", "2019-07", "2019-12", "2020-02", "2022-01", "2024-06", "2025-03", "2026-01", "2026-08"]


def figure(text: str) -> float | None:
    return None if text in ("", "-") else float(text.replace(",", ""))


# --- a page in the real form, built from rows -----------------------------------------------------------------


@dataclass
class Commodity:
    label: str  # as printed: a leading " " or "&nbsp;" marks a sub-item
    unit: str
    cells: dict[str, tuple[str, str]]  # regime → (quantity, value) as printed ("" an empty cell)
    changes: dict[str, tuple[str, str]]


def regime_page(
    title: str,
    commodities: list[Commodity],
    order: tuple[str, ...] = REGIME_COLUMNS,
    unit_at: int = 0,
    published: str = "2020/01/20",
    words: dict[str, str] = REGIME_WORDS,
) -> bytes:
    """The real (18)'s rows in the sample's markup: the corner and the unit column spanning the header
    rows, each regime over Quantity and Value, a row of values then an unlabelled row of changes."""
    slots: list[str] = list(order)
    slots.insert(unit_at, "unit")
    width = 1 + 2 * len(order) + 1

    def td(text: str, attrs: str = "") -> str:
        return f"<td{attrs}><span>{text}</span></td>"

    head = ['<td rowspan="2"><span><b>Commodities/Customs Regimes</b></span></td>']
    head += [
        '<td rowspan="2"><span><b>Quantity Unit</b></span></td>'
        if slot == "unit"
        else f'<td colspan="2"><span><b>{words[slot]}</b></span></td>'
        for slot in slots
    ]
    amounts = "".join(td("Quantity") + td("Value") for slot in slots if slot != "unit")
    body = []
    for commodity in commodities:
        values, changes = [f"<td><span><b>{commodity.label}</b></span></td>"], ["<td></td>"]
        for slot in slots:
            if slot == "unit":
                values.append(td(commodity.unit))
                changes.append("<td></td>")
                continue
            for text in commodity.cells[slot]:
                values.append(td(text) if text else "<td></td>")
            changes += [td(text) for text in commodity.changes[slot]]
        body += ["<tr>" + "".join(values) + "</tr>", "<tr>" + "".join(changes) + "</tr>"]
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="atcl-ttl">{title}</div><div class="atcl-date">{published}</div>'
        f'<div class="atcl-cnt"><table><tbody>'
        f'<tr><td colspan="{width}"><span><b>{title}</b></span></td></tr>'
        f'<tr><td colspan="{width}" align="right"><span><b>Unit: US$1,000</b></span></td></tr>'
        f"<tr>{''.join(head)}</tr><tr>{amounts}</tr>{''.join(body)}"
        f'<tr><td colspan="{width}">1. Figures in shaded areas refer to percentage change over the same '
        "period in the previous year.</td></tr></tbody></table></div></body></html>"
    ).encode()


def observed(parsed) -> dict[tuple[str, str, str], float]:
    found = {(o.commodity_code, o.regime_code, o.measure): o.value for o in parsed.observations}
    assert len(found) == len(parsed.observations)
    return found


def expected(commodities: list[Commodity]) -> dict[tuple[str, str, str], float]:
    out = {}
    for commodity in commodities:
        code = commodity_code(commodity.label.replace("&nbsp;", " ").strip().lstrip("'"))
        for regime, (quantity, value) in commodity.cells.items():
            quantity_change, value_change = commodity.changes[regime]
            for measure, text in (
                ("quantity", quantity),
                ("value", value),
                ("quantity_yoy_pct", quantity_change),
                ("value_yoy_pct", value_change),
            ):
                if figure(text) is not None:
                    out[(code, regime, measure)] = figure(text)
    return out


# --- the real 12.2019 (18) page's rows, from the archive's text ------------------------------------------------

_FIGURE = re.compile(r"^-?[\d,]+$|^-$")


def pairs(tokens: list[str]) -> list[tuple[str, str]]:
    """The four regimes' (quantity, value) from a row's figures, where the text collapsed empty quantity
    cells: a figure is a quantity where the next is a value at least fifty times it (a quantity in 10000T
    or T is far smaller than its value in US$1,000 on every row of the real pages), "- -" a pair."""
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(tokens):
        first = tokens[index]
        second = tokens[index + 1] if index + 1 < len(tokens) else None
        if first == "-" and second == "-":
            found.append(("-", "-"))
            index += 2
        elif second not in (None, "-") and figure(second) >= 50 * max(figure(first) or 0.0, 1.0):
            found.append((first, second))
            index += 2
        else:
            found.append(("", first))  # an empty quantity cell, the value printed
            index += 1
    assert len(found) == 4, tokens
    return found


def real_rows(name: str) -> tuple[str, list[Commodity]]:
    lines = [line for line in (TEXT_DIR / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    start = next(index for index, line in enumerate(lines) if line.startswith("Quantity Value"))
    commodities = []
    for values, changes in zip(lines[start + 1 :: 2], lines[start + 2 :: 2], strict=True):
        tokens = values.split()
        numbers = []
        while _FIGURE.match(tokens[-1]):
            numbers.insert(0, tokens.pop())
        unit = tokens.pop()
        label = ("&nbsp;" if values.startswith(" ") else "") + " ".join(tokens)
        cells = dict(zip(REGIME_COLUMNS, pairs(numbers), strict=True))
        printed = changes.split()
        commodities.append(
            Commodity(
                label,
                unit,
                cells,
                {code: (printed[2 * i], printed[2 * i + 1]) for i, code in enumerate(REGIME_COLUMNS)},
            )
        )
    return lines[0].strip(), commodities


def test_the_real_december_2019_imports_page_reads_as_printed():
    title, commodities = real_rows("b18_imports_commodity_regime_2019-12.txt")
    parsed = parse_release(regime_page(title, commodities), "b18-2019-12")
    assert (parsed.section, parsed.reference_month, parsed.currency, parsed.scale) == (18, "2019-12", "USD", 1000)
    found = observed(parsed)
    assert found == expected(commodities)
    crude = commodity_code("Crude petroleum oils")  # (14)'s code: the seed names (18)'s wording alike
    assert [found[(crude, regime, "value")] for regime in ("GT", "PT", "BL")] == [185045078, 18597949, 37675566]
    assert (crude, "OTR", "value") not in found  # "- -": nothing traded, no row, never zero
    fruit = commodity_code("Fresh or dried fruit and nuts")
    assert found[(fruit, "BL", "value")] == 504260 and (fruit, "BL", "quantity") not in found  # the empty cell
    assert found[(fruit, "BL", "quantity_yoy_pct")] == 4.3
    assert found[("coal_and_lignite", "PT", "value")] == 2035 and ("coal_and_lignite", "PT", "quantity") not in found
    by_code = {o.commodity_code: o for o in parsed.observations}
    assert by_code["soya_beans"].parent_code == "cereals_and_cereal_flour"  # the leading space
    assert by_code["cereals_and_cereal_flour"].parent_code is None
    assert by_code["copper_ores_and_concentrates"].commodity == "Copper ores and concentrates"  # no stray "'"
    assert by_code["medical_and_pharmaceutical_products"].quantity_unit == "T"
    assert len(by_code) == 12 and {o.period_start for o in parsed.observations} == {"2019-01"}


@pytest.mark.parametrize(
    "name", ["b18_imports_commodity_regime_2019-11.txt", "b18_imports_commodity_regime_2019-07.txt"]
)
def test_the_other_real_imports_pages_read_as_printed(name):
    title, commodities = real_rows(name)
    parsed = parse_release(regime_page(title, commodities, published="2019/12/20"), name)
    assert observed(parsed) == expected(commodities)


# --- generated variation ----------------------------------------------------------------------------------------

NAMES = [
    "Crude petroleum oil",
    "Iron ores and concentrates",
    "Coal and lignite",
    "Cereals and cereal flour",
    "Soya beans",
    "Medical and pharmaceutical products",
    "Refined petroleum products",
    "'Copper ores and concentrates",
]


def printed_integer(value: int) -> str:
    return "-" if value == 0 else f"{value:,}"


@st.composite
def commodities(draw) -> list[Commodity]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    rows = []
    for index, name in enumerate(names):
        unit = draw(st.sampled_from(["10000T", "T", "-"]))
        sub = index > 0 and draw(st.booleans())
        cells, changes = {}, {}
        for regime in REGIME_COLUMNS:
            low = 10**8 if index == 0 and regime == "GT" else 0  # the largest: China's size of trade
            # A commodity's regimes together stay within the parser's bound on the largest
            # commodity (USD 1,000 bn a month) for a table of any month, January's included.
            high = 10**9 // len(REGIME_COLUMNS)
            value = draw(st.integers(low, max(low, high)))
            quantity = "-" if unit == "-" else draw(st.sampled_from(["", "-", printed_integer(value // 1000 or 1)]))
            cells[regime] = (quantity, printed_integer(value))
            changes[regime] = tuple(
                draw(st.sampled_from(["-", "0.0", "12.5", "-38.3", "1316.1"])) for _ in ("quantity", "value")
            )
        label = (draw(st.sampled_from([" ", "&nbsp;"])) if sub else "") + name
        rows.append(Commodity(label, unit, cells, changes))
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=commodities(), order=st.permutations(REGIME_COLUMNS), unit_at=st.integers(0, 4))
def test_any_order_of_regimes_empty_quantities_and_sub_items_read_as_printed(rows, order, unit_at):
    page = regime_page(
        "(18) Import of Selected Commodities by Major Customs Regimes,12. 2019", rows, tuple(order), unit_at
    )
    parsed = parse_release(page, "generated")
    assert observed(parsed) == expected(rows)
    parents: dict[str, str | None] = {}
    top = None
    for row in rows:
        code = commodity_code(row.label.replace("&nbsp;", " ").strip().lstrip("'"))
        indented = row.label.startswith((" ", "&nbsp;"))
        parents[code] = top if indented else None
        top = top if indented else code
    found = {o.commodity_code: o.parent_code for o in parsed.observations}
    assert found == {code: parent for code, parent in parents.items() if code in found}  # all "-": no rows


@settings(max_examples=20, deadline=None)
@given(rows=commodities(), order=st.permutations(REGIME_COLUMNS))
def test_a_sub_item_is_never_added_to_its_parent(rows, order):
    """The parent's figures are what it prints, whatever its sub-items print (soya beans under cereals)."""
    parsed = parse_release(
        regime_page(
            "(17) Export of Selected Commodities by Major Customs Regimes,3.2024",
            rows,
            tuple(order),
            published="2024/04/20",
        ),
        "p",
    )
    assert parsed.section == 17 and {o.flow for o in parsed.observations} == {"export"}
    assert observed(parsed) == expected(rows)


# --- refusals: one line naming the page ---------------------------------------------------------------------------


def _real_page(**kwargs) -> bytes:
    title, rows = real_rows("b18_imports_commodity_regime_2019-12.txt")
    return regime_page(title, rows, **kwargs)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            _real_page(words={**REGIME_WORDS, "BL": "Border Trade"}),
            r"column \d+ \(Border Trade / Quantity\) is not a major customs regime",
        ),
        (
            _real_page().replace(b"<td><span>10000T</span></td>", b"", 1),
            r"row 'Fresh or dried fruits and nuts' has 9 cells, the header 10: a shifted row",
        ),
        (
            _real_page().replace(
                b"<tr><td></td><td></td><td><span>36.2</span></td>",
                b"<tr><td><span>x</span></td><td></td><td><span>36.2</span></td>",
                1,
            ),
            r"row 'Fresh or dried fruits and nuts' has no row of changes under it",
        ),
        (
            _real_page().replace(b"<span>9,840,935</span>", b"<span>9.840.935</span>", 1),
            r"'9\.840\.935' is not a printed figure",
        ),
        (
            _real_page().replace(b"Unit: US$1,000", b"Unit: US$1", 1),
            r"the unit row does not fit the figures",
        ),
    ],
)
def test_a_page_that_cannot_be_read_faithfully_is_refused_in_one_line(content, reason):
    with pytest.raises(ParseError) as caught:
        parse_release(content, "http://example/18.html")
    message = str(caught.value)
    assert "\n" not in message and "http://example/18.html" in message
    assert re.search(reason, message), message


# --- the sample site's pages --------------------------------------------------------------------------------------


def printed_value(value: float) -> float | None:
    return None if value == 0 else float(round(value))


@pytest.mark.parametrize("month", SAMPLE_MONTHS)
@pytest.mark.parametrize("table", ["17", "18"])
def test_the_sample_sites_pages_read_as_their_true_figures(table, month):
    parsed = parse_release(render_bulletin_page(BulletinPage(table, month), "synthetic").encode(), f"t{table}")
    found = observed(parsed)
    figures = bulletin_figures(table, month)
    codes = {o.commodity: o.commodity_code for o in parsed.observations}
    wanted = {}
    for line in figures.lines:
        code = codes[re.sub("&nbsp;", "", line.label).lstrip("'")]
        for regime in REGIME_COLUMNS:
            quantity = line.measures.get(f"{regime}:quantity")
            pairs = [("value", line.measures[regime])]
            if quantity is not None and f"{regime}:quantity" not in line.blank:
                pairs.append(("quantity", quantity))
            for measure, window in pairs:
                if printed_value(window.ytd) is not None:
                    wanted[(code, regime, measure)] = printed_value(window.ytd)
            for measure, window in (("value_yoy_pct", line.measures[regime]), ("quantity_yoy_pct", quantity)):
                if window is not None and window.change is not None:
                    wanted[(code, regime, measure)] = round(window.change, 1) + 0.0
    assert found == wanted


@pytest.mark.parametrize("month", SAMPLE_MONTHS)
@pytest.mark.parametrize(("table", "products"), [("17", "13"), ("18", "14")])
def test_the_regimes_add_up_to_the_commodity_of_tables_13_and_14(table, products, month):
    """What gate 1 will hold the landed pages to: a commodity's regimes, January to the month, are its
    (13)/(14) value of the same month within the rounding of five printed integers, matched by code."""
    regimes = parse_release(render_bulletin_page(BulletinPage(table, month), "synthetic").encode(), "r")
    commodities = parse_release(render_bulletin_page(BulletinPage(products, month), "synthetic").encode(), "c")
    if commodities.currency != "USD":
        pytest.skip("the 2025 exports table (13) prints RMB")
    ytd = {
        o.commodity_code: o.value
        for o in commodities.observations
        if o.measure == "value" and o.period_kind == "ytd" and o.period_end == month
    }
    sums: dict[str, float] = {}
    for o in regimes.observations:
        if o.measure == "value":
            sums[o.commodity_code] = sums.get(o.commodity_code, 0.0) + o.value
    assert set(sums) <= set(ytd), set(sums) - set(ytd)
    for code, total in sums.items():
        assert abs(total - ytd[code]) <= 2.5, (month, code, total, ytd[code])
