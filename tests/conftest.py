"""Shared fixtures: paths to the real GACC pages, isolated CUSTOMS_WH_HOME, quiet libraries, the sample
site built once and the warehouse published from it once."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from repo_paths import GACC_PAGES

# Shared by the reliability tests (a module of helpers and fixtures): rewrite its asserts too.
pytest.register_assert_rewrite("reliability_support")


# Libraries that draw progress bars or phone home: keep test output to pass/fail lines.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("TQDM_DISABLE", "1")

# Properties, not stopwatches: Hypothesis' default deadline (200 ms an example) and its "too
# slow" health check fail a correct property when the machine is busy (speed is make bench's
# to measure). Every example still runs; a failing one is printed with the seed to replay it.
hypothesis_settings.register_profile(
    "customs-wh", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile("customs-wh")


@pytest.fixture(scope="session")
def gacc_pages() -> Path:
    if not GACC_PAGES.is_dir():
        pytest.fail(f"the real GACC pages are missing from the repository at {GACC_PAGES}")
    return GACC_PAGES


@pytest.fixture(scope="session")
def built_once(tmp_path_factory, worker_id) -> Callable[[str, Callable[[Path], Any]], Any]:
    """``built_once(name, build)``: ``build(directory)`` run once for the whole test run, its value
    shared by every test process (pytest-xdist) that asks for ``name``.

    Sites and published homes are the dearest things a test starts from, and pytest-xdist gives
    each process its own session and module fixtures: without this, each process that ran a
    test of a module built that module's backfill again. The first process to ask builds under a
    file lock in the run's common temporary directory; the others wait for it, then read its
    value (pickled). ``build`` writes only under ``directory``, and what it builds is read by
    the tests, never changed: a test that changes a home or a site works on its own copy.
    A build that fails is reported as failed to every process that asks, not retried."""
    if worker_id == "master":  # one process: nothing to share
        return lambda name, build: build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent / "built-once"
    root.mkdir(exist_ok=True)

    def shared(name: str, build: Callable[[Path], Any]) -> Any:
        directory, value, failure = root / name, root / f"{name}.pickle", root / f"{name}.failed"
        with FileLock(str(root / f"{name}.lock")):
            if failure.exists():
                pytest.fail(f"{name} failed to build in another test process: {failure.read_text()}")
            if not value.exists():
                shutil.rmtree(directory, ignore_errors=True)
                directory.mkdir()
                try:
                    built = build(directory)
                except BaseException as exc:
                    failure.write_text(f"{type(exc).__name__}: {exc}"[:2000])
                    raise
                value.write_bytes(pickle.dumps(built))
            return pickle.loads(value.read_bytes())

    return shared


@pytest.fixture
def wh_home(tmp_path, monkeypatch) -> Path:
    """A fresh CUSTOMS_WH_HOME for one test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def sample_site_build(built_once):
    """The sample GACC site built once for the tests that read it: (directory, SiteSummary)."""
    from customs_wh import sample_site

    def build(directory: Path):
        site_dir = directory / "site"
        return site_dir, sample_site.build_site(site_dir)

    return built_once("sample-site", build)


@pytest.fixture(scope="session")
def sample_site_pages(sample_site_build):
    """Every release page of the built sample site, found through its index pages, read by sample_site_reader."""
    from sample_site_reader import discover, read_release

    return {key: read_release(path) for key, path in discover(sample_site_build[0]).items()}


@pytest.fixture(scope="session")
def bulletin_site_pages(sample_site_build):
    """(table key, month) -> the sample site's Monthly Bulletin page, read on demand by sample_site_reader."""
    from functools import cache

    from sample_site_reader import discover_bulletin, read_bulletin

    links = discover_bulletin(sample_site_build[0])

    @cache
    def read(table: str, month: str):
        return read_bulletin(links[(table, month)])

    read.links = links
    return read


@pytest.fixture(scope="session")
def published_sample_site(sample_site_build, built_once) -> dict:
    """The whole sample site (2018-01..2026-10) and the four sample partner sources refreshed once,
    in process, through the real HTTP landing path with a webhook receiver listening, as `make run`
    lands them: {"home", "result", "posts"}. A backfill is the dearest thing a test does, so every
    test that needs a published warehouse reads this one; a test that changes a home works on its
    own copy (a file copy: far cheaper than a backfill)."""
    from customs_wh import sample_site
    from customs_wh.config import Settings
    from customs_wh.orchestration.refresh import refresh
    from customs_wh.sample_sources import serve_sources
    from receivers import webhook_receiver

    def build(directory: Path) -> dict:
        home = directory / "home"
        site_dir = sample_site_build[0]
        with sample_site.serve(site_dir) as url, serve_sources() as sources, webhook_receiver() as (hook, posts):
            settings = Settings(
                home=home, base_url=url, alert_webhook_url=hook, partner_base_urls=dict(sources.base_urls)
            )
            result = refresh(
                settings, from_month=sample_site.SITE_FIRST_MONTH, through_month=sample_site.SITE_LAST_MONTH
            )
        assert result.published == settings.warehouse_db
        return {"home": home, "result": result, "posts": list(posts)}

    return built_once("published-sample-site", build)
