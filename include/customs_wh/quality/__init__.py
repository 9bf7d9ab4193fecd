"""The two quality gates of a refresh (README: How it works): Great Expectations suites kept as code.

* Gate 1 checks the numbers of every page parsed since the last accepted run, before dbt
  sees them. A page that fails a critical check is quarantined like a page the parser
  rejected (its bytes kept, its numbers kept out of the marts) and the run stops; pages that
  pass are marked ``gated_at`` and only those ever reach the marts.
* Gate 2 checks the marts dbt built, before they are published.

Every check is one expectation on one *frame*: a DataFrame that SQL over build.duckdb
derives for the purpose (``checks.py``), so the arithmetic is set-based and the
expectation stays a plain, readable GX one. A check has a severity: ``critical`` stops
the publish, ``warning`` publishes and alerts. Each run writes GX Data Docs under
``$CUSTOMS_WH_HOME/gx``.
"""

from __future__ import annotations

from customs_wh.quality.gates import Finding, GateResult, run_gate1, run_gate2

__all__ = ["Finding", "GateResult", "run_gate1", "run_gate2"]
