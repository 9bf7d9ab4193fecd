"""Labels of how China trades, as GACC prints them → stable codes: customs regimes, enterprise
types, kinds of foreign-invested enterprise, provinces (ISO 3166-2:CN), cities, customs districts,
kinds of special customs supervision area and the areas themselves.

The reference is a dbt seed, one copy for the parser and the marts: ``gacc_structure_labels.csv``
(dimension, item_code, item_name, gacc_label, parent_code). A code has as many labels as GACC has
printed for it over the years ("Processing and Assembling Trade", "Processing and Assembling"),
so a renamed row keeps its code; a label the seed does not know is landed under a placeholder
code and alerted, never dropped (bulletin_structure_table).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from customs_wh.gacc.partners import SEEDS_DIR, normalise_label

STRUCTURE_SEED = SEEDS_DIR / "gacc_structure_labels.csv"
DIMENSIONS: tuple[str, ...] = (
    "regime",
    "major_regime",  # tables (17)/(18): four aggregates of the regimes
    "enterprise_type",
    "foreign_invested_kind",
    "province",
    "city",
    "customs_district",
    "area_kind",
    "special_area",
)
_SLUG = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True)
class StructureItem:
    dimension: str
    code: str
    name: str
    parent: str | None  # a city's province, a special area's kind


@functools.cache
def _items() -> dict[tuple[str, str], StructureItem]:
    """(dimension, normalised label) → the item it names."""
    with STRUCTURE_SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        (row["dimension"], normalise_label(row["gacc_label"])): StructureItem(
            row["dimension"], row["item_code"], row["item_name"], row["parent_code"] or None
        )
        for row in rows
    }


def structure_item(dimension: str, label: str) -> StructureItem | None:
    """The item of ``dimension`` a printed label names, or None for a label the seed does not know."""
    return _items().get((dimension, normalise_label(label)))


def placeholder_code(label: str) -> str:
    """The stable code an unknown label lands under until the seed names it."""
    return "UNMAPPED_" + _SLUG.sub("_", label.upper()).strip("_")
