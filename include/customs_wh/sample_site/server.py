"""Serving a built sample site on 127.0.0.1, so the real landing path runs against it.

The real index pages link every release by an absolute URL; a built site carries
``ORIGIN_PLACEHOLDER`` there, and the server writes its own origin (http://127.0.0.1:PORT)
in its place in the index pages it sends, so the links lead back to it. A release page's only
absolute link is its spreadsheet's (not served): there the server writes ``RELEASE_PAGE_ORIGIN``,
the same whatever the port, because a release page's bytes are its vintage, and a page that
changed with the port would land anew as a revision on every run. The bytes on disk stay the
build's, so two builds compare byte for byte whatever port serves them.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.server
import io
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER

# The origin a release page's spreadsheet link names: the host, never the port that serves it.
RELEASE_PAGE_ORIGIN = b"http://127.0.0.1"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive lets a client fetch hundreds of pages over a few connections; without
    # Nagle's algorithm a kept-alive response is not held back waiting for an ACK (~40 ms).
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    origin = b""  # set per server: b"http://127.0.0.1:PORT"

    def send_head(self):  # noqa: ANN201 - the stdlib's signature
        path = self.translate_path(self.path)
        if not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        try:
            origin = RELEASE_PAGE_ORIGIN if _is_release_page(self.path) else self.origin
            body = Path(path).read_bytes().replace(ORIGIN_PLACEHOLDER.encode(), origin)
            modified = os.stat(path).st_mtime
        except OSError:
            self.send_error(404, "File not found")
            return None
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        pass


def _is_release_page(url_path: str) -> bool:
    """A release page (``/Statics/<uuid>.html``), as against an index page (``/statics/report/``)."""
    return url_path.split("?", 1)[0].startswith("/Statics/")


def _make_server(site_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    site_dir = Path(site_dir)
    if not (site_dir / "statics" / "report" / "preliminary.html").is_file():
        raise FileNotFoundError(f"{site_dir} is not a built sample site (no statics/report/preliminary.html)")

    class SiteHandler(_SiteHandler):  # a class per server: it holds that server's origin
        pass

    def handler(*args: Any, **kwargs: Any) -> SiteHandler:
        return SiteHandler(*args, directory=str(site_dir), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    SiteHandler.origin = f"http://127.0.0.1:{server.server_address[1]}".encode()
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
