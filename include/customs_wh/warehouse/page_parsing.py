"""Parsing landed pages: each page's bytes and listing in, its numbers or why it is refused out.

A page's parse touches nothing but the page, and a backfill parses thousands of them, so
:func:`parse_pages` shares them among worker processes when there are enough to pay for the
workers (on the sample backfill, 2,748 pages, two workers took the parse stage from about 19 s
to about 11 s on two cores, loading included). The workers are forked from the refresh: a
worker started afresh (spawn, forkserver) imports its parent's main module again, which under
Airflow is Airflow's command line, while a forked one starts with the parser already imported
and with the parse function it was given, whatever it is. A worker reads the raw zone and
nothing else: it opens no database, writes no file and logs nothing; what it finds goes back
to the caller as a :data:`PageOutcome`, in the order the pages were given, and the caller
loads, quarantines and logs. A worker that dies fails the parse (:class:`ParseWorkerDied`),
and the workers end with the process that started them, even one killed outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

from customs_wh.contracts import ParsedRelease, ParseError, PublishedAsImage, ReleaseRef
from customs_wh.warehouse import raw_tables
from customs_wh.warehouse.raw_zone import RawZone
from customs_wh.words import one_line

ParseRelease = Callable[..., ParsedRelease]  # parse_release(content: bytes, page: str, *, context: PageContext)

# Fewer pages than this per worker and starting the workers costs more than it saves: an
# incremental refresh parses a few dozen pages, in the refresh's own process.
MIN_PAGES_PER_WORKER = 50
# Pages handed to a worker at a time: few enough that the workers finish together, enough that
# handing them out costs nothing.
PAGES_PER_HANDOUT = 4


# The collector's first threshold while pages are parsed. A batch's numbers are small objects
# that live until it commits: at the default (700 allocations) the collector walks them again
# and again, about 4.5 s of the 30 s the sample backfill's parse took. Most of the parse's
# garbage is freed by reference counting; what it leaves in cycles is still collected, less often.
PARSE_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def collector_set_for_parsing() -> Iterator[None]:
    """The garbage collector as pages are parsed (workers forked inside inherit it); restored after.

    ``make bench`` times the parser under it too, as a refresh runs it.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(PARSE_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@dataclass(frozen=True)
class PendingPage:
    """A landed page version not parsed yet."""

    ref: ReleaseRef
    sha256: str
    vintage: int

    @property
    def page(self) -> str:
        """How the page is named to people: its URL and release."""
        return f"{self.ref.url} ({self.ref.label})"


@dataclass(frozen=True)
class LoadedPage:
    """A page that parsed faithfully. ``header`` is the parsed page without its numbers; ``rows``
    are its numbers as plain tuples, in the field order of ``raw_table``'s contract: between
    processes a named tuple costs four times what a plain one does (3.8 s against 0.95 s on the
    sample backfill's 1.1 million numbers)."""

    pending: PendingPage
    header: ParsedRelease
    raw_table: str
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class RefusedPage:
    """A page unfit to load, with the one-line reason; ``crash`` is the parser's traceback when
    it failed rather than refused the page."""

    pending: PendingPage
    reason: str
    crash: str | None = None


@dataclass(frozen=True)
class ImagePage:
    """A page GACC published as an image: it holds no numbers, only the image's address."""

    pending: PendingPage
    reason: str
    image_url: str


PageOutcome = LoadedPage | RefusedPage | ImagePage


class ParseWorkerDied(RuntimeError):
    """A worker process ended in the middle of its pages (killed: out of memory, say)."""


class ParserCrashed(ParseError):
    """The parser failed on the page (its error is the ``__cause__``) instead of refusing it."""


def header_mismatch(parsed: ParsedRelease, ref: ReleaseRef) -> str | None:
    """Why a parsed page is not the release it was listed as; None when it is."""
    said = (parsed.reference_month, parsed.section, parsed.currency)
    # A Monthly Bulletin table is listed with no currency: its unit row says it.
    listed = (ref.reference_month, ref.section, parsed.currency if ref.currency is None else ref.currency)
    if said == listed:
        return None
    return (
        f"page says {parsed.reference_month} section {parsed.section} {parsed.currency} "
        f"but was listed as {ref.reference_month} section {ref.section} {ref.currency}"
    )


def checked_parse(parse_release: ParseRelease, content: bytes, pending: PendingPage) -> ParsedRelease:
    """The parsed page, or ParseError for anything that makes it unfit to load (a parser crash
    included: odd input is still a refused page, not a dead run)."""
    try:
        parsed = parse_release(content, page=pending.page, context=pending.ref.context)
    except (ParseError, PublishedAsImage):
        raise
    except Exception as exc:
        raise ParserCrashed(pending.page, f"parser failed: {type(exc).__name__}: {one_line(exc)}") from exc
    mismatch = header_mismatch(parsed, pending.ref)
    if mismatch:
        raise ParseError(pending.page, mismatch)
    if not parsed.observations:
        raise ParseError(pending.page, "page parsed to no observations")
    unfit = raw_tables.mixed_contracts(parsed) or raw_tables.duplicate_observation(parsed)
    if unfit:
        raise ParseError(pending.page, unfit)
    return parsed


@dataclass(frozen=True)
class PageParser:
    """Parses one pending page into its outcome; the same in the caller's process and in a worker."""

    parse_release: ParseRelease
    zone: RawZone

    def __call__(self, pending: PendingPage) -> PageOutcome:
        content = self.zone.read(pending.sha256)
        try:
            parsed = checked_parse(self.parse_release, content, pending)
        except PublishedAsImage as gap:
            return ImagePage(pending, one_line(gap.reason), gap.image_url)
        except ParserCrashed as exc:
            return RefusedPage(pending, one_line(exc.reason), "".join(traceback.format_exception(exc.__cause__)))
        except ParseError as exc:
            return RefusedPage(pending, one_line(exc.reason))
        return LoadedPage(
            pending,
            replace(parsed, observations=()),
            raw_tables.raw_table_of(parsed),
            tuple(map(tuple, parsed.observations)),
        )


def parse_pages(pages: Sequence[PendingPage], parser: PageParser, workers: int) -> Generator[PageOutcome, None, None]:
    """Each page's outcome, in the order of ``pages``; in up to ``workers`` worker processes.

    A worker's error other than a refused page (the raw zone found tampered with) is raised
    here, as in the caller's own process, and a worker that dies raises ParseWorkerDied;
    closing the iterator early stops the workers once their pages in hand are done.
    """
    workers = min(workers, len(pages) // MIN_PAGES_PER_WORKER)
    if workers < 2:
        yield from map(parser, pages)
        return
    # concurrent.futures rather than multiprocessing.Pool: a Pool waits for ever on the pages of
    # a worker that died, where the executor says so.
    executor = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_install, initargs=(parser, os.getpid())
    )
    try:
        yield from executor.map(_parse_in_worker, pages, chunksize=PAGES_PER_HANDOUT)
    except BrokenProcessPool as exc:
        raise ParseWorkerDied(f"a page-parsing worker process ended abruptly ({exc}); nothing more was loaded") from exc
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


_worker_parser: PageParser | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _install(parser: PageParser, parent: int) -> None:
    global _worker_parser
    _worker_parser = parser
    # A worker inherits its parent's signal handlers (Airflow's task runner sets its own): the
    # executor stops a worker with SIGTERM, which must just end it; Ctrl-C is the parent's to handle.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)


def _end_with(parent: int) -> None:
    """A worker does not outlive the refresh that started it, even one killed outright (SIGKILL):
    the executor's workers wait for pages on a queue whose other end they hold too, so they would
    wait for ever. On Linux the kernel ends them (prctl's parent-death signal, which the standard
    library does not expose; one call is not worth a dependency)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the refresh died before the request was made
        os._exit(1)


def _parse_in_worker(pending: PendingPage) -> PageOutcome:
    assert _worker_parser is not None, "a parse worker runs only in a pool set up by parse_pages"
    return _worker_parser(pending)
