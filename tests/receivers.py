"""Real alert receivers on 127.0.0.1 for tests: a webhook endpoint and an SMTP server.

with webhook_receiver() as (url, messages):      # messages: list of decoded JSON bodies
    ...
with smtp_receiver() as ((host, port), messages): # messages: list of email.message.Message
    ...
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


@contextlib.contextmanager
def webhook_receiver(status: int = 200) -> Iterator[tuple[str, list[dict]]]:
    """An HTTP server on 127.0.0.1 (port 0) that keeps every POSTed JSON body and answers ``status``."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                received.append(json.loads(body))
            except ValueError:
                received.append({"raw": body.decode("utf-8", "replace")})
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def smtp_receiver() -> Iterator[tuple[tuple[str, int], list[Message]]]:
    """An aiosmtpd server on 127.0.0.1 keeping every message it accepts."""
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield ("127.0.0.1", controller.port), handler.messages
    finally:
        controller.stop()


def dead_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/hook"
