"""The sample site's commodity tables (5) and (6) print what the real ones print.

Catalogue labels, indentation and units are the real pages' (docs/real-site-notes.md,
section 4: May 2026 exports and imports, January-February 2025 exports, May 2019 exports);
layout and arithmetic are checked on every page, the calibration from the published pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from customs_wh import sample_site
from sample_site_reader import Page, number

ROUNDING = 0.05
NEW_THREE = ("Electric vehicles", "Lithium-ion batteries", "Solar cells")
EXPORTS_2026 = (  # the real May 2026 page: label, leading &nbsp;, quantity unit
    ("Agriculture products*", 0, "—"),
    ("Aquatic products", 4, "10,000 Tons"),
    ("Grain food", 4, "10,000 Tons"),
    ("Refined petroleum products", 0, "10,000 Tons"),
    ("Rare-earth ore, metals, compounds", 4, "Ton"),
    ("Medical and pharmaceutical products", 4, "10,000 Tons"),
    ("Fertilizers", 0, "10,000 Tons"),
    ("Plastic articles", 0, "-"),
    ("Suit-cases, hand bags and similar containers", 0, "10,000 Tons"),
    ("Textile yarn, fabrics and articles thereof", 0, "-"),
    ("Garments and clothing accessories", 0, "-"),
    ("Footwear", 0, "10,000 Pairs"),
    ("Ceramic products", 0, "10,000 Tons"),
    ("Products, of steel or iron", 0, "10,000 Tons"),
    ("Unwrought aluminium and aluminium products", 0, "10,000 Tons"),
    ("Furniture and parts thereof", 0, "-"),
    ("Toys", 0, "-"),
    ("Mechanical and electrical products *", 0, "-"),
    ("General machines", 4, "-"),
    ("Automatic data processing machines and parts thereof", 4, "-"),
    ("Mobile phones", 4, "10,000 Sets"),
    ("Electric appliances of household type", 4, "10,000 Sets"),
    ("Audio or video devices and parts thereof", 4, "-"),
    ("Electronic integrated circuits", 8, "100 Million PCS"),
    ("Motor vehicles（including chassis fitted with engines)", 4, "10,000 Autos"),
    ("Parts and accessories of vehicle", 4, "-"),
    ("Ships", 4, "Ship"),
    ("Flat panel display modules of liquid crystals", 8, "10,000 PCS"),
    ("Medical or surgical instruments and apparatuses", 4, "-"),
    ("Lamps and lighting fittings and parts thereof", 4, "-"),
    ("Hi-tech products*", 0, "-"),
)
IMPORTS_2026 = (  # the real May 2026 page
    ("Agriculture products*", 0, "-"),
    ("Meat(including meat offal)", 4, "10,000 Tons"),
    ("Fresh or dried fruit and nuts", 4, "10,000 Tons"),
    ("Grain food", 4, "10,000 Tons"),
    ("Soya beans", 12, "10,000 Tons"),
    ("Edible vegetable oil", 8, "10,000 Tons"),
    ("Iron ores and concentrates", 4, "10,000 Tons"),
    ("Copper ores and concentrates", 4, "10,000 Tons"),
    ("Coal and lignite", 0, "10,000 Tons"),
    ("Crude petroleum oils", 0, "10,000 Tons"),
    ("Refined petroleum products", 0, "10,000 Tons"),
    ("Natural gases", 0, "10,000 Tons"),
    ("Rare-earth ore, metals, compounds", 4, "Ton"),
    ("Medicinal materials and pharmaceutical products", 0, "Ton"),
    ("Fertilizers", 0, "10,000 Tons"),
    ("Make-ups or personal care and toiletries", 0, "Ton"),
    ("Plastics in primary forms", 0, "10,000 Tons"),
    ("Natural and synthetic rubber(including Latex)", 0, "10,000 Tons"),
    ("Wood Logs and Lumber", 0, "10,000 CBM"),
    ("Paper pulp", 4, "10,000 Tons"),
    ("Textile yarn, fabrics and articles thereof", 0, "-"),
    ("Products, of steel or iron", 0, "10,000 Tons"),
    ("Unwrought copper and copper products", 0, "10,000 Tons"),
    ("Mechanical and electrical products *", 0, "-"),
    ("Machine tools", 4, "Set"),
    ("Automatic data processing machines and parts thereof", 4, "-"),
    ("Diodes and similar semiconductors", 8, "100 Million PCS"),
    ("Electronic integrated circuits", 8, "100 Million PCS"),
    ("Motor vehicles（including chassis fitted with engines)", 4, "10,000 Cars"),
    ("Parts and accessories of vehicle", 4, "-"),
    ("Aircraft of an unladen weight exceeding 2T", 8, "Craft"),
    ("Flat panel display modules of liquid crystals", 8, "10,000 PCS"),
    ("Medical or surgical instruments and apparatuses", 4, "-"),
    ("Hi-tech products*", 0, "-"),
)
EXPORTS_2025 = (  # the real January-February, April and May 2025 pages (units sic)
    ("Agricultural products*", 0, "—"),
    ("Aquatic products", 4, "10,000 Tons"),
    ("Grain", 4, "10,000 Tons"),
    ("Petroleum products", 0, "10,000 Tons"),
    ("Rare earth", 0, "Ton"),
    ("Medicinal materials and medicaments of Chinese type", 0, "Ton"),
    ("Fertilizers", 0, "10,000 Tons"),
    ("Plastic products", 0, "-"),
    ("Suitcases, handbags and similar containers", 0, "10,000 Tons"),
    ("Textile yarn, fabrics and articles thereof", 0, "-"),
    ("Garments and clothing accessories", 0, "-"),
    ("Footwear", 0, "10,000 Pairs"),
    ("Ceramic products", 0, "10,000 Tons"),
    ("Steel products", 0, "10,000 Tons"),
    ("Unwrought aluminium and aluminium products", 0, "Ton"),
    ("Furniture and parts thereof", 0, "-"),
    ("Toys", 0, "-"),
    ("Mechanical and electrical products*", 0, "-"),
    ("General machinery", 4, "-"),
    ("Automatic data processing equipment and parts thereof", 4, "-"),
    ("Mobile phones", 4, "10,000 Sets"),
    ("Household appliances", 4, "10,000 Sets"),
    ("Audio or video devices and parts thereof", 4, "-"),
    ("Integrated circuits", 8, "100 Million PCS"),
    ("Motor vehicles（including chassis fitted with engines)", 4, "10,000 Autos"),
    ("Automotive components and parts", 4, "-"),
    ("Ships", 4, "Ship"),
    ("LCD panels", 4, "10,000 PCS"),
    ("Medical or surgical instruments and apparatuses", 4, "-"),
    ("Lamps and light fittings and parts thereof", 4, "-"),
    ("Hi-tech products*", 0, "-"),
)
EXPORTS_2019 = (  # the real May 2019 page: title case, no indentation, the aggregates last
    ("Aquatic/Marine products", "10,000 Tons"),
    ("Rice", "10,000 Tons"),
    ("Chinese Herbs & Medicines", "10,000 Tons"),
    ("Rare Earth", "Ton"),
    ("Coal & Lignite", "10,000 Tons"),
    ("Coke and Semi-Coke", "10,000 Tons"),
    ("Crude Petroleum Oil", "10,000 Tons"),
    ("Refined Petroleum Products", "10,000 Tons"),
    ("Mineral Fertilizers and Chemical Fertilizers", "10,000 Tons"),
    ("Plastic Products", "10,000 Tons"),
    ("Suitcases, Handbags and similar containers", "10,000 Tons"),
    ("Textile Yarn, Fabrics Products", "—"),
    ("Garments and Clothing Accessories", "—"),
    ("Footwear", "10,000 Tons"),
    ("Ceramic Products", "10,000 Tons"),
    ("Precious Metals or Jewelry with Precious Metals", "Ton"),
    ("Steel Products", "10,000 Tons"),
    ("Unwrought Aluminum and Aluminum Products", "10,000 Tons"),
    ("Wireless Telephone HandSets and Parts", "—"),
    ("Electronic Integrated Circuits", "100 Million pcs"),
    ("Automatic Data Processing Equipment and Components", "100 Million sets"),
    ("Electric Motors and Generators", "100 Million sets"),
    ("Motor Vehicles and Chassis", "10,000 Sets"),
    ("Automobile Spare Parts", "—"),
    ("Ships", "ship"),
    ("Liquid Crystal Display Panels", "100 Million pcs"),
    ("Furniture and Parts", "—"),
    ("Lighting Fittings and Parts", "—"),
    ("Toys", "—"),
    ("*Agricultural Products", "—"),
    ("*Electrical-Mechanical Products", "—"),
    ("*Hi-Tech Products", "—"),
)


@dataclass(frozen=True)
class Figures:
    """One row's figures by meaning (None where the page prints "-")."""

    unit: str | None
    quantity_month: float | None
    value_month: float | None
    quantity_ytd: float | None
    value_ytd: float
    quantity_prior: float | None
    value_prior: float
    quantity_yoy: float | None
    value_yoy: float | None


def figures(page: Page, label: str) -> Figures:
    cells = page.rows[label]
    if cells[-1] == "":  # the page that dropped its quantity-unit cell and padded the row
        cells = [None, *cells[:-1]]
    numbers = [number(cell) for cell in cells[1:]]
    if page.is_january_february:
        numbers = [None, None, *numbers]
    return Figures(cells[0], *numbers)


@pytest.fixture(scope="session")
def commodity_pages(sample_site_pages) -> dict[tuple[str, int, str, str], Page]:
    return {key: page for key, page in sample_site_pages.items() if key[1] in (5, 6)}


@pytest.fixture(scope="session")
def totals_pages(sample_site_pages) -> dict[tuple[str, int, str, str], Page]:
    return {key: page for key, page in sample_site_pages.items() if key[1] == 1}


def labelled(page: Page) -> list[tuple[str, int, str]]:
    """(label, leading &nbsp; count, quantity unit) per body row, as printed."""
    rows = []
    for label, cells in page.rows.items():
        visible = re.sub(r"<[^>]+>", "", page.label_markup[label])
        rows.append((label, len(visible) - len(visible.lstrip("\xa0")), cells[0]))
    return rows


# --- the catalogue -----------------------------------------------------------------------------------------


def test_2026_catalogues_are_the_real_ones_plus_three_rows(commodity_pages):
    exports = labelled(commodity_pages[("preliminary", 5, "CNY", "2026-05")])
    assert [row for row in exports if row[0] not in NEW_THREE] == list(EXPORTS_2026)
    assert [row for row in exports if row[0] in NEW_THREE] == [
        ("Electric vehicles", 4, "10,000 Autos"),
        ("Lithium-ion batteries", 4, "100 Million PCS"),
        ("Solar cells", 4, "-"),
    ]
    labels = [row[0] for row in exports]
    # Printed under "Mechanical and electrical products*", before "Hi-tech products*".
    assert all(labels.index("Mechanical and electrical products *") < labels.index(label) < 33 for label in NEW_THREE)
    assert labelled(commodity_pages[("preliminary", 6, "USD", "2026-05")]) == list(IMPORTS_2026)


def test_2025_exports_catalogue_is_the_real_one(commodity_pages):
    for key in (("preliminary", 5, "CNY", "2025-02"), ("preliminary", 5, "USD", "2025-05")):
        exports = labelled(commodity_pages[key])
        assert [row for row in exports if row[0] not in NEW_THREE] == list(EXPORTS_2025)
        assert {row[0] for row in exports} >= set(NEW_THREE)


def test_2019_exports_catalogue_is_the_real_one(commodity_pages):
    page = commodity_pages[("preliminary", 5, "CNY", "2019-05")]
    assert [(label, unit) for label, _, unit in labelled(page)] == list(EXPORTS_2019)
    assert all(indent == 0 for _, indent, _ in labelled(page))
    imports = labelled(commodity_pages[("preliminary", 6, "USD", "2019-05")])
    assert [label for label, _, _ in imports[-3:]] == [
        "*Agricultural Products",
        "*Electrical-Mechanical Products",
        "*Hi-Tech Products",
    ]
    assert not any("*" in label for label, _, _ in imports[:-3])


def test_labels_carry_the_real_markup(commodity_pages):
    may_2026 = commodity_pages[("preliminary", 5, "USD", "2026-05")]
    assert may_2026.label_markup["Mechanical and electrical products *"] == "Mechanical and electrical products<br>\n*"
    jan_feb_2025 = commodity_pages[("preliminary", 5, "CNY", "2025-02")]
    assert jan_feb_2025.label_markup["Grain"] == "<b>\xa0\xa0\xa0\xa0Grain\xa0</b>"  # trailing &nbsp;
    assert jan_feb_2025.label_markup["Petroleum products"] == "<b>Petroleum products\xa0</b>"
    motor = jan_feb_2025.label_markup["Motor vehicles（including chassis fitted with engines)"]
    assert '<span class="font2">（</span>' in motor and "<br>" in motor  # full-width "（", wrapped over two lines
    assert "Motor vehicles（including chassis fitted with engines)" in may_2026.rows


def test_about_thirty_commodities_per_flow_in_every_table(commodity_pages):
    for key, page in commodity_pages.items():
        assert 30 <= len(page.rows) <= 35, (key, len(page.rows))
        aggregates = [label for label in page.rows if "*" in label]
        assert len(aggregates) == 3, (key, aggregates)


# --- layout --------------------------------------------------------------------------------------------------


def test_header_texts_follow_each_era(commodity_pages):
    def header(kind: str, section: int, currency: str, month: str) -> list[str]:
        return commodity_pages[(kind, section, currency, month)].headers[0]

    assert header("preliminary", 5, "CNY", "2026-05") == [
        "Commodity",
        "Quantity Unit",
        "5",
        "1-5 Total",
        "1-5 Total, 2025",
        "1-5 Total, Year-On-Year(%)",
    ]
    assert header("preliminary", 5, "USD", "2026-05")[4] == "1-5 Total,2025"
    assert header("preliminary", 6, "CNY", "2026-05") == [
        "Commodity",
        "QTY Unit",
        "5",
        "1-5 Total",
        "1-5 Total, 2024",  # sic: the real page names the wrong year over 2025's figures
        "1-5 Total Year-On-Year(%)",
    ]
    assert header("preliminary", 5, "CNY", "2025-05")[2:] == [
        "5",
        "1-5 Total",
        "1-5 Total, 2024",
        "1-5 Total, Year-On-Year(%)",
    ]
    assert header("preliminary", 5, "USD", "2025-04")[4] == "1-4 Total,2024"
    assert header("preliminary", 5, "CNY", "2025-02") == [
        "Commodity",
        "Quantity Unit",
        "1-2 Total",
        "1-2 Total, 2024",
        "1-2 Total, Year-On-Year(%)",
    ]
    assert header("preliminary", 5, "CNY", "2019-05") == [
        "Commodity",
        "Quantity Unit",
        "May",
        "Jan-May in Total",
        "Jan-May 2018 in Total",
        "Jan-May Total Year-on-Year ±%",
    ]
    for key, page in commodity_pages.items():
        assert page.columns == (8 if page.is_january_february else 10), key
        assert page.is_january_february == ("2020" <= key[3] <= "2025-12" and key[3].endswith("-02")), key
        assert page.headers[1] == ["Quantity", "Value"] * (3 if page.is_january_february else 4), key


def test_cell_markup_follows_each_era(commodity_pages):
    for key, page in commodity_pages.items():
        year, table = key[3][:4], page.html[page.html.index("<table") : page.html.index("</table>")]
        if year == "2026":
            # No <b> but in the prior-year header of the CNY exports, split over two spans ("202" + "5").
            assert table.count("<b>") == (1 if key[1:3] == (5, "CNY") else 0), key
        else:
            assert "<span><b>" in page.unit_cell, key
        if year <= "2019":
            assert "border:0.75pt solid windowtext;" in page.html and 'bgcolor="#C0C0C0"' in page.html


def test_value_only_rows_print_dashes(commodity_pages):
    for key, page in commodity_pages.items():
        for label in page.rows:
            row = figures(page, label)
            if row.unit in ("-", "—"):
                assert (row.quantity_ytd, row.quantity_prior, row.quantity_yoy) == (None, None, None), (key, label)
                assert row.quantity_month is None
            elif row.unit is not None:
                assert row.quantity_ytd is not None and row.quantity_prior is not None, (key, label)


def test_the_april_2025_usd_exports_page_dropped_the_unit_column(commodity_pages):
    shifted = commodity_pages[("preliminary", 5, "USD", "2025-04")]
    cny = commodity_pages[("preliminary", 5, "CNY", "2025-04")]
    assert shifted.headers[0][:4] == cny.headers[0][:4] and shifted.headers[0][1] == "Quantity Unit"  # unchanged
    for label in shifted.rows:
        assert len(shifted.rows[label]) == 9 and shifted.rows[label][-1] == "", label
        # the figures one cell to the left: the quantities (the same in both currencies) sit where the unit was
        assert shifted.rows[label][0:7:2] == cny.rows[label][1:8:2], label
        assert figures(shifted, label).quantity_ytd == figures(cny, label).quantity_ytd
    assert '<td class="style9">\n\t\t\t</td>' in shifted.html
    assert all(cells[-1] != "" for cells in cny.rows.values())
    others = [key for key, page in commodity_pages.items() if any(cells[-1] == "" for cells in page.rows.values())]
    assert others == [("preliminary", 5, "USD", "2025-04")]


# --- arithmetic ----------------------------------------------------------------------------------------------


def test_figures_add_up_on_every_row(commodity_pages, totals_pages):
    for key, page in commodity_pages.items():
        kind, _, currency, month = key
        world_page = totals_pages[(kind, 1, currency, month)]
        flow = "Total Export" if key[1] == 5 else "Total Import"
        world = number(world_page.rows[flow][1 if not world_page.is_january_february else 0])
        world_ytd = world * (100 if currency == "USD" else 1)  # the totals table prints USD 100 million
        for label in page.rows:
            row = figures(page, label)
            assert row.value_ytd >= 0 and row.value_prior >= 0, (key, label)
            assert row.value_ytd <= world_ytd + ROUNDING, (key, label)
            if row.value_month is not None:
                assert 0 <= row.value_month <= row.value_ytd + ROUNDING, (key, label)
            if row.quantity_month is not None:
                assert 0 <= row.quantity_month <= row.quantity_ytd + ROUNDING, (key, label)
            for current, prior, printed in (
                (row.value_ytd, row.value_prior, row.value_yoy),
                (row.quantity_ytd, row.quantity_prior, row.quantity_yoy),
            ):
                if printed is not None:
                    assert printed == pytest.approx((current / prior - 1) * 100, abs=ROUNDING + 1e-9), (key, label)


def test_prior_year_figures_are_what_the_page_a_year_earlier_printed(commodity_pages):
    checked = 0
    for (kind, section, currency, month), page in commodity_pages.items():
        earlier = commodity_pages.get(("preliminary", section, currency, sample_site.shift_month(month, -12)))
        if earlier is None:
            continue
        for label in page.rows.keys() & earlier.rows.keys():
            now, then = figures(page, label), figures(earlier, label)
            if now.unit != then.unit:
                continue  # a relabelled unit is another quantity
            assert now.value_prior == then.value_ytd, (kind, currency, month, label)
            assert now.quantity_prior == then.quantity_ytd, (kind, currency, month, label)
            checked += 1
    assert checked > 5000


def test_quantities_are_the_same_in_both_currencies_and_values_follow_the_rate(commodity_pages, totals_pages):
    for (kind, section, currency, month), usd in commodity_pages.items():
        if currency != "USD":
            continue
        cny = commodity_pages[(kind, section, "CNY", month)]
        world = [totals_pages[(kind, 1, c, month)].rows["Total Export & Import"][0] for c in ("CNY", "USD")]
        rate = number(world[0]) / number(world[1])  # CNY per USD, from the totals tables
        for label in usd.rows:
            in_usd, in_cny = figures(usd, label), figures(cny, label)
            assert (in_usd.quantity_month, in_usd.quantity_ytd) == (in_cny.quantity_month, in_cny.quantity_ytd)
            month_value = in_usd.value_ytd if usd.is_january_february else in_usd.value_month
            cny_value = in_cny.value_ytd if usd.is_january_february else in_cny.value_month
            if month_value > 2000 and not usd.is_january_february:
                assert 100 * cny_value / month_value == pytest.approx(rate, rel=0.003), (kind, month, label)


def test_value_per_unit_moves_slowly(commodity_pages):
    for (kind, section, currency, month), page in commodity_pages.items():
        if currency != "USD" or page.is_january_february:
            continue
        earlier = commodity_pages.get((kind, section, currency, sample_site.shift_month(month, -1)))
        if earlier is None or earlier.is_january_february:
            continue
        for label in page.rows.keys() & earlier.rows.keys():
            now, then = figures(page, label), figures(earlier, label)
            if now.quantity_month and then.quantity_month and now.quantity_month > 50 and then.quantity_month > 50:
                ratio = (now.value_month / now.quantity_month) / (then.value_month / then.quantity_month)
                assert 0.85 < ratio < 1.18, (month, label, ratio)


# --- calibration (the figures the README publishes for the sample site) ------------------------------------------


def test_2025_hi_tech_and_new_energy_exports_grow_as_calibrated(commodity_pages):
    """Hi-tech exports +13.0% and electric vehicles + lithium-ion batteries + solar cells +27.0% in 2025 (USD)."""
    dec_2025 = commodity_pages[("preliminary", 5, "USD", "2025-12")]
    dec_2024 = commodity_pages[("preliminary", 5, "USD", "2024-12")]
    hi_tech = figures(dec_2025, "Hi-tech products*")
    assert hi_tech.value_prior == figures(dec_2024, "Hi-tech products*").value_ytd
    assert (hi_tech.value_ytd / hi_tech.value_prior - 1) * 100 == pytest.approx(13.0, abs=0.05)
    assert hi_tech.value_yoy == 13.0
    total_2025 = sum(figures(dec_2025, label).value_ytd for label in NEW_THREE)
    total_2024 = sum(figures(dec_2024, label).value_ytd for label in NEW_THREE)
    assert (total_2025 / total_2024 - 1) * 100 == pytest.approx(27.0, abs=0.05)
    machinery = figures(dec_2025, "Mechanical and electrical products*").value_ytd
    assert all(figures(dec_2025, label).value_ytd < machinery for label in NEW_THREE)
