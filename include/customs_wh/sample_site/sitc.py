"""SITC sections and divisions as table (3) prints them, and each division's weight in China's trade.

Labels: the UN's SITC Revision 4 section and division titles, sections "0 Food and live animals",
divisions "00 Live animals ...". ASSUMED: no saved real page of table (3) exists; the title of the
index row ("Composition of Imports and Exports by Section and Division") is CONFIRMED, and GACC
publishes SITC by section and division (two digits). Weights: approximate shares of China's exports
and imports around 2024, per cent (normalised by the model, ``products``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Division:
    code: str  # two digits
    title: str
    export_share: float
    import_share: float

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class SitcSection:
    code: str  # one digit
    title: str
    divisions: tuple[Division, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


D = Division
SITC_SECTIONS: tuple[SitcSection, ...] = (
    SitcSection(
        "0",
        "Food and live animals",
        (
            D("00", "Live animals other than animals of division 03", 0.02, 0.05),
            D("01", "Meat and meat preparations", 0.10, 0.90),
            D("02", "Dairy products and birds' eggs", 0.03, 0.30),
            D("03", "Fish, crustaceans, molluscs and aquatic invertebrates, and preparations thereof", 0.75, 0.75),
            D("04", "Cereals and cereal preparations", 0.15, 0.60),
            D("05", "Vegetables and fruit", 0.85, 1.00),
            D("06", "Sugars, sugar preparations and honey", 0.07, 0.10),
            D("07", "Coffee, tea, cocoa, spices, and manufactures thereof", 0.15, 0.10),
            D("08", "Feeding stuff for animals (not including unmilled cereals)", 0.10, 0.30),
            D("09", "Miscellaneous edible products and preparations", 0.15, 0.20),
        ),
    ),
    SitcSection(
        "1",
        "Beverages and tobacco",
        (
            D("11", "Beverages", 0.07, 0.20),
            D("12", "Tobacco and tobacco manufactures", 0.12, 0.05),
        ),
    ),
    SitcSection(
        "2",
        "Crude materials, inedible, except fuels",
        (
            D("21", "Hides, skins and furskins, raw", 0.01, 0.10),
            D("22", "Oil-seeds and oleaginous fruits", 0.04, 2.30),
            D("23", "Crude rubber (including synthetic and reclaimed)", 0.03, 0.40),
            D("24", "Cork and wood", 0.05, 0.70),
            D("25", "Pulp and waste paper", 0.01, 0.85),
            D("26", "Textile fibres (other than wool tops and other combed wool) and their wastes", 0.07, 0.35),
            D("27", "Crude fertilizers, other than those of division 56, and crude minerals", 0.12, 0.30),
            D("28", "Metalliferous ores and metal scrap", 0.15, 10.00),
            D("29", "Crude animal and vegetable materials, n.e.s.", 0.15, 0.35),
        ),
    ),
    SitcSection(
        "3",
        "Mineral fuels, lubricants and related materials",
        (
            D("32", "Coal, coke and briquettes", 0.12, 1.30),
            D("33", "Petroleum, petroleum products and related materials", 1.20, 14.00),
            D("34", "Gas, natural and manufactured", 0.08, 3.20),
            D("35", "Electric current", 0.02, 0.02),
        ),
    ),
    SitcSection(
        "4",
        "Animal and vegetable oils, fats and waxes",
        (
            D("41", "Animal oils and fats", 0.01, 0.02),
            D("42", "Fixed vegetable fats and oils, crude, refined or fractionated", 0.02, 0.40),
            D("43", "Animal or vegetable fats and oils, processed; waxes of animal or vegetable origin", 0.05, 0.05),
        ),
    ),
    SitcSection(
        "5",
        "Chemicals and related products, n.e.s.",
        (
            D("51", "Organic chemicals", 2.00, 2.30),
            D("52", "Inorganic chemicals", 0.70, 0.70),
            D("53", "Dyeing, tanning and colouring materials", 0.45, 0.20),
            D("54", "Medicinal and pharmaceutical products", 0.40, 1.70),
            D(
                "55",
                "Essential oils and resinoids and perfume materials; toilet, polishing and cleansing preparations",
                0.50,
                0.60,
            ),
            D("56", "Fertilizers (other than those of group 272)", 0.25, 0.12),
            D("57", "Plastics in primary forms", 0.80, 2.00),
            D("58", "Plastics in non-primary forms", 0.70, 0.30),
            D("59", "Chemical materials and products, n.e.s.", 1.10, 0.90),
        ),
    ),
    SitcSection(
        "6",
        "Manufactured goods classified chiefly by material",
        (
            D("61", "Leather, leather manufactures, n.e.s., and dressed furskins", 0.25, 0.20),
            D("62", "Rubber manufactures, n.e.s.", 0.90, 0.25),
            D("63", "Cork and wood manufactures (excluding furniture)", 0.40, 0.10),
            D("64", "Paper, paperboard and articles of paper pulp, of paper or of paperboard", 0.90, 0.20),
            D("65", "Textile yarn, fabrics, made-up articles, n.e.s., and related products", 4.00, 0.60),
            D("66", "Non-metallic mineral manufactures, n.e.s.", 1.80, 0.70),
            D("67", "Iron and steel", 2.20, 0.60),
            D("68", "Non-ferrous metals", 1.00, 3.80),
            D("69", "Manufactures of metals, n.e.s.", 4.30, 0.60),
        ),
    ),
    SitcSection(
        "7",
        "Machinery and transport equipment",
        (
            D("71", "Power-generating machinery and equipment", 1.60, 0.70),
            D("72", "Machinery specialized for particular industries", 2.20, 1.50),
            D("73", "Metalworking machinery", 0.40, 0.30),
            D("74", "General industrial machinery and equipment, n.e.s., and machine parts, n.e.s.", 4.00, 1.60),
            D("75", "Office machines and automatic data-processing machines", 5.20, 1.70),
            D("76", "Telecommunications and sound-recording and reproducing apparatus and equipment", 8.50, 1.80),
            D(
                "77",
                "Electrical machinery, apparatus and appliances, n.e.s., and electrical parts thereof",
                15.00,
                22.00,
            ),
            D("78", "Road vehicles (including air-cushion vehicles)", 5.00, 2.40),
            D("79", "Other transport equipment", 1.80, 0.70),
        ),
    ),
    SitcSection(
        "8",
        "Miscellaneous manufactured articles",
        (
            D(
                "81",
                "Prefabricated buildings; sanitary, plumbing, heating and lighting fixtures and fittings, n.e.s.",
                1.30,
                0.05,
            ),
            D(
                "82",
                (
                    "Furniture, and parts thereof; bedding, mattresses, mattress supports, cushions and similar"
                    " stuffed furnishings"
                ),
                1.90,
                0.10,
            ),
            D("83", "Travel goods, handbags and similar containers", 1.00, 0.25),
            D("84", "Articles of apparel and clothing accessories", 4.00, 0.45),
            D("85", "Footwear", 1.40, 0.25),
            D("87", "Professional, scientific and controlling instruments and apparatus, n.e.s.", 2.00, 2.80),
            D(
                "88",
                "Photographic apparatus, equipment and supplies and optical goods, n.e.s.; watches and clocks",
                0.70,
                0.90,
            ),
            D("89", "Miscellaneous manufactured articles, n.e.s.", 7.50, 1.40),
        ),
    ),
    SitcSection(
        "9",
        "Commodities and transactions not classified elsewhere in the SITC",
        (
            D("91", "Postal packages not classified according to kind", 0.003, 0.003),
            D("93", "Special transactions and commodities not classified according to kind", 0.30, 1.00),
            D("96", "Coin (other than gold coin), not being legal tender", 0.003, 0.003),
            D("97", "Gold, non-monetary (excluding gold ores and concentrates)", 0.05, 3.50),
        ),
    ),
)
DIVISIONS: tuple[Division, ...] = tuple(division for section in SITC_SECTIONS for division in section.divisions)
