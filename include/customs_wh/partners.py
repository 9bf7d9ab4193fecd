"""Partner labels as GACC prints them → partner codes (design §5).

GACC's own labels (groups, "R. O. Korea", "Hong Kong, China", ...) are a small reviewed
table here; ordinary country names ("Mexico", "Saudi Arabia") resolve through pycountry's
ISO 3166 names, so a partner row GACC adds one day parses without a code change.

country_converter would match more spellings, but its 1.3.2 data loader turns Namibia's
ISO2 code "NA" into a missing value under pandas 3 and then fails to start; pycountry's
exact name lookup is strict, which is what a parser wants anyway.
"""

from __future__ import annotations

import functools
import re

WORLD = "WORLD"
GROUP_CODES: frozenset[str] = frozenset({"EU", "ASEAN", "RCEP", "BRI", "LATAM", "AFRICA"})
# Customs territories that are not sovereign countries in GACC's presentation.
TERRITORY_CODES: frozenset[str] = frozenset({"HKG", "TWN", "MAC"})
PARTNER_TYPES: tuple[str, ...] = ("world", "group", "country", "territory")

# Reviewed by hand against the real release pages: labels that ISO 3166 names do not
# cover, or cover differently from how GACC means them.
GACC_LABELS: dict[str, str] = {
    "Total": WORLD,
    "World": WORLD,
    "European Union": "EU",
    "ASEAN": "ASEAN",
    "Association of Southeast Asian Nations": "ASEAN",
    "Latin America": "LATAM",
    "Africa": "AFRICA",
    "Regional Comprehensive Economic Partnership": "RCEP",
    "RCEP": "RCEP",
    "Jointly build the countries along Belt and Road Routes": "BRI",
    "Belt and Road": "BRI",
    "United States (US)": "USA",
    "United States": "USA",
    "United Kingdom (UK)": "GBR",
    "United Kingdom": "GBR",
    "R. O. Korea": "KOR",
    "Republic of Korea": "KOR",
    "Hong Kong, China": "HKG",
    "Macao, China": "MAC",
    "Macau, China": "MAC",
    "Taiwan, China": "TWN",
    "Russian Federation": "RUS",
    "Russia": "RUS",
    "Turkey": "TUR",
}

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
    """Code of a partner label: WORLD, a group code, or ISO 3166-1 alpha-3.

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
    """world, group, country or territory (design §6, ``marts.dim_partner``)."""
    if code == WORLD:
        return "world"
    if code in GROUP_CODES:
        return "group"
    if code in TERRITORY_CODES:
        return "territory"
    if re.fullmatch(r"[A-Z]{3}", code):
        return "country"
    raise ValueError(f"not a partner code: {code!r}")
