"""The raw zone, landing into raw.manifest, and parse_pending into raw.observations.

Pages are served by a real HTTP server on 127.0.0.1 and recorded in a real DuckDB file.
The parser is a stub (``parse_release`` is injected) reading a tiny JSON page, so these
tests pin the landing behaviour independently of the HTML parser.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from customs_wh.config import Settings
from customs_wh.contracts import (
    COMMODITY_OBSERVATION_FIELDS,
    CommodityObservation,
    ParsedRelease,
    ParseError,
    PublishedAsImage,
    ReleaseRef,
)
from customs_wh.gacc.fetch import Fetcher
from customs_wh.warehouse import db
from customs_wh.warehouse.landing import land, parse_pending, requeue
from customs_wh.warehouse.page_parsing import MIN_PAGES_PER_WORKER
from customs_wh.warehouse.raw_zone import RawZone, RawZoneError
from databases import query_rows
from http_server import RouteTable, serve
from stub_releases import stub_release

MONTH = "2025-06"


def page(
    *,
    section: int = 4,
    currency: str = "USD",
    month: str = MONTH,
    usa: float = 450.2,
    broken: str = "",
    image: str = "",
    stamp: str = "",
) -> bytes:
    """A tiny JSON release page; ``image`` makes it a page published as an image, ``stamp``
    changes its bytes and nothing else (a CMS timestamp)."""
    fields = {"section": section, "currency": currency, "month": month, "usa": usa, "broken": broken}
    return json.dumps({**fields, "image": image, "stamp": stamp}).encode()


def stub_parse_release(content: bytes, *, page: str, context=None) -> ParsedRelease:
    """Reads the JSON pages above: two partners × export value, like a tiny section (4)."""
    data = json.loads(content)
    if data["image"]:
        raise PublishedAsImage(page, data["image"])
    if data["broken"]:
        raise ParseError(page, data["broken"])
    return stub_release(
        data["month"],
        [
            ("Total", "WORLD", None, 3000.5),
            ("Germany", "DEU", "EU", 142.1),
            ("United States (US)", "USA", None, data["usa"]),
        ],
        section=data["section"],
        currency=data["currency"],
    )


def ref(
    base_url: str,
    path: str,
    *,
    kind: str = "preliminary",
    section: int = 4,
    currency: str | None = "USD",
    table: str | None = None,
) -> ReleaseRef:
    return ReleaseRef(
        section=section, currency=currency, reference_month=MONTH, release_kind=kind, url=base_url + path, table=table
    )


@pytest.fixture
def site():
    routes = RouteTable()
    with serve(routes) as base_url:
        yield routes, base_url


def settings_for(base_url: str, tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home", base_url=base_url)
    settings.ensure_dirs()
    return settings


def quick_fetcher(settings: Settings) -> Fetcher:
    return Fetcher(settings, timeout=(2.0, 2.0), retries=1, sleep=lambda _s: None)


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    return query_rows(settings.build_db, sql, params)


# --- raw zone ---------------------------------------------------------------------------


def test_the_raw_zone_stores_bytes_once_read_only_and_verifies_them_on_read(tmp_path):
    zone = RawZone(Settings(home=tmp_path, base_url="http://127.0.0.1:1"))
    sha = zone.put(b"<html>one</html>")
    stored = zone.path(sha)
    assert stored == tmp_path / "raw" / f"{sha}.html"
    assert stored.read_bytes() == b"<html>one</html>"
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    inode, mtime = stored.stat().st_ino, stored.stat().st_mtime_ns

    assert zone.put(b"<html>one</html>") == sha
    assert (stored.stat().st_ino, stored.stat().st_mtime_ns) == (inode, mtime)
    assert zone.read(sha) == b"<html>one</html>"
    assert not [p for p in stored.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_tampered_or_missing_raw_page_is_an_error_not_data(tmp_path):
    zone = RawZone(Settings(home=tmp_path, base_url="http://127.0.0.1:1"))
    sha = zone.put(b"original")
    path = zone.path(sha)
    os.chmod(path, 0o644)
    path.write_bytes(b"altered")
    with pytest.raises(RawZoneError, match="was altered"):
        zone.read(sha)
    with pytest.raises(RawZoneError, match="is missing"):
        zone.read("0" * 64)
    with pytest.raises(ValueError, match="not a sha256"):
        zone.path("../../etc/passwd")


# --- land -------------------------------------------------------------------------------


def test_landing_twice_adds_nothing_and_new_bytes_become_vintage_2(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    routes.add("/p4.html", body=page())
    routes.add("/m4.html", body=page(usa=451.0))
    refs = [ref(base_url, "/p4.html"), ref(base_url, "/m4.html", kind="monthly_bulletin")]

    with quick_fetcher(settings) as fetcher:
        first = land(settings, refs, fetcher, "run-1")
        again = land(settings, refs, fetcher, "run-2")
    assert [key for key, _ in first.new] == ["2025-06/s4/USD/preliminary", "2025-06/s4/USD/monthly_bulletin"]
    assert again.new == [] and again.unchanged == first.new and again.failed == []
    assert query(settings, "select count(*) from raw.manifest") == [(2,)]
    old_sha = first.new[0][1]
    old_bytes = RawZone(settings).path(old_sha).read_bytes()

    routes.add("/p4.html", body=page(usa=449.9))  # GACC republishes the page with a revision
    with quick_fetcher(settings) as fetcher:
        revised = land(settings, refs[:1], fetcher, "run-3")
    assert len(revised.new) == 1 and revised.new[0][1] != old_sha
    assert query(
        settings,
        "select vintage, status, run_id, byte_size from raw.manifest where release_key = ? order by vintage",
        ["2025-06/s4/USD/preliminary"],
    ) == [(1, "landed", "run-1", len(page())), (2, "landed", "run-3", len(page(usa=449.9)))]
    assert RawZone(settings).path(old_sha).read_bytes() == old_bytes


def test_a_failed_fetch_lands_nothing_and_is_reported(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    routes.add("/ok.html", body=page())
    routes.add("/short.html", body=page(usa=1.0) * 50, truncate_at=40)
    refs = [
        ref(base_url, "/ok.html"),
        ref(base_url, "/short.html", currency="CNY"),
        ref(base_url, "/gone.html", section=1),
    ]

    with quick_fetcher(settings) as fetcher:
        result = land(settings, refs, fetcher, "run-1")

    assert len(result.new) == 1
    assert [(r.url, reason) for r, reason in result.failed] == [
        (f"{base_url}/short.html", result.failed[0][1]),
        (f"{base_url}/gone.html", "HTTP 404 Not Found"),
    ]
    assert result.failed[0][1].startswith("incomplete response")
    assert query(settings, "select url from raw.manifest") == [(f"{base_url}/ok.html",)]
    assert [p.name for p in settings.raw_dir.iterdir()] == [f"{result.new[0][1]}.html"]


# --- parse_pending -------------------------------------------------------------------------


def landed(routes: RouteTable, base_url: str, settings: Settings, pages: dict[str, tuple[bytes, dict]]) -> None:
    refs = []
    for path, (body, ref_options) in pages.items():
        routes.add(path, body=body)
        refs.append(ref(base_url, path, **ref_options))
    with quick_fetcher(settings) as fetcher:
        assert not land(settings, refs, fetcher, "run-land").failed


def test_parse_pending_loads_every_landed_page_once(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(
        routes,
        base_url,
        settings,
        {"/p.html": (page(), {}), "/m.html": (page(usa=451.0), {"kind": "monthly_bulletin"})},
    )

    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)

    assert len(result.loaded) == 2 and result.quarantined == [] and result.rows == 6
    assert query(
        settings,
        "select release_kind, vintage, partner_code, parent_code, value, publication_date::varchar "
        "from raw.observations where partner_code in ('USA', 'DEU') order by release_kind, partner_code",
    ) == [
        ("monthly_bulletin", 1, "DEU", "EU", 142.1, "2025-07-14"),
        ("monthly_bulletin", 1, "USA", None, 451.0, "2025-07-14"),
        ("preliminary", 1, "DEU", "EU", 142.1, "2025-07-14"),
        ("preliminary", 1, "USA", None, 450.2, "2025-07-14"),
    ]
    assert query(settings, "select distinct published_on::varchar from raw.manifest") == [("2025-07-14",)]

    rerun = parse_pending(settings, "run-2", parse_release=stub_parse_release)
    assert rerun.loaded == [] and rerun.rows == 0
    assert query(settings, "select count(*) from raw.observations") == [(6,)]


def test_pages_parsed_by_workers_load_what_one_process_loads(site, tmp_path, monkeypatch):
    routes, base_url = site
    pages = {}
    for index in range(2 * MIN_PAGES_PER_WORKER + 10):  # 110 vintages of one release
        broken = "the unit row is missing" if index % 9 == 4 else ""
        image = IMAGE if index % 17 == 6 else ""
        pages[f"/v{index}.html"] = (page(usa=400 + index, broken=broken, image=image, stamp=str(index)), {})
    monkeypatch.setattr("customs_wh.warehouse.landing.PAGES_PER_TRANSACTION", 40)  # three batches
    outcomes = []
    for workers in (1, 2):
        settings = Settings(home=tmp_path / f"workers-{workers}", base_url=base_url)
        settings.ensure_dirs()
        landed(routes, base_url, settings, pages)
        result = parse_pending(settings, "run-1", parse_release=stub_parse_release, workers=workers)
        outcomes.append(
            (
                result.rows,
                result.loaded,
                result.quarantined,
                result.known_gaps,
                query(settings, "select * exclude (loaded_at) from raw.observations order by vintage, partner_code"),
                query(settings, "select vintage, status, reason, image_url from raw.manifest order by vintage"),
                sorted(path.name for path in settings.quarantine_dir.iterdir()),
            )
        )

    assert outcomes[1] == outcomes[0]
    rows, loaded, quarantined, gaps, *_ = outcomes[1]
    images = sum(index % 17 == 6 for index in range(len(pages)))
    refused = sum(index % 9 == 4 and index % 17 != 6 for index in range(len(pages)))
    assert (len(quarantined), len(gaps)) == (refused, images)
    assert len(loaded) == len(pages) - refused - images and rows == 3 * len(loaded)


def test_a_failed_commit_stops_the_parse_workers(site, tmp_path, monkeypatch):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    pages = {f"/v{index}.html": (page(stamp=str(index)), {}) for index in range(4 * MIN_PAGES_PER_WORKER)}
    landed(routes, base_url, settings, pages)

    def failing_commit(*_args, **_kwargs) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("customs_wh.warehouse.landing._commit_batch", failing_commit)
    monkeypatch.setattr("customs_wh.warehouse.landing.PAGES_PER_TRANSACTION", 20)  # fails with pages to go
    with pytest.raises(OSError, match="No space left") as failure:
        parse_pending(settings, "run-1", parse_release=stub_parse_release, workers=2)
    # Stopped on the way out, not whenever the failure (its traceback holds the parse) is dropped.
    assert failure.value.__traceback__ is not None
    assert multiprocessing.active_children() == []
    assert query(settings, "select count(*) from raw.observations") == [(0,)]


def test_a_rejected_page_is_quarantined_with_its_reason_and_loads_nothing(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    bad = page(broken="no data table: the page has no <table> with the release figures")
    landed(
        routes, base_url, settings, {"/bad.html": (bad, {}), "/good.html": (page(currency="CNY"), {"currency": "CNY"})}
    )
    bad_sha = RawZone(settings).put(bad)

    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)

    page_name = f"{base_url}/bad.html (2025-06 section 4 USD (preliminary))"
    reason = "no data table: the page has no <table> with the release figures"
    assert result.quarantined == [("2025-06 section 4 USD (preliminary)", page_name, reason)]
    assert len(result.loaded) == 1
    assert query(settings, "select status, reason from raw.manifest where sha256 = ?", [bad_sha]) == [
        ("quarantined", reason)
    ]
    assert query(settings, "select count(*) from raw.observations where sha256 = ?", [bad_sha]) == [(0,)]
    assert (settings.quarantine_dir / f"{bad_sha}.html").read_bytes() == bad
    assert (settings.quarantine_dir / f"{bad_sha}.reason.txt").read_text() == f"{page_name}: {reason}\n"
    assert RawZone(settings).read(bad_sha) == bad  # the raw copy stays too

    # A quarantined page is not retried on every run; its row stays as it was.
    assert parse_pending(settings, "run-2", parse_release=stub_parse_release).quarantined == []


def test_a_requeued_page_is_parsed_again_at_the_next_run(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    body = page(broken="parser could not read the unit row")
    landed(routes, base_url, settings, {"/p.html": (body, {})})
    sha = RawZone(settings).put(body)
    assert parse_pending(settings, "run-1", parse_release=stub_parse_release).quarantined

    def fixed_parser(content: bytes, *, page: str, context=None) -> ParsedRelease:  # the parser, once fixed
        return stub_parse_release(content.replace(b"parser could not read the unit row", b""), page=page)

    with db.connect(settings.build_db) as con:
        assert [p.sha256 for p in requeue(con, [sha])] == [sha]
        assert requeue(con, [sha]) == []  # no longer quarantined: nothing to do
    result = parse_pending(settings, "run-2", parse_release=fixed_parser)

    assert result.loaded == [sha] and result.quarantined == []
    assert query(settings, "select status, reason, gated_at from raw.manifest") == [("landed", None, None)]
    assert query(settings, "select count(*) from raw.observations") == [(3,)]


def test_a_page_that_is_not_the_release_it_was_listed_as_is_quarantined(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/swapped.html": (page(month="2025-05", currency="CNY"), {})})

    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)

    assert [reason for _label, _page, reason in result.quarantined] == [
        "page says 2025-05 section 4 CNY but was listed as 2025-06 section 4 USD"
    ]
    assert query(settings, "select count(*) from raw.observations") == [(0,)]


def test_a_parser_crash_quarantines_the_page_instead_of_stopping_the_run(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/odd.html": (page(), {})})

    def crashing_parser(content: bytes, *, page: str, context=None) -> ParsedRelease:
        raise IndexError("list index out of range")

    result = parse_pending(settings, "run-1", parse_release=crashing_parser)
    assert [reason for *_rest, reason in result.quarantined] == ["parser failed: IndexError: list index out of range"]
    assert query(settings, "select status from raw.manifest") == [("quarantined",)]


def test_a_page_with_no_observations_is_never_loaded_as_zero_rows(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/empty.html": (page(), {})})

    def empty_parser(content: bytes, *, page: str, context=None) -> ParsedRelease:
        parsed = stub_parse_release(content, page=page)
        return ParsedRelease(**{**parsed.__dict__, "observations": ()})

    result = parse_pending(settings, "run-1", parse_release=empty_parser)
    assert [reason for *_rest, reason in result.quarantined] == ["page parsed to no observations"]


def test_a_page_stating_one_number_twice_is_quarantined_not_a_constraint_error(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/twice.html": (page(), {})})

    def repeating_parser(content: bytes, *, page: str, context=None) -> ParsedRelease:
        parsed = stub_parse_release(content, page=page)
        return ParsedRelease(**{**parsed.__dict__, "observations": parsed.observations + parsed.observations[-1:]})

    result = parse_pending(settings, "run-1", parse_release=repeating_parser)
    assert [reason for *_rest, reason in result.quarantined] == ["page lists USA export value (month) more than once"]
    assert query(settings, "select count(*) from raw.observations") == [(0,)]


def test_a_page_mixing_two_contracts_of_numbers_is_quarantined_not_loaded_into_one_table(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/mixed.html": (page(), {})})
    commodity = CommodityObservation(**dict.fromkeys(COMMODITY_OBSERVATION_FIELDS))

    def mixing_parser(content: bytes, *, page: str, context=None) -> ParsedRelease:
        parsed = stub_parse_release(content, page=page)
        return ParsedRelease(**{**parsed.__dict__, "observations": (*parsed.observations, commodity)})

    result = parse_pending(settings, "run-1", parse_release=mixing_parser)
    assert [reason for *_rest, reason in result.quarantined] == [
        "page mixes numbers of 2 contracts (CommodityObservation, Observation)"
    ]
    assert query(settings, "select count(*) from raw.observations") == [(0,)]
    assert query(settings, "select count(*) from raw.commodity_observations") == [(0,)]


def test_a_crash_after_the_first_committed_page_resumes_with_the_rest(site, tmp_path, monkeypatch):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(
        routes,
        base_url,
        settings,
        {"/p.html": (page(), {}), "/m.html": (page(usa=451.0), {"kind": "monthly_bulletin"})},
    )

    class Killed(BaseException):
        """Stands in for the SIGKILL the real failpoint sends."""

    def kill_at(name: str) -> None:
        if name == "mid-parse":
            raise Killed(name)

    monkeypatch.setattr("customs_wh.failpoints.failpoint", kill_at)
    monkeypatch.setattr("customs_wh.warehouse.landing.PAGES_PER_TRANSACTION", 1)  # one page, then the kill
    with pytest.raises(Killed):
        parse_pending(settings, "run-1", parse_release=stub_parse_release)
    assert query(settings, "select count(distinct sha256), count(*) from raw.observations") == [(1, 3)]

    monkeypatch.undo()
    resumed = parse_pending(settings, "run-2", parse_release=stub_parse_release)
    assert len(resumed.loaded) == 1 and resumed.rows == 3
    assert query(settings, "select release_kind, count(*) from raw.observations group by all order by 1") == [
        ("monthly_bulletin", 3),
        ("preliminary", 3),
    ]


def test_identical_bytes_listed_as_preliminary_and_bulletin_load_as_two_vintages(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/p.html": (page(), {}), "/m.html": (page(), {"kind": "monthly_bulletin"})})

    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)

    assert len(result.loaded) == 2 and result.quarantined == []
    assert query(settings, "select count(distinct release_kind), count(*) from raw.observations") == [(2, 6)]


# --- known gaps and the failure policy --------------------------------------------------------


IMAGE = "http://gacc.test/Excel/4-USD.png"


def test_a_page_published_as_an_image_is_a_known_gap_warned_once(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(
        routes,
        base_url,
        settings,
        {"/img.html": (page(image=IMAGE), {}), "/ok.html": (page(currency="CNY"), {"currency": "CNY"})},
    )

    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)

    assert result.quarantined == [] and result.failure() is None and len(result.loaded) == 1
    assert query(settings, "select status, reason, image_url from raw.manifest where url like '%img.html'") == [
        ("no_numbers", f"published as an image, no numbers in the HTML ({IMAGE})", IMAGE)
    ]
    assert not list(settings.quarantine_dir.iterdir()), "a known gap is not a quarantined page"
    [alert] = result.alerts("run-1")
    assert (alert.severity, alert.check_name, alert.release) == (
        "warning",
        "published_as_image",
        "2025-06 section 4 USD (preliminary)",
    )
    assert IMAGE in alert.text and "later runs do not alert it again" in alert.text

    # The next run has nothing to parse; GACC serving the same image page with new bytes lands a
    # new vintage, recorded again and not alerted again.
    assert parse_pending(settings, "run-2", parse_release=stub_parse_release).alerts("run-2") == []
    landed(routes, base_url, settings, {"/img.html": (page(image=IMAGE, stamp="2026-01-01"), {})})
    again = parse_pending(settings, "run-3", parse_release=stub_parse_release)
    assert [gap.first_seen for gap in again.known_gaps] == [False] and again.alerts("run-3") == []
    assert query(settings, "select count(*) from raw.manifest where status = 'no_numbers'") == [(2,)]


def test_a_held_back_page_is_alerted_and_does_not_fail_the_stage(site, tmp_path):
    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(routes, base_url, settings, {"/bad.html": (page(broken="row 'Japan': not a number"), {})})
    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)
    [key] = result.quarantined_pages
    assert result.failure() is not None

    result.held_back = {key: "its numbers are printed again by a good later page (2025-06/t2/monthly_bulletin)"}
    assert result.failure() is None
    [alert] = result.alerts("run-1")
    assert alert.severity == "critical" and "held back" in alert.text and "publishes without it" in alert.text


def test_the_failure_policy_holds_back_superseded_pages_and_a_backfills_history(site, tmp_path):
    from customs_wh.orchestration import held_back_pages

    routes, base_url = site
    settings = settings_for(base_url, tmp_path)
    landed(
        routes,
        base_url,
        settings,
        {
            "/p.html": (page(broken="unit row says USD1 Million on a CNY page"), {}),
            # the Monthly Bulletin's table (2): every partner in USD, listed with no currency
            "/m.html": (
                page(section=2, usa=451.0),
                {"kind": "monthly_bulletin", "section": 2, "currency": None, "table": "2"},
            ),
            "/p1.html": (
                page(section=1, currency="CNY", broken="row 'Japan': not a number"),
                {"section": 1, "currency": "CNY"},
            ),
        },
    )
    result = parse_pending(settings, "run-1", parse_release=stub_parse_release)
    preliminary, totals = sorted(result.quarantined_pages, key=lambda key: "/s1/" in key)

    def held(run_id: str, refs: list[ReleaseRef]) -> dict[str, str]:
        held_back_pages.record_scope(settings, run_id, refs)
        return held_back_pages.held_back(settings, run_id, result.quarantined_pages)

    later = ReleaseRef(4, "USD", "2025-08", "preliminary", f"{base_url}/next.html")
    earlier = ReleaseRef(4, "USD", "2024-01", "preliminary", f"{base_url}/old.html")
    this_month = ref(base_url, "/p.html")

    # The Bulletin's table (2) prints the bad preliminary (4)'s numbers again in any run; the totals
    # table in CNY has no later page printing its numbers.
    assert held("incremental-for-this-month", [this_month]) == {
        preliminary: "its numbers are printed again by a good later page (2025-06/t2/monthly_bulletin)"
    }
    # A scheduled run for a later month (this month is a revision to it): the totals page stops it.
    assert totals not in held("incremental-for-a-later-month", [this_month, later])
    # A backfill that reaches further back holds back every bad page of a month before its own.
    backfill = held("backfill", [earlier, this_month, later])
    assert backfill[totals] == "a month before 2025-08, the month this backfill publishes"
    # An unknown run (no recorded scope) is judged strictly.
    assert totals not in held("unknown", [])
