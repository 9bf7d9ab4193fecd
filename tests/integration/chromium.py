"""Debian's Chromium for the browser test, installed with apt when missing (as the PostgreSQL test does).

Playwright drives it (``executable_path``): no browser is downloaded. Chromium is started with
no background networking and a fresh profile, so every request it makes is the page's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]


class ChromiumUnavailable(RuntimeError):
    pass


def find_chromium() -> Path | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def ensure_chromium() -> tuple[Path, float | None]:
    """Chromium's path, and how long installing it took (None when it was there already)."""
    found = find_chromium()
    if found is not None:
        return found, None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ChromiumUnavailable(
            "chromium not found; install it (Debian/Ubuntu: sudo apt-get install chromium) and run the test again"
        )
    started = time.perf_counter()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]
    for command in ([*apt, "update"], [*apt, "install", "-y", "--no-install-recommends", "chromium"]):
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ChromiumUnavailable(f"could not install chromium: `{' '.join(command)}` failed: {last[0]}")
    found = find_chromium()
    if found is None:
        raise ChromiumUnavailable("apt-get installed chromium but no chromium binary appeared in /usr/bin")
    return found, time.perf_counter() - started


def chromium_processes(profile: Path) -> list[int]:
    """Pids of the processes started with this user-data-dir (the browser and its helpers)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(profile) in cmdline:
            pids.append(int(proc.name))
    return pids
