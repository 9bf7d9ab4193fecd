"""The sample partner servers: one HTTP server per source on 127.0.0.1, each on a free port, answering from
its :class:`SourceState` (what it has published, its vintage, whether it answers at all)."""

from __future__ import annotations

import contextlib
import csv
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from customs_wh.sample_sources import census, ecb, eurostat, hmrc
from customs_wh.sample_sources.answers import Answer, SourceState

# Where each source stands when the sample GACC site has published October 2026 (its newest month):
# the ECB's average follows the month at once; Census publishes about five weeks after it, Comext and HMRC
# about six.
PUBLISHED_THROUGH = {"census": "2026-09", "eurostat": "2026-08", "hmrc": "2026-08", "ecb": "2026-10"}
EU_MEMBERS_SEED = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "eu_membership.csv"


def _members() -> tuple[str, ...]:
    with EU_MEMBERS_SEED.open(encoding="utf-8", newline="") as handle:
        return tuple(row["eurostat_code"] for row in csv.DictReader(handle) if row["member_code"] != "GBR")


@dataclass
class SampleSources:
    """The running servers: ``base_urls`` per source, and each one's state (change it to rehearse a
    revision, a missing rate, a source that stops answering)."""

    states: dict[str, SourceState] = field(default_factory=dict)
    base_urls: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        """The *_BASE_URL settings that point the warehouse at these servers."""
        return {f"{source.upper()}_BASE_URL": url for source, url in self.base_urls.items()}


def _answer(source: str, path: str, query: list[tuple[str, str]], state: SourceState, members) -> Answer:
    if source == "census":
        return census.answer(path, query, state)
    if source == "eurostat":
        return eurostat.answer(path, query, state, members)
    if source == "hmrc":
        return hmrc.answer(path, query, state)
    return ecb.answer(path, query, state)


def _handler(source: str, state: SourceState, members: tuple[str, ...]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            reply = _answer(source, parts.path, parse_qsl(parts.query, keep_blank_values=True), state, members)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.status != 204:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status != 204:
                self.wfile.write(reply.body)

        def log_message(self, *_args) -> None:
            pass

    return Handler


@contextlib.contextmanager
def serve_sources(published_through: dict[str, str] | None = None) -> Iterator[SampleSources]:
    """Start the four sample servers on 127.0.0.1; stop them on exit."""
    members = _members()
    sources = SampleSources()
    servers = []
    try:
        for source in ("census", "eurostat", "hmrc", "ecb"):
            state = SourceState(published_through=(published_through or PUBLISHED_THROUGH)[source])
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(source, state, members))
            server.daemon_threads = True
            state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, name=f"sample-{source}", daemon=True).start()
            servers.append(server)
            sources.states[source] = state
            sources.base_urls[source] = state.base_url
        yield sources
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
