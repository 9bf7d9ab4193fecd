"""GACC release page → every number on it (the observation contracts), or a ParseError.

The entry point of the parser; the work is done in :mod:`customs_wh.gacc.parsing`, one module
per part of a page. ``parse_release(content, page, context=...)`` is all a caller needs.
"""

from __future__ import annotations

from customs_wh.gacc.labels import Label, LabelProblem, Period, read_label
from customs_wh.gacc.parsing.commodity_table import split_commodity_label
from customs_wh.gacc.parsing.page import MAX_PAGE_BYTES, parse_release, read_release
from customs_wh.gacc.parsing.partners_table import split_label
from customs_wh.gacc.parsing.text import PageProblem, parse_number
from customs_wh.gacc.parsing.units import Unit, parse_unit

__all__ = [
    "MAX_PAGE_BYTES",
    "Label",
    "LabelProblem",
    "PageProblem",
    "Period",
    "Unit",
    "parse_number",
    "parse_release",
    "parse_unit",
    "read_label",
    "read_release",
    "split_commodity_label",
    "split_label",
]
