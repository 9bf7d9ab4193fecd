"""The expectation suites of both gates, as code: every frame and every check, in one catalogue.

* Gate 1 (``gate1_frames``, ``gate1_checks``): the numbers of newly parsed pages, against each
  other and against what is already accepted; a critical finding quarantines the page.
* Gate 2 (``gate2_frames``, ``gate2_checks``): the marts as built, for what dbt cannot test
  (a partner's own history, months and windows of the series, the published warehouse).

Where each rule lives (README: Data quality): a page's own arithmetic in the parser, rules
across rows, pages and tables in gate 1, invariants of the marts in dbt, and in gate 2 only
what dbt cannot express. Another family of pages adds its suites here, beside these.
"""

from __future__ import annotations

from customs_wh.quality.gate1_checks import GATE1_CHECKS
from customs_wh.quality.gate1_frames import GATE1_FRAMES, GATE1_SCOPE_SQL
from customs_wh.quality.gate2_checks import GATE2_CHECKS
from customs_wh.quality.gate2_frames import GATE2_FRAMES, NOTHING_PUBLISHED_SQL, PUBLISHED_SQL
from customs_wh.quality.suite import CRITICAL, WARNING, Check, Frame

__all__ = [
    "CRITICAL",
    "GATE1_CHECKS",
    "GATE1_FRAMES",
    "GATE1_SCOPE_SQL",
    "GATE2_CHECKS",
    "GATE2_FRAMES",
    "NOTHING_PUBLISHED_SQL",
    "PUBLISHED_SQL",
    "WARNING",
    "Check",
    "Frame",
]
