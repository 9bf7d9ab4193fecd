"""Table cells and numbers as the real pages print them (tabs, <span><b>, trailing &nbsp;)."""

from __future__ import annotations

from functools import cache
from importlib import resources

# Links the real pages print absolute (index rows, spreadsheet downloads) carry this origin
# in the built files; the server puts its own http://127.0.0.1:PORT in its place when it
# serves a page (the site's origin is unknown until it is served). ".invalid" can never resolve.
ORIGIN_PLACEHOLDER = "http://gacc-sample-site.invalid"


@cache
def template(name: str) -> str:
    return resources.files("customs_wh.sample_site").joinpath("templates", name).read_text(encoding="utf-8")


def fill(name: str, **fields: str) -> str:
    """The template with every {{field}} replaced (str.replace: the pages' jQuery is full of "$")."""
    text = template(name)
    for field, value in fields.items():
        text = text.replace("{{" + field + "}}", value)
    if "{{" in text:
        raise ValueError(f"template {name}: unfilled field near {text[text.index('{{') : text.index('{{') + 30]!r}")
    return text


def format_value(value: float) -> str:
    # "+ 0.0" turns a rounded -0.0 into 0.0: the pages never print "-0.0".
    return f"{round(value, 1) + 0.0:,.1f}"


def format_pct(value: float) -> str:
    return f"{round(value, 1) + 0.0:.1f}"


def cell(
    text: str,
    css: str | None = None,
    *,
    align: str | None = None,
    bgcolor: str | None = None,
    colspan: int | None = None,
    rowspan: int | None = None,
    style: str | None = None,
    bold: bool = True,
    span: bool = True,
    align_last: bool = False,
) -> str:
    """One <td>, attributes in the order GACC's pages print them (align after class in 2019's)."""
    attributes = ""
    if rowspan:
        attributes += f' rowspan="{rowspan}"'
    if colspan:
        attributes += f' colspan="{colspan}"'
    if align and not align_last:
        attributes += f' align="{align}"'
    if css:
        attributes += f' class="{css}"'
    if style:
        attributes += f' style="{style}"'
    if bgcolor:
        attributes += f' bgcolor="{bgcolor}"'
    if align and align_last:
        attributes += f' align="{align}"'
    if not span:
        return f"\t\t\t<td{attributes}>{text}</td>\n"
    body = f"<b>{text}</b>" if bold else text
    return f"\t\t\t<td{attributes}>\n\t\t\t\t<span>{body}</span>\n\t\t\t</td>\n"


def row(cells: list[str]) -> str:
    return "\t\t<tr>\n" + "".join(cells) + "\t\t</tr>"


def table(rows: list[str], *, width: int, height: int, lead: str = "") -> str:
    """The table inside div.atcl-cnt; ``lead`` is whatever the page prints before it."""
    return (
        f'{lead}<table style="border-collapse:collapse;" border="0" cellspacing="0" width="{width}" '
        f'height="{height}" class="ke-zeroborder">\n\t<tbody>\n' + "\n".join(rows) + "\n\t</tbody>\n</table>"
    )
