"""Commodity labels as GACC prints them → stable commodity codes (the commodity contract's
``commodity_code``).

GACC's commodity tables (5) and (6) carry no HS codes, only English labels, and the labels
drift. Two kinds of drift:

* spelling: case, punctuation, spacing, the aggregate mark ("Hi-tech products*",
  "*Hi-Tech Products"). The code is a slug of the label with all of these removed, so these
  keep their code without anyone's review: ``hi_tech_products``.
* wording: GACC retranslated a label ("Rare earth" → "Rare-earth ore, metals, compounds",
  "Agricultural products" → "Agriculture products"). Those are reviewed by hand into the dbt
  seed ``gacc_commodity_labels.csv`` (label → code, with the Chinese original that shows both
  are one commodity), read here and by the marts alike. A new wording without a seed row gets
  its own slug: a new code, never someone else's.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata

from customs_wh.gacc.partners import SEEDS_DIR

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+", re.ASCII)


def label_key(label: str) -> str:
    """The part of a label that names the commodity: no case, punctuation, spacing or "*"."""
    text = unicodedata.normalize("NFKC", label).lower().replace("&", " and ").replace("*", " ")
    text = text.replace("'", "").replace("\u2019", "")
    return _NOT_ALPHANUMERIC.sub("_", text).strip("_")


def _read_seed() -> dict[str, str]:
    with open(SEEDS_DIR / "gacc_commodity_labels.csv", newline="", encoding="utf-8") as handle:
        return {label_key(row["gacc_label"]): row["commodity_code"] for row in csv.DictReader(handle)}


REVIEWED_CODES: dict[str, str] = _read_seed()


@functools.lru_cache(maxsize=4096)
def commodity_code(label: str) -> str:
    """ "Hi-tech products*" → "hi_tech_products"; "Agriculture products*" → "agricultural_products"."""
    key = label_key(label)
    if not key:
        raise ValueError(f"commodity label {label!r} has no letters or digits")
    return REVIEWED_CODES.get(key, key)
