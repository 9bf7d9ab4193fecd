"""The commodities of the Bulletin's tables (13) and (14), "Major Export/Import Commodities in Quantity and Value".

CONFIRMED by peers that read the real pages (docs/real-site-notes.md, the Bulletin section): a
longer catalogue than the Preliminary Release's (a hundred-odd rows a flow), GACC's own starred
aggregates, hierarchy by leading ``&nbsp;``, value-only rows with "-" for the unit, quantity units
as short tokens (``10000T``, ``T``, ``N``, ``10000N``, ``100MN``; e.g. "Air conditioners | 10000N",
"Tea | T", "Meat(including meat offal) | 10000T") and quantities printed as whole numbers.
ASSUMED: the other labels (worded like the preliminary catalogue's 2025/2026 rows), the order and
the units ``10000PRS`` (pairs) and ``10000M3``; no saved real page of (13) or (14) exists.

A row whose ``concept`` the preliminary catalogue prints (catalogue.py) is the same commodity:
its value is the preliminary's (to the thousand), its quantity the preliminary's in the
Bulletin's unit (``factor`` converts; both count the same things). Other rows carry their own share
of the flow (per cent, around 2024) and value per unit (USD million per printed unit).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BulletinCommodity:
    concept: str
    label: str
    indent: int  # levels of two &nbsp;
    unit: str  # the printed quantity unit; "-" for value-only rows
    per_unit: float | None = None  # USD million per printed unit (new concepts, and to convert shared ones)
    share: float | None = None  # per cent of the flow around 2024 (None: the preliminary model's path)
    since: str = "2017-01"  # first month the row is printed

    @property
    def printed_label(self) -> str:
        return "&nbsp;&nbsp;" * self.indent + self.label

    @property
    def is_aggregate(self) -> bool:
        return self.label.endswith("*")


B = BulletinCommodity
EXPORTS: tuple[BulletinCommodity, ...] = (
    B("agriculture", "Agricultural products*", 0, "-"),
    B("aquatic", "Aquatic products", 1, "10000T", 45.0),
    B("vegetables", "Vegetables", 1, "10000T", 11.8, 0.38),
    B("fruits", "Fresh and dried fruits and nuts", 1, "10000T", 14.0, 0.14),
    B("tea", "Tea", 1, "T", 0.0045, 0.04),
    B("peanuts", "Peanuts", 1, "10000T", 15.0, 0.03),
    B("grain", "Cereals and cereal flour", 1, "10000T", 7.3),
    B("rice", "Rice", 2, "10000T", 4.0),
    B("meat", "Meat(including meat offal)", 1, "10000T", 35.0, 0.03),
    B("chinese_medicine", "Medicinal materials and medicaments of Chinese type", 1, "T", 0.0078),
    B("rare_earth", "Rare earth", 0, "T", 0.0097),
    B("tungsten", "Tungsten products", 0, "T", 0.03, 0.02),
    B("coal", "Coal and lignite", 0, "10000T", 1.83),
    B("coke", "Coke and semi-coke", 0, "10000T", 2.71),
    B("crude_petroleum", "Crude petroleum oils", 0, "10000T", 4.1),
    B("refined_petroleum", "Refined petroleum products", 0, "10000T", 6.9),
    B("gasoline", "Gasoline", 1, "10000T", 7.0, 0.25),
    B("kerosene", "Aviation kerosene", 1, "10000T", 7.2, 0.3),
    B("diesel", "Diesel oil", 1, "10000T", 6.5, 0.25),
    B("organic_chemicals", "Organic chemicals", 0, "-", None, 2.0),
    B("medical_pharmaceutical", "Medical and pharmaceutical products", 0, "10000T", 158.0),
    B("fertilizers", "Fertilizers", 0, "10000T", 2.05),
    B("urea", "Urea", 1, "10000T", 3.2, 0.08),
    B("plastics_primary", "Plastics in primary forms", 0, "10000T", 12.0, 0.55),
    B("plastics", "Plastic articles", 0, "-"),
    B("tyres", "New pneumatic tyres", 0, "10000N", 0.5, 0.55),
    B("paper", "Paper and paperboard", 0, "10000T", 12.0, 0.3),
    B("suitcases", "Suitcases, handbags and similar containers", 0, "10000T", 82.5),
    B("textiles", "Textile yarn, fabrics and articles thereof", 0, "-"),
    B("cotton_yarn", "Cotton yarn", 1, "10000T", 35.0, 0.05),
    B("cotton_fabrics", "Cotton woven fabrics", 1, "-", None, 0.25),
    B("garments", "Garments and clothing accessories", 0, "-"),
    B("knitted_garments", "Knitted or crocheted garments", 1, "-", None, 2.0),
    B("woven_garments", "Garments, not knitted or crocheted", 1, "-", None, 1.9),
    B("footwear", "Footwear", 0, "10000PRS", 0.0472),
    B("umbrellas", "Umbrellas", 0, "10000N", 0.025, 0.12),
    B("ceramics", "Ceramic products", 0, "10000T", 11.3),
    B("glass", "Glass and glassware", 0, "10000T", 15.0, 0.4),
    B("precious_metals", "Precious metals or jewelry with precious metals", 0, "T", 8.0),
    B("steel", "Steel products", 0, "10000T", 7.14),
    B("steel_plates", "Steel plates", 1, "10000T", 6.8, 0.8),
    B("steel_pipes", "Steel pipes", 1, "10000T", 9.0, 0.35),
    B("aluminium", "Unwrought aluminium and aluminium products", 0, "10000T", 34.9),
    B("copper_products", "Copper products", 0, "10000T", 95.0, 0.3),
    B("containers", "Containers", 0, "N", 0.0035, 0.35),
    B("furniture", "Furniture and parts thereof", 0, "-"),
    B("seats", "Seats", 1, "-", None, 1.2),
    B("toys", "Toys", 0, "-"),
    B("sports_goods", "Sports goods", 0, "-", None, 0.4),
    B("mechanical_electrical", "Mechanical and electrical products*", 0, "-"),
    B("general_machinery", "General machinery", 1, "-"),
    B("pumps", "Pumps", 2, "-", None, 0.5),
    B("valves", "Valves", 2, "-", None, 0.4),
    B("machine_tools", "Machine tools", 2, "N", 0.012, 0.25),
    B("excavators", "Excavators", 2, "N", 0.05, 0.25),
    B("data_processing", "Automatic data processing equipment and parts thereof", 1, "-"),
    B("laptops", "Laptop computers", 2, "10000N", 3.4, 2.0),
    B("tablets", "Tablet computers", 2, "10000N", 1.5, 0.6),
    B("computer_parts", "Parts of automatic data processing machines", 2, "-", None, 1.2),
    B("phones_and_parts", "Wireless telephone handsets and parts", 1, "-"),
    B("mobile_phones", "Mobile phones", 2, "10000N", 1.71),
    B("household_appliances", "Household appliances", 1, "10000N", 0.221),
    B("air_conditioners", "Air conditioners", 2, "10000N", 1.46, 0.25),
    B("refrigerators", "Refrigerators", 2, "10000N", 1.3, 0.2),
    B("washing_machines", "Washing machines", 2, "10000N", 1.0, 0.12),
    B("microwave_ovens", "Microwave ovens", 2, "10000N", 0.4, 0.1),
    B("audio_video", "Audio or video devices and parts thereof", 1, "-"),
    B("televisions", "Television sets", 2, "10000N", 1.3, 0.35),
    B("integrated_circuits", "Integrated circuits", 1, "100MN", 53.1),
    B("diodes", "Diodes and similar semiconductor devices", 1, "100MN", 20.0, 0.9),
    B("printed_circuits", "Printed circuits", 1, "-", None, 0.7),
    B("cables", "Electric wires and cables", 1, "10000T", 90.0, 0.6),
    B("electric_motors", "Electric motors and generators", 1, "10000N", 0.109),
    B("motor_vehicles", "Motor vehicles（including chassis fitted with engines)", 1, "10000N", 166.0),
    B("electric_vehicles", "Electric vehicles", 2, "10000N", 210.0),
    B("vehicle_parts", "Automotive components and parts", 1, "-"),
    B("motorcycles", "Motorcycles", 1, "10000N", 7.0, 0.2),
    B("bicycles", "Bicycles", 1, "10000N", 0.6, 0.12),
    B("ships", "Ships", 1, "N", 8.0),
    B("lcd_panels", "LCD panels", 1, "10000N", 0.1665),
    B("lithium_ion_batteries", "Lithium-ion batteries", 1, "100MN", 1570.0),
    B("solar_cells", "Solar cells", 1, "-"),
    B("new_three", '"New Three" products', 1, "-", since="2024-01"),
    B("medical_instruments", "Medical or surgical instruments and apparatuses", 1, "-"),
    B("watches", "Watches", 1, "10000N", 0.08, 0.1),
    B("lamps", "Lamps and light fittings and parts thereof", 1, "-"),
    B("hi_tech", "Hi-tech products*", 0, "-"),
)

IMPORTS: tuple[BulletinCommodity, ...] = (
    B("agriculture", "Agricultural products*", 0, "-"),
    B("meat", "Meat(including meat offal)", 1, "10000T", 40.6),
    B("beef", "Beef", 2, "10000T", 50.0, 0.55),
    B("pork", "Pork", 2, "10000T", 20.0, 0.2),
    B("aquatic", "Aquatic products", 1, "10000T", 40.0, 0.75),
    B("dairy", "Dairy products", 1, "10000T", 40.0, 0.3),
    B("fruit_nuts", "Fresh or dried fruit and nuts", 1, "10000T", 24.3),
    B("durians", "Durians", 2, "10000T", 45.0, 0.27),
    B("grain", "Grain", 1, "10000T", 4.1),
    B("wheat", "Wheat", 2, "10000T", 3.0, 0.1),
    B("maize", "Maize", 2, "10000T", 2.8, 0.1),
    B("barley", "Barley", 2, "10000T", 2.8, 0.1),
    B("soya_beans", "Soya beans", 2, "10000T", 4.5),
    B("edible_oil", "Edible vegetable oil", 1, "10000T", 13.4),
    B("sugar", "Sugar", 1, "10000T", 5.0, 0.05),
    B("cotton", "Cotton", 1, "10000T", 18.0, 0.2),
    B("iron_ore", "Iron ores and concentrates", 0, "10000T", 0.995),
    B("copper_ore", "Copper ores and concentrates", 0, "10000T", 24.0),
    B("manganese_ore", "Manganese ores and concentrates", 0, "10000T", 2.0, 0.2),
    B("chrome_ore", "Chromium ores and concentrates", 0, "10000T", 3.0, 0.1),
    B("nickel_ore", "Nickel ores and concentrates", 0, "10000T", 0.6, 0.15),
    B("bauxite", "Aluminium ores and concentrates", 0, "10000T", 0.7, 0.4),
    B("coal", "Coal and lignite", 0, "10000T", 0.95),
    B("crude_petroleum", "Crude petroleum oils", 0, "10000T", 5.5),
    B("refined_petroleum", "Refined petroleum products", 0, "10000T", 6.0),
    B("lpg", "Liquefied petroleum gas", 1, "10000T", 6.0, 0.45),
    B("natural_gas", "Natural gas", 0, "10000T", 5.3),
    B("lng", "Liquefied natural gas", 1, "10000T", 5.5, 1.6),
    B("rare_earth", "Rare earth", 0, "T", 0.0125),
    B("lithium_carbonate", "Lithium carbonate", 0, "T", 0.015, 0.05),
    B("organic_chemicals", "Organic chemicals", 0, "-", None, 2.3),
    B("pharmaceuticals", "Medicinal materials and pharmaceutical products", 0, "T", 0.09),
    B("fertilizers", "Fertilizers", 0, "10000T", 3.5),
    B("potash", "Potassium chloride", 1, "10000T", 3.0, 0.18),
    B("cosmetics", "Make-ups or personal care and toiletries", 0, "T", 0.041),
    B("plastics_primary", "Plastics in primary forms", 0, "10000T", 12.5),
    B("rubber", "Natural and synthetic rubber(including Latex)", 0, "10000T", 16.0),
    B("wood", "Logs and sawn wood", 0, "10000M3", 2.2),
    B("pulp", "Paper pulp", 0, "10000T", 6.6),
    B("textiles", "Textile yarn, fabrics and articles thereof", 0, "-"),
    B("steel", "Steel products", 0, "10000T", 13.4),
    B("aluminium", "Unwrought aluminium and aluminium products", 0, "10000T", 22.0, 0.3),
    B("copper", "Unwrought copper and copper products", 0, "10000T", 92.0),
    B("mechanical_electrical", "Mechanical and electrical products*", 0, "-"),
    B("machine_tools", "Machine tools", 1, "N", 0.15),
    B("semiconductor_equipment", "Machines for the manufacture of semiconductors", 1, "N", 0.9, 1.3),
    B("measuring_instruments", "Measuring or checking instruments", 1, "-", None, 1.2),
    B("data_processing", "Automatic data processing equipment and parts thereof", 1, "-"),
    B("mobile_phones", "Mobile phones", 1, "10000N", 5.0, 0.4),
    B("diodes", "Diodes and similar semiconductor devices", 1, "100MN", 60.0),
    B("integrated_circuits", "Integrated circuits", 1, "100MN", 70.0),
    B("motor_vehicles", "Motor vehicles（including chassis fitted with engines)", 1, "10000N", 520.0),
    B("vehicle_parts", "Automotive components and parts", 1, "-"),
    B("aircraft", "Aircraft", 1, "N", 110.0),
    B("lcd_panels", "LCD panels", 1, "10000N", 0.35),
    B("medical_instruments", "Medical or surgical instruments and apparatuses", 1, "-"),
    B("hi_tech", "Hi-tech products*", 0, "-"),
)
CATALOGUE = {"export": EXPORTS, "import": IMPORTS}
# The "new three" row is the sum of these (exports), value only.
NEW_THREE_MEMBERS = ("electric_vehicles", "lithium_ion_batteries", "solar_cells")
