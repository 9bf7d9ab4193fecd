"""Commodity tables (5) and (6) in the markup of GACC's real pages, for the parser's tests.

No real commodity page is saved beside the checkout, so they are built here from what saved
copies of the real pages show (docs/conformance.md, "Commodity tables"): the title and unit
rows, two header rows with the label and unit headings spanning both, the catalogue rows as
printed (labels, &nbsp; indentation, units, "—" and "-" in value-only rows, the "*" of the
aggregates after a <br />), footnote rows. Eleven rows carry the figures GACC published for May
2026 (exports, CNY); the others get figures generated to be consistent the way GACC's are.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

CNY_PER_USD = 7.1


@dataclass(frozen=True)
class Line:
    label: str  # as printed, "*" included ("Hi-tech products*"); <br /> allowed
    indent: int  # &nbsp; before the label
    unit: str  # quantity unit as printed; "-" or "—" for value-only rows
    size: float  # January-to-May value, CNY 100 Million (for generated rows)


EXPORTS_2026 = (
    Line("Agriculture products*", 0, "—", 3007.9),
    Line("Aquatic products", 4, "10,000 Tons", 554.4),
    Line("Grain food", 4, "10,000 Tons", 48.9),
    Line("Refined petroleum products", 0, "10,000 Tons", 1115.1),
    Line("Rare-earth ore, metals, compounds", 4, "Ton", 16.9),
    Line("Medical and pharmaceutical products", 4, "10,000 Tons", 420.5),
    Line("Fertilizers", 0, "10,000 Tons", 160.2),
    Line("Plastic articles", 0, "-", 2890.4),
    Line("Suit-cases, hand bags and similar containers", 0, "10,000 Tons", 650.3),
    Line("Textile yarn, fabrics and articles thereof", 0, "-", 3320.8),
    Line("Garments and clothing accessories", 0, "-", 3150.6),
    Line("Footwear", 0, "10,000 Pairs", 1010.7),
    Line("Ceramic products", 0, "10,000 Tons", 480.2),
    Line("Products, of steel or iron", 0, "10,000 Tons", 1890.3),
    Line("Unwrought aluminium and aluminium products", 0, "10,000 Tons", 520.4),
    Line("Furniture and parts thereof", 0, "-", 1580.9),
    Line("Toys", 0, "-", 820.3),
    Line("Mechanical and electrical products<br />\n*", 0, "-", 60812.5),
    Line("General machines", 4, "-", 4210.6),
    Line("Automatic data processing machines and parts thereof", 4, "-", 5630.2),
    Line("Mobile phones", 4, "10,000 Sets", 3120.4),
    Line("Electric appliances of household type", 4, "10,000 Sets", 2910.8),
    Line("Audio or video devices and parts thereof", 4, "-", 1320.5),
    Line("Electronic integrated circuits", 8, "100 Million PCS", 5120.3),
    Line("Motor vehicles（including chassis fitted with engines)&nbsp;", 4, "10,000 Autos", 3560.2),
    Line("Parts and accessories of vehicle&nbsp;", 4, "-", 2889.6),
    Line("Ships", 4, "Ship", 1757.5),
    Line("Flat panel display modules of liquid crystals", 8, "10,000 PCS", 926.8),
    Line("Medical or surgical instruments and apparatuses", 4, "-", 626.5),
    Line("Lamps and lighting fittings and parts thereof", 4, "-", 977.8),
    Line("Hi-tech products*", 0, "-", 33711.0),
)
# The figures GACC printed for these rows in May 2026 (exports, CNY): month quantity and value,
# January-May quantity and value, January-May 2025 quantity and value, year-on-year % of both.
PUBLISHED_MAY_2026 = {
    "Agriculture products*": ("-", "607.0", "-", "3,007.9", "-", "2,959.7", "-", "1.6"),
    "Aquatic products": ("39.1", "119.4", "185.7", "554.4", "177.4", "586.2", "4.7", "-5.4"),
    "Grain food": ("28.6", "10.2", "126.1", "48.9", "114.3", "53.5", "10.3", "-8.7"),
    "Refined petroleum products": ("336.8", "258.7", "1,923.3", "1,115.1", "2,184.3", "1,038.0", "-12.0", "7.4"),
    "Rare-earth ore, metals, compounds": ("5,490.4", "4.3", "25,378.0", "16.9", "24,827.1", "12.1", "2.2", "40.0"),
    "Parts and accessories of vehicle&nbsp;": ("-", "599.6", "-", "2,889.6", "-", "2,837.4", "-", "1.8"),
    "Ships": ("577.0", "376.5", "2,637.0", "1,757.5", "2,738.0", "1,434.6", "-3.7", "22.5"),
    "Flat panel display modules of liquid crystals": (
        "18,925.4",
        "178.8",
        "87,618.1",
        "926.8",
        "79,283.0",
        "897.1",
        "10.5",
        "3.3",
    ),
    "Medical or surgical instruments and apparatuses": ("-", "131.8", "-", "626.5", "-", "570.6", "-", "9.8"),
    "Lamps and lighting fittings and parts thereof": ("-", "210.0", "-", "977.8", "-", "1,119.3", "-", "-12.6"),
    "Hi-tech products*": ("-", "7,696.1", "-", "33,711.0", "-", "25,746.1", "-", "30.9"),
}
# Rows the sample site adds under "Mechanical and electrical products" (codes the marts rely on).
SAMPLE_SITE_ADDITIONS = (
    Line("Electric vehicles", 8, "10,000 Autos", 1220.4),
    Line("Lithium-ion batteries", 8, "100 Million PCS", 980.6),
    Line("Solar cells", 8, "-", 410.2),
)
IMPORTS_2026 = (
    Line("Agriculture products*", 0, "-", 9120.5),
    Line("Meat(including&nbsp;&nbsp;meat offal)", 4, "10,000 Tons", 520.3),
    Line("Fresh or dried fruit and nuts", 4, "10,000 Tons", 610.2),
    Line("Grain food", 4, "10,000 Tons", 1410.6),
    Line("Soya beans", 12, "10,000 Tons", 1050.4),
    Line("Edible vegetable oil", 8, "10,000 Tons", 210.3),
    Line("Iron ores and concentrates", 4, "10,000 Tons", 3980.1),
    Line("Coal and lignite", 0, "10,000 Tons", 1220.9),
    Line("Crude petroleum oils", 0, "10,000 Tons", 9870.2),
    Line("Natural gases", 0, "10,000 Tons", 2150.6),
    Line("Rare-earth ore, metals, compounds", 4, "Ton", 45.2),
    Line("Wood Logs and Lumber", 0, "10,000 CBM", 320.4),
    Line("Mechanical and electrical products<br />\n*", 0, "-", 31980.4),
    Line("Machine tools", 4, "Set", 180.3),
    Line("Electronic integrated circuits", 8, "100 Million PCS", 12050.8),
    Line("Motor vehicles（including chassis fitted with engines)", 4, "10,000 Cars", 820.7),
    Line("Aircraft of an unladen weight exceeding 2T", 8, "Craft", 410.5),
    Line("Hi-tech products*", 0, "-", 20150.3),
)


def fmt(value: float, decimals: int = 1) -> str:
    return f"{round(value, decimals) + 0.0:,.{decimals}f}"


def generated_figures(line: Line, months: int, seed: str) -> tuple[str, ...]:
    """Consistent figures for a row: the month ≤ January to the month, and the printed year-on-
    year % computed from the printed cumulative figures."""
    rng = random.Random(f"{seed}:{line.label}")
    value = line.size * months / 5
    month_value = value * rng.uniform(0.12, 0.3)
    prior_value = value / (1 + rng.uniform(-0.25, 0.4))
    quantity = value * rng.uniform(0.2, 40)
    month_quantity = quantity * rng.uniform(0.12, 0.3)
    prior_quantity = quantity / (1 + rng.uniform(-0.25, 0.4))
    value_text, prior_value_text = fmt(value), fmt(prior_value)
    quantity_text, prior_quantity_text = fmt(quantity), fmt(prior_quantity)

    def growth(current: str, prior: str) -> str:
        return fmt(100 * (float(current.replace(",", "")) / float(prior.replace(",", "")) - 1))

    value_only = line.unit in ("-", "—")
    return (
        "-" if value_only else fmt(month_quantity),
        fmt(month_value),
        "-" if value_only else quantity_text,
        value_text,
        "-" if value_only else prior_quantity_text,
        prior_value_text,
        "-" if value_only else growth(quantity_text, prior_quantity_text),
        growth(value_text, prior_value_text),
    )


def in_usd(figures: tuple[str, ...]) -> tuple[str, ...]:
    """The USD edition: values (CNY 100 Million) → USD 1 Million at CNY_PER_USD, quantities and
    quantity growth as they are, the value growth recomputed from the converted figures."""

    def convert(text: str) -> str:
        return fmt(float(text.replace(",", "")) * 100 / CNY_PER_USD)

    mq, mv, q, v, pq, pv, gq, _ = figures
    v_usd, pv_usd = convert(v), convert(pv)
    gv = fmt(100 * (float(v_usd.replace(",", "")) / float(pv_usd.replace(",", "")) - 1))
    return mq, convert(mv), q, v_usd, pq, pv_usd, gq, gv


@dataclass(frozen=True)
class CommodityPage:
    section: int = 5
    year: int = 2026
    month: int = 5
    currency: str = "CNY"
    era: str = "2026"  # "2026" (trailing "*", indentation) or "2019" (leading "*", none)
    lines: tuple[Line, ...] = EXPORTS_2026
    published: str = "2026/06/10"
    shifted: bool = False  # April 2025's USD page: every row lost its unit cell, padded at the end

    @property
    def january_february(self) -> bool:
        return self.month == 2 and self.year <= 2025

    @property
    def title(self) -> str:
        flow = "Exports" if self.section == 5 else "Imports"
        period = f"January-February {self.year}" if self.january_february else f"{_MONTHS[self.month - 1]} {self.year}"
        return f"({self.section}) China's Major {flow} by Quantity and Value, {period} (in {self.currency})"

    def figures(self, line: Line) -> tuple[str, ...]:
        published = PUBLISHED_MAY_2026.get(line.label)
        if published and (self.section, self.year, self.month) == (5, 2026, 5):
            figures = published
        else:
            figures = generated_figures(line, 2 if self.january_february else self.month, self.title)
        return in_usd(figures) if self.currency == "USD" else figures

    def render(self) -> str:
        width = 8 if self.january_february else 10
        unit = {"CNY": "CNY 100 Million", "USD": "USD1 Million"}[self.currency]
        unit_text = f"Value Unit: {unit}" if self.era == "2019" else f"Unit: {unit}"
        rows = [
            _row([_td(html.escape(self.title, quote=False), colspan=width, align="left")]),
            _row([_td(unit_text, colspan=width, align="right")]),
            _row(self._header_upper()),
            _row([_td(word) for _ in range((width - 2) // 2) for word in ("Quantity", "Value")]),
        ]
        for line in self.lines:
            rows.append(_row(self._cells(line)))
        rows.append(_row([_td(_NOTE, colspan=width, align="left")]))
        rows.append(
            _row(
                [
                    _td(
                        "&nbsp;" * 10 + "2. For the scope of commodities listed in this table, please refer …",
                        colspan=width,
                    )
                ]
            )
        )
        body = "\n".join(rows)
        # What GACC's editor left before the table: a <br /> (2019) or "-EndFragment--&gt;" (April 2025).
        before = "-EndFragment--&gt;\n" if self.shifted else "<br />\n" if self.era == "2019" else ""
        return _PAGE.format(title=html.escape(self.title, quote=False), date=self.published, rows=body, before=before)

    def _header_upper(self) -> list[str]:
        m, last = self.month, _MONTHS[self.month - 1][:3]
        spans = {"rowspan": 2}
        if self.era == "2019":
            heads = [last if m != 5 else "May", f"Jan-{last} in Total", f"Jan-{last} {self.year - 1} in Total"]
            heads.append(f'Jan-{last} Total Year-on-Year <span class="font2">±</span><span class="font1">%</span>')
        else:
            heads = [str(m), f"1-{m} Total", f'<span class="font1">1-{m} Total, 202</span><span class="font1">5</span>']
            heads.append(f"1-{m} Total, Year-On-Year(%)&nbsp;")
        if self.january_february:
            heads = heads[1:]
        unit_heading = "QTY Unit" if self.section == 6 else "Quantity Unit"
        return [_td("Commodity", **spans), _td(unit_heading, **spans)] + [_td(h, colspan=2) for h in heads]

    def _cells(self, line: Line) -> list[str]:
        label = line.label
        if self.era == "2019":
            label = ("*" + label.replace("<br />\n*", "").rstrip("*")) if "*" in label else label
            indent = ""
        else:
            indent = "&nbsp;" * line.indent
        figures = self.figures(line)
        if self.january_february:
            figures = figures[2:]
        cells = [_td(indent + label, align=None), _td(line.unit, align="center")]
        cells += [
            _td(text if text == "-" else text + ("" if i >= len(figures) - 2 else "&nbsp;"))
            for i, text in enumerate(figures)
        ]
        if self.shifted:
            cells = [cells[0]] + cells[2:] + ['<td class="style9">\n\t\t\t</td>']
        return cells


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
_MONTHS += ("November", "December")
_NOTE = (
    '<span><b><span class="font1">Note: 1. "Agricultural products*",&nbsp;</span><span class="font2">“</span>'
    '<span class="font1">Mechanical and electrical products*" and "Hi-tech products*" include relevant products listed '
    "in the table.</span></b></span>"
)


def _td(text: str, colspan: int | None = None, rowspan: int | None = None, align: str | None = "right") -> str:
    attributes = "".join(
        f' {name}="{value}"' for name, value in (("colspan", colspan), ("rowspan", rowspan), ("align", align)) if value
    )
    return f'\t\t\t<td{attributes} class="style8">\n\t\t\t\t<span>{text}</span>\n\t\t\t</td>'


def _row(cells: list[str]) -> str:
    return "\t\t<tr>\n" + "\n".join(cells) + "\n\t\t</tr>"


_PAGE = """<!DOCTYPE html>
<html>
<head>
    <meta charset="UTF-8">
    <title>{title}</title>
</head>
<body>
    <div class="atcl">
        <div class="atcl-main">
            <div class="atcl-ttl">{title}</div>
        </div>
        <div class="atcl-layout">
            <div class="atcl-main">
                <div class="atcl-date">{date}</div>
                <div class="atcl-cnt" style="overflow-x:auto">{before}<table border="0" class="ke-zeroborder">
\t<tbody>
{rows}
\t</tbody>
</table></div>
            </div>
        </div>
    </div>
</body>
</html>
"""
