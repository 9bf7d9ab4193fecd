"""Real alert receivers on 127.0.0.1 for tests: a webhook endpoint and SMTP servers.

with webhook_receiver() as (url, messages):      # messages: list of decoded JSON bodies
    ...
with smtp_receiver() as ((host, port), messages): # messages: list of email.message.Message
    ...
with secure_smtp_receiver(tmp_path) as relay:     # STARTTLS (or implicit TLS) and a login required
    relay.host, relay.port, relay.cert_file, relay.messages, relay.sessions
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


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
        # For each message: (TLS in use, the login that authenticated, or None).
        self.sessions: list[tuple[bool, str | None]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        tls = server.transport.get_extra_info("ssl_object") is not None  # STARTTLS or TLS from the start
        self.sessions.append((tls, session.auth_data if session.authenticated else None))
        return "250 Message accepted for delivery"


# How long an SMTP server may take to start. A bound on a hang, not a speed requirement: on a
# machine busy with other test runs aiosmtpd's default of 5 s was not always enough.
SMTP_READY_TIMEOUT_S = 120.0
# Ports held bound (never listening) for the rest of the session: see dead_port.
_held_dead: list[socket.socket] = []


class _BoundController(Controller):
    """aiosmtpd's Controller on a socket bound before it starts (port 0: the kernel picks a free
    port). Asking for a free port and binding it later would race other processes for it."""

    def __init__(self, handler, **kwargs):
        self._listening = socket.create_server(("127.0.0.1", 0))
        super().__init__(
            handler,
            hostname="127.0.0.1",
            port=self._listening.getsockname()[1],
            ready_timeout=SMTP_READY_TIMEOUT_S,
            **kwargs,
        )

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._listening, ssl=self.ssl_context)


@contextlib.contextmanager
def smtp_receiver() -> Iterator[tuple[tuple[str, int], list[Message]]]:
    """An aiosmtpd server on 127.0.0.1 keeping every message it accepts."""
    handler = _Collect()
    controller = _BoundController(handler)
    controller.start()
    try:
        yield ("127.0.0.1", controller.port), handler.messages
    finally:
        controller.stop()


def dead_port() -> int:
    """A port on 127.0.0.1 that refuses connections for the rest of the test session: bound
    here and never listening, so no other process can start listening on it meanwhile."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _held_dead.append(sock)
    return sock.getsockname()[1]


def dead_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{dead_port()}/hook"


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files in ``directory``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    alt_names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "relay-cert.pem", directory / "relay-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@dataclass
class SecureRelay:
    host: str
    port: int
    cert_file: Path  # trust it (SSL_CERT_FILE) to verify the relay
    user: str
    password: str
    messages: list[Message] = field(default_factory=list)
    sessions: list[tuple[bool, str | None]] = field(default_factory=list)


@contextlib.contextmanager
def secure_smtp_receiver(
    directory: Path, *, mode: str = "starttls", user: str = "alerts@example.org", password: str = "s3cret:/%@ x"
) -> Iterator[SecureRelay]:
    """An SMTP server on 127.0.0.1 that refuses mail without TLS and a login, as public relays do.

    ``mode`` "starttls": plain connection, STARTTLS required before AUTH and MAIL;
    "ssl": TLS from the first byte (port 465 style).
    """
    cert_file, key_file = self_signed_certificate(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    handler = _Collect()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

    common = {"authenticator": authenticate, "auth_required": True}
    if mode == "starttls":
        controller = _BoundController(
            handler, tls_context=context, require_starttls=True, auth_require_tls=True, **common
        )
    elif mode == "ssl":
        # aiosmtpd offers AUTH on an implicit-TLS socket only when it does not insist on STARTTLS.
        controller = _BoundController(handler, ssl_context=context, auth_require_tls=False, **common)
    else:
        raise ValueError(f"mode must be starttls or ssl, not {mode!r}")
    controller.start()
    relay = SecureRelay("127.0.0.1", controller.port, cert_file, user, password, handler.messages, handler.sessions)
    try:
        yield relay
    finally:
        controller.stop()
