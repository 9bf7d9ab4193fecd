"""``make bench``: how fast the product is, measured on the sample site.

Prints a human table, then, as its last line, one JSON object with the figures.
Every figure is a median over ``BENCH_REPEAT`` runs (default 3); nothing here is
asserted: goals are printed beside the measurements.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table

from customs_wh.contracts import PageContext, ParseError
from customs_wh.gacc.parse import parse_release
from customs_wh.reporting.queries import example_queries
from customs_wh.reporting.queries.mirror import mirror_queries

GOALS = {
    "parse_vs_lxml_floor": ("≤", 3.0),
    "backfill_s": ("≤", 60.0),
    "incremental_s": ("≤", 15.0),
    "query_p95_ms": ("≤", 50.0),
    "report_s": ("≤", 5.0),
}


def bench_parse(site_dir: Path, repeat: int) -> dict:
    """Parse time per page against lxml building the tree of the same page.

    The pages are those a refresh parses: every page the site's indexes list for the tables the
    warehouse lands, each with what its index listing says of it (table, month, currency), as
    landing hands it to the parser. Each page is timed ``repeat`` times (at least 5), lxml and
    the parser alternating so that both see the same machine; a page's time is its median (a
    garbage collection or another process does not land on one side only), and the totals are
    sums over the pages. The pages the parser rejects are timed too (rejecting is part of its
    work): the tables published as images, the self-contradicting and the shifted page the
    sample site prints as the real site did. Both are timed with the garbage collector set as a
    refresh sets it while it parses (``collector_set_for_parsing``).
    """
    import lxml.html

    from customs_wh.warehouse.page_parsing import collector_set_for_parsing

    listed = _listed_pages(site_dir)
    pages = [(path.read_bytes(), context) for path, context in listed]
    parse_times: list[list[float]] = [[] for _ in pages]
    lxml_times: list[list[float]] = [[] for _ in pages]
    clock = time.perf_counter
    with collector_set_for_parsing():
        rejected = sum(not _parses(content, context) for content, context in pages)  # warm-up: fills caches
        for _ in range(max(repeat, 5)):
            for index, (content, context) in enumerate(pages):
                start = clock()
                lxml.html.document_fromstring(content)
                middle = clock()
                _parses(content, context)
                lxml_times[index].append(middle - start)
                parse_times[index].append(clock() - middle)
    parse_s = sum(statistics.median(times) for times in parse_times)
    lxml_s = sum(statistics.median(times) for times in lxml_times)
    return {
        "pages": len(pages),
        "pages_rejected": rejected,
        "parse_pages_per_s": round(len(pages) / parse_s, 1),
        "parse_ms_per_page": round(1000 * parse_s / len(pages), 3),
        "lxml_ms_per_page": round(1000 * lxml_s / len(pages), 3),
        "parse_vs_lxml_floor": round(parse_s / lxml_s, 2),
    }


def _listed_pages(site_dir: Path) -> list[tuple[Path, PageContext]]:
    """Every page the site's indexes list for the tables a refresh lands, with its listing's
    context, found by the refresh's own discovery against the site served on 127.0.0.1."""
    from customs_wh import sample_site
    from customs_wh.config import Settings
    from customs_wh.gacc import discovery
    from customs_wh.gacc.fetch import Fetcher
    from customs_wh.orchestration.stages import LANDED_SECTIONS

    with tempfile.TemporaryDirectory(prefix="customs-wh-bench-discovery-") as home, sample_site.serve(site_dir) as url:
        settings = Settings(home=Path(home), base_url=url)
        with Fetcher(settings) as fetcher:
            refs = discovery.discover(settings, fetcher, sections=LANDED_SECTIONS)
    return [(site_dir / urlsplit(ref.url).path.lstrip("/"), ref.context) for ref in refs]


def _parses(content: bytes, context: PageContext) -> bool:
    try:
        parse_release(content, page="bench", context=context)
    except ParseError:
        return False
    return True


def _parse_figures_in_a_fresh_process(site_dir: Path, repeat: int) -> dict:
    """bench_parse in a new interpreter, as the refresh process parses: this one holds the
    sample site's whole model in memory, which every garbage collection would walk."""
    code = (
        "import json, pathlib; from customs_wh.tools.bench import bench_parse; "
        f"print(json.dumps(bench_parse(pathlib.Path({str(site_dir)!r}), {repeat})))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def _refresh(home: Path, base_url: str, *args: str) -> tuple[float, float]:
    """One ``customs-wh refresh`` as a child process, with the partner sources served beside the GACC site:
    (seconds, peak RSS in MB)."""
    from customs_wh.sample_sources import serve_sources

    with serve_sources() as sources:
        env = dict(os.environ, CUSTOMS_WH_HOME=str(home), GACC_BASE_URL=base_url, **sources.environment())
        return _refresh_process(env, args)


def _refresh_process(env: dict[str, str], args: tuple[str, ...]) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("customs-wh")
    # Output goes to files, not pipes: a backfill's alerts overflow a pipe's buffer, and a child
    # blocked writing to a pipe nobody reads until it exits would never exit.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(exe), "refresh", *args], env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"refresh {' '.join(args)} failed:\n{stdout.decode()[-2000:]}\n{stderr.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def bench_refresh(work: Path, repeat: int) -> dict:
    from customs_wh import sample_site

    last = sample_site.SITE_LAST_MONTH
    before_last = _previous_month(last)
    full_site, older_site = work / "site-full", work / "site-older"
    sample_site.build_site(full_site)
    sample_site.build_site(older_site, last_month=before_last)

    backfills, incrementals, rss = [], [], []
    for attempt in range(repeat):
        home = work / f"home-{attempt}"
        with sample_site.serve(older_site) as url:
            seconds, peak = _refresh(home, url, "--from", sample_site.SITE_FIRST_MONTH, "--through", before_last)
        backfills.append(seconds)
        rss.append(peak)
        with sample_site.serve(full_site) as url:
            seconds, peak = _refresh(home, url, "--from", _previous_month(before_last), "--through", last)
        incrementals.append(seconds)
        rss.append(peak)
        warehouse = home / "warehouse.duckdb"
        shutil.rmtree(home / "raw", ignore_errors=True)
    return {
        "backfill_s": round(statistics.median(backfills), 2),
        "incremental_s": round(statistics.median(incrementals), 2),
        "peak_rss_mb": round(max(rss), 1),
        "warehouse": warehouse,
    }


def bench_partner_sources(work: Path) -> dict:
    """Each partner source's backfill (2018 to its newest month) from its sample server: fetch, keep, parse,
    load and gate, seconds per source."""
    from customs_wh.config import load_settings
    from customs_wh.orchestration import partner_stages
    from customs_wh.sample_sources import serve_sources

    figures = {}
    with serve_sources() as sources:
        settings = load_settings({"CUSTOMS_WH_HOME": str(work / "home-partners"), **sources.environment()})
        settings.ensure_dirs()
        for source in sources.base_urls:
            start = time.perf_counter()
            outcome = partner_stages.land_partner_source(
                settings, "bench", source, from_month="2018-01", through_month=sources.states[source].published_through
            )
            figures[f"partner_{source}_backfill_s"] = round(time.perf_counter() - start, 2)
            figures[f"partner_{source}_rows"] = outcome.rows
    return figures


def bench_queries(warehouse: Path, repetitions: int = 50) -> dict:
    import duckdb

    timings = []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for _name, sql in [*example_queries(), *mirror_queries()]:
            for _ in range(repetitions):
                start = time.perf_counter()
                con.execute(sql).fetchall()
                timings.append(1000 * (time.perf_counter() - start))
    finally:
        con.close()
    timings.sort()
    return {
        "query_p50_ms": round(statistics.median(timings), 2),
        "query_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "queries_timed": len(timings),
    }


_REPORT_IN_A_FRESH_PROCESS = """
import json, pathlib, sys, time
started = time.perf_counter()
from customs_wh.config import Settings
from customs_wh.reporting.report import build_report
result = build_report(Settings(home=pathlib.Path(sys.argv[1]), base_url=""), pathlib.Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - started, "bytes": result.page_bytes, "charts": len(result.drawn)}))
"""


def bench_report(warehouse: Path, work: Path, repeat: int) -> dict:
    """What the report adds to a refresh: building it in a new interpreter, its imports included."""
    runs = []
    for attempt in range(repeat):
        target = work / f"report-{attempt}"
        proc = subprocess.run(
            [sys.executable, "-c", _REPORT_IN_A_FRESH_PROCESS, str(warehouse.parent), str(target)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(proc.stdout.splitlines()[-1]))
    return {
        "report_s": round(statistics.median(run["seconds"] for run in runs), 2),
        "report_page_kb": round(runs[-1]["bytes"] / 1024, 1),
        "report_charts": runs[-1]["charts"],
    }


def _previous_month(month: str) -> str:
    from customs_wh.orchestration.schedule import add_months

    return add_months(month, -1)


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    console = Console(stderr=False)
    with tempfile.TemporaryDirectory(prefix="customs-wh-bench-") as tmp:
        work = Path(tmp)
        refresh_figures = bench_refresh(work, repeat)
        warehouse = refresh_figures.pop("warehouse")
        figures = {
            **_parse_figures_in_a_fresh_process(work / "site-full", repeat),
            **refresh_figures,
            **bench_queries(warehouse),
            **bench_partner_sources(work),
            **bench_report(warehouse, work, repeat),
            "repeat": repeat,
            "cores": os.cpu_count(),
        }
    table = Table("measure", "value", "goal", title="customs-wh benchmark (medians)", title_justify="left")
    for key, value in figures.items():
        goal = GOALS.get(key)
        verdict = ""
        if goal:
            verdict = f"{goal[0]} {goal[1]:g} " + ("met" if value <= goal[1] else "MISSED")
        table.add_row(key, str(value), verdict)
    console.print(table)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
