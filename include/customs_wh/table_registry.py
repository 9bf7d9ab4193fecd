"""The tables GACC publishes, in both products: one vocabulary for discovery, the parser, the
landing and the sample site (a core module beside ``contracts``, which it may import)."""

from __future__ import annotations

from dataclasses import dataclass

# --- the tables GACC publishes: one vocabulary for discovery, the parser and the sample site ---


@dataclass(frozen=True)
class TableSpec:
    """One table GACC publishes, under its own key.

    ``code`` is the table's key within its release kind: "1", "4", "5", "6" for the
    Preliminary Release (its section numbers); "1A", "1B", "2" … "18" for the Monthly
    Bulletin, whose index prints (1) twice (A: Annually, B: Monthly). ``section`` is the
    number GACC prints before the title, stored as ``section`` in the raw tables.
    ``words`` identify the table from an index row or a title: every word of one of the
    alternatives must be among the label's words (lower case, full-width brackets read as
    half-width). ``read``: whether this warehouse parses the table today.
    """

    code: str
    release_kind: str
    section: int
    name: str  # as GACC's index prints it, brackets half-width
    words: tuple[frozenset[str], ...]
    read: bool


def _words(*alternatives: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(alternative.split()) for alternative in alternatives)


PRELIMINARY = "preliminary"
BULLETIN = "monthly_bulletin"
# The Monthly Bulletin's tables as its index lists them (docs/real-site-notes.md §10.1, the real
# 2026 index); the words are those only the one table's label carries.
BULLETIN_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "1A", BULLETIN, 1, "Summary of Imports and Exports (In USD) A: Annually", _words("summary annually"), True
    ),
    TableSpec("1B", BULLETIN, 1, "Summary of Imports and Exports (In USD) B: Monthly", _words("summary monthly"), True),
    TableSpec(
        "2",
        BULLETIN,
        2,
        "Imports and Exports by Country (Region) of Origin/Destination",
        _words("country origin destination", "countries origin destination"),
        True,
    ),
    TableSpec(
        "3", BULLETIN, 3, "Composition of Imports and Exports by Section and Division", _words("composition"), True
    ),
    TableSpec("4", BULLETIN, 4, "Imports and Exports by HS Section and Division", _words("hs section"), True),
    TableSpec(
        "5",
        BULLETIN,
        5,
        "Imports and Exports by Customs Regime",
        _words("imports and exports by customs regime"),
        True,
    ),
    TableSpec(
        "6", BULLETIN, 6, "Exports by Type Enterprise and by Customs Regime", _words("exports type enterprise"), True
    ),
    TableSpec(
        "7", BULLETIN, 7, "Imports by Type Enterprise and by Customs Regime", _words("imports type enterprise"), True
    ),
    TableSpec(
        "8", BULLETIN, 8, "Imports and Exports by Location of Importers/Exporters", _words("location importers"), True
    ),
    TableSpec(
        "9",
        BULLETIN,
        9,
        "Imports and Exports by Location of Domestic Consumers/Producers",
        _words("location consumers", "location producers"),
        True,
    ),
    TableSpec("10", BULLETIN, 10, "Imports and Exports by Customs Districts", _words("customs districts"), True),
    TableSpec("11", BULLETIN, 11, "Imports and Exports by Specific Areas", _words("specific areas"), True),
    TableSpec(
        "12", BULLETIN, 12, "Imports and Exports by Foreign-Invested Enterprises", _words("foreign invested"), True
    ),
    TableSpec(
        "13", BULLETIN, 13, "Major Export Commodities in Quantity and Value", _words("major export commodities"), True
    ),
    TableSpec(
        "14", BULLETIN, 14, "Major Import Commodities in Quantity and Value", _words("major import commodities"), True
    ),
    TableSpec(
        "15",
        BULLETIN,
        15,
        "Exports by Selected Countries (Regions) and by HS Divisions",
        _words("exports selected hs"),
        True,
    ),
    TableSpec(
        "16",
        BULLETIN,
        16,
        "Imports by Selected Countries (Regions) and by HS Divisions",
        _words("imports selected hs"),
        True,
    ),
    TableSpec(
        "17",
        BULLETIN,
        17,
        "Exports of Selected Commodities by Major Customs Regimes",
        _words("exports selected commodities regimes", "export selected commodities regimes"),
        True,
    ),
    TableSpec(
        "18",
        BULLETIN,
        18,
        "Imports of Selected Commodities by Major Customs Regimes",
        # The real pages' titles say "Import of" (12.2019, 11.2019, 7.2019), the index "Imports of".
        _words("imports selected commodities regimes", "import selected commodities regimes"),
        True,
    ),
)
# The Preliminary Release's tables (read by their words in gacc/labels.py, which knows their
# 2018-to-today wordings): the sections keep their numbers as codes.
PRELIMINARY_TABLES: tuple[TableSpec, ...] = (
    TableSpec("1", PRELIMINARY, 1, "China's Total Export & Import Values", (), True),
    TableSpec("4", PRELIMINARY, 4, "China's Total Export & Import Values by Country/Region", (), True),
    TableSpec("5", PRELIMINARY, 5, "China's Major Exports by Quantity and Value", (), True),
    TableSpec("6", PRELIMINARY, 6, "China's Major Imports by Quantity and Value", (), True),
)
TABLES: tuple[TableSpec, ...] = PRELIMINARY_TABLES + BULLETIN_TABLES
BULLETIN_TABLES_READ: tuple[str, ...] = tuple(table.code for table in BULLETIN_TABLES if table.read)
# The tables the warehouse lands, and discovery lists: every table read. The commodity tables
# (13)/(14) share the Preliminary Release's (5)/(6) catalogue where they print the same label (one
# code, gacc/commodities.py) and add the commodities only the Bulletin prints (docs/bulletin.md).
BULLETIN_TABLES_LANDED: tuple[str, ...] = BULLETIN_TABLES_READ


def bulletin_table_name(section: int) -> str:
    """The Monthly Bulletin's table ``section`` by its name ((1) is printed twice: its common name)."""
    names = [table.name for table in BULLETIN_TABLES if table.section == section]
    if not names:
        return f"table {section}"
    return names[0].split(" A:")[0] if len(names) > 1 else names[0]
