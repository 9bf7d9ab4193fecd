"""Partner labels as GACC prints them → partner codes (the observation contract's partner_code).

The reference data are dbt seeds, one copy for the parser and the marts alike:
``gacc_partner_labels.csv`` (GACC's own labels, reviewed by hand against the real pages:
groups, "R. O. Korea", "Hong Kong, China", ...) and ``gacc_partners.csv`` (each code's
type). Ordinary country names ("Mexico", "Saudi Arabia") resolve through pycountry's
ISO 3166 names, so a partner row GACC adds one day parses without a code change.

country_converter would match more spellings, but its 1.3.2 data loader turns Namibia's
ISO2 code "NA" into a missing value under pandas 3 and then fails to start; pycountry's
exact name lookup is strict, which is what a parser wants anyway.
"""

from __future__ import annotations

import csv
import functools
import re

from customs_wh.config import DBT_PROJECT_DIR

WORLD = "WORLD"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def _read_seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


GACC_LABELS: dict[str, str] = {row["gacc_label"]: row["partner_code"] for row in _read_seed("gacc_partner_labels.csv")}
_LABEL_CODES: frozenset[str] = frozenset(GACC_LABELS.values())
_REFERENCE_TYPES: dict[str, str] = {row["partner_code"]: row["partner_type"] for row in _read_seed("gacc_partners.csv")}
GROUP_CODES: frozenset[str] = frozenset(code for code, kind in _REFERENCE_TYPES.items() if kind == "group")
# Customs territories that are not sovereign countries in GACC's presentation (Hong Kong, Macao, Taiwan).
TERRITORY_CODES: frozenset[str] = frozenset(code for code, kind in _REFERENCE_TYPES.items() if kind == "territory")
# The groups only the Monthly Bulletin prints (APEC), from its own seed, as marts.dim_partner reads them.
_BULLETIN_GROUP_CODES: frozenset[str] = frozenset(
    row["partner_code"] for row in _read_seed("gacc_bulletin_partners.csv") if row["partner_type"] == "group"
)

_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'"})


class UnknownPartnerError(LookupError):
    """A partner label that is neither a reviewed GACC label nor an ISO 3166 country name."""

    def __init__(self, label: str):
        self.label = label
        super().__init__(f"unknown partner {label!r} (not a GACC group label nor an ISO 3166 country name)")


def normalise_label(label: str) -> str:
    """The lookup key of a label: spacing (including no-break spaces) collapsed, case folded."""
    return _SPACES.sub(" ", label.translate(_APOSTROPHES)).strip().casefold()


_GACC_KEYS: dict[str, str] = {normalise_label(label): code for label, code in GACC_LABELS.items()}


@functools.lru_cache(maxsize=1)
def _iso_country_names() -> dict[str, str]:
    """ISO 3166-1 country names (name, official name, common name) → alpha-3, keyed like labels.

    Names only: pycountry's ``lookup`` also matches alpha-2/alpha-3/numeric codes and flag emoji,
    which would turn a row labelled "NA" (not available) into Namibia or "840" into the United States.
    """
    # pycountry reads its ISO 3166 database on first use; import it only when a label
    # outside the reviewed table shows up.
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            name = getattr(country, field, None)
            if name:
                names.setdefault(normalise_label(name), country.alpha_3)
    return names


@functools.lru_cache(maxsize=4096)
def partner_code(label: str) -> str:
    """Code of a partner label: WORLD, a group code, ISO 3166-1 alpha-3, or a code of the reviewed
    labels (the ISO 3166-2 codes of the Spanish territories GACC lists apart, ES-CN, ES-CE and
    ES-ML; the Bulletin's "other territories" of each continent).

    Raises :class:`UnknownPartnerError` for a label nothing matches.
    """
    key = normalise_label(label)
    if not key:
        raise UnknownPartnerError(label)
    code = _GACC_KEYS.get(key)
    if code is None:
        code = _iso_country_names().get(key)
    if code is None:
        raise UnknownPartnerError(label)
    return code


def partner_type(code: str) -> str:
    """world, group, country or territory (``marts.dim_partner``); a code of the reviewed labels
    that neither seed types (ES-ML, OTHER_ASIA) is a country, as marts.dim_partner has it."""
    if code == WORLD:
        return "world"
    if code in GROUP_CODES or code in _BULLETIN_GROUP_CODES:
        return "group"
    if code in TERRITORY_CODES:
        return "territory"
    if re.fullmatch(r"[A-Z]{3}", code) or code in _LABEL_CODES:
        return "country"
    raise ValueError(f"not a partner code: {code!r}")
