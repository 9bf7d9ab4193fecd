"""docs/mirror-statistics.md shows exactly the shipped mirror questions, and docs/partner-sources.md names
every real figure the sample servers are calibrated to."""

from __future__ import annotations

from customs_wh.reporting.queries.mirror import mirror_queries
from customs_wh.sample_sources import figures
from repo_paths import REPO_ROOT

DOCS = REPO_ROOT / "docs"


def test_the_mirror_questions_are_the_shipped_queries():
    page = (DOCS / "mirror-statistics.md").read_text(encoding="utf-8")
    queries = mirror_queries()
    assert len(queries) == 3
    for name, sql in queries:
        body = "\n".join(line for line in sql.strip().splitlines() if not line.startswith("--"))
        assert body.strip() in page, f"docs/mirror-statistics.md shows a different {name}"


def test_the_real_figures_the_servers_print_are_the_documented_ones():
    page = (DOCS / "partner-sources.md").read_text(encoding="utf-8")
    for reporter, flow, partner, year in figures.REAL:
        annual = figures.ANNUAL_BN[(reporter, flow, partner)][year]
        assert f"{annual:.1f}" in page, (reporter, flow, partner, year)
        months = [figures.month_total(reporter, flow, partner, f"{year}-{m:02d}") for m in range(1, 13)]
        assert abs(sum(months) / 1e9 - annual) < 0.05, (reporter, flow, year)
