"""Real Monthly Bulletin pages of tables (5), (6) and (7) rebuilt from their stored text
(tests/data/gacc_pages/bulletin/text/: what a public web archive kept of each page, its markup
not saved).

The words, figures, rows and their order are the real page's; the markup is ASSUMED, in the form
of the real table (2) pages: one ``<td>`` a printed cell, the label column spanning the header
rows, the flows (or enterprise types) spanning their periods. Where the stored text has no unit
row, ``Unit:US$1,000`` is supplied (the (7) page of January-September 2023 prints it so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repo_paths import BULLETIN_TEXTS

TEXT_DIR = BULLETIN_TEXTS
_PERIOD = re.compile(r"1 ?to ?\d{1,2}|\d{1,2}")
_FIGURE = re.compile(r"^(?:-?[\d,]+(?:\.\d)?|-)$")


@dataclass
class TextPage:
    source: str
    page_title: str
    unit: str
    header: list[list[tuple[str, str]]]  # rows of (text, attributes)
    rows: list[tuple[str, list[str], list[str]]]  # label, values, changes (as printed)

    def html(self, published: str) -> str:
        width = 1 + len(self.rows[0][1])
        head = "".join(
            "<tr>" + "".join(f"<td{attrs}><span><b>{text}</b></span></td>" for text, attrs in row) + "</tr>"
            for row in self.header
        )
        body = []
        for label, values, changes in self.rows:
            body.append(f"<tr><td><span><b>{label}</b></span></td>" + "".join(_cell(v) for v in values) + "</tr>")
            body.append("<tr><td></td>" + "".join(_cell(c) for c in changes) + "</tr>")
        title = self.page_title
        return (
            f"<html><head><title>{title}</title></head><body>"
            f'<div class="atcl-ttl">{title}</div><div class="atcl-date">{published}</div>'
            f'<div class="atcl-cnt"><table><tbody>'
            f'<tr><td colspan="{width}"><span><b>{title}</b></span></td></tr>'
            f'<tr><td colspan="{width}" align="right"><span><b>{self.unit}</b></span></td></tr>'
            f"{head}{''.join(body)}"
            f'<tr><td colspan="{width}">1、Figures in shaded areas refer to percentage change over the same '
            "period in the previous year.</td></tr></tbody></table></div></body></html>"
        )


def _cell(text: str) -> str:
    return f"<td><span>{text}</span></td>"


def read_text_page(name: str) -> TextPage:
    lines = [line for line in (TEXT_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    source = next(line for line in lines if line.startswith("# source:")).split(":", 1)[1].strip()
    lines = [line for line in lines if not line.startswith("#")]
    page_title, index = lines[0].strip(), 2  # the page's title, then the table's own title line
    unit = "Unit:US$1,000"
    if lines[index].startswith("Unit"):
        unit, index = lines[index].strip(), index + 1
    if lines[index].strip().startswith("Customs Regime"):  # (5): flows over periods
        flows = lines[index].split()[2:]
        periods = _PERIOD.findall(lines[index + 1])
        per_flow = len(periods) // len(flows)
        header = [
            [("Customs Regime", ' rowspan="2"')] + [(flow, f' colspan="{per_flow}"') for flow in flows],
            [(period, "") for period in periods],
        ]
        index += 2
    else:  # (6)/(7): the corner, the enterprise types, "Value/±%" under each
        corner = f"{lines[index].strip()}<br />{lines[index + 1].strip()}"
        types = lines[index + 2].split()
        header = [
            [(corner, ' rowspan="2"')] + [(kind, "") for kind in types],
            [(text, "") for text in lines[index + 3].split()],
        ]
        index += 4
    columns = sum(1 for text, _ in header[-1])
    rows = []
    while index + 1 < len(lines):
        tokens, changes = lines[index].split(), lines[index + 1].split()
        if len(changes) != columns or not all(_FIGURE.match(token) for token in changes):
            break
        label = _label(lines[index], columns)
        rows.append((label, tokens[-columns:], changes))
        index += 2
    return TextPage(source, page_title, unit, header, rows)


def _label(line: str, columns: int) -> str:
    """The label as printed (its inner double spaces kept): the line less its last ``columns`` figures."""
    text = line.rstrip()
    for _ in range(columns):
        text = text[: text.rstrip().rfind(" ")] if " " in text.rstrip() else ""
    return text.strip()


def figure(text: str) -> float | None:
    return None if text == "-" else float(text.replace(",", ""))
