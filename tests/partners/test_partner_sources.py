"""The sample partner servers answer the real request forms (and the real errors), and landing keeps every
answer: vintages, 204 for an unpublished month, quarantine for an answer that cannot be read, an alert for
a source that stops answering (503). Real servers on 127.0.0.1, real DuckDB files."""

from __future__ import annotations

import duckdb
import httpx
import pytest

from customs_wh.config import load_settings
from customs_wh.sample_sources import serve_sources
from customs_wh.warehouse import partner_landing


@pytest.fixture
def sources():
    with serve_sources() as running:
        yield running


@pytest.fixture
def partner_settings(sources, tmp_path):
    settings = load_settings({"CUSTOMS_WH_HOME": str(tmp_path / "home"), **sources.environment()})
    settings.ensure_dirs()
    return settings


def land(settings, source, years, run_id="run-1", **fetcher_options):
    requests = partner_landing.requests_for(settings, source, years, None)
    with partner_landing.source_fetcher(settings, source, **fetcher_options) as fetcher:
        return partner_landing.land_source(settings, source, requests, run_id, fetcher)


@pytest.mark.parametrize(
    ("source", "path", "status", "says"),
    [
        (
            "census",
            "/data/timeseries/intltrade/imports/hs?get=GEN_VAL_MO,NOPE&time=2024-01",
            400,
            "error: unknown variable 'NOPE'",
        ),
        (
            "census",
            "/data/timeseries/intltrade/imports/hs?get=GEN_VAL_MO&time=2024-01&COMM_LVL=HS3",
            400,
            "error: invalid 'COMM_LVL' value 'HS3'",
        ),
        ("census", "/data/timeseries/intltrade/imports/hs?get=GEN_VAL_MO&time=2031-01", 204, ""),
        ("eurostat", "/sdmx/2.1/data/DS-045409/M.EU27_2020.CN?format=SDMX-CSV", 400, "Syntax error"),
        ("eurostat", "/sdmx/2.1/data/DS-045409/M.XX.CN..1.VALUE_IN_EUROS?format=SDMX-CSV", 404, "No Results Found"),
        ("hmrc", "/OTS?$filter=Nope eq 1", 400, "Could not find a property named 'Nope'"),
        ("ecb", "/service/data/EXR/M.USD.EUR.SP00?format=jsondata", 400, "Bad syntax"),
        ("ecb", "/service/data/EXR/M.XXX.EUR.SP00.A?format=jsondata", 404, "No results found."),
    ],
)
def test_a_wrong_parameter_gets_the_real_apis_error(sources, source, path, status, says):
    answer = httpx.get(sources.base_urls[source] + path)
    assert answer.status_code == status
    assert says in answer.text


def test_census_world_row_comes_with_no_country_asked_and_is_not_a_country(sources):
    answer = httpx.get(
        sources.base_urls["census"] + "/data/timeseries/intltrade/imports/hs?get=GEN_VAL_MO&time=2024-02"
    )
    rows = answer.json()
    assert rows[0] == ["GEN_VAL_MO", "time"] and len(rows) == 5 and all(isinstance(v, str) for r in rows for v in r)


def test_landing_keeps_every_answer_once_and_a_revision_is_the_next_vintage(sources, partner_settings):
    first = land(partner_settings, "census", [2024])
    again = land(partner_settings, "census", [2024], run_id="run-2")
    sources.states["census"].revision = 1  # the spring revision of prior years
    revised = land(partner_settings, "census", [2024], run_id="run-3")
    assert len(first.new) == 4 and first.rows > 0
    assert again.new == [] and again.unchanged == 4
    assert len(revised.new) == 4
    con = duckdb.connect(str(partner_settings.build_db), read_only=True)
    vintages = con.execute(
        "select request_key, list(vintage order by vintage) from raw.partner_manifest group by 1 order by 1"
    ).fetchall()
    assert all(v == [1, 2] for _key, v in vintages)
    files = sorted(p.suffix for p in partner_settings.raw_dir.iterdir())
    assert files == [".response"] * 8


def test_an_unpublished_year_is_recorded_not_failed(sources, partner_settings):
    result = land(partner_settings, "census", [2027])
    assert result.not_published == ["imports/TOTAL/2027", "imports/HS2/2027", "exports/TOTAL/2027", "exports/HS2/2027"]
    assert result.failure() is None and result.alerts("run-1") == []


def test_hmrc_pages_are_followed_and_suppressed_rows_kept_without_value(sources, partner_settings):
    result = land(partner_settings, "hmrc", [2024])
    assert len(result.new) > 1 and result.new[1] == "OTS/2024/page-2"
    con = duckdb.connect(str(partner_settings.build_db), read_only=True)
    suppressed = con.execute(
        "select count(*), count(value) from raw.partner_observations where source = 'hmrc' and suppressed"
    ).fetchone()
    assert suppressed[0] > 0 and suppressed[1] == 0


def test_a_source_answering_503_is_an_alert_for_that_source_alone(sources, partner_settings):
    sources.states["eurostat"].unavailable = True
    result = land(partner_settings, "eurostat", [2024], retries=1, sleep=lambda _s: None)
    assert result.failed and "HTTP 503" in result.failed[0][1]
    (alert,) = result.alerts("run-1")
    assert alert.severity == "critical" and "eurostat stopped answering" in alert.message
    assert "GACC marts still publish" in alert.message


def test_an_answer_that_cannot_be_read_is_quarantined_with_its_reason(sources, partner_settings):
    from customs_wh.partner_contracts import PartnerRequest

    base = sources.base_urls["census"]
    bad = PartnerRequest(
        "census",
        "bad/2024",
        f"{base}/data/timeseries/intltrade/imports/hs?get=GEN_VAL_MO,NOPE&time=2024-01",
        "2024-01",
        "2024-01",
    )
    with partner_landing.source_fetcher(partner_settings, "census") as fetcher:
        result = partner_landing.land_source(partner_settings, "census", [bad], "run-1", fetcher)
    ((key, reason),) = result.quarantined
    assert key == "bad/2024" and reason == "census: the API answered an error: error: unknown variable 'NOPE'"
    assert len(list(partner_settings.quarantine_dir.glob("*.response"))) == 1


def test_a_missing_ecb_rate_is_absent_not_guessed(sources, partner_settings):
    sources.states["ecb"].missing_months = {"2024-05"}
    land(partner_settings, "ecb", [2024])
    con = duckdb.connect(str(partner_settings.build_db), read_only=True)
    months = {
        m for (m,) in con.execute("select period_month from raw.exchange_rates where currency = 'USD'").fetchall()
    }
    assert "2024-05" not in months and len(months) == 11


def test_partner_gate_quarantines_a_total_that_is_not_its_chapters_and_warns_of_suppressed_rows(tmp_path):
    from customs_wh.orchestration import partner_stages
    from customs_wh.partner_contracts import PartnerRequest
    from http_server import RouteTable, serve

    header = '["CTY_NAME","I_COMMODITY","GEN_VAL_MO","CTY_CODE","COMM_LVL","time"]'
    total = '[["CTY_NAME","GEN_VAL_MO","CTY_CODE","time"],\n["CHINA","1000","5700","2024-01"]]'
    chapters = f'[{header},\n["CHINA","85","600","5700","HS2","2024-01"],\n["CHINA","84","300","5700","HS2","2024-01"]]'
    routes = RouteTable()
    routes.add("/total", body=total.encode())
    routes.add("/chapters", body=chapters.encode())
    with serve(routes) as base:
        settings = load_settings({"CUSTOMS_WH_HOME": str(tmp_path / "home"), "CENSUS_BASE_URL": base})
        settings.ensure_dirs()
        requests = [
            PartnerRequest("census", "imports/TOTAL/2024", f"{base}/total", "2024-01", "2024-01"),
            PartnerRequest("census", "imports/HS2/2024", f"{base}/chapters", "2024-01", "2024-01"),
        ]
        with partner_landing.source_fetcher(settings, "census") as fetcher:
            partner_landing.land_source(settings, "census", requests, "run-1", fetcher)
        failure = partner_stages._gate(settings, "run-1", "census")
    assert failure is not None and "TOTAL is not the sum of its chapters" in failure
    con = duckdb.connect(str(settings.build_db), read_only=True)
    statuses = con.execute("select distinct status from raw.partner_manifest").fetchall()
    alerts = con.execute("select check_name, severity, observed from ops.alerts").fetchall()
    assert statuses == [("quarantined",)]
    assert ("partner gate: total_within_chapters", "critical") in {(a[0], a[1]) for a in alerts}
    assert any("TOTAL 1,000, chapters 900" in a[2] for a in alerts)


def test_partner_gate_passes_the_sample_sources_and_warns_of_hmrc_suppressed_rows(sources, partner_settings):
    from customs_wh.orchestration import partner_stages

    outcomes = [
        partner_stages.land_partner_source(
            partner_settings, "run-1", source, from_month="2024-01", through_month="2024-12"
        )
        for source in ("census", "eurostat", "hmrc", "ecb")
    ]
    assert [o.failure for o in outcomes] == [None, None, None, None]
    con = duckdb.connect(str(partner_settings.build_db), read_only=True)
    checks = {name for (name,) in con.execute("select check_name from ops.alerts").fetchall()}
    assert checks == {"partner gate: suppressed_rows"}
