"""Where the tests find the repository and the data kept for them (tests/data, with the source
of every saved page beside it)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_DATA = REPO_ROOT / "tests" / "data"
# The real GACC pages, byte copies kept in the repository (their sources: the README beside them).
GACC_PAGES = TEST_DATA / "gacc_pages"
BULLETIN_PAGES = GACC_PAGES / "bulletin"
BULLETIN_TEXTS = BULLETIN_PAGES / "text"
