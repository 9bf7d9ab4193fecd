"""The partner code map every partner source reads: one row per country, territory or aggregate, with the
code each source uses for it (``dbt_project/seeds/partner_codes.csv``, also a dbt seed).

Core: imports nothing of the package but the configuration. A code a source prints that is not in the
map is a refused response, never a guess.
"""

from __future__ import annotations

import csv
import functools

from customs_wh.config import DBT_PROJECT_DIR

PARTNER_CODES_SEED = DBT_PROJECT_DIR / "seeds" / "partner_codes.csv"
# Source columns of the seed: the code each source prints for a partner or reporter.
SOURCE_COLUMNS = {"census": "census_cty_code", "eurostat": "eurostat_code", "hmrc": "hmrc_country_id"}
# Rows that stand for many countries: never added to the countries they contain.
AGGREGATE_CODES = frozenset({"WORLD", "EU27_2020"})


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    with PARTNER_CODES_SEED.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@functools.cache
def source_codes(source: str) -> dict[str, str]:
    """The source's own code → ISO 3166 alpha-3 (or WORLD, EU27_2020), for every partner the map knows."""
    column = SOURCE_COLUMNS[source]
    return {row[column]: row["partner_code"] for row in _rows() if row[column]}


@functools.cache
def code_for(source: str) -> dict[str, str]:
    """ISO 3166 alpha-3 (or WORLD, EU27_2020) → the source's own code."""
    return {iso3: code for code, iso3 in source_codes(source).items()}
