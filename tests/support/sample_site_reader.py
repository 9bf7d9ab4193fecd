"""A small reader of the sample site's pages, written for its tests and independent of the product's parser.

It finds the year pages through the index's year-selector script, the releases through the
index rows, and reads a release page into its printed parts: the title as printed three times,
the date, the unit row, the header rows, and the body rows as label -> cell texts. The Monthly
Bulletin's pages (other tables, another layout) are found and read by the functions at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from customs_wh.sample_site import ORIGIN_PLACEHOLDER

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The indexes whose rows name the Preliminary Release's tables; the Monthly Bulletin's own tables are read
# by discover_bulletin below.
KINDS = {"preliminary": "preliminary"}
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


# --- the Monthly Bulletin -----------------------------------------------------------------------------

BULLETIN_ROW = re.compile(r"^（(\d+)）(.*)$")
OVERFLOW = "############"
EXCEL_ERROR = "*REF!"


def bulletin_table_key(label: str) -> str:
    """ "（1）… A： Annually" -> "1A", "（2）Imports and Exports by Country …" -> "2"."""
    number, rest = BULLETIN_ROW.match(label).groups()
    if number == "1":
        return "1A" if "A：" in rest else "1B"
    return number


def read_bulletin_index(path: Path) -> dict[tuple[str, int], str]:
    """(table key, month number) -> href of every table a Monthly Bulletin index page links."""
    root = lxml.html.fromstring(path.read_bytes())
    links = {}
    for tr in root.xpath('//div[contains(@class, "nr-n-content-detail")]//table/tbody/tr'):
        title_cell, months_cell = tr.xpath("./td")
        table = bulletin_table_key(title_cell.text_content())
        for anchor in months_cell.xpath(".//a"):
            links[(table, MONTHS.index(text(anchor).rstrip(".")) + 1)] = anchor.get("href")
    return links


def discover_bulletin(site_dir: Path) -> dict[tuple[str, str], Path]:
    """(table key, month) -> page file, found through the Bulletin's year pages as a reader of the real site would."""
    found = {}
    for year, index_page in selector_targets(site_dir, "monthly").items():
        for (table, month), href in read_bulletin_index(index_page).items():
            assert href.startswith(ORIGIN_PLACEHOLDER + "/Statics/"), href
            found[(table, f"{year}-{month:02d}")] = site_dir / href.removeprefix(ORIGIN_PLACEHOLDER).lstrip("/")
    return found


def bulletin_number(cell: str) -> float | None:
    """A printed Bulletin figure: None for "-", a blank, GACC's overflow "############" and Excel's "*REF!"."""
    cleaned = cell.replace(",", "").strip()
    return None if cleaned in ("-", "", OVERFLOW, EXCEL_ERROR) else float(cleaned)


@dataclass
class BulletinRow:
    label: str  # the label's words (&nbsp; and line breaks as spaces, collapsed)
    indent: int  # the label's leading &nbsp; (tables (13)/(14) nest rows by them)
    cells: list[str]  # the other cells' texts
    label_cell: str  # the label <td> as markup

    def values(self) -> list[float | None]:
        return [bulletin_number(cell) for cell in self.cells]


@dataclass
class BulletinPage:
    path: Path
    html: str
    title_tag: str
    title: str
    note: str
    published: str
    download: tuple[str, str] | None
    table_markup: str  # div.atcl-cnt's content
    table_title: str = ""
    columns: int = 0  # the title cell's colspan: the table's width in cells, a leading empty column excluded
    lead_column: bool = False  # an empty first column on every row (January and February 2022)
    unit: str = ""
    unit_cells: list[str] = field(default_factory=list)  # the unit row's <td>s as markup
    headers: list[list[str]] = field(default_factory=list)
    rows: list[BulletinRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row(self, label: str) -> BulletinRow:
        matches = [row for row in self.rows if row.label == label]
        assert len(matches) == 1, (self.title, label, len(matches))
        return matches[0]

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.rows]


def leading_nbsp(element) -> int:
    raw = element.text_content().lstrip(" \t\n")
    return len(raw) - len(raw.lstrip("\xa0"))


def read_bulletin(path: Path) -> BulletinPage:
    """A Bulletin page read by its parts: title, date, unit row, two header rows, data rows, notes."""
    html = path.read_bytes().decode("utf-8")  # CRLF kept, as the real pages have it
    root = lxml.html.fromstring(html[html.index('<div class="atcl">') : html.index('<div class="g-ftr">')])
    note_div = root.xpath('//div[@class="atcl-ttl"]/following-sibling::div[@class="atcl-note"]')
    content = root.xpath('//div[@class="atcl-cnt"]')[0]
    links = root.xpath('//div[@class="atcl-rct-ttl"]/a')
    markup = html[html.index('<div class="atcl-cnt"') : html.index('<div class="atcl-rct">')]
    page = BulletinPage(
        path=path,
        html=html,
        title_tag=lxml.html.fromstring(re.search(r"<title>.*?</title>", html, re.S).group(0)).text_content(),
        title=text(root.xpath('//div[@class="atcl-ttl"]')[0]),
        note=text(note_div[0]) if note_div else "",
        published=text(root.xpath('//div[@class="atcl-date"]')[0]),
        download=(links[0].get("href"), text(links[0])) if links else None,
        table_markup=markup[markup.index(">") + 1 : markup.rindex("</div>")],
    )
    trs = content.xpath(".//table")[0].xpath("./tbody/tr | ./tr")
    first = trs[0].xpath("./td")
    page.lead_column = len(first) == 2 and text(first[0]) == ""
    skip = 1 if page.lead_column else 0

    def cells_of(tr) -> list:
        return tr.xpath("./td")[skip:]

    title_cell = cells_of(trs[0])[0]
    page.columns, page.table_title = int(title_cell.get("colspan")), text(title_cell)
    unit_cells = cells_of(trs[1])
    page.unit = " ".join(text(td) for td in unit_cells if text(td))
    page.unit_cells = [lxml.html.tostring(td, encoding="unicode").strip() for td in unit_cells]
    page.headers = [[text(td) for td in cells_of(tr)] for tr in trs[2:4]]
    for tr in trs[4:]:
        cells = cells_of(tr)
        texts = [text(td) for td in cells]
        if texts[0].startswith(("Notes：", "Note：")):
            page.notes.append(texts[0])
            continue
        label_cell = lxml.html.tostring(cells[0], encoding="unicode").strip()
        page.rows.append(BulletinRow(texts[0], leading_nbsp(cells[0]), texts[1:], label_cell))
    return page
