"""The smallest readers of a release page: the reason type, cell text, printed numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from customs_wh.words import DASHES


class PageProblem(ValueError):
    """Why a page cannot be read; ``parse_release`` adds the page name."""


class ImagePage(PageProblem):
    """The page carries its table as a picture (GACC's 2018 tables by country)."""

    def __init__(self, image_url: str):
        self.image_url = image_url
        super().__init__(f"published as an image, no numbers in the HTML ({image_url})")


# Digits are ASCII digits only (re.ASCII): "\d" would also take "２" or "٣", which float() and
# int() happily read.
NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?", re.ASCII)
_NUMBERS = re.compile(rf"(?:{NUMBER.pattern}\n)*{NUMBER.pattern}", re.ASCII)
# Padding around a label or number: HTML source whitespace plus the pages' &nbsp;.
PADDING = " \t\r\n\f\xa0"
SOURCE_WHITESPACE = " \t\r\n\f"
# What GACC prints in a cell that has no figure: a hyphen, or an en or em dash (the
# commodity tables' value-only rows, the totals table's balance row). "Not printed", never 0.
_DASH_CELLS = frozenset(DASHES)


def normalise_text(text: str) -> str:
    """Collapse every run of whitespace (including &nbsp;) to one space, trimmed.

    (str.split() splits at exactly the characters the regex \\s matches, and faster.)"""
    return " ".join(text.split())


def parse_number(text: str) -> float:
    """A printed figure: "41,046.4", "-1.2", "118,380.0&nbsp;" → float; junk raises ValueError.

    Thousands separators must group by three; ASCII digits only, no leading zeros, no exponent,
    no NaN/inf, no decimal comma.
    """
    stripped = text.strip(PADDING)
    if not NUMBER.fullmatch(stripped):
        raise ValueError(f"not a number: {stripped!r}")
    return float(stripped.replace(",", "") if "," in stripped else stripped)


def is_dash(text: str) -> bool:
    return text.strip(PADDING) in _DASH_CELLS


def parse_figure(text: str, *, dash: bool) -> float | None:
    """parse_number, or None for a dash where ``dash`` allows one ("not printed")."""
    if dash and is_dash(text):
        return None
    return parse_number(text)


def read_numbers(texts: Sequence[str]) -> list[float] | None:
    """parse_number over many cells at once (one regex match for the lot), or None if any is not a number."""
    stripped = [text.strip(PADDING) for text in texts]
    joined = "\n".join(stripped)
    if not stripped or _NUMBERS.fullmatch(joined) is None or joined.count("\n") != len(stripped) - 1:
        return None
    return [float(number) for number in joined.replace(",", "").split("\n")]


_DASH = f"[{re.escape(DASHES)}]"
_FIGURES = re.compile(rf"(?:(?:{NUMBER.pattern}|{_DASH})\n)*(?:{NUMBER.pattern}|{_DASH})", re.ASCII)
_ONE_DECIMAL = re.compile(rf"(?:(?:[+-]?[0-9][0-9,]*\.[0-9]|{_DASH})\n)*(?:[+-]?[0-9][0-9,]*\.[0-9]|{_DASH})", re.ASCII)


def read_figures(texts: Sequence[str]) -> list[float | None] | None:
    """read_numbers that also takes a dash (None: not printed); None if any cell is neither."""
    stripped = [text.strip(PADDING) for text in texts]
    joined = "\n".join(stripped)
    if not stripped or _FIGURES.fullmatch(joined) is None or joined.count("\n") != len(stripped) - 1:
        return None
    return [None if text in _DASH_CELLS else float(text.replace(",", "")) for text in stripped]


def all_one_decimal(texts: Sequence[str]) -> bool:
    """Whether every figure among ``texts`` is printed with exactly one decimal (or is a dash)."""
    return _ONE_DECIMAL.fullmatch("\n".join(text.strip(PADDING) for text in texts)) is not None


def decimals(text: str) -> int:
    """How many decimals a printed figure shows: its rounding is half a unit of the last one."""
    stripped = text.strip(PADDING)
    point = stripped.find(".")
    return 0 if point < 0 else len(stripped) - point - 1
