"""A Monthly Bulletin page as a whole: the real page around the table (frame, title, date, download).

The frame is the real June 2026 table (2) page's (templates/bulletin_page.html, its CRLF line ends
kept), with the sample site's synthetic note under the title as on every sample page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from customs_wh.sample_site import render_bulletin_products, render_bulletin_trade
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.markup import ORIGIN_PLACEHOLDER

# The spreadsheets' file names. CONFIRMED on real pages: "2022-01_M133USD.xls" (no table name, (13)
# 1-1.2022); "2025-06_M133USD_（13）出口主要商品量值表（美元值）.xls" ((13) 1-6.2025: USD in the name, though
# the table is in RMB); "2026-06_M122USD_（2）进出口商品国别（地区）总值表（美元值）.xls" ((2) 6.2026);
# "2026-01_M134USD（14）进口主要商品量值表（美元值）.xls" ((14) 1.2026, no underscore). INFERRED: the other
# tables' numbers (M1 + 20 + the table's number) and Chinese names (the Chinese bulletin's), named files
# from 2025 on and the plain form before.
NAMED_FILES_FROM = 2025
CHINESE_NAMES = {
    "1A": "进出口商品总值表A：年度表",
    "1B": "进出口商品总值表B：月度表",
    "2": "进出口商品国别（地区）总值表",
    "3": "进出口商品构成表",
    "4": "进出口商品类章总值表",
    "5": "进出口商品贸易方式总值表",
    "6": "出口商品贸易方式企业性质总值表",
    "7": "进口商品贸易方式企业性质总值表",
    "8": "进出口商品经营单位所在地总值表",
    "9": "进出口商品境内目的地和货源地总值表",
    "10": "进出口商品关别总值表",
    "11": "特定地区进出口总值表",
    "12": "外商投资企业进出口总值表",
    "13": "出口主要商品量值表",
    "14": "进口主要商品量值表",
    "15": "对部分国家(地区)出口商品类章金额表",
    "16": "自部分国家(地区)进口商品类章金额表",
    "17": "部分出口商品主要贸易方式量值表",
    "18": "部分进口商品主要贸易方式量值表",
}


@cache
def frame() -> str:
    """The page template, read as bytes so its CRLF line ends survive."""
    data = resources.files("customs_wh.sample_site").joinpath("templates", "bulletin_page.html").read_bytes()
    return data.decode("utf-8")


def excel_name(page: BulletinPage) -> str:
    number = int(page.table.rstrip("AB"))
    stem = f"{page.reference_month}_M1{20 + number}USD"
    if page.year < NAMED_FILES_FROM:
        return f"{stem}.xls"
    separator = "" if (page.table, page.year) == ("14", 2026) else "_"
    return f"{stem}{separator}（{number}）{CHINESE_NAMES[page.table]}（美元值）.xls"


def download_link(page: BulletinPage) -> str:
    return (
        '                    <div class="atcl-rct">\r\n'
        f'                        <div class="atcl-rct-ttl"><a href = \'{ORIGIN_PLACEHOLDER}\\Excel\\'
        f'{excel_name(page)}\'>{page.title}</a><img src="\\Images\\Image\\download.png" '
        'style="height:15px;padding-left:10px" /></div>\r\n'
        "                    </div>\r\n"
    )


def page_content(page: BulletinPage) -> tuple[str, bool]:
    """The table markup and whether its figures are in RMB."""
    render = render_bulletin_trade.RENDERERS.get(page.table) or render_bulletin_products.RENDERERS[page.table]
    return render(page)


def render_bulletin_page(page: BulletinPage, synthetic_note: str) -> str:
    content, _ = page_content(page)
    text = frame()
    for field, value in (
        ("{{title}}", page.title),
        ("{{synthetic_note}}", synthetic_note),
        ("{{published}}", page.printed_date),
        ("{{content}}", content),
        ("{{download}}", download_link(page)),
    ):
        text = text.replace(field, value, 1 if field != "{{title}}" else 2)
    return text
