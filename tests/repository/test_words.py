"""One owner per word: an exception in one line, the month names, the "YYYY-MM" form, the dashes
and the CNY/USD rate band are each written once, in the core, and every user imports them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from customs_wh import contracts, words
from repo_paths import REPO_ROOT

ROOT = REPO_ROOT
SOURCES = sorted([*(ROOT / "include" / "customs_wh").rglob("*.py"), *(ROOT / "dags").glob("*.py")])


# --- the words themselves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "line"),
    [
        (ValueError("Catalog Error: no table x\n\nLINE 1: select * from x\n          ^"), "Catalog Error: no table x"),
        (OSError("  spread   over\tspaces  "), "spread over spaces"),
        (RuntimeError(), "RuntimeError"),
        (KeyError(""), "''"),  # str(KeyError("")) is "''": text, kept
        (RuntimeError("\nthe text on the second line"), "RuntimeError"),
        ("a message\nand more", "a message"),
        ("", ""),
    ],
)
def test_one_line_is_the_first_line_or_the_exceptions_type(what, line):
    assert words.one_line(what) == line


@pytest.mark.parametrize(
    ("text", "is_month"),
    [
        ("2025-06", True),
        ("2018-01", True),
        ("2026-12", True),
        ("2025-6", False),
        ("2025-13", False),
        ("2025-00", False),
        ("25-06", False),
        ("2025-06\n", False),
        (" 2025-06", False),
        ("２０２５-06", False),  # full-width digits are not a month here
        ("2025/06", False),
        (None, False),
        (202506, False),
    ],
)
def test_a_month_is_written_yyyy_mm(text, is_month):
    assert words.is_month(text) is is_month


def test_the_month_names_are_english_whatever_the_locale():
    assert words.MONTH_NAMES[0] == "January" and words.MONTH_NAMES[8] == "September" and len(words.MONTH_NAMES) == 12
    assert words.MONTH_ABBREVIATIONS == (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )


def test_the_parser_and_gate_1_share_the_rate_band():
    from customs_wh.gacc.parsing import units
    from customs_wh.quality import commodity_checks, gate1_checks

    assert units.CNY_PER_USD_BAND is gate1_checks.CNY_PER_USD_BAND is commodity_checks.CNY_PER_USD_BAND
    assert units.CNY_PER_USD_BAND is contracts.CNY_PER_USD_BAND


# --- nobody writes them again ------------------------------------------------------------------


def _constants(tree: ast.AST) -> list:
    """Every literal of the module: strings, and tuples/lists/sets of literals, as values."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            found.append(node.value)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(isinstance(e, ast.Constant) for e in node.elts):
            found.append(tuple(e.value for e in node.elts))
    return found


def _first_line_by_hand(tree: ast.AST) -> bool:
    """``x.splitlines()[0]`` or ``(x.splitlines() or [...])[0]``: an exception's first line written again."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == 0:
            inner = node.value.values[0] if isinstance(node.value, ast.BoolOp) else node.value
            if isinstance(inner, ast.Call) and getattr(inner.func, "attr", None) == "splitlines":
                return True
    return False


def _month_table(value) -> bool:
    return isinstance(value, tuple) and sum(item in words.MONTH_NAMES for item in value) >= 3


def _month_regex(value) -> bool:
    return isinstance(value, str) and "0[1-9]|1[0-2]" in value


def _dash_set(value) -> bool:
    characters = set(value) if isinstance(value, (str, tuple)) else set()
    return len(characters & set(words.DASHES)) >= 3


def _rate_band(value) -> bool:
    return value == contracts.CNY_PER_USD_BAND


RULES = {
    "the month names": (_month_table, "customs_wh/words.py"),
    "the YYYY-MM pattern": (_month_regex, "customs_wh/words.py"),
    "a set of dashes": (_dash_set, "customs_wh/words.py"),
    "the CNY/USD rate band": (_rate_band, "customs_wh/contracts.py"),
}


def owners(paths: list[Path]) -> dict[str, list[str]]:
    """For each word, the files that write it (the first line of an exception included)."""
    found: dict[str, list[str]] = {word: [] for word in [*RULES, "an exception's first line"]}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(path.parents[1]).as_posix()
        constants = _constants(tree)
        for word, (writes, _home) in RULES.items():
            if any(writes(value) for value in constants):
                found[word].append(name)
        if _first_line_by_hand(tree):
            found["an exception's first line"].append(name)
    return found


def test_each_word_has_one_owner():
    found = owners(SOURCES)
    assert found["an exception's first line"] == ["customs_wh/words.py"], found
    for word, (_writes, home) in RULES.items():
        assert found[word] == [home], f"{word} is written in {found[word]}; import it from {home}"


def test_the_owner_check_sees_a_word_written_again(tmp_path):
    """The check above can fail: a module that writes each word again is named for each."""
    again = tmp_path / "customs_wh" / "again.py"
    again.parent.mkdir()
    again.write_text(
        "NAMES = ('January', 'February', 'March')\n"
        "MONTH = r'^\\d{4}-(0[1-9]|1[0-2])$'\n"
        "DASH = '-\\u2013\\u2014'\n"
        "BAND = (5.8, 7.9)\n"
        "def first(exc):\n"
        "    return (str(exc).splitlines() or [''])[0]\n",
        encoding="utf-8",
    )
    assert all(names == ["customs_wh/again.py"] for names in owners([again]).values())
