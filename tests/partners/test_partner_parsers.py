"""The partner sources' parsers on the real recorded answers, on the sample servers' answers, and on generated
variation: every answer loads exactly or is refused in one line naming the source and the reason."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customs_wh.census.parse import parse_response as census
from customs_wh.contracts import ParseError
from customs_wh.ecb.parse import parse_response as ecb
from customs_wh.eurostat.parse import parse_response as eurostat
from customs_wh.hmrc.parse import parse_response as hmrc
from customs_wh.partner_contracts import NotPublished
from repo_paths import TEST_DATA

DATA = TEST_DATA
COMEXT_HEADER = "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE\n"


def comext_line(reporter="EU27_2020", partner="CN", product="TOTAL", flow="1", period="2024-03", value="100"):
    dataflow = "ESTAT:DS-045409(1.0),15/10/26 11:00:00,M"
    return f"{dataflow},{reporter},{partner},{product},{flow},VALUE_IN_EUROS,{period},{value}\n"


def census_answer(header, rows) -> bytes:
    return ("[" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in [header, *rows]) + "]").encode()


@pytest.mark.parametrize(
    ("source", "parse", "reason"),
    [
        ("census", census, "census: row 2: commodity '2710121510' at level 'HS10'; only totals and HS2 chapters"),
        ("ecb", ecb, "ecb: series D.USD.EUR.SP00.A: frequency D, not monthly (M) averages"),
        ("eurostat", eurostat, "eurostat: line 3: period '  2023-09' (freq M); only months are read"),
    ],
)
def test_real_recorded_answers_are_refused_in_one_line_naming_the_source(source, parse, reason):
    (recorded,) = [p for p in (DATA / source).iterdir() if p.suffix in (".json", ".csv")]
    with pytest.raises(ParseError) as refused:
        parse(recorded.read_bytes(), str(recorded))
    assert refused.value.reason.startswith(reason)
    assert "\n" not in str(refused.value)


def test_census_world_row_is_an_aggregate_beside_the_countries():
    answer = census_answer(
        ["CTY_NAME", "GEN_VAL_MO", "CTY_CODE", "time"],
        [["TOTAL FOR ALL COUNTRIES", "250000000000", "-", "2024-01"], ["CHINA", "37306500000", "5700", "2024-01"]],
    )
    rows = census(answer, "answer").observations
    world = [r for r in rows if r.partner_code == "WORLD"]
    china = [r for r in rows if r.partner_code == "CHN"]
    # The world row stands for every country; a TOTAL product stands for its chapters: both aggregates.
    assert [r.is_aggregate for r in world] == [True] and [r.is_aggregate for r in china] == [True]
    assert china[0].value == 37306500000.0 and china[0].flow == "import" and china[0].product == "TOTAL"


def test_census_204_is_not_published_and_an_error_body_is_refused():
    with pytest.raises(NotPublished):
        census(b"", "answer")
    with pytest.raises(ParseError, match="census: the API answered an error: error: unknown variable 'FOO'"):
        census(b"error: unknown variable 'FOO'", "answer")


@given(
    order=st.permutations(["CTY_NAME", "E_COMMODITY", "ALL_VAL_MO", "CTY_CODE", "COMM_LVL", "time"]),
    values=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=5),
)
@settings(max_examples=40, deadline=None)
def test_census_columns_are_read_by_their_names_in_any_order(order, values):
    cells = [
        {
            "CTY_NAME": "CHINA",
            "E_COMMODITY": f"{i + 1:02d}",
            "ALL_VAL_MO": str(v),
            "CTY_CODE": "5700",
            "COMM_LVL": "HS2",
            "time": "2023-07",
        }
        for i, v in enumerate(values)
    ]
    rows = census(census_answer(order, [[c[name] for name in order] for c in cells]), "answer").observations
    assert [r.value for r in rows] == [float(v) for v in values]
    assert {r.flow for r in rows} == {"export"} and {r.valuation for r in rows} == {"fas"}


@pytest.mark.parametrize("bad", ["12.5", "-3", "", "1e9", " 12"])
def test_census_a_value_that_is_not_whole_dollars_is_refused(bad):
    answer = census_answer(["GEN_VAL_MO", "CTY_CODE", "time"], [[bad, "5700", "2024-01"]])
    with pytest.raises(ParseError, match="is not a whole number of dollars"):
        census(answer, "answer")


def test_comext_total_beside_its_chapters_is_marked_and_never_a_chapter():
    body = COMEXT_HEADER + comext_line(product="TOTAL", value="300") + comext_line(product="85", value="200")
    body += comext_line(product="84", value="100") + comext_line(reporter="DE", product="TOTAL", value="80")
    rows = eurostat(body.encode(), "answer").observations
    # Every row of the EU27 stands for its member states, and every TOTAL for its chapters.
    assert all(r.is_aggregate for r in rows)
    chapters = [r for r in rows if r.reporter == "EU27_2020" and r.product != "TOTAL"]
    assert [(r.product, r.value) for r in chapters] == [("85", 200.0), ("84", 100.0)]
    (total,) = [r for r in rows if r.reporter == "EU27_2020" and r.product == "TOTAL"]
    assert sum(r.value for r in chapters) == total.value == 300.0


def test_comext_empty_cell_is_suppressed_not_zero_and_greece_is_gr():
    body = COMEXT_HEADER + comext_line(reporter="GR", product="85", value="")
    (row,) = eurostat(body.encode(), "answer").observations
    assert row.reporter == "GRC" and row.suppressed and row.value is None


def test_comext_error_message_is_refused_with_its_text():
    error = (
        b'<?xml version="1.0"?><mes:Error><mes:ErrorMessage code="100">'
        b"<com:Text>No Results Found</com:Text></mes:ErrorMessage></mes:Error>"
    )
    with pytest.raises(ParseError, match="eurostat: an error message or another format.*No Results Found"):
        eurostat(error, "answer")


def hmrc_row(suppression=0, value=1000.0, chapter="85", country=720, flow=3, month=202403):
    return {
        "MonthId": month,
        "FlowTypeId": flow,
        "SuppressionIndex": suppression,
        "CommodityId": 85000001,
        "CountryId": country,
        "Value": value,
        "Commodity": {"Hs2Code": chapter},
    }


def test_hmrc_suppressed_rows_are_recorded_without_a_value_and_pages_link_on():
    page = {
        "@odata.context": "x",
        "value": [hmrc_row(), hmrc_row(suppression=1, value=0.0)],
        "@odata.nextLink": "http://h/OTS?$skip=2",
    }
    parsed = hmrc(json.dumps(page).encode(), "page")
    plain, hidden = parsed.observations
    assert plain.value == 1000.0 and not plain.suppressed and plain.currency == "GBP" and plain.valuation == "cif"
    assert hidden.suppressed and hidden.value is None
    assert parsed.next_url == "http://h/OTS?$skip=2"


def test_hmrc_odata_error_is_refused_with_its_message():
    error = {"error": {"code": "", "message": "Could not find a property named 'Foo' on type 'OTS'."}}
    with pytest.raises(ParseError, match="hmrc: the API answered an error: Could not find a property named 'Foo'"):
        hmrc(json.dumps(error).encode(), "page")


@given(st.sampled_from([1, 2, 3, 4]), st.floats(min_value=0, max_value=1e12, allow_nan=False))
@settings(max_examples=30, deadline=None)
def test_hmrc_flows_follow_the_flow_type(flow, value):
    (row,) = hmrc(json.dumps({"value": [hmrc_row(flow=flow, value=value)]}).encode(), "page").observations
    assert row.flow == ("import" if flow in (1, 3) else "export") and row.value == value


@given(
    values=st.dictionaries(
        st.integers(min_value=1, max_value=97).map(lambda n: f"{n:02d}"),
        st.integers(min_value=0, max_value=10**11),
        min_size=1,
        max_size=8,
    ),
    flow=st.sampled_from(["1", "2"]),
)
@settings(max_examples=40, deadline=None)
def test_comext_chapters_in_any_order_keep_their_values_and_the_total_stays_apart(values, flow):
    lines = [comext_line(product=chapter, flow=flow, value=str(value)) for chapter, value in values.items()]
    lines.insert(len(lines) // 2, comext_line(product="TOTAL", flow=flow, value=str(sum(values.values()))))
    rows = eurostat((COMEXT_HEADER + "".join(lines)).encode(), "answer").observations
    chapters = {r.product: r.value for r in rows if r.product != "TOTAL"}
    assert chapters == {chapter: float(value) for chapter, value in values.items()}
    assert {r.flow for r in rows} == {"import" if flow == "1" else "export"}


def test_every_sample_census_answer_parses_and_its_chapters_add_up_to_its_total():
    from customs_wh.sample_sources import census as sample_census
    from customs_wh.sample_sources.answers import SourceState

    state = SourceState(published_through="2026-09")
    totals, chapters = {}, {}
    for level, into in ((None, totals), ("HS2", chapters)):
        query = [("get", "CTY_NAME,I_COMMODITY,GEN_VAL_MO"), ("CTY_CODE", "5700"), ("time", "from 2025-01 to 2025-12")]
        answer = sample_census.answer(
            "/data/timeseries/intltrade/imports/hs", query + ([("COMM_LVL", level)] if level else []), state
        )
        for row in census(answer.body, "answer").observations:
            into[row.period_month] = into.get(row.period_month, 0.0) + row.value
    assert totals == chapters and len(totals) == 12


@pytest.mark.parametrize("source", ["census", "eurostat", "hmrc", "ecb"])
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
@settings(max_examples=60, deadline=None)
def test_any_bytes_load_or_are_refused_in_one_line_naming_the_source(source, content):
    from customs_wh.warehouse.partner_sources import parse_response

    try:
        parsed = parse_response(source, content, "answer")
    except ParseError as refused:
        assert refused.reason.startswith(f"{source}: ") and "\n" not in refused.reason
    else:
        assert parsed.rows
