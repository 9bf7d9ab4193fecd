"""A GACC release page → every number on it, or a ParseError with a one-line reason.

``parse_release`` is a pure function of the page bytes (and, when discovery knows it, of what
the index says of the page). It reads the totals table (1), the table by country/region (4)
and the commodity tables (5) and (6), in CNY or USD, and trusts nothing it has not checked:
the page must be one whole HTML page; what it is (table, currency, month) comes from its
titles, unit row, header rows, date and context together (evidence.py); every figure must be a
printed number; the arithmetic each row implies must hold. A page never yields a partial result.
"""

from __future__ import annotations

import threading
from typing import cast

import lxml.etree

from customs_wh.contracts import (
    BREAKDOWN_TABLES,
    COMMODITY_REGIME_TABLES,
    STRUCTURE_TABLES,
    PageContext,
    ParsedRelease,
    ParseError,
    PublishedAsImage,
)
from customs_wh.gacc.parsing import commodity_table, partners_table, totals_table
from customs_wh.gacc.parsing.bulletin_breakdown_table import read_bulletin_breakdown_table
from customs_wh.gacc.parsing.bulletin_commodity_regime_table import read_bulletin_commodity_regime_table
from customs_wh.gacc.parsing.bulletin_commodity_table import read_bulletin_commodity_table
from customs_wh.gacc.parsing.bulletin_country_table import read_bulletin_country_table
from customs_wh.gacc.parsing.bulletin_structure_table import read_bulletin_structure_table
from customs_wh.gacc.parsing.bulletin_summary_table import read_bulletin_summary_table
from customs_wh.gacc.parsing.evidence import PageFacts, read_titles, reconcile
from customs_wh.gacc.parsing.headers import Header, read_header
from customs_wh.gacc.parsing.rows import read_rows
from customs_wh.gacc.parsing.table import TableParts, element_text, read_table, split_table
from customs_wh.gacc.parsing.text import ImagePage, PageProblem, normalise_text
from customs_wh.gacc.parsing.units import is_unit_text, parse_unit
from customs_wh.gacc.tables import bulletin_table

# Real release pages are about 40 to 80 kB; anything this large is not one.
MAX_PAGE_BYTES = 5 * 1024 * 1024


def _check_bytes(content: bytes) -> None:
    if not content or content.isspace():
        raise PageProblem("the page is empty")
    if len(content) > MAX_PAGE_BYTES:
        raise PageProblem(
            f"the page is {len(content):,} bytes, larger than any release page ({MAX_PAGE_BYTES:,} allowed)"
        )
    if content[:2] == b"\x1f\x8b":
        raise PageProblem("the page is gzip-compressed data, not HTML")
    if b"\x00" in content:
        raise PageProblem("the page contains NUL bytes (binary data or UTF-16 text, not a UTF-8 HTML page)")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PageProblem(f"the page is not UTF-8 text (bad byte at offset {exc.start})") from None
    if b"</html" not in content[-4096:].lower():
        raise PageProblem("the page is truncated (no closing </html> tag)")


_PARSERS = threading.local()


def _html_parser() -> lxml.etree.HTMLParser:
    # One parser per thread: lxml parser objects must not be shared between threads, and
    # making one costs more than parsing a small page. Its error_log is reset by every parse.
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = lxml.etree.HTMLParser(encoding="utf-8")
    return parser


def _parse_html(content: bytes) -> lxml.etree._Element:
    # lxml.etree's HTML parser builds the same tree as lxml.html's without a Python call per
    # element (lxml.html looks up an element class for each one).
    parser = _html_parser()
    try:
        document = lxml.etree.fromstring(content, parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise PageProblem(f"not an HTML page ({normalise_text(str(exc))})") from None
    if document is None:
        raise PageProblem("not an HTML page (Document is empty)")
    # libxml2 silently drops what lies beyond its limits; a page that hit one is not whole.
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise PageProblem(f"the page exceeds the HTML parser's limits ({error.message})")
    return document


# The blocks of a page this parser reads: the article title, date and content of a release
# page (by class token, on any element, the way lxml.html's find_class matches them), the marks
# of an index page (a div.nr-n-content-detail bulletin list, a year selector), and the tables.
_ARTICLE_CLASSES = ("atcl-ttl", "atcl-date", "atcl-cnt")
_INDEX_LIST = "nr-n-content-detail"
# One C-level walk of the page finds them all, in document order: the tables, the year
# selectors, and the class attributes that may name a block (tokens are checked below). Below
# the root element only: markup broken enough makes libxml2 start a second root after it.
_BLOCKS = lxml.etree.XPath(
    "descendant-or-self::table | descendant-or-self::select[@id='preliminarysel' or @id='monthlysel']"
    " | descendant-or-self::*/@class[contains(., 'atcl-')]"
    f" | descendant-or-self::div/@class[contains(., '{_INDEX_LIST}')]"
)
_CLASS_SEPARATORS = str.maketrans("\t\r\n", "   ")  # XPath normalize-space's whitespace


def _page_blocks(document: lxml.etree._Element) -> dict[str, list[lxml.etree._Element]]:
    """The page's atcl-ttl, atcl-date and atcl-cnt elements (any element), its
    div.nr-n-content-detail and year-selector ones, and its tables, each in document order."""
    blocks: dict[str, list[lxml.etree._Element]] = {
        name: [] for name in (*_ARTICLE_CLASSES, _INDEX_LIST, "selector", "table")
    }
    for found in cast(list[lxml.etree._Element | lxml.etree._ElementUnicodeResult], _BLOCKS(document)):
        if isinstance(found, str):  # a class attribute: the element it is on, once per token it names
            element = cast(lxml.etree._Element, found.getparent())
            tokens = set(found.translate(_CLASS_SEPARATORS).split(" "))
            for name in _ARTICLE_CLASSES:
                if name in tokens:
                    blocks[name].append(element)
            if _INDEX_LIST in tokens and element.tag == "div":
                blocks[_INDEX_LIST].append(element)
        else:
            blocks["table" if found.tag == "table" else "selector"].append(found)
    return blocks


def _the_data_table(blocks: dict[str, list[lxml.etree._Element]]) -> lxml.etree._Element:
    tables = blocks["table"]
    if not tables:
        for content in blocks["atcl-cnt"]:
            for image in content.iter("img"):
                source = (image.get("src") or "").strip()
                if source:
                    # GACC writes the path with backslashes ('\Excel\4-RMB.png'); browsers, and the
                    # server, read them as slashes.
                    raise ImagePage(source.replace("\\", "/"))
        raise PageProblem("no data table on the page, and no image of one either")
    if len(tables) > 1:
        raise PageProblem(f"the page has {len(tables)} tables; a release page has exactly one data table")
    return tables[0]


def _one_text(texts: dict[str, list[str]], css_class: str) -> str | None:
    found = texts[css_class]
    if len(found) > 1:
        raise PageProblem(f"the page has {len(found)} '{css_class}' blocks, expected one")
    return found[0] if found else None


def read_release(content: bytes, context: PageContext | None = None) -> ParsedRelease:
    """parse_release without the page name: raises PageProblem."""
    _check_bytes(content)
    document = _parse_html(content)
    blocks = _page_blocks(document)
    if blocks["selector"] or blocks[_INDEX_LIST]:
        raise PageProblem(
            "this is an index page (a year selector and a list of bulletins), not a release page with a data table"
        )
    table = _the_data_table(blocks)
    # The article blocks' texts, read before read_table marks the table's text (a block could be in it).
    block_texts = {name: [element_text(element) for element in blocks[name]] for name in _ARTICLE_CLASSES[:2]}
    raw = read_table(table, rowspans=b"rowspan" in content.lower())
    bulletin = _bulletin_release(raw, block_texts, content, context)
    if bulletin is not None:
        return bulletin
    parts = split_table(raw, is_unit_text)
    header = read_header(parts.header)
    for span in parts.heading_spans:
        if span != parts.width:
            raise PageProblem(f"the title and unit rows span {span} columns but the header has {parts.width}")
    labels = read_titles(parts.title, _one_text(block_texts, "atcl-ttl"))
    facts = reconcile(labels, parse_unit(parts.unit), header, context, _one_text(block_texts, "atcl-date"))
    observations = _read_numbers(facts, header, parts, raw.markup_is_plain)
    return ParsedRelease(
        section=facts.section,
        currency=facts.currency,
        title=facts.title,
        unit=facts.unit.printed,
        scale=facts.unit.scale,
        reference_month=facts.reference_month,
        publication_date=facts.publication_date,
        observations=tuple(observations),
    )


def _bulletin_release(raw, block_texts, content: bytes, context: PageContext | None) -> ParsedRelease | None:
    """A Monthly Bulletin table, read by its own layout; None for a Preliminary Release page.

    The table is the one its titles' words name (gacc/tables.py); a Bulletin table not read yet
    is refused by name.
    """
    # The title in the table's first row, alone in it (or beside the empty cell of the 2022-01/02
    # commodity tables' leading empty column).
    titled = [cell for cell in (raw.rows[0] if raw.rows else []) if normalise_text(cell.text)]
    table_title = titled[0].text if len(titled) == 1 else None
    page_title = _one_text(block_texts, "atcl-ttl")
    spec = bulletin_table(table_title or "") or bulletin_table(page_title or "")
    if spec is None:
        return None
    if not spec.read:
        raise PageProblem(
            f"Monthly Bulletin table ({spec.code}) {spec.name!r} is a table this parser does not read yet"
        )
    if table_title and bulletin_table(table_title):
        title, start = table_title, 1
    elif page_title:
        title, start = page_title, 0
    else:  # never: the table was named by one of the two titles
        raise PageProblem("the page names no Monthly Bulletin table")
    date = _one_text(block_texts, "atcl-date")
    if spec.code in ("1A", "1B"):
        return read_bulletin_summary_table(raw, spec, title, page_title, date, context, start)
    if spec.code in ("13", "14"):
        return read_bulletin_commodity_table(raw, spec, title, page_title, date, context, start)
    if spec.code in COMMODITY_REGIME_TABLES:
        return read_bulletin_commodity_regime_table(raw, spec, title, page_title, date, context, start)
    if spec.code in STRUCTURE_TABLES:
        return read_bulletin_structure_table(raw, spec, title, page_title, date, context, start)
    if spec.code in BREAKDOWN_TABLES:
        return read_bulletin_breakdown_table(raw, spec, title, page_title, date, context, start)
    return read_bulletin_country_table(raw, spec, title, page_title, date, context)


def _read_numbers(facts: PageFacts, header: Header, parts: TableParts, markup_is_plain: bool) -> list:
    if facts.section in (5, 6):
        commodity_table.check_not_shifted(parts, header)
        rows = read_rows(
            parts,
            header,
            markup_is_plain=markup_is_plain,
            dash_allowed=commodity_table.dash_allowed,
            dashes_expected=True,
        )
        return commodity_table.commodity_observations(facts, header, rows)
    if facts.section == 4:
        rows = read_rows(parts, header, markup_is_plain=markup_is_plain, dash_allowed=partners_table.dash_allowed)
        return partners_table.partner_observations(facts, header, rows)
    rows = read_rows(parts, header, markup_is_plain=markup_is_plain, dash_allowed=totals_table.dash_allowed)
    return totals_table.totals_observations(facts, header, rows)


def parse_release(content: bytes, page: str, *, context: PageContext | None = None) -> ParsedRelease:
    """Every number on one GACC release page, or ParseError(page, one-line reason).

    ``context`` is what discovery says of the page (table, currency, month): evidence weighed
    with what the page prints, which must not contradict it. A page whose table is a picture
    raises :class:`~customs_wh.contracts.PublishedAsImage` (a ParseError).
    """
    try:
        return read_release(content, context)
    except ImagePage as exc:
        raise PublishedAsImage(page, exc.image_url) from None
    except PageProblem as exc:
        raise ParseError(page, normalise_text(str(exc))) from None
    except RecursionError:
        raise ParseError(page, "the page nests its markup too deeply to be a release page") from None


__all__ = ["parse_release", "read_release", "normalise_text"]
