"""Parsing landed pages in worker processes: the same outcomes, in the same order, as in one.

The pages are tiny JSON documents in a real raw zone; the parse function is a closure, as a
test's or a caller's may be (a forked worker inherits it as given).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from customs_wh.config import Settings, available_processors, load_settings
from customs_wh.contracts import ParsedRelease, ParseError, PublishedAsImage, ReleaseRef
from customs_wh.warehouse.page_parsing import (
    MIN_PAGES_PER_WORKER,
    ImagePage,
    LoadedPage,
    PageParser,
    ParseWorkerDied,
    PendingPage,
    RefusedPage,
    parse_pages,
)
from customs_wh.warehouse.raw_zone import RawZone, RawZoneError
from stub_releases import stub_release

PAGES = 3 * MIN_PAGES_PER_WORKER  # enough for workers


def _month(index: int) -> str:
    return f"{2018 + index // 12}-{index % 12 + 1:02d}"


def _page(index: int) -> bytes:
    """Every 7th page is published as an image, every 11th refused, every 13th crashes the parser."""
    kind = "image" if index % 7 == 3 else "refused" if index % 11 == 5 else "crash" if index % 13 == 8 else "ok"
    return json.dumps({"month": _month(index), "kind": kind, "usa": 400 + index / 10}).encode()


def _parse_release(content: bytes, *, page: str, context=None) -> ParsedRelease:
    data = json.loads(content)
    if data["kind"] == "image":
        raise PublishedAsImage(page, f"http://gacc.test/{data['month']}.png")
    if data["kind"] == "refused":
        raise ParseError(page, "the unit row is missing")
    if data["kind"] == "crash":
        raise KeyError("partner")
    return stub_release(
        data["month"],
        [("Total", "WORLD", None, 3000.5), ("United States", "USA", None, data["usa"])],
        unmapped_labels=("Atlantis",) if data["month"].endswith("-06") else (),
    )


@pytest.fixture
def zone_and_pages(tmp_path: Path) -> tuple[RawZone, list[PendingPage]]:
    zone = RawZone(Settings(home=tmp_path, base_url="http://127.0.0.1:1"))
    pages = []
    for index in range(PAGES):
        ref = ReleaseRef(4, "USD", _month(index), "preliminary", f"http://gacc.test/{index}.html")
        pages.append(PendingPage(ref, zone.put(_page(index)), vintage=1))
    return zone, pages


def _described(outcome) -> tuple:
    """An outcome as comparable values (a crash's traceback names no process)."""
    if isinstance(outcome, LoadedPage):
        return ("loaded", outcome.pending, outcome.header, outcome.raw_table, outcome.rows)
    if isinstance(outcome, ImagePage):
        return ("image", outcome.pending, outcome.reason, outcome.image_url)
    return ("refused", outcome.pending, outcome.reason, outcome.crash is not None)


def test_workers_give_every_page_the_outcome_one_process_gives_in_the_same_order(zone_and_pages):
    zone, pages = zone_and_pages
    parser = PageParser(_parse_release, zone)

    alone = [_described(outcome) for outcome in parse_pages(pages, parser, workers=1)]
    shared = [_described(outcome) for outcome in parse_pages(pages, parser, workers=3)]

    assert shared == alone
    assert [described[1] for described in shared] == pages
    kinds = [described[0] for described in shared]
    assert kinds.count("image") == sum(index % 7 == 3 for index in range(PAGES))
    loaded = [described for described in shared if described[0] == "loaded"]
    # The numbers travel as plain tuples in the contract's field order, the header without them.
    assert loaded[0][4][1] == tuple(_parse_release(_page(0), page="p").observations[1])
    assert loaded[0][2].observations == ()
    assert any(described[2].unmapped_labels == ("Atlantis",) for described in loaded)
    crashes = [o for o in parse_pages(pages, parser, workers=2) if isinstance(o, RefusedPage) and o.crash]
    assert crashes and all("KeyError: 'partner'" in crash.crash for crash in crashes)
    assert {crash.reason for crash in crashes} == {"parser failed: KeyError: 'partner'"}
    assert multiprocessing.active_children() == []


def test_too_few_pages_for_two_workers_parse_in_this_process(zone_and_pages):
    zone, pages = zone_and_pages
    seen: set[int] = set()

    def recording_parse(content: bytes, *, page: str, context=None) -> ParsedRelease:
        seen.add(os.getpid())
        return _parse_release(content, page=page, context=context)

    outcomes = list(parse_pages(pages[: 2 * MIN_PAGES_PER_WORKER - 1], PageParser(recording_parse, zone), workers=4))
    assert len(outcomes) == 2 * MIN_PAGES_PER_WORKER - 1
    assert seen == {os.getpid()}


def test_a_tampered_raw_page_read_by_a_worker_stops_the_parse_here(zone_and_pages):
    zone, pages = zone_and_pages
    tampered = zone.path(pages[PAGES - 10].sha256)
    os.chmod(tampered, 0o644)
    tampered.write_bytes(b"{}")

    with pytest.raises(RawZoneError, match="altered"):
        list(parse_pages(pages, PageParser(_parse_release, zone), workers=2))
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_workers(zone_and_pages):
    zone, pages = zone_and_pages
    outcomes = parse_pages(pages, PageParser(_parse_release, zone), workers=2)
    assert next(outcomes).pending == pages[0]
    outcomes.close()
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_fails_the_parse_instead_of_hanging_it(zone_and_pages):
    zone, pages = zone_and_pages
    here, doomed = os.getpid(), pages[PAGES // 2].ref.url

    def dying_parse(content: bytes, *, page: str, context=None) -> ParsedRelease:
        if page.startswith(doomed + " ") and os.getpid() != here:  # killed as the system kills
            os.kill(os.getpid(), signal.SIGKILL)
        return _parse_release(content, page=page, context=context)

    with pytest.raises(ParseWorkerDied, match="ended abruptly"):
        list(parse_pages(pages, PageParser(dying_parse, zone), workers=2))
    assert multiprocessing.active_children() == []


_KILLED_MID_PARSE = """
import json, os, signal, sys, time
from pathlib import Path
import multiprocessing
from customs_wh.config import Settings
from customs_wh.contracts import ParseError, ReleaseRef
from customs_wh.warehouse.page_parsing import PageParser, PendingPage, parse_pages
from customs_wh.warehouse.raw_zone import RawZone

def slow_parse(content, *, page, context=None):
    time.sleep(0.05)
    raise ParseError(page, "slow")

zone = RawZone(Settings(home=Path(sys.argv[1]), base_url="http://127.0.0.1:1"))
pages = [
    PendingPage(ReleaseRef(4, "USD", "2025-06", "preliminary", f"http://gacc.test/{i}.html"), zone.put(b"%d" % i), 1)
    for i in range(200)
]
outcomes = parse_pages(pages, PageParser(slow_parse, zone), workers=2)
next(outcomes)
print(json.dumps([child.pid for child in multiprocessing.active_children()]), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left to collect


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel ends the workers on Linux only")
def test_the_workers_end_with_a_refresh_killed_outright(tmp_path):
    # Only the killed process is waited for: workers left behind would hold its output open.
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_MID_PARSE), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as killed:
        assert killed.stdout is not None
        workers = json.loads(killed.stdout.readline())
        try:
            assert killed.wait(timeout=120) == -signal.SIGKILL
            assert len(workers) == 2
            deadline = time.monotonic() + 30
            while any(map(_running, workers)) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not any(map(_running, workers))
        finally:
            for pid in filter(_running, workers):
                os.kill(pid, signal.SIGKILL)


def test_the_number_of_parse_workers_comes_from_the_environment():
    assert load_settings({"CUSTOMS_WH_PARSE_WORKERS": "3"}).parse_workers == 3
    assert load_settings({}).parse_workers == available_processors() >= 1
    for bad in ("0", "two", "-1", "1.5"):
        with pytest.raises(ValueError, match="CUSTOMS_WH_PARSE_WORKERS"):
            load_settings({"CUSTOMS_WH_PARSE_WORKERS": bad})
