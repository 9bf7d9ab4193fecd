"""Serving a built sample site on 127.0.0.1, so the real landing path runs against it."""

from __future__ import annotations

import contextlib
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive lets a client fetch hundreds of pages over a few connections; without
    # Nagle's algorithm a kept-alive response is not held back waiting for an ACK (~40 ms).
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass


def _make_server(site_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    site_dir = Path(site_dir)
    if not (site_dir / "statics" / "report" / "preliminary.html").is_file():
        raise FileNotFoundError(f"{site_dir} is not a built sample site (no statics/report/preliminary.html)")

    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=str(site_dir), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


@contextlib.contextmanager
def serve(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 in a background thread; yields the base URL."""
    server = _make_server(site_dir, port)
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve_forever(site_dir: Path, port: int = 8000) -> None:
    """Serve site_dir on 127.0.0.1 until Ctrl-C."""
    server = _make_server(site_dir, port)
    print(f"serving {site_dir} at http://127.0.0.1:{server.server_address[1]} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
