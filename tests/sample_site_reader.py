"""A small reader of the sample site's pages, written for its tests and independent of the product's parser.

It finds the year pages through the index's year-selector script, the releases through the
index rows, and reads a release page into its printed parts: the title as printed three times,
the date, the unit row, the header rows, and the body rows as label -> cell texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from customs_wh.sample_site import ORIGIN_PLACEHOLDER

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KINDS = {"preliminary": "preliminary", "monthly": "monthly_bulletin"}
SCRIPT_CASE = re.compile(r'if \(\$\("#(\w+)"\)\.val\(\) == "(\d{4})"\) \{\s*location\.replace\("([^"]+)"\)')
INDEX_ROW = re.compile(r"^\((\d)\)\s*(.*?)\s*\(in (CNY|USD)\)$")
HEADER_STARTS = ("Item", "Export Destination", "Quantity", "Month-on-Month")


def text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def number(cell: str) -> float | None:
    """A printed figure; None for "-" (no figure) and blank cells."""
    cleaned = cell.replace(",", "").strip()
    return None if cleaned in ("-", "—", "") else float(cleaned)


@dataclass
class Page:
    path: Path
    html: str
    title_tag: str
    title: str  # div.atcl-ttl
    note: str
    published: str
    image: str | None  # src of the picture a page prints instead of a table
    lead: str  # what div.atcl-cnt prints before the table
    columns: int = 0
    table_title: str = ""
    unit: str = ""
    unit_cell: str = ""  # the unit row's <td> as markup
    headers: list[list[str]] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)  # label -> the other cells' texts
    label_markup: dict[str, str] = field(default_factory=dict)  # label -> the label cell's inner markup
    notes: list[str] = field(default_factory=list)
    download: tuple[str, str] | None = None  # (href, link text) of div.atcl-rct

    def values(self, label: str) -> list[float | None]:
        return [number(cell) for cell in self.rows[label]]

    @property
    def is_january_february(self) -> bool:
        return self.columns in (3, 7, 8)


def inner_markup(element) -> str:
    markup = lxml.html.tostring(element, encoding="unicode")
    return markup[markup.index(">") + 1 : markup.rindex("<")]


def read_release(path: Path) -> Page:
    html = path.read_text(encoding="utf-8")
    # The article alone: the site's navigation around it is half the page and says nothing of the release.
    root = lxml.html.fromstring(html[html.index('<div class="atcl">') : html.index('<div class="g-ftr">')])
    note_div = root.xpath('//div[@class="atcl-ttl"]/following-sibling::div[@class="atcl-note"]')
    content = root.xpath('//div[@class="atcl-cnt"]')[0]
    images = content.xpath(".//img/@src")
    links = root.xpath('//div[@class="atcl-rct-ttl"]/a')
    page = Page(
        path=path,
        html=html,
        title_tag=lxml.html.fromstring(re.search(r"<title>.*?</title>", html, re.S).group(0)).text_content(),
        title=text(root.xpath('//div[@class="atcl-ttl"]')[0]),
        note=text(note_div[0]) if note_div else "",
        published=text(root.xpath('//div[@class="atcl-date"]')[0]),
        image=images[0] if images else None,
        lead=(content.text or ""),
        download=(links[0].get("href"), text(links[0])) if links else None,
    )
    tables = content.xpath(".//table")
    if not tables:
        return page
    trs = tables[0].xpath(".//tr")
    page.columns = int(trs[0].xpath("./td/@colspan")[0])
    page.table_title = text(trs[0])
    unit_td = trs[1].xpath("./td")[0]
    page.unit, page.unit_cell = text(unit_td), lxml.html.tostring(unit_td, encoding="unicode")
    for tr in trs[2:]:
        cells = tr.xpath("./td")
        texts = [text(td) for td in cells]
        if len(cells) == 1:
            page.notes.append(texts[0])
        elif any(td.get("colspan") or td.get("rowspan") for td in cells) or texts[0].startswith(HEADER_STARTS):
            page.headers.append(texts)
        else:
            page.rows[texts[0]] = texts[1:]
            label_span = cells[0].xpath("./span")
            page.label_markup[texts[0]] = inner_markup(label_span[0] if label_span else cells[0])
    return page


def selector_targets(site_dir: Path, slug: str) -> dict[int, Path]:
    """Year -> index page, read from the year selector's script of the current index page."""
    html = (site_dir / "statics" / "report" / f"{slug}.html").read_text(encoding="utf-8")
    targets = {}
    for select_id, year, url in SCRIPT_CASE.findall(html):
        assert select_id == f"{slug}sel", select_id
        assert url.startswith(ORIGIN_PLACEHOLDER), url
        targets[int(year)] = site_dir / url.removeprefix(ORIGIN_PLACEHOLDER).lstrip("/")
    return targets


def read_index(path: Path) -> dict[tuple[int, str, int], str]:
    """(section, currency, month number) -> href for every release an index page links."""
    root = lxml.html.fromstring(path.read_bytes())
    links = {}
    for tr in root.xpath('//div[contains(@class, "nr-n-content-detail")]//table/tbody/tr'):
        title_cell, months_cell = tr.xpath("./td")
        match = INDEX_ROW.match(text(title_cell))
        for anchor in months_cell.xpath(".//a"):
            month = MONTHS.index(text(anchor).rstrip(".")) + 1
            links[(int(match.group(1)), match.group(3), month)] = anchor.get("href")
    return links


def discover(site_dir: Path) -> dict[tuple[str, int, str, str], Path]:
    """(release kind, section, currency, month) -> page file, found the way a reader of the real site finds them."""
    found = {}
    for slug, kind in KINDS.items():
        for year, index_page in selector_targets(site_dir, slug).items():
            for (section, currency, month), href in read_index(index_page).items():
                assert href.startswith(ORIGIN_PLACEHOLDER + "/Statics/"), href
                found[(kind, section, currency, f"{year}-{month:02d}")] = site_dir / href.removeprefix(
                    ORIGIN_PLACEHOLDER
                ).lstrip("/")
    return found


# --- figures by meaning ---------------------------------------------------------------------------


def by_country(page: Page, label: str, flow: str, period: str) -> float:
    """A figure of table (4). flow: total/export/import; period: month/ytd/yoy."""
    values = page.values(label)
    flow_index = ("total", "export", "import").index(flow)
    if page.is_january_february:
        return values[flow_index if period == "ytd" else 3 + flow_index]
    if period == "yoy":
        return values[6 + flow_index]
    return values[2 * flow_index + (period == "ytd")]


def totals(page: Page, item: str, period: str) -> float | None:
    """A figure of table (1). period: month/ytd/mom/yoy_month/yoy_ytd."""
    values = page.values(item)
    if page.is_january_february:
        return {"ytd": values[0], "yoy_ytd": values[1]}[period]
    return values[("month", "ytd", "mom", "yoy_month", "yoy_ytd").index(period)]


def figures_currency(page: Page) -> str:
    """The currency of a page's figures, as its unit row says."""
    return "USD" if "USD" in page.unit else "CNY"
