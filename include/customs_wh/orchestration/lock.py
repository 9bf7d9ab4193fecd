"""One refresh per ``CUSTOMS_WH_HOME`` at a time: an exclusive lock on ``refresh.lock``."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from customs_wh.config import Settings


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock on this CUSTOMS_WH_HOME."""


@contextlib.contextmanager
def exclusive_refresh(settings: Settings) -> Iterator[None]:
    """One refresh per CUSTOMS_WH_HOME at a time; a second one is told so at once."""
    settings.ensure_dirs()
    handle = open(settings.lock_file, "a+")  # noqa: SIM115 - held for the lock's lifetime, closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RefreshBusy(
                f"another refresh is running on {settings.home} ({holder}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
