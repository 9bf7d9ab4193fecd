"""HS sections and chapters as table (4) prints them, and each chapter's weight in China's trade.

Labels: the WCO's section and chapter titles (HS 2022), shortened where the nomenclature runs on.
CONFIRMED from peers that read the real page (docs/real-site-notes.md, the Bulletin section): 21 sections
and a TOTAL row, chapter rows labelled "NN Title" under their section. ASSUMED: the wording of the
section rows ("Section I ..."), since no saved real page of table (4) exists.

Weights: each chapter's approximate share of China's exports and imports in 2024 (per cent), with
a few anchored years where the share moved (crude oil with its price, vehicles' export boom,
garments' decline); the model normalises them month by month (``products``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    code: str  # "01" .. "97"
    title: str
    export_share: float  # per cent of exports around 2024
    import_share: float

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class Section:
    numeral: str
    title: str
    chapters: tuple[str, ...]

    @property
    def code(self) -> str:
        return f"S{self.numeral}"

    @property
    def label(self) -> str:
        return f"Section {self.numeral} {self.title}"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("01", "Live animals", 0.02, 0.05),
    Chapter("02", "Meat and edible meat offal", 0.03, 0.80),
    Chapter("03", "Fish and crustaceans, molluscs and other aquatic invertebrates", 0.45, 0.70),
    Chapter(
        "04",
        (
            "Dairy produce; birds' eggs; natural honey; edible products of animal origin, not elsewhere"
            " specified or included"
        ),
        0.02,
        0.25,
    ),
    Chapter("05", "Products of animal origin, not elsewhere specified or included", 0.08, 0.08),
    Chapter(
        "06", "Live trees and other plants; bulbs, roots and the like; cut flowers and ornamental foliage", 0.02, 0.01
    ),
    Chapter("07", "Edible vegetables and certain roots and tubers", 0.35, 0.08),
    Chapter("08", "Edible fruit and nuts; peel of citrus fruit or melons", 0.20, 0.75),
    Chapter("09", "Coffee, tea, mate and spices", 0.07, 0.04),
    Chapter("10", "Cereals", 0.03, 0.55),
    Chapter("11", "Products of the milling industry; malt; starches; inulin; wheat gluten", 0.02, 0.05),
    Chapter(
        "12",
        (
            "Oil seeds and oleaginous fruits; miscellaneous grains, seeds and fruit; industrial or "
            "medicinal plants; straw and fodder"
        ),
        0.05,
        2.40,
    ),
    Chapter("13", "Lac; gums, resins and other vegetable saps and extracts", 0.04, 0.01),
    Chapter("14", "Vegetable plaiting materials; vegetable products not elsewhere specified or included", 0.01, 0.01),
    Chapter(
        "15",
        (
            "Animal, vegetable or microbial fats and oils and their cleavage products; prepared edible "
            "fats; animal or vegetable waxes"
        ),
        0.03,
        0.45,
    ),
    Chapter(
        "16",
        "Preparations of meat, of fish, of crustaceans, molluscs or other aquatic invertebrates, or of insects",
        0.30,
        0.02,
    ),
    Chapter("17", "Sugars and sugar confectionery", 0.05, 0.10),
    Chapter("18", "Cocoa and cocoa preparations", 0.01, 0.04),
    Chapter("19", "Preparations of cereals, flour, starch or milk; pastrycooks' products", 0.05, 0.25),
    Chapter("20", "Preparations of vegetables, fruit, nuts or other parts of plants", 0.22, 0.03),
    Chapter("21", "Miscellaneous edible preparations", 0.10, 0.10),
    Chapter("22", "Beverages, spirits and vinegar", 0.06, 0.20),
    Chapter("23", "Residues and waste from the food industries; prepared animal fodder", 0.08, 0.20),
    Chapter(
        "24",
        "Tobacco and manufactured tobacco substitutes; products intended for inhalation without combustion",
        0.12,
        0.02,
    ),
    Chapter("25", "Salt; sulphur; earths and stone; plastering materials, lime and cement", 0.12, 0.30),
    Chapter("26", "Ores, slag and ash", 0.02, 8.00),
    Chapter(
        "27",
        "Mineral fuels, mineral oils and products of their distillation; bituminous substances; mineral waxes",
        1.40,
        20.00,
    ),
    Chapter(
        "28",
        (
            "Inorganic chemicals; organic or inorganic compounds of precious metals, of rare-earth "
            "metals, of radioactive elements or of isotopes"
        ),
        0.75,
        0.75,
    ),
    Chapter("29", "Organic chemicals", 2.10, 2.30),
    Chapter("30", "Pharmaceutical products", 0.30, 1.60),
    Chapter("31", "Fertilisers", 0.25, 0.12),
    Chapter(
        "32",
        (
            "Tanning or dyeing extracts; dyes, pigments and other colouring matter; paints and "
            "varnishes; putty and other mastics; inks"
        ),
        0.40,
        0.20,
    ),
    Chapter("33", "Essential oils and resinoids; perfumery, cosmetic or toilet preparations", 0.25, 0.55),
    Chapter(
        "34",
        (
            "Soap, organic surface-active agents, washing preparations, lubricating preparations, "
            "artificial waxes, candles, modelling pastes and dental preparations"
        ),
        0.25,
        0.12,
    ),
    Chapter("35", "Albuminoidal substances; modified starches; glues; enzymes", 0.08, 0.08),
    Chapter(
        "36",
        "Explosives; pyrotechnic products; matches; pyrophoric alloys; certain combustible preparations",
        0.08,
        0.00,
    ),
    Chapter("37", "Photographic or cinematographic goods", 0.04, 0.10),
    Chapter("38", "Miscellaneous chemical products", 0.85, 0.70),
    Chapter("39", "Plastics and articles thereof", 3.60, 2.90),
    Chapter("40", "Rubber and articles thereof", 1.00, 0.60),
    Chapter("41", "Raw hides and skins (other than furskins) and leather", 0.08, 0.15),
    Chapter(
        "42",
        (
            "Articles of leather; saddlery and harness; travel goods, handbags and similar containers; "
            "articles of animal gut"
        ),
        1.00,
        0.25,
    ),
    Chapter("43", "Furskins and artificial fur; manufactures thereof", 0.07, 0.03),
    Chapter("44", "Wood and articles of wood; wood charcoal", 0.45, 0.60),
    Chapter("45", "Cork and articles of cork", 0.01, 0.00),
    Chapter(
        "46", "Manufactures of straw, of esparto or of other plaiting materials; basketware and wickerwork", 0.03, 0.00
    ),
    Chapter(
        "47",
        "Pulp of wood or of other fibrous cellulosic material; recovered (waste and scrap) paper or paperboard",
        0.01,
        0.85,
    ),
    Chapter("48", "Paper and paperboard; articles of paper pulp, of paper or of paperboard", 1.00, 0.20),
    Chapter(
        "49",
        (
            "Printed books, newspapers, pictures and other products of the printing industry; "
            "manuscripts, typescripts and plans"
        ),
        0.12,
        0.05,
    ),
    Chapter("50", "Silk", 0.02, 0.01),
    Chapter("51", "Wool, fine or coarse animal hair; horsehair yarn and woven fabric", 0.08, 0.15),
    Chapter("52", "Cotton", 0.40, 0.35),
    Chapter("53", "Other vegetable textile fibres; paper yarn and woven fabrics of paper yarn", 0.03, 0.02),
    Chapter("54", "Man-made filaments; strip and the like of man-made textile materials", 0.75, 0.10),
    Chapter("55", "Man-made staple fibres", 0.40, 0.08),
    Chapter(
        "56",
        "Wadding, felt and nonwovens; special yarns; twine, cordage, ropes and cables and articles thereof",
        0.45,
        0.06,
    ),
    Chapter("57", "Carpets and other textile floor coverings", 0.15, 0.01),
    Chapter("58", "Special woven fabrics; tufted textile fabrics; lace; tapestries; trimmings; embroidery", 0.18, 0.02),
    Chapter(
        "59",
        (
            "Impregnated, coated, covered or laminated textile fabrics; textile articles of a kind "
            "suitable for industrial use"
        ),
        0.35,
        0.06,
    ),
    Chapter("60", "Knitted or crocheted fabrics", 0.75, 0.05),
    Chapter("61", "Articles of apparel and clothing accessories, knitted or crocheted", 2.10, 0.15),
    Chapter("62", "Articles of apparel and clothing accessories, not knitted or crocheted", 1.90, 0.25),
    Chapter("63", "Other made up textile articles; sets; worn clothing and worn textile articles; rags", 1.20, 0.02),
    Chapter("64", "Footwear, gaiters and the like; parts of such articles", 1.40, 0.25),
    Chapter("65", "Headgear and parts thereof", 0.20, 0.01),
    Chapter(
        "66", "Umbrellas, sun umbrellas, walking-sticks, seat-sticks, whips, riding-crops and parts thereof", 0.12, 0.00
    ),
    Chapter(
        "67",
        (
            "Prepared feathers and down and articles made of feathers or of down; artificial flowers; "
            "articles of human hair"
        ),
        0.35,
        0.01,
    ),
    Chapter("68", "Articles of stone, plaster, cement, asbestos, mica or similar materials", 0.55, 0.08),
    Chapter("69", "Ceramic products", 0.75, 0.05),
    Chapter("70", "Glass and glassware", 0.75, 0.25),
    Chapter(
        "71",
        (
            "Natural or cultured pearls, precious or semi-precious stones, precious metals, and "
            "articles thereof; imitation jewellery; coin"
        ),
        0.90,
        3.00,
    ),
    Chapter("72", "Iron and steel", 2.20, 0.55),
    Chapter("73", "Articles of iron or steel", 3.10, 0.20),
    Chapter("74", "Copper and articles thereof", 0.60, 3.00),
    Chapter("75", "Nickel and articles thereof", 0.05, 0.35),
    Chapter("76", "Aluminium and articles thereof", 1.10, 0.40),
    Chapter("78", "Lead and articles thereof", 0.01, 0.02),
    Chapter("79", "Zinc and articles thereof", 0.02, 0.08),
    Chapter("80", "Tin and articles thereof", 0.02, 0.05),
    Chapter("81", "Other base metals; cermets; articles thereof", 0.20, 0.25),
    Chapter(
        "82", "Tools, implements, cutlery, spoons and forks, of base metal; parts thereof of base metal", 0.75, 0.10
    ),
    Chapter("83", "Miscellaneous articles of base metal", 0.80, 0.05),
    Chapter("84", "Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof", 16.00, 7.50),
    Chapter(
        "85",
        (
            "Electrical machinery and equipment and parts thereof; sound recorders and reproducers, "
            "television image and sound recorders and reproducers, and parts and accessories of such "
            "articles"
        ),
        25.50,
        22.00,
    ),
    Chapter(
        "86",
        (
            "Railway or tramway locomotives, rolling stock and parts thereof; railway or tramway track "
            "fixtures and fittings; traffic signalling equipment"
        ),
        0.30,
        0.02,
    ),
    Chapter(
        "87", "Vehicles other than railway or tramway rolling stock, and parts and accessories thereof", 5.60, 2.40
    ),
    Chapter("88", "Aircraft, spacecraft, and parts thereof", 0.30, 0.60),
    Chapter("89", "Ships, boats and floating structures", 1.20, 0.03),
    Chapter(
        "90",
        (
            "Optical, photographic, cinematographic, measuring, checking, precision, medical or "
            "surgical instruments and apparatus; parts and accessories thereof"
        ),
        2.80,
        3.60,
    ),
    Chapter("91", "Clocks and watches and parts thereof", 0.12, 0.12),
    Chapter("92", "Musical instruments; parts and accessories of such articles", 0.10, 0.01),
    Chapter("93", "Arms and ammunition; parts and accessories thereof", 0.01, 0.00),
    Chapter(
        "94",
        (
            "Furniture; bedding, mattresses, cushions and similar stuffed furnishings; luminaires and "
            "lighting fittings; illuminated signs; prefabricated buildings"
        ),
        3.70,
        0.10,
    ),
    Chapter("95", "Toys, games and sports requisites; parts and accessories thereof", 2.60, 0.15),
    Chapter("96", "Miscellaneous manufactured articles", 0.90, 0.10),
    Chapter("97", "Works of art, collectors' pieces and antiques", 0.01, 0.05),
)
CHAPTER_BY_CODE = {chapter.code: chapter for chapter in CHAPTERS}

HS_SECTIONS: tuple[Section, ...] = (
    Section("I", "Live animals; animal products", ("01", "02", "03", "04", "05")),
    Section("II", "Vegetable products", ("06", "07", "08", "09", "10", "11", "12", "13", "14")),
    Section(
        "III",
        (
            "Animal, vegetable or microbial fats and oils and their cleavage products; prepared edible "
            "fats; animal or vegetable waxes"
        ),
        ("15",),
    ),
    Section(
        "IV",
        "Prepared foodstuffs; beverages, spirits and vinegar; tobacco and manufactured tobacco substitutes",
        ("16", "17", "18", "19", "20", "21", "22", "23", "24"),
    ),
    Section("V", "Mineral products", ("25", "26", "27")),
    Section(
        "VI",
        "Products of the chemical or allied industries",
        ("28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38"),
    ),
    Section("VII", "Plastics and articles thereof; rubber and articles thereof", ("39", "40")),
    Section(
        "VIII",
        (
            "Raw hides and skins, leather, furskins and articles thereof; saddlery and harness; travel "
            "goods, handbags and similar containers; articles of animal gut"
        ),
        ("41", "42", "43"),
    ),
    Section(
        "IX",
        (
            "Wood and articles of wood; wood charcoal; cork and articles of cork; manufactures of "
            "straw, of esparto or of other plaiting materials; basketware and wickerwork"
        ),
        ("44", "45", "46"),
    ),
    Section(
        "X",
        (
            "Pulp of wood or of other fibrous cellulosic material; recovered (waste and scrap) paper or"
            " paperboard; paper and paperboard and articles thereof"
        ),
        ("47", "48", "49"),
    ),
    Section(
        "XI",
        "Textiles and textile articles",
        ("50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63"),
    ),
    Section(
        "XII",
        (
            "Footwear, headgear, umbrellas, sun umbrellas, walking-sticks, seat-sticks, whips, "
            "riding-crops and parts thereof; prepared feathers and articles made therewith; artificial "
            "flowers; articles of human hair"
        ),
        ("64", "65", "66", "67"),
    ),
    Section(
        "XIII",
        (
            "Articles of stone, plaster, cement, asbestos, mica or similar materials; ceramic products;"
            " glass and glassware"
        ),
        ("68", "69", "70"),
    ),
    Section(
        "XIV",
        (
            "Natural or cultured pearls, precious or semi-precious stones, precious metals, metals clad"
            " with precious metal, and articles thereof; imitation jewellery; coin"
        ),
        ("71",),
    ),
    Section(
        "XV",
        "Base metals and articles of base metal",
        ("72", "73", "74", "75", "76", "78", "79", "80", "81", "82", "83"),
    ),
    Section(
        "XVI",
        (
            "Machinery and mechanical appliances; electrical equipment; parts thereof; sound recorders "
            "and reproducers, television image and sound recorders and reproducers, and parts and "
            "accessories of such articles"
        ),
        ("84", "85"),
    ),
    Section("XVII", "Vehicles, aircraft, vessels and associated transport equipment", ("86", "87", "88", "89")),
    Section(
        "XVIII",
        (
            "Optical, photographic, cinematographic, measuring, checking, precision, medical or "
            "surgical instruments and apparatus; clocks and watches; musical instruments; parts and "
            "accessories thereof"
        ),
        ("90", "91", "92"),
    ),
    Section("XIX", "Arms and ammunition; parts and accessories thereof", ("93",)),
    Section("XX", "Miscellaneous manufactured articles", ("94", "95", "96")),
    Section("XXI", "Works of art, collectors' pieces and antiques", ("97",)),
)

# Shares that moved, per cent at mid-year anchors (flat beyond the ends); the others hold their 2024 share.
EXPORT_PATHS: dict[str, dict[int, float]] = {
    "84": {2018: 17.5, 2024: 16.0},
    "85": {2018: 26.5, 2021: 27.0, 2024: 25.5},
    "87": {2018: 3.3, 2021: 3.8, 2023: 5.4, 2024: 5.6, 2026: 6.2},
    "61": {2018: 2.6, 2024: 2.1},
    "62": {2018: 2.5, 2024: 1.9},
    "63": {2018: 1.1, 2020: 2.6, 2021: 1.3, 2024: 1.2},
    "27": {2018: 1.8, 2020: 1.2, 2022: 1.9, 2024: 1.4},
}
IMPORT_PATHS: dict[str, dict[int, float]] = {
    "27": {2018: 16.0, 2020: 12.5, 2022: 22.5, 2024: 20.0, 2026: 18.5},
    "26": {2018: 6.5, 2021: 9.5, 2024: 8.0},
    "12": {2018: 1.9, 2021: 2.5, 2024: 2.4},
    "85": {2018: 24.0, 2021: 25.0, 2024: 22.0},
    "71": {2018: 2.0, 2024: 3.0},
}
