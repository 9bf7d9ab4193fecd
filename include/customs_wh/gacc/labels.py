"""What GACC's labels say: a release title, or the row of an index page that links it.

One reader for both, because they are the same words: "(4) China's Total Export & Import
Values by Country/Region, Mar 2026 (in CNY)" on a release page, "(4) China's Total Export &
Import Values by Country/Region (in CNY)" on the index that links it. :func:`read_label`
takes such a text apart into the evidence it carries (the printed number, the table its
subject names, the currency, the month) without deciding anything the rest of the page
must confirm: the parser weighs it against the unit row and the header rows, discovery
against the index page it came from.

The forms GACC has printed (docs/conformance.md lists each with where it was seen): the
"(N)" prefix present, absent, full-width or wrong for its table; subject wordings of 2018 and
of today; "Mar 2026", "Mar. 2026", "March 2026", "Sept 2025", "January-February 2025" with any
dash and spacing, or no date at all; "(in CNY)", "(in RMB)", "(RMB)", "(Only August, in CNY)",
"2026(in USD)", or no currency.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from customs_wh.contracts import CURRENCIES
from customs_wh.words import MONTH_NAMES, RANGE_DASHES

_MONTH_WORDS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
# A month word as a regular expression (case-insensitive), longest spellings first.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Release years a label may name (also keeps the date arithmetic in range).
FIRST_YEAR, LAST_YEAR = 1950, 2999

# The names GACC gives the two currencies; RMB (renminbi) is the CNY.
CURRENCY_NAMES: dict[str, str] = {
    "cny": "CNY",
    "rmb": "CNY",
    "renminbi": "CNY",
    "yuan": "CNY",
    "usd": "USD",
    "us$": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
}

# The tables this warehouse reads, by the section number the Preliminary Release gives them.
TABLE_NAMES: dict[int, str] = {
    1: "China's Total Export & Import Values",
    4: "China's Total Export & Import Values by Country/Region",
    5: "China's Major Exports by Quantity and Value",
    6: "China's Major Imports by Quantity and Value",
}


def month_number(word: str) -> int | None:
    """ "Feb." / "feb" / "February" / "Sept" → 2, 2, 2, 9; anything that is not a month → None."""
    return _MONTH_WORDS.get(word.strip().rstrip(".").strip().lower())


class LabelProblem(ValueError):
    """A label that says something unreadable (an unknown currency or month); the reason is one line."""


@dataclass(frozen=True)
class Period:
    """The months a label names: one month, or a January-to-month range ("January-February")."""

    year: int
    month: int  # the last month covered
    cumulative: bool  # a range from January: the page prints cumulative figures only
    whole_year: bool = False  # "…, 2018 (RMB)": the year, i.e. the table of its December

    @property
    def reference_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def describe(self) -> str:
        if self.whole_year:
            return str(self.year)
        if self.cumulative:
            return f"January-{MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"


@dataclass(frozen=True)
class Label:
    """The evidence one label carries; ``None`` wherever the label says nothing."""

    text: str  # the label with its spacing normalised
    printed_section: int | None  # the "(N)" prefix as printed: weak evidence, GACC has misprinted it
    subject: str  # the words naming the table: "China's Total Export & Import Values by Country/Region"
    table: int | None  # the section the subject names among the tables read (1, 4, 5, 6)
    other_table: str | None  # the subject names a table this warehouse does not read (why, in words)
    currency: str | None
    period: Period | None
    qualifier_month: int | None = None  # "(Only August, in CNY)"


# Normalisation: full-width punctuation (the Monthly Bulletin's "（1）"), typographic quotes,
# no-break spaces. Digits stay as they are: a full-width digit is not a number here either.
_PUNCTUATION = str.maketrans(
    {"（": "(", "）": ")", "：": ":", "，": ",", "\u2019": "'", "\u2018": "'", "\u00b4": "'", "\xa0": " "}
)
_PREFIX = re.compile(r"^\(\s*(\d{1,2})\s*\)\s*", re.ASCII)
_TRAILING_GROUP = re.compile(r"\(([^()]*)\)\s*$")
_CURRENCY_PHRASE = re.compile(r"^(?:(?:value\s+)?in\s+)?(us\s+dollars?|us\$|[a-z]{3,8})$", re.IGNORECASE | re.ASCII)
_ONLY_MONTH = re.compile(rf"^only\s+({MONTH_PATTERN})\.?$", re.IGNORECASE | re.ASCII)
_PERIOD = re.compile(
    rf"(?:^|(?<=[\s,]))(?P<first>{MONTH_PATTERN})\.?"
    rf"(?:\s*[{re.escape(RANGE_DASHES)}]\s*(?P<last>{MONTH_PATTERN})\.?)?"
    r"\s*,?\s*(?P<year>\d{4})$",
    re.IGNORECASE | re.ASCII,
)
_TRAILING_YEAR = re.compile(r"(?:^|[\s,])(\d{4})$", re.ASCII)
_TAIL_AFTER_COMMA = re.compile(r",\s*([^,]*)$")
_MONTH_WORD = re.compile(rf"\b{MONTH_PATTERN}\b", re.IGNORECASE)


def normalise(text: str) -> str:
    """A printed text with one space between words, trimmed (as ``normalise_text`` leaves it),
    its full-width punctuation, typographic quotes and no-break spaces made plain."""
    # _PUNCTUATION maps non-ASCII characters only, none to or from a space but the no-break
    # space, which split() drops as whitespace anyway: an ASCII text needs no translation (and
    # str.translate costs a lookup per character, found or not).
    spaced = " ".join(text.split())
    return spaced if spaced.isascii() else spaced.translate(_PUNCTUATION)


@functools.lru_cache(maxsize=2048)  # pure; a backfill reads the same few hundred labels again and again
def read_label(text: str) -> Label:
    """Take a title or an index label apart; raises :class:`LabelProblem` for what cannot be read.

    "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)" →
    Label(printed_section=4, table=4, currency="CNY", period=Period(2026, 3, False)).
    """
    label = normalise(text)
    body = label
    printed_section = None
    prefix = _PREFIX.match(body)
    if prefix:
        printed_section = int(prefix.group(1))
        body = body[prefix.end() :]
    currency, qualifier_month, body = _qualifiers(body)
    period, subject = _period(body)
    table, other = table_named(subject)
    return Label(label, printed_section, subject, table, other, currency, period, qualifier_month)


def _qualifiers(body: str) -> tuple[str | None, int | None, str]:
    """The trailing "(in CNY)" / "(RMB)" / "(Only August, in CNY)" groups: (currency, month, rest).

    A trailing group that names neither a currency nor "only <month>" is part of the subject
    ("by Major Country (Region)").
    """
    currencies: list[str] = []
    qualifier_month = None
    while True:
        group = _TRAILING_GROUP.search(body)
        if group is None:
            break
        parts = [part.strip() for part in group.group(1).split(",") if part.strip()]
        named = [_currency_in(part) for part in parts]
        months = [_ONLY_MONTH.match(part) for part in parts]
        if not any(named) and not any(months):
            break
        for part, currency, only in zip(parts, named, months, strict=True):
            if currency:
                currencies.append(currency)
            elif only:
                qualifier_month = month_number(only.group(1))
            else:
                raise LabelProblem(f"unknown qualifier {part!r} in {normalise(body)!r}")
        body = body[: group.start()].rstrip()
    if len(set(currencies)) > 1:
        raise LabelProblem(f"names two currencies, {' and '.join(sorted(set(currencies)))}")
    return (currencies[0] if currencies else None), qualifier_month, body


def _currency_in(part: str) -> str | None:
    """ "in CNY" → "CNY"; "RMB" → "CNY"; "in EUR" raises; words that are not a currency → None."""
    phrase = _CURRENCY_PHRASE.match(part)
    if phrase is None:
        return None
    word = phrase.group(1).lower()
    if word in CURRENCY_NAMES:
        return CURRENCY_NAMES[word]
    if part.lower().startswith("in ") and len(word) == 3:
        raise LabelProblem(f"title currency {word.upper()!r} is not one of {', '.join(CURRENCIES)}")
    return None


def _period(body: str) -> tuple[Period | None, str]:
    """The period at the end of the label, if any, and the subject before it."""
    found = _PERIOD.search(body)
    if found:
        first = month_number(found.group("first"))
        last = month_number(found.group("last")) if found.group("last") else None
        if first is None:  # the pattern matched a month word, which month_number always reads
            raise LabelProblem(f"period {found.group(0)!r}: unknown month")
        year = int(found.group("year"))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise LabelProblem(f"period {found.group(0)!r}: {year} is not a plausible release year")
        if last is not None:
            if first != 1 or last <= first:
                raise LabelProblem(f"period {found.group(0)!r} is not a range from January")
            period = Period(year, last, cumulative=True)
        else:
            period = Period(year, first, cumulative=False)
        return period, body[: found.start()].rstrip(" ,")
    tail = _TAIL_AFTER_COMMA.search(body)
    if tail and not any(character.isdigit() for character in tail.group(1)) and not _MONTH_WORD.search(tail.group(1)):
        tail = None  # words after a comma that name no period belong to the subject
    trailing_year = _TRAILING_YEAR.search(body)
    if trailing_year and (tail is None or tail.group(1).strip() == trailing_year.group(1)):
        before = body[: trailing_year.start()].rstrip()
        if before.endswith(",") or not before:
            # A year alone names the whole year: the table of its December (month and January-December).
            number = int(trailing_year.group(1))
            if not FIRST_YEAR <= number <= LAST_YEAR:
                raise LabelProblem(f"period {trailing_year.group(1)!r}: {number} is not a plausible release year")
            return Period(number, 12, cumulative=False, whole_year=True), before.rstrip(" ,")
        word = before.rsplit(" ", 1)[-1]
        raise LabelProblem(f"unknown month {word + ' ' + trailing_year.group(1)!r}")
    if tail:
        raise LabelProblem(f"unknown period {tail.group(1).strip()!r}")
    return None, body


# --- which table a subject names -------------------------------------------------------

_WORDS = re.compile(r"[a-z]+", re.ASCII)
# Tables other than the four read here, by words only they use: the Preliminary Release's
# trade-mode tables (2) and (3), and the Monthly Bulletin's nineteen (by origin/destination,
# HS section, customs regime, enterprise type, location, district, specific area, selected
# commodities).
_OTHER_TABLES = (
    ("mode", "by trade mode"),
    ("origin", "by country of origin/destination (a Monthly Bulletin table)"),
    ("destination", "by country of origin/destination (a Monthly Bulletin table)"),
    ("regime", "by customs regime"),
    ("enterprise", "by type of enterprise"),
    ("enterprises", "by type of enterprise"),
    ("location", "by location"),
    ("districts", "by customs district"),
    ("division", "by HS section and division"),
    ("divisions", "by HS section and division"),
    ("areas", "by specific area"),
    ("selected", "of selected countries or commodities"),
    ("commodities", "of commodities (a Monthly Bulletin table)"),
    ("summary", "a summary (a Monthly Bulletin table)"),
    ("bulletin", "a statistics bulletin on another subject"),
    ("indices", "trade indices"),
)


@functools.lru_cache(maxsize=512)
def table_named(subject: str) -> tuple[int | None, str | None]:
    """(section, None) for a subject naming table (1), (4), (5) or (6); (None, what) for another
    table GACC publishes; (None, None) when the words name no table (or there are none).

    By the words, never by the printed number (GACC has printed "(3)" on the table by country):
    "by Country/Region" or "by Major Country (Region)" is (4); "Major Exports" (5) and "Major
    Imports" (6); "Total Export & Import Values" or "Total Value of Imports and Exports" with no
    breakdown is (1).
    """
    words = set(_WORDS.findall(subject.lower().replace("china's", " ")))
    for word, what in _OTHER_TABLES:
        if word in words:
            return None, what
    if "major" in words and ("exports" in words or "export" in words) and "imports" not in words:
        return 5, None
    if "major" in words and ("imports" in words or "import" in words) and "exports" not in words:
        return 6, None
    trade = ("export" in words or "exports" in words) and ("import" in words or "imports" in words)
    if trade and ("country" in words or "countries" in words or "region" in words or "regions" in words):
        return 4, None
    if trade and "total" in words and "by" not in words:
        return 1, None
    return None, None
