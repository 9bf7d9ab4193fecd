"""Property tests for the parser's small readers: printed numbers, partner labels, titles and periods."""

from __future__ import annotations

import math
import re
import string

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conftest import GACC_PAGES
from customs_wh.contracts import ParseError
from customs_wh.gacc.parse import (
    PageProblem,
    parse_number,
    parse_period,
    parse_release,
    parse_title,
    parse_unit,
    split_label,
)
from customs_wh.gacc.partners import GACC_LABELS, UnknownPartnerError, partner_code

# Padding the pages put around a cell's text: HTML source whitespace and &nbsp; (U+00A0 once parsed).
PADDING = st.text(alphabet=" \t\r\n\xa0", max_size=6)
NBSP_INDENT = st.text(alphabet="\xa0", max_size=20)
SOURCE_WHITESPACE = st.text(alphabet=" \t\r\n", max_size=6)
AMOUNTS = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)

FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ABBREVIATED = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SECTION4_SUBJECT = "(4) China's Total Export & Import Values by Country/Region"

# Labels as GACC prints them on the real pages, and ordinary ISO 3166 names for rows it may add.
PRINTED_LABELS = (
    "Total",
    "European Union",
    "Germany",
    "Netherlands",
    "France",
    "Italy",
    "United States (US)",
    "ASEAN",
    "Vietnam",
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
    "Brazil",
    "Africa",
    "South Africa",
    "Regional Comprehensive Economic Partnership",
    "Jointly build the countries along Belt and Road Routes",
)
ISO_NAMES = {
    "Mexico": "MEX",
    "Saudi Arabia": "SAU",
    "Côte d'Ivoire": "CIV",
    "Kazakhstan": "KAZ",
    "Chile": "CHL",
    "Türkiye": "TUR",
    "Viet Nam": "VNM",
}


def printed(value: float, grouped: bool) -> str:
    return f"{value:,.1f}" if grouped else f"{value:.1f}"


# --- numbers ------------------------------------------------------------------------------------------


@given(AMOUNTS, st.booleans(), PADDING, PADDING)
@example(41046.4, True, "\r\n\t\t\t\t", "\xa0")
@example(-1.2, False, "", "")
@example(0.0, True, "", "\xa0")
def test_parse_number_round_trips_every_printed_figure(value, grouped, before, after):
    text = printed(value, grouped)
    assert parse_number(before + text + after) == float(f"{value:.1f}")


@given(st.floats(min_value=-999.9, max_value=999.9), PADDING)
def test_negative_and_positive_year_on_year_percentages(value, padding):
    text = f"{value:.1f}"
    assert parse_number(padding + text + padding) == float(text)


@given(AMOUNTS, st.booleans(), st.data())
def test_a_letter_anywhere_makes_a_number_junk(value, grouped, data):
    text = printed(value, grouped)
    position = data.draw(st.integers(0, len(text)))
    letter = data.draw(st.sampled_from(string.ascii_letters))
    with pytest.raises(ValueError):
        parse_number(text[:position] + letter + text[position:])


@given(st.floats(min_value=1000, max_value=1e12), st.data())
def test_bad_thousands_grouping_is_junk(value, data):
    # Remove or add one digit in a group after the first: "1,234.5" → "1,23.5" / "1,2345.5".
    text = printed(value, grouped=True)
    integer, _, decimals = text.partition(".")
    groups = integer.split(",")
    index = data.draw(st.integers(1, len(groups) - 1))
    group = groups[index]
    groups[index] = group[1:] if data.draw(st.booleans()) else group + data.draw(st.sampled_from("0123456789"))
    with pytest.raises(ValueError):
        parse_number(",".join(groups) + "." + decimals)


@given(AMOUNTS, st.booleans(), st.data())
def test_two_decimal_points_are_junk(value, grouped, data):
    text = printed(value, grouped) + "." + data.draw(st.sampled_from("0123456789"))
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.floats(min_value=-1e6, max_value=1e6), st.sampled_from(["e", "E"]), st.integers(-5, 5))
def test_exponents_are_junk(mantissa, e, exponent):
    with pytest.raises(ValueError):
        parse_number(f"{mantissa:.1f}{e}{exponent}")


@given(st.text(alphabet=string.digits, min_size=1, max_size=8), st.sampled_from("０１２３４５６７８９٠١٢٣٤٥٦٧٨٩"))
def test_digits_other_than_ascii_are_junk(digits, foreign):
    with pytest.raises(ValueError):
        parse_number(digits[:1] + foreign + digits[1:] + ".0")


@pytest.mark.parametrize(
    "junk",
    [
        "",
        " ",
        "\xa0",
        "\r\n\t\t\t\t\xa0",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e5",
        "1.0E3",
        "1,23.0",
        "12,34.5",
        "1,2345.0",
        ",123.0",
        "123,.0",
        "1,234,56.7",
        "0,123.0",
        "1.2.3",
        "--1.0",
        "+-1.0",
        "1.",
        ".5",
        "1 234.5",
        "2045,0",
        "1_000.0",
        "0x1F",
        "½",
        "１２３.４",
        "12.3%",
        "(12.3)",
    ],
)
def test_junk_numbers_are_rejected(junk):
    with pytest.raises(ValueError):
        parse_number(junk)


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.0", 0.0),
        ("-0.0", 0.0),
        ("0.5", 0.5),
        ("999.9", 999.9),
        ("1,000.0", 1000.0),
        ("118,380.0\xa0", 118380.0),
        ("+3.4", 3.4),
        ("323.2", 323.2),
        ("12", 12.0),
    ],
)
def test_plain_numbers(text, value):
    assert parse_number(text) == value


# --- labels ------------------------------------------------------------------------------------------


NAMES = st.one_of(
    st.sampled_from(PRINTED_LABELS + tuple(ISO_NAMES)),
    st.text(alphabet=string.ascii_letters + " ,.()'-", min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s and not s.lower().startswith("of") and s[0] not in " "),
)
OF_WHICH = st.sampled_from(["of which:", "of which: ", "Of which: ", "OF WHICH :", "of\xa0which:\xa0", "of  which:"])


@given(SOURCE_WHITESPACE, NBSP_INDENT, st.one_of(st.none(), OF_WHICH), NAMES, PADDING)
def test_split_label_strips_indentation_and_of_which_and_keeps_the_name(source, indent, of_which, name, trailing):
    label = split_label(source + indent + (of_which or "") + name + trailing)
    assert label.name == name
    assert label.of_which is (of_which is not None)
    assert label.indent == len(indent)


def rendered_width(indent: str) -> int:
    """How wide a browser draws an indentation of &nbsp; and spaces: each &nbsp; is one column, each
    run of ordinary spaces collapses to one, and ordinary spaces at the start of the line vanish."""
    lead = indent.lstrip(" ")
    return lead.count("\xa0") + len(re.findall(" +", lead))


@given(st.lists(st.sampled_from(["\xa0", "\xa0 ", " \xa0", "\xa0\xa0", "\xa0  "]), min_size=1, max_size=10), NAMES)
@example(["\xa0 ", "\xa0 ", "\xa0 ", "\xa0"], "Germany")  # "&nbsp; &nbsp; &nbsp; &nbsp;" as rich-text editors write it
def test_split_label_counts_mixed_nbsp_and_space_indentation_as_rendered(pieces, name):
    indent = "".join(pieces)
    label = split_label("\r\n\t\t\t\t" + indent + "of which: " + name)
    assert (label.name, label.of_which) == (name, True)
    assert label.indent == rendered_width(indent)


def test_split_label_of_the_real_pages():
    assert split_label("\r\n\t\t\t\t\xa0\xa0\xa0\xa0\xa0\xa0\xa0of which: Germany\r\n\t\t\t") == split_label(
        "\xa0" * 7 + "of which: Germany"
    )
    label = split_label("\xa0" * 7 + "of which: Germany")
    assert (label.name, label.indent, label.of_which) == ("Germany", 7, True)
    label = split_label("\xa0\xa0\xa0ASEAN\xa0")
    assert (label.name, label.indent, label.of_which) == ("ASEAN", 3, False)
    assert split_label("Total").indent == 0


CASES = st.sampled_from([str.upper, str.lower, str.title, str.swapcase, lambda s: s])


@given(st.sampled_from(PRINTED_LABELS + tuple(GACC_LABELS) + tuple(ISO_NAMES)), PADDING, PADDING, CASES)
def test_partner_code_ignores_padding_and_case(label, before, after, case):
    assert partner_code(before + case(label) + after) == partner_code(label)


@given(st.sampled_from(PRINTED_LABELS), st.sampled_from([" ", "  ", "\xa0", " \xa0 "]))
def test_partner_code_ignores_inner_spacing(label, space):
    assert partner_code(label.replace(" ", space)) == partner_code(label)


@pytest.mark.parametrize("name, code", sorted(ISO_NAMES.items()))
def test_iso_country_names_resolve_to_alpha3(name, code):
    assert partner_code(name) == code


def test_typographic_apostrophes_resolve_like_straight_ones():
    assert partner_code("Côte d’Ivoire") == partner_code("Côte d'Ivoire") == "CIV"


@given(st.text(alphabet=string.digits + string.punctuation + " \xa0", max_size=12))
@example("840")
@example("156")
@example("")
@example("\xa0")
def test_labels_without_letters_are_unknown_partners(label):
    with pytest.raises(UnknownPartnerError):
        partner_code(label)


@pytest.mark.parametrize(
    "label",
    ["Atlantis", "US", "NA", "DEU", "cn", "European Onion", "of which: Germany", "Germany (DE)", "Total Asia", "🇺🇸"],
)
def test_unknown_labels_raise_unknown_partner_error(label):
    # Codes are not names: a row labelled "NA" (not available) must not become Namibia.
    with pytest.raises(UnknownPartnerError) as raised:
        partner_code(label)
    assert raised.value.label == label and repr(label) in str(raised.value)


@given(st.text(min_size=1, max_size=20))
def test_partner_code_returns_a_code_or_raises_unknown_partner(label):
    try:
        code = partner_code(label)
    except UnknownPartnerError:
        return
    assert (
        code == "WORLD"
        or code in {"EU", "ASEAN", "RCEP", "BRI", "LATAM", "AFRICA"}
        or (len(code) == 3 and code.isupper())
    )


# --- titles and periods ---------------------------------------------------------------------------------


MONTH_WORDS = st.sampled_from(
    [(m, name) for m, name in enumerate(FULL_MONTHS, start=1)]
    + [(m, name) for m, name in enumerate(ABBREVIATED, start=1)]
    + [(m, name + ".") for m, name in enumerate(ABBREVIATED, start=1)]
    + [(9, "Sept"), (9, "Sept.")]
)
YEARS = st.integers(2000, 2099)


@given(MONTH_WORDS, YEARS, CASES)
def test_parse_period_reads_every_month_spelling_gacc_uses(month_word, year, case):
    month, word = month_word
    assume(month != 1)
    assert parse_period(f"{case(word)} {year}") == (year, month, month == 2)


@given(st.sampled_from(["January", "Jan", "Jan.", "JANUARY", "jan"]), YEARS)
def test_parse_period_rejects_january_on_its_own(word, year):
    with pytest.raises(PageProblem, match="January is only released together with February"):
        parse_period(f"{word} {year}")


@given(
    st.sampled_from(
        ["January-February", "Jan-Feb", "Jan.-Feb.", "January - February", "Jan. - Feb.", "JANUARY-FEBRUARY"]
    ),
    YEARS,
)
def test_parse_period_reads_january_february_as_february(words, year):
    assert parse_period(f"{words} {year}") == (year, 2, True)


@pytest.mark.parametrize(
    "text",
    [
        "Smarch 2026",
        "Mar",
        "2026",
        "Mar 26",
        "Mar 20266",
        "Mar-2026",
        "13 2026",
        "Marc 2026",
        "Mar ２０２６",
        "Janvier 2026",
        "März 2026",
        "February-March 2026",
    ],
)
def test_parse_period_rejects_what_is_not_a_month(text):
    with pytest.raises(PageProblem):
        parse_period(text)


@given(
    MONTH_WORDS,
    YEARS,
    st.sampled_from(["CNY", "USD"]),
    st.sampled_from(["'", "\u2019"]),
    st.sampled_from([" ", "  ", "\xa0", "\r\n\t"]),
)
def test_parse_title_reads_every_month_and_currency(month_word, year, currency, apostrophe, space):
    month, word = month_word
    assume(month != 1)
    text = f"{SECTION4_SUBJECT}, {word} {year} (in {currency})".replace("'", apostrophe).replace(" ", space)
    title = parse_title(text)
    assert (title.section, title.currency, title.year, title.month, title.january_february) == (
        4,
        currency,
        year,
        month,
        month == 2,
    )
    assert title.reference_month == f"{year}-{month:02d}"
    assert title.text == " ".join(f"{SECTION4_SUBJECT}, {word} {year} (in {currency})".split())


@given(st.sampled_from(["January", "Jan", "Jan."]), YEARS)
def test_parse_title_rejects_january_on_its_own(word, year):
    with pytest.raises(PageProblem, match="January"):
        parse_title(f"{SECTION4_SUBJECT}, {word} {year} (in CNY)")


def test_parse_title_of_the_totals_section():
    title = parse_title("(1) China's Total Export & Import Values, January-February 2026 (in USD)")
    assert (title.section, title.currency, title.reference_month, title.january_february) == (1, "USD", "2026-02", True)
    assert title.period_text == "January-February 2026"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Unit: CNY 100 Million", ("CNY", "CNY 100 Million", 10**8)),
        ("Unit: USD 100 Million", ("USD", "USD 100 Million", 10**8)),
        ("Unit:\xa0USD\xa0Million", ("USD", "USD Million", 10**6)),
        ("unit : usd 1,000 thousand", ("USD", "usd 1,000 thousand", 10**6)),
    ],
)
def test_parse_unit(text, expected):
    assert parse_unit(text) == expected


# --- damage anywhere: a parse or a ParseError, nothing else ------------------------------------------


REAL_PAGE = (GACC_PAGES / "section4_by_country_2026-03_cny.html").read_bytes().decode("utf-8")
TABLE_START, TABLE_END = REAL_PAGE.index("<table"), REAL_PAGE.index("</table>") + len("</table>")
FRAGMENTS = st.sampled_from(
    [
        "<td>",
        "</td>",
        "<tr>",
        "</tr>",
        "<th>",
        "<span>",
        "</span>",
        "<b>",
        "</b>",
        "<a href='x'>",
        "<script>",
        "<table>",
        "</table>",
        "<tbody>",
        "<!--",
        "-->",
        'colspan="2"',
        'colspan="²"',
        'colspan="0"',
        'rowspan="2"',
        "&nbsp;",
        "&#45;",
        "&amp;",
        "\ue000",
        "\ue001",
        "of which: ",
        "Total",
        "European Union",
        "1,234.5",
        "-",
        ",",
        ".",
        "0",
        "9",
        "Mar",
        "Jan",
        "Sept",
        "0000",
        "(in USD)",
        "Unit: ",
        "atcl-ttl",
        'class="atcl-date"',
        "２",
        "é",
        "\xa0",
        "\t",
        "\n",
        "</html>",
    ]
)
INSERTS = st.lists(
    st.one_of(FRAGMENTS, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=4)), max_size=4
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damage_anywhere_gives_a_faithful_parse_or_a_parse_error(data):
    page = REAL_PAGE
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        in_table = data.draw(st.booleans(), label="in the table")
        low, high = (TABLE_START, TABLE_END) if in_table else (0, len(page))
        start = data.draw(st.integers(low, min(high, len(page))), label="start")
        end = data.draw(st.integers(start, min(len(page), start + 40)), label="end")
        page = page[:start] + data.draw(INSERTS, label="insert") + page[end:]
    try:
        parsed = parse_release(page.encode("utf-8"), page="fuzz.html")
    except ParseError as error:
        assert str(error).startswith("fuzz.html: ") and "\n" not in str(error) and error.reason
        return
    keys = [(o.partner_code, o.flow, o.measure, o.period_kind) for o in parsed.observations]
    assert parsed.observations and len(keys) == len(set(keys))
    assert all(math.isfinite(o.value) for o in parsed.observations)
    assert {(o.section, o.currency, o.reference_month, o.publication_date) for o in parsed.observations} == {
        (parsed.section, parsed.currency, parsed.reference_month, parsed.publication_date)
    }
