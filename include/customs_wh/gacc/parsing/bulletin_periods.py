"""The periods a Monthly Bulletin table's header prints: one reading for tables (2), (3)/(4),
(13)/(14) and (15)/(16), which print them alike (docs/real-site-notes.md §10).

* An ordinary month: ``6`` the month and ``1to6`` January to the month.
* January (SINGLE): ``1`` alone, both the month and January to the month.
* January–February 2020 (COMBINED; GACC released the two months together that year): the month
  column printed as the range ``1 to 2`` beside ``1to2``, each flow's figures twice. The first of
  each pair stands where the month is; it must equal the other and lands nothing of its own: the
  page's figures are January to February, as the Preliminary Release's combined pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

from customs_wh.gacc.parsing.text import PageProblem

MONTH_HEADER = re.compile(r"^(\d{1,2})$", re.ASCII)
CUMULATIVE_HEADER = re.compile(r"^1\s*(?:to|-|~)\s*(\d{1,2})$", re.IGNORECASE | re.ASCII)
ORDINARY, SINGLE, COMBINED = "ordinary", "single", "combined"
# The only months GACC has printed January to the month twice for.
_COMBINED_MONTHS = frozenset({2})


class _PeriodColumn(Protocol):
    @property
    def measure(self) -> str: ...

    @property
    def period_kind(self) -> str: ...


C = TypeVar("C", bound=_PeriodColumn)


def header_period(text: str, month: int, where: str) -> str | None:
    """ "month" for ``6``, "ytd" for ``1to6`` (or ``1 to 6``); None for a header that is no period."""
    found = MONTH_HEADER.match(text) or CUMULATIVE_HEADER.match(text)
    if found is None:
        return None
    if int(found.group(1)) != month:
        raise PageProblem(f"{where} is of month {found.group(1)}, the title says {month}")
    return "month" if found.re is MONTH_HEADER else "ytd"


def read_form(columns: Sequence[C], month: int, as_month: Callable[[C], C]) -> tuple[list[C], str]:
    """The columns, with the combined form's first of each pair read as the month, and the form."""
    read = list(columns)
    combined = False
    for index, column in enumerate(read):
        if column.period_kind == "ytd" and column in read[index + 1 :]:
            read[index] = as_month(column)
            combined = True
    if len(set(read)) != len(read):
        raise PageProblem("the header names a column twice")
    if combined and month not in _COMBINED_MONTHS:
        raise PageProblem(f"the header prints January to {month} twice, a form GACC printed for January-February only")
    single = not any(column.period_kind == "ytd" and column.measure == "value" for column in read)
    if single and month != 1:
        raise PageProblem(f"the header prints no January-to-month columns, but the title's month is {month}")
    return read, SINGLE if single else COMBINED if combined else ORDINARY


def period_kinds(column: _PeriodColumn, form: str, is_value: bool) -> tuple[str, ...]:
    """The periods a figure of ``column`` lands as: January's value both; the combined form's
    month position nothing (its twin lands January to the month)."""
    if is_value and form == SINGLE:
        return ("month", "ytd")
    if is_value and form == COMBINED and column.period_kind == "month":
        return ()
    return (column.period_kind,)


def check_combined(label: str, cells: Mapping[C, object], form: str, as_ytd: Callable[[C], C]) -> None:
    """In the combined form, a row's figure at the month position equals its January-to-month twin."""
    if form != COMBINED:
        return
    for column, value in cells.items():
        if column.period_kind != "month" or not isinstance(value, float):
            continue
        twin = cells.get(as_ytd(column))
        if isinstance(twin, float) and twin != value:
            raise PageProblem(
                f"row {label!r}: January-February is printed twice, {value:,.0f} and {twin:,.0f} ({column.measure})"
            )
