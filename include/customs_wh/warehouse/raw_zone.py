"""The raw zone: every fetched page kept immutable by content hash.

:class:`RawZone` stores bytes as ``$CUSTOMS_WH_HOME/raw/<sha256>.html``, written once
(temp file, fsync, atomic rename) and verified on read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from customs_wh.config import Settings


class RawZoneError(RuntimeError):
    """A raw file that is missing or no longer matches its hash: the zone was tampered with."""


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def write_atomically(path: Path, content: bytes, *, read_only: bool = False) -> None:
    """Readers see the old state or the whole new file, never a partial one, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(content)
            tmp.flush()
            os.fsync(tmp.fileno())
        if read_only:
            os.chmod(tmp_name, 0o444)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class RawZone:
    """Content-addressed, write-once storage of fetched pages under ``settings.raw_dir``."""

    def __init__(self, settings: Settings, *, suffix: str = ".html"):
        # GACC's pages are .html; the partner sources' API answers (JSON, CSV) are kept as .response.
        self.directory = settings.raw_dir
        self.suffix = suffix

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.directory / f"{sha256}{self.suffix}"

    def put(self, content: bytes) -> str:
        """Store ``content`` once; returns its sha256. An existing file is never rewritten."""
        sha = sha256_hex(content)
        target = self.path(sha)
        if not target.exists():
            write_atomically(target, content, read_only=True)
        return sha

    def read(self, sha256: str) -> bytes:
        """The stored bytes, checked against their name."""
        target = self.path(sha256)
        try:
            content = target.read_bytes()
        except FileNotFoundError:
            raise RawZoneError(f"raw page {target.name} is missing from {self.directory}") from None
        actual = sha256_hex(content)
        if actual != sha256:
            raise RawZoneError(f"raw page {target.name} was altered: its content hashes to {actual}")
        return content
