"""The reference of how China trades (dbt_project/seeds/gacc_structure_labels.csv), read by the
parser and the marts: provinces are real ISO 3166-2:CN subdivisions, every code has one name,
every member's parent exists, and a label names one item of its dimension."""

from __future__ import annotations

import csv
from collections import defaultdict

import pycountry

from customs_wh.gacc.structure_labels import DIMENSIONS, STRUCTURE_SEED, structure_item

ROWS = list(csv.DictReader(STRUCTURE_SEED.open(encoding="utf-8", newline="")))
PARENT_DIMENSION = {"city": "province", "special_area": "area_kind"}


def codes(dimension: str) -> set[str]:
    return {row["item_code"] for row in ROWS if row["dimension"] == dimension}


def test_the_provinces_are_the_31_mainland_subdivisions_of_iso_3166_2_cn():
    mainland = {s.code for s in pycountry.subdivisions.get(country_code="CN")} - {"CN-HK", "CN-MO", "CN-TW"}
    assert codes("province") == mainland


def test_every_code_has_one_name_and_its_parent_exists():
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in ROWS:
        assert row["dimension"] in DIMENSIONS, row
        names[row["dimension"], row["item_code"]].add(row["item_name"])
        parent = PARENT_DIMENSION.get(row["dimension"])
        assert (row["parent_code"] in codes(parent)) if parent else not row["parent_code"], row
    assert all(len(found) == 1 for found in names.values()), {k: v for k, v in names.items() if len(v) > 1}


def test_every_label_names_its_item_whatever_its_spacing_and_case():
    for row in ROWS:
        spaced = "  " + row["gacc_label"].upper().replace(" ", "\u00a0 ") + " "
        item = structure_item(row["dimension"], spaced)
        assert item is not None and item.code == row["item_code"], row
    assert structure_item("regime", "Cross-border E-commerce") is None
    assert structure_item("province", "Ordinary Trade") is None  # a label names an item of its own dimension
