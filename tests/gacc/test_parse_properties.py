"""Property tests for the parser's small readers: printed numbers, partner labels, titles and
periods, units, publication dates, and the locale-free month table discovery shares."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import string

import pycountry
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from customs_wh.contracts import ParseError
from customs_wh.gacc.labels import LabelProblem, Period, month_number, read_label
from customs_wh.gacc.parse import PageProblem, Unit, parse_number, parse_release, parse_unit, split_label
from customs_wh.gacc.parsing.dates import PUBLICATION_WINDOWS, read_publication_date, years_fitting
from customs_wh.gacc.partners import GACC_LABELS, UnknownPartnerError, partner_code, partner_type
from repo_paths import GACC_PAGES

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


# Every code partner_code may return: the reviewed labels' codes (WORLD, the groups, the
# ISO 3166-2 codes of the Spanish territories GACC lists apart) and ISO 3166-1 alpha-3.
PARTNER_CODES = frozenset(GACC_LABELS.values()) | {country.alpha_3 for country in pycountry.countries}


@given(st.text(min_size=1, max_size=20))
@example("MELILLA")  # a label of the reviewed table whose code is ISO 3166-2 (ES-ML)
def test_partner_code_returns_a_code_or_raises_unknown_partner(label):
    try:
        code = partner_code(label)
    except UnknownPartnerError:
        return
    assert code in PARTNER_CODES
    assert partner_type(code) in ("world", "group", "country", "territory")


def test_every_reviewed_label_has_a_code_of_a_known_type():
    for label in GACC_LABELS:
        assert partner_type(partner_code(label)) in ("world", "group", "country", "territory"), label


# --- titles and periods ---------------------------------------------------------------------------------


MONTH_WORDS = st.sampled_from(
    [(m, name) for m, name in enumerate(FULL_MONTHS, start=1)]
    + [(m, name) for m, name in enumerate(ABBREVIATED, start=1)]
    + [(m, name + ".") for m, name in enumerate(ABBREVIATED, start=1)]
    + [(9, "Sept"), (9, "Sept.")]
)
YEARS = st.integers(2000, 2099)


@given(MONTH_WORDS, YEARS, CASES, st.sampled_from([" ", "  ", "\xa0", ", ", ""]))
def test_read_label_reads_every_month_spelling_gacc_uses(month_word, year, case, space):
    month, word = month_word
    label = read_label(f"{SECTION4_SUBJECT}, {case(word)}{space}{year}")
    assert label.period == Period(year, month, cumulative=False)


@given(st.sampled_from(["January", "Jan", "Jan.", "JANUARY", "jan"]), YEARS)
def test_january_on_its_own_is_a_month_like_any_other(word, year):
    assert read_label(f"{SECTION4_SUBJECT}, {word} {year}").period == Period(year, 1, False)


@given(
    st.sampled_from(["January", "Jan", "Jan.", "JANUARY", "jan"]),
    st.sampled_from(["February", "Feb", "Feb.", "FEB"]),
    st.sampled_from(["-", "\u2013", "\u2014", "~"]),
    st.sampled_from(["", " ", "  ", "\xa0"]),
    YEARS,
)
def test_january_february_in_any_spelling_dash_and_spacing(first, second, dash, space, year):
    label = read_label(f"{SECTION4_SUBJECT}, {first}{space}{dash}{space}{second} {year} (in CNY)")
    assert label.period == Period(year, 2, cumulative=True)
    assert label.period.describe() == f"January-February {year}"


@pytest.mark.parametrize(
    "text",
    [
        "Smarch 2026",
        "Mar 20266",
        "13 2026",
        "Marc 2026",
        "Mar ２０２６",
        "Janvier 2026",
        "März 2026",
        "February-March 2026",
        "Mar 0000",
        "0000",
    ],
)
def test_read_label_rejects_what_is_not_a_month(text):
    with pytest.raises(LabelProblem):
        read_label(f"{SECTION4_SUBJECT}, {text} (in CNY)")


@given(
    MONTH_WORDS,
    YEARS,
    st.sampled_from([("CNY", "CNY"), ("RMB", "CNY"), ("USD", "USD"), ("cny", "CNY"), ("US$", "USD")]),
    st.sampled_from(["(in {})", "({})", "(In {})", "( in {} )", "(Only {month}, in {})"]),
    st.sampled_from(["'", "\u2019"]),
    st.sampled_from([" ", "  ", "\xa0", "\r\n\t", ""]),
)
def test_read_label_reads_every_currency_naming(month_word, year, currency, group, apostrophe, space):
    month, word = month_word
    name, code = currency
    qualifier = group.format(name, month=FULL_MONTHS[month - 1]) if "{month}" in group else group.format(name)
    text = f"{SECTION4_SUBJECT}, {word} {year}{space}{qualifier}".replace("'", apostrophe)
    label = read_label(text)
    assert (label.table, label.currency, label.period.month, label.period.year) == (4, code, month, year)
    assert label.qualifier_month in (None, month)


@pytest.mark.parametrize(
    "text, table, printed",
    [
        ("(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)", 4, 4),
        ("China's Total Value of Imports and Exports by Major Country (Region), Jan. 2018", 4, None),
        ("(3) China's Total Export & Import Values by Country/Region, January-February 2020 (in CNY)", 4, 3),
        ("(1) China's Total Export & Import Values, Feb 2026(in USD)", 1, 1),
        ("China's Total Export & Import Values, July 2018 (in CNY)", 1, None),
        ("(5) China's Major Exports by Quantity and Value, May 2019 (in CNY)", 5, 5),
        ("(6) China's Major Imports by Quantity and Value, May 2026 (in CNY)", 6, 6),
        ("（4）China's Total Export & Import Values by Country/Region (in USD)", 4, 4),
    ],
)
def test_the_table_comes_from_the_subject_not_the_printed_number(text, table, printed):
    label = read_label(text)
    assert (label.table, label.printed_section, label.other_table) == (table, printed, None)


@pytest.mark.parametrize(
    "text, what",
    [
        ("(2) China's Total Export & Import Values by Trade Mode (in CNY)", "by trade mode"),
        ("(3) China's Total Export & Import Values by Trade Mode (in USD)", "by trade mode"),
        ("(8)Statistics Bulletin on Goods Inspection & Quarantine", "a statistics bulletin on another subject"),
        ("（2）Imports and Exports by Country （Region） of Origin/Destination", "origin/destination"),
        ("（13）Major Export Commodities in Quantity and Value", "commodities"),
        ("（1）Summary of Imports and Exports  (In USD) A： Annually", "summary"),
    ],
)
def test_tables_this_warehouse_does_not_read_are_named_as_such(text, what):
    label = read_label(text)
    assert label.table is None and what in label.other_table


def test_a_year_alone_names_the_table_of_its_december():
    label = read_label("China's Total Value of Imports and Exports, 2018 (RMB)")
    assert (label.table, label.currency, label.period) == (1, "CNY", Period(2018, 12, False, whole_year=True))
    assert label.period.describe() == "2018"


def test_a_currency_that_is_not_cny_or_usd():
    with pytest.raises(LabelProblem, match="'EUR' is not one of CNY, USD"):
        read_label(f"{SECTION4_SUBJECT}, Mar 2026 (in EUR)")


@given(st.integers(1, 12), st.sampled_from(["de_DE", "fr_FR", "zh_CN", "C", "tr_TR"]))
def test_the_month_table_does_not_follow_the_locale(month, name):
    import locale

    previous = locale.setlocale(locale.LC_TIME)
    try:
        with contextlib.suppress(locale.Error):  # a machine without the locale: the table is English either way
            locale.setlocale(locale.LC_TIME, f"{name}.UTF-8")
        assert month_number(ABBREVIATED[month - 1] + ".") == month
        assert month_number(FULL_MONTHS[month - 1]) == month
    finally:
        locale.setlocale(locale.LC_TIME, previous)


# --- units -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Unit: CNY 100 Million", Unit("CNY", "CNY 100 Million", 10**8)),
        ("Unit: USD 100 Million", Unit("USD", "USD 100 Million", 10**8)),
        ("Unit: USD1 Million", Unit("USD", "USD1 Million", 10**6)),
        ("Value Unit: CNY 100 Million", Unit("CNY", "CNY 100 Million", 10**8)),
        ("Unit:\xa0USD\xa0Million", Unit("USD", "USD Million", 10**6)),
        ("unit : usd 1,000 thousand", Unit("USD", "usd 1,000 thousand", 10**6)),
        ("Unit:US$1,000", Unit("USD", "US$1,000", 1000)),
        ("Unit: RMB 100 Million", Unit("CNY", "RMB 100 Million", 10**8)),
    ],
)
def test_parse_unit(text, expected):
    assert parse_unit(text) == expected


@given(
    st.sampled_from(["CNY", "USD"]),
    st.sampled_from([(1, "Million", 10**6), (100, "Million", 10**8), (1, "Billion", 10**9), (1000, "", 1000)]),
    st.sampled_from(["", " ", "  ", "\xa0"]),
    st.sampled_from(["Unit:", "Unit :", "Value Unit:", "unit:", "UNIT:"]),
)
def test_the_scale_comes_from_the_unit_row_in_any_spacing(currency, multiplier, space, prefix):
    number, word, scale = multiplier
    text = f"{prefix} {currency}{space}{number:,} {word}".strip()
    unit = parse_unit(text)
    assert (unit.currency, unit.scale) == (currency, scale)


@pytest.mark.parametrize(
    "text", ["", "Unit:", "Unit: CNY", "Unit: CNY 0 Million", "Unit: EUR 100 Million", "CNY 100 Million"]
)
def test_unreadable_unit_rows(text):
    with pytest.raises(PageProblem):
        parse_unit(text)


# --- publication dates -----------------------------------------------------------------------------------


KINDS = st.sampled_from(list(PUBLICATION_WINDOWS))


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@given(
    st.integers(2018, 2030),
    st.integers(1, 12),
    KINDS,
    st.data(),
    st.sampled_from(["{y}/{m:02d}/{d:02d}", "{y}-{m}-{d}"]),
)
def test_a_year_first_date_within_the_window_is_read(year, month, kind, data, form):
    first, last = PUBLICATION_WINDOWS[kind]
    date = month_end(year, month) + dt.timedelta(days=data.draw(st.integers(first, last)))
    text = form.format(y=date.year, m=date.month, d=date.day)
    assert read_publication_date(text, year, month, "the month", kind) == date.isoformat()


@given(st.integers(2018, 2030), st.integers(1, 12), KINDS, st.data(), st.booleans())
def test_a_year_last_date_is_read_in_whichever_order_the_window_allows_or_rejected(year, month, kind, data, day_first):
    first, last = PUBLICATION_WINDOWS[kind]
    date = month_end(year, month) + dt.timedelta(days=data.draw(st.integers(first, last)))
    text = (
        f"{date.day:02d}/{date.month:02d}/{date.year}" if day_first else f"{date.month:02d}/{date.day:02d}/{date.year}"
    )
    other = None
    if date.day <= 12 and date.day != date.month:
        other = dt.date(date.year, date.day, date.month)  # the same digits read the other way round
    end = month_end(year, month)
    if other is not None and end + dt.timedelta(days=first) <= other <= end + dt.timedelta(days=last):
        with pytest.raises(PageProblem, match="ambiguous"):
            read_publication_date(text, year, month, "the month", kind)
    else:
        assert read_publication_date(text, year, month, "the month", kind) == date.isoformat()


@given(st.integers(2018, 2030), st.integers(1, 12), st.integers(7, 20))
def test_a_preliminary_release_day_is_never_ambiguous(year, month, day):
    """GACC's preliminary releases come out on the 7th to the 20th of the next month: whichever way
    the year-last date is printed, only one reading falls in the preliminary window."""
    published = month_end(year, month) + dt.timedelta(days=day)
    assume(not (month == 5 and day == 7))  # 06/07: 7 June and 6 July (36 days on) are both in the window
    for text in (
        f"{published.day:02d}/{published.month:02d}/{published.year}",
        f"{published.month:02d}/{published.day:02d}/{published.year}",
    ):
        assert read_publication_date(text, year, month, "the month", "preliminary") == published.isoformat()


@pytest.mark.parametrize(
    "text, year, month, kind, expected",
    [
        ("08/04/2026", 2026, 3, None, "2026-04-08"),  # day first: 8 April, not 4 August
        ("04/08/2026", 2026, 3, "preliminary", "2026-04-08"),  # month first
        ("06/10/2019", 2019, 5, "preliminary", "2019-06-10"),  # May 2019's page: 10 June, not 6 October
        ("03/08/2018", 2018, 1, "preliminary", "2018-03-08"),  # January 2018's page: 8 March, not 3 August
        ("2026/04/08", 2026, 1, "monthly_bulletin", "2026-04-08"),  # a January bulletin stamped late, as GACC did
        ("05/04/2026", 2026, 3, "monthly_bulletin", "2026-05-04"),  # a bulletin is not out 5 days after the month
    ],
)
def test_dates_gacc_printed(text, year, month, kind, expected):
    assert read_publication_date(text, year, month, "the month", kind) == expected


@pytest.mark.parametrize(
    "text, year, month, kind, reason",
    [
        ("2026/03/31", 2026, 3, None, "not after the reference month"),
        ("2026/09/30", 2026, 3, None, "later than GACC publishes"),
        ("2026/05/20", 2026, 3, "preliminary", "later than GACC publishes"),
        ("2026/04/03", 2026, 3, "monthly_bulletin", "earlier after Mar"),
        ("05/04/2026", 2026, 3, None, "ambiguous"),  # 4 May and 5 April both fit March
        ("05/04/2026", 2026, 3, "preliminary", "ambiguous"),
        ("2026/02/30", 2026, 1, None, "not a date"),
        ("April 8, 2026", 2026, 3, None, "not a date"),
    ],
)
def test_dates_that_cannot_be_read_faithfully(text, year, month, kind, reason):
    with pytest.raises(PageProblem, match=reason):
        read_publication_date(text, year, month, "Mar 2026" if month == 3 else "the month", kind)


def test_the_year_of_a_page_that_names_none_comes_from_its_date():
    assert years_fitting("2026/04/08", 3) == [2026]
    assert years_fitting("2026/01/13", 12) == [2025]
    assert years_fitting("2026/04/08", 5) == []


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
