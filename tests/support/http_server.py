"""A real HTTP server on 127.0.0.1 for tests, with a programmable route table.

    routes = RouteTable()
    routes.add("/statics/report/monthly.html", body=index_bytes)
    routes.add("/flaky.html", body=b"ok", fail_first=2)            # 500, 500, then 200
    routes.add("/slow.html", body=b"ok", delay_s=2.0)               # longer than a read timeout
    routes.add("/short.html", body=page, truncate_at=100)           # full Content-Length, 100 bytes sent
    routes.add("/reset.html", reset=True)                           # TCP reset, no response at all
    routes.add("/trickle.html", body=page, trickle_s=0.5)           # the body one byte every 0.5 s
    routes.add("/busy.html", body=b"ok", fail_first=1, fail_status=429, fail_headers={"Retry-After": "3"})
    routes.add("/away.html", status=302, headers={"Location": "http://elsewhere.example/x"})
    with serve(routes) as base_url:                                 # "http://127.0.0.1:<port>"
        ...
    assert routes.hits("/flaky.html") == 3

The server is ``http.server.ThreadingHTTPServer`` on port 0 in a background thread, so
requests really cross a socket. Every request is counted per path (``hits``) and kept
with its headers (``requests``), including those that were reset or timed out on the
client side. Routes may be added or replaced while the server runs. Unknown paths get 404.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    """How the server answers one path.

    ``fail_first`` answers ``fail_status`` that many times before behaving normally;
    ``delay_s`` sleeps before the status line; ``truncate_at`` announces the full
    Content-Length but sends only that many body bytes and closes; ``reset`` closes the
    connection with a TCP RST before answering anything; ``trickle_s`` sends the body one
    byte at a time, that many seconds apart; ``fail_headers`` go with the failing answers.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay_s: float = 0.0
    fail_first: int = 0
    fail_status: int = 500
    truncate_at: int | None = None
    reset: bool = False
    trickle_s: float = 0.0
    fail_headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


class RouteTable:
    """Path → :class:`Route`, plus a thread-safe record of what the server was asked."""

    def __init__(self, pages: dict[str, bytes] | None = None):
        self._routes: dict[str, Route] = {}
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self.requests: list[SeenRequest] = []
        for path, body in (pages or {}).items():
            self.add(path, body=body)

    def add(self, path: str, **behaviour) -> Route:
        """Serve ``path`` (query string ignored) as :class:`Route` (**behaviour) describes."""
        route = Route(**behaviour)
        with self._lock:
            self._routes[path] = route
            self._served[path] = 0
        return route

    def hits(self, path: str) -> int:
        """How many requests for ``path`` arrived (every attempt counts)."""
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def _next(self, method: str, path: str, headers: dict[str, str]) -> tuple[Route | None, int]:
        with self._lock:
            self.requests.append(SeenRequest(method, path, headers))
            route = self._routes.get(path)
            if route is None:
                return None, 0
            self._served[path] += 1
            return route, self._served[path]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path
        route, nth = self.server.routes._next(self.command, path, dict(self.headers.items()))
        if route is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"}, send_body)
            return
        if route.reset:
            self._reset()
            return
        if route.delay_s:
            time.sleep(route.delay_s)
        if nth <= route.fail_first:
            self._send(
                route.fail_status, b"server error", {"Content-Type": "text/plain", **route.fail_headers}, send_body
            )
            return
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.truncate_at is not None:
            self._send_truncated(route, headers)
            return
        if route.trickle_s and send_body:
            self._send_trickling(route, headers)
            return
        self._send(route.status, route.body, headers, send_body)

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_truncated(self, route: Route, headers: dict[str, str]) -> None:
        self.send_response(route.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(route.body[: route.truncate_at])
        self.wfile.flush()
        self.close_connection = True

    def _send_trickling(self, route: Route, headers: dict[str, str]) -> None:
        self.send_response(route.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        for index in range(len(route.body)):
            self.wfile.write(route.body[index : index + 1])
            self.wfile.flush()
            time.sleep(route.trickle_s)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def log_message(self, format: str, *args) -> None:  # keep test output to pass/fail lines
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, routes: RouteTable):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes

    def handle_error(self, request, client_address) -> None:
        # Clients that time out or see a reset leave broken pipes behind: expected here.
        pass


@contextlib.contextmanager
def serve(routes: RouteTable) -> Iterator[str]:
    """Serve ``routes`` on a free port of 127.0.0.1; yields the base URL (no trailing slash)."""
    server = _Server(routes)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="test-http-server", daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
