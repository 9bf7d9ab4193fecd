"""The commodity catalogues of tables (5) and (6): which rows each era prints, and how.

GACC prints about thirty headline commodities per flow (no HS codes), three of them the
starred catalogue aggregates that overlap the others ("Agricultural products*",
"Mechanical and electrical products*", "Hi-tech products*"). Labels, indentation (hierarchy
by leading &nbsp;, four per level), quantity units and row order are as the real pages
print them (docs/real-site-notes.md, section 4.5):

* ``2026``: the relabelled catalogue of the May 2026 pages, verbatim for both flows, including
  GACC's odd indentation (rare earths under refined petroleum, iron ore under agriculture).
* ``2025`` (used 2020-2025): exports verbatim from the January-February, April and May 2025
  pages, with their mislabels (footwear "10,000 Pairs" over figures in 100 million pairs,
  aluminium "Ton" over figures in 10,000 tons). INFERRED: no real 2025 imports page exists;
  the imports are the 2026 list with the 2025 wording of the labels both flows share.
* ``2019`` (used 2018-2019): exports verbatim from the May 2019 page (title case, no
  indentation, the aggregates last with a leading ``*``). INFERRED: the 2019 imports are the
  2025 concepts worded and ordered the 2019 way; 2018 is assumed to print as 2019.

Not in GACC's English catalogue: "Electric vehicles", "Lithium-ion batteries" and "Solar
cells" are printed under "Mechanical and electrical products*" from 2020 on, so the warehouse
can answer questions about them; they are synthetic like every figure here. Units: electric
vehicles in "10,000 Autos" like the motor vehicles row they belong to, batteries in
"100 Million PCS" (GACC counts cells and batteries in pieces, like the integrated circuits),
solar cells value only ("-"), since a count of cells and of assembled modules is not one quantity.

``per_unit`` is the mid-2024 value of one printed quantity unit in USD million (read off the
real pages: e.g. 1.71 per 10,000 mobile phones, 0.995 per 10,000 tons of iron ore); it is
None where only a value is printed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueRow:
    concept: str  # the commodity in the model (one per flow), stable across relabelling
    label: str  # the label cell's content as printed; "{indent}" marks where the indentation goes
    indent: int  # levels of four &nbsp;
    unit: str  # the quantity-unit cell as printed: "10,000 Tons"; "-" or "—" where only a value is printed
    per_unit: float | None = None

    @property
    def is_aggregate(self) -> bool:
        return "*" in self.label

    @property
    def value_only(self) -> bool:
        return self.per_unit is None

    def printed_label(self) -> str:
        indentation = "&nbsp;" * (4 * self.indent)
        if "{indent}" in self.label:
            return self.label.replace("{indent}", indentation)
        return indentation + self.label


R = CatalogueRow
AGGREGATES = ("agriculture", "mechanical_electrical", "hi_tech")

EXPORTS_2026 = (
    R("agriculture", "Agriculture products*", 0, "—"),
    R("aquatic", "Aquatic products", 1, "10,000 Tons", 45.0),
    R("grain", "Grain food", 1, "10,000 Tons", 7.3),
    R("refined_petroleum", "Refined petroleum products", 0, "10,000 Tons", 6.9),
    R("rare_earth", "Rare-earth ore, metals, compounds", 1, "Ton", 0.0097),
    R("medical_pharmaceutical", "Medical and pharmaceutical products", 1, "10,000 Tons", 158.0),
    R("fertilizers", "Fertilizers", 0, "10,000 Tons", 2.05),
    R("plastics", "Plastic articles", 0, "-"),
    R("suitcases", "Suit-cases, hand bags and similar containers", 0, "10,000 Tons", 82.5),
    R("textiles", "Textile yarn, fabrics and articles thereof", 0, "-"),
    R("garments", "Garments and clothing accessories", 0, "-"),
    R("footwear", "Footwear", 0, "10,000 Pairs", 472.0),  # sic: figures in 100 million pairs
    R("ceramics", "Ceramic products", 0, "10,000 Tons", 11.3),
    R("steel", "Products, of steel or iron", 0, "10,000 Tons", 7.14),
    R("aluminium", "Unwrought aluminium and aluminium products", 0, "10,000 Tons", 34.9),
    R("furniture", "Furniture and parts thereof", 0, "-"),
    R("toys", "Toys", 0, "-"),
    R("mechanical_electrical", "Mechanical and electrical products<br />\n*", 0, "-"),
    R("general_machinery", "General machines", 1, "-"),
    R("data_processing", "Automatic data processing machines and parts thereof", 1, "-"),
    R("mobile_phones", "Mobile phones", 1, "10,000 Sets", 1.71),
    R("household_appliances", "Electric appliances of household type", 1, "10,000 Sets", 0.221),
    R("audio_video", "Audio or video devices and parts thereof", 1, "-"),
    R("integrated_circuits", "Electronic integrated circuits", 2, "100 Million PCS", 53.1),
    R("motor_vehicles", "Motor vehicles（including chassis fitted with engines)", 1, "10,000 Autos", 166.0),
    R("electric_vehicles", "Electric vehicles", 1, "10,000 Autos", 210.0),
    R("vehicle_parts", "Parts and accessories of vehicle", 1, "-"),
    R("ships", "Ships", 1, "Ship", 8.0),
    R("lcd_panels", "Flat panel display modules of liquid crystals", 2, "10,000 PCS", 0.1665),
    R("lithium_ion_batteries", "Lithium-ion batteries", 1, "100 Million PCS", 1570.0),
    R("solar_cells", "Solar cells", 1, "-"),
    R("medical_instruments", "Medical or surgical instruments and apparatuses", 1, "-"),
    R("lamps", "Lamps and lighting fittings and parts thereof", 1, "-"),
    R("hi_tech", "Hi-tech products*", 0, "-"),
)

EXPORTS_2025 = (
    R("agriculture", "Agricultural products*", 0, "—"),
    R("aquatic", "Aquatic products", 1, "10,000 Tons", 45.0),
    R("grain", "Grain&nbsp;", 1, "10,000 Tons", 7.3),
    R("refined_petroleum", "Petroleum products&nbsp;", 0, "10,000 Tons", 6.9),
    R("rare_earth", "Rare earth", 0, "Ton", 0.0097),
    R("chinese_medicine", "Medicinal materials and medicaments of Chinese type", 0, "Ton", 0.0078),
    R("fertilizers", "Fertilizers", 0, "10,000 Tons", 2.05),
    R("plastics", "Plastic products", 0, "-"),
    R("suitcases", "Suitcases, handbags and similar containers", 0, "10,000 Tons", 82.5),
    R("textiles", "Textile yarn, fabrics and articles thereof", 0, "-"),
    R("garments", "Garments and clothing accessories", 0, "-"),
    R("footwear", "Footwear", 0, "10,000 Pairs", 472.0),  # sic, as in 2026
    R("ceramics", "Ceramic products", 0, "10,000 Tons", 11.3),
    R("steel", "Steel products", 0, "10,000 Tons", 7.14),
    R("aluminium", "Unwrought aluminium and aluminium products", 0, "Ton", 34.9),  # sic: figures in 10,000 tons
    R("furniture", "Furniture and parts thereof", 0, "-"),
    R("toys", "Toys", 0, "-"),
    R("mechanical_electrical", "Mechanical and electrical products*", 0, "-"),
    R("general_machinery", "General machinery", 1, "-"),
    R("data_processing", "Automatic data processing equipment and parts thereof&nbsp;", 1, "-"),
    R("mobile_phones", "Mobile phones", 1, "10,000 Sets", 1.71),
    R("household_appliances", "Household appliances", 1, "10,000 Sets", 0.221),
    R("audio_video", "Audio or video devices and parts thereof", 1, "-"),
    R("integrated_circuits", "Integrated circuits", 2, "100 Million PCS", 53.1),
    R(
        "motor_vehicles",
        '<span class="font1">{indent}Motor vehicles</span><span class="font2">（</span><span class="font1">'
        "including<br />\n&nbsp;chassis fitted with engines)&nbsp;</span>",
        1,
        "10,000 Autos",
        166.0,
    ),
    R("electric_vehicles", "Electric vehicles", 1, "10,000 Autos", 210.0),
    R("vehicle_parts", "Automotive components and parts", 1, "-"),
    R("ships", "Ships", 1, "Ship", 8.0),
    R("lcd_panels", "LCD panels", 1, "10,000 PCS", 0.1665),
    R("lithium_ion_batteries", "Lithium-ion batteries", 1, "100 Million PCS", 1570.0),
    R("solar_cells", "Solar cells", 1, "-"),
    R("medical_instruments", "Medical or surgical instruments and apparatuses", 1, "-"),
    R("lamps", "Lamps and light fittings and parts thereof", 1, "-"),
    R("hi_tech", "Hi-tech products*", 0, "-"),
)

EXPORTS_2019 = (
    R("aquatic", "Aquatic/Marine products", 0, "10,000 Tons", 45.0),
    R("rice", "Rice", 0, "10,000 Tons", 4.0),
    R("chinese_medicine", "Chinese Herbs &amp; Medicines", 0, "10,000 Tons", 83.0),
    R("rare_earth", "Rare Earth", 0, "Ton", 0.0097),
    R("coal", "Coal &amp; Lignite", 0, "10,000 Tons", 1.83),
    R("coke", "Coke and Semi-Coke", 0, "10,000 Tons", 2.71),
    R("crude_petroleum", "Crude Petroleum Oil", 0, "10,000 Tons", 4.1),
    R("refined_petroleum", "Refined Petroleum Products", 0, "10,000 Tons", 5.83),
    R("fertilizers", "Mineral Fertilizers and Chemical Fertilizers", 0, "10,000 Tons", 2.79),
    R("plastics", "Plastic Products&nbsp;", 0, "10,000 Tons", 33.0),
    R("suitcases", "Suitcases, Handbags and similar containers", 0, "10,000 Tons", 82.0),
    R("textiles", "Textile Yarn, Fabrics Products", 0, "—"),
    R("garments", "Garments and Clothing Accessories", 0, "—"),
    R("footwear", "Footwear", 0, "10,000 Tons", 107.0),
    R("ceramics", "Ceramic Products", 0, "10,000 Tons", 11.0),
    R("precious_metals", "Precious Metals or Jewelry with Precious Metals", 0, "Ton", 8.0),
    R("steel", "Steel Products", 0, "10,000 Tons", 8.0),
    R("aluminium", "Unwrought Aluminum and Aluminum Products", 0, "10,000 Tons", 28.0),
    R("phones_and_parts", "Wireless Telephone HandSets and Parts", 0, "—"),
    R("integrated_circuits", "Electronic Integrated Circuits", 0, "100 Million pcs", 46.0),
    R("data_processing", "Automatic Data Processing Equipment and Components", 0, "100 Million sets", 12000.0),
    R("electric_motors", "Electric Motors and Generators", 0, "100 Million sets", 1090.0),
    R("motor_vehicles", "Motor Vehicles and Chassis", 0, "10,000 Sets", 140.0),
    R("vehicle_parts", "Automobile Spare Parts", 0, "—"),
    R("ships", "Ships", 0, "ship", 4.5),
    R("lcd_panels", "Liquid Crystal Display Panels", 0, "100 Million pcs", 2000.0),
    R("furniture", "Furniture and Parts", 0, "—"),
    R("lamps", "Lighting Fittings and Parts", 0, "—"),
    R("toys", "Toys", 0, "—"),
    R("agriculture", "*Agricultural Products", 0, "—"),
    R("mechanical_electrical", "*Electrical-Mechanical Products", 0, "—"),
    R("hi_tech", "*Hi-Tech Products", 0, "—"),
)

IMPORTS_2026 = (
    R("agriculture", "Agriculture products*", 0, "-"),
    R("meat", "Meat(including&nbsp;&nbsp;meat offal)", 1, "10,000 Tons", 40.6),
    R("fruit_nuts", "Fresh or dried fruit and nuts", 1, "10,000 Tons", 24.3),
    R("grain", "Grain food", 1, "10,000 Tons", 4.1),
    R("soya_beans", "Soya beans", 3, "10,000 Tons", 4.5),
    R("edible_oil", "Edible vegetable oil", 2, "10,000 Tons", 13.4),
    R("iron_ore", "Iron ores and concentrates", 1, "10,000 Tons", 0.995),
    R("copper_ore", "Copper ores and concentrates", 1, "10,000 Tons", 24.0),
    R("coal", "Coal and lignite", 0, "10,000 Tons", 0.95),
    R("crude_petroleum", "Crude petroleum oils", 0, "10,000 Tons", 5.5),
    R("refined_petroleum", "Refined petroleum products", 0, "10,000 Tons", 6.0),
    R("natural_gas", "Natural gases", 0, "10,000 Tons", 5.3),
    R("rare_earth", "Rare-earth ore, metals, compounds", 1, "Ton", 0.0125),
    R("pharmaceuticals", "Medicinal materials and pharmaceutical products", 0, "Ton", 0.09),
    R("fertilizers", "Fertilizers", 0, "10,000 Tons", 3.5),
    R("cosmetics", "Make-ups or personal care and toiletries", 0, "Ton", 0.041),
    R("plastics_primary", "Plastics in primary forms", 0, "10,000 Tons", 12.5),
    R("rubber", "Natural and synthetic rubber(including Latex)", 0, "10,000 Tons", 16.0),
    R("wood", "Wood Logs and Lumber", 0, "10,000 CBM", 2.2),
    R("pulp", "Paper pulp", 1, "10,000 Tons", 6.6),
    R("textiles", "Textile yarn, fabrics and articles thereof", 0, "-"),
    R("steel", "Products, of steel or iron", 0, "10,000 Tons", 13.4),
    R("copper", "Unwrought copper and copper products", 0, "10,000 Tons", 92.0),
    R("mechanical_electrical", "Mechanical and electrical products<br />\n*", 0, "-"),
    R("machine_tools", "Machine tools", 1, "Set", 0.15),
    R("data_processing", "Automatic data processing machines and parts thereof", 1, "-"),
    R("diodes", "Diodes and similar semiconductors", 2, "100 Million PCS", 60.0),
    R("integrated_circuits", "Electronic integrated circuits", 2, "100 Million PCS", 70.0),
    R("motor_vehicles", "Motor vehicles（including chassis fitted with engines)", 1, "10,000 Cars", 520.0),
    R("vehicle_parts", "Parts and accessories of vehicle", 1, "-"),
    R("aircraft", "Aircraft of an unladen weight exceeding 2T", 2, "Craft", 110.0),
    R("lcd_panels", "Flat panel display modules of liquid crystals", 2, "10,000 PCS", 0.35),
    R("medical_instruments", "Medical or surgical instruments and apparatuses", 1, "-"),
    R("hi_tech", "Hi-tech products*", 0, "-"),
)

# INFERRED (no real 2020-2025 imports page): the 2026 rows in the 2025 wording of the exports.
_IMPORT_LABELS_2025 = {
    "agriculture": "Agricultural products*",
    "grain": "Grain&nbsp;",
    "refined_petroleum": "Petroleum products&nbsp;",
    "natural_gas": "Natural gas",
    "rare_earth": "Rare earth",
    "steel": "Steel products",
    "mechanical_electrical": "Mechanical and electrical products*",
    "data_processing": "Automatic data processing equipment and parts thereof&nbsp;",
    "integrated_circuits": "Integrated circuits",
    "motor_vehicles": (
        '<span class="font1">{indent}Motor vehicles</span><span class="font2">（</span><span class="font1">'
        "including<br />\n&nbsp;chassis fitted with engines)&nbsp;</span>"
    ),
    "vehicle_parts": "Automotive components and parts",
    "lcd_panels": "LCD panels",
}
IMPORTS_2025 = tuple(
    R(row.concept, _IMPORT_LABELS_2025.get(row.concept, row.label), row.indent, row.unit, row.per_unit)
    for row in IMPORTS_2026
)

# INFERRED: the 2019 wording of the same imports (title case, no indentation, aggregates last).
_IMPORT_LABELS_2019 = {
    "meat": "Meat and Edible Offal",
    "fruit_nuts": "Fresh and Dried Fruits and Nuts",
    "grain": "Cereals and Cereal Flour",
    "soya_beans": "Soybeans",
    "edible_oil": "Edible Vegetable Oil",
    "iron_ore": "Iron Ore and Its Concentrates",
    "copper_ore": "Copper Ores and Concentrates",
    "coal": "Coal &amp; Lignite",
    "crude_petroleum": "Crude Petroleum Oil",
    "refined_petroleum": "Refined Petroleum Products",
    "natural_gas": "Natural Gas",
    "rare_earth": "Rare Earth",
    "pharmaceuticals": "Medicinal and Pharmaceutical Products",
    "fertilizers": "Mineral Fertilizers and Chemical Fertilizers",
    "cosmetics": "Cosmetics and Toiletries",
    "plastics_primary": "Primary Plastics",
    "rubber": "Natural and Synthetic Rubber (Including Latex)",
    "wood": "Logs and Sawn Wood",
    "pulp": "Pulp",
    "textiles": "Textile Yarn, Fabrics Products",
    "steel": "Steel Products",
    "copper": "Unwrought Copper and Copper Products",
    "machine_tools": "Machine Tools",
    "data_processing": "Automatic Data Processing Equipment and Components",
    "diodes": "Diodes and Similar Semiconductor Devices",
    "integrated_circuits": "Electronic Integrated Circuits",
    "motor_vehicles": "Motor Vehicles and Chassis",
    "vehicle_parts": "Automobile Spare Parts",
    "aircraft": "Aircraft",
    "lcd_panels": "Liquid Crystal Display Panels",
    "medical_instruments": "Medical Instruments and Apparatus",
    "agriculture": "*Agricultural Products",
    "mechanical_electrical": "*Electrical-Mechanical Products",
    "hi_tech": "*Hi-Tech Products",
}
_UNITS_2019 = {"100 Million PCS": "100 Million pcs", "10,000 Cars": "10,000 Sets", "-": "—"}
IMPORTS_2019 = tuple(
    R(row.concept, _IMPORT_LABELS_2019[row.concept], 0, _UNITS_2019.get(row.unit, row.unit), row.per_unit)
    for row in sorted(IMPORTS_2026, key=lambda row: row.concept in AGGREGATES)
)

CATALOGUES: dict[tuple[str, str], tuple[CatalogueRow, ...]] = {
    ("2019", "export"): EXPORTS_2019,
    ("2025", "export"): EXPORTS_2025,
    ("2026", "export"): EXPORTS_2026,
    ("2019", "import"): IMPORTS_2019,
    ("2025", "import"): IMPORTS_2025,
    ("2026", "import"): IMPORTS_2026,
}


def catalogue_era(year: int) -> str:
    """Which catalogue a year prints: 2019's through 2019, 2025's for 2020-2025, 2026's after."""
    if year <= 2019:
        return "2019"
    return "2025" if year <= 2025 else "2026"


def catalogue(year: int, flow: str) -> tuple[CatalogueRow, ...]:
    return CATALOGUES[(catalogue_era(year), flow)]
