"""Hostile input: every page of the corpus is rejected with a one-line reason that names it."""

from __future__ import annotations

import pytest

from customs_wh.contracts import ParseError
from customs_wh.gacc.parse import parse_release
from hostile import hostile_pages
from repo_paths import GACC_PAGES

REAL_PAGE = (GACC_PAGES / "section4_by_country_2026-03_cny.html").read_bytes()
CORPUS = hostile_pages(REAL_PAGE)


def test_the_corpus_is_large_and_the_original_parses():
    assert len(CORPUS) >= 30
    assert len(parse_release(REAL_PAGE, page="original").observations) > 0


@pytest.mark.parametrize("name, content", CORPUS, ids=[name for name, _ in CORPUS])
def test_each_bad_page_is_rejected_with_a_clear_reason(name, content):
    page = f"hostile/{name.replace(' ', '_')}.html"
    with pytest.raises(ParseError) as raised:
        parse_release(content, page=page)
    message = str(raised.value)
    assert message.startswith(page + ": "), message
    assert "\n" not in message and len(raised.value.reason) > 10, message
