"""Table （2） of the Monthly Bulletin, generated in the forms GACC prints it (docs/real-site-notes.md
§10.2): the title, unit row and header rows of the real January and June 2026 pages, a small
consistent set of continents and countries, overflow ("############") and nothing-traded ("-")
cells. The model behind a page says what the parser must read from it."""

from __future__ import annotations

from dataclasses import dataclass, field

OVERFLOW = "############"
FLOWS = ("total", "export", "import")


@dataclass
class Partner:
    label: str  # as printed (padding included)
    code: str
    parent: str | None
    month: dict[str, int | None]  # flow -> value (None: "-")
    ytd: dict[str, int | None]
    pct: dict[str, float | None]
    overflow: set[tuple[str, str]] = field(default_factory=set)  # (period_kind, flow) printed as ############


def figures(export: int | None, import_: int | None) -> dict[str, int | None]:
    total = None if export is None and import_ is None else (export or 0) + (import_ or 0)
    return {"total": total, "export": export, "import": import_}


def summed(rows: list[Partner], period: str) -> dict[str, int | None]:
    def add(flow: str) -> int | None:
        values = [getattr(row, period)[flow] for row in rows]
        return None if all(value is None for value in values) else sum(value or 0 for value in values)

    return {flow: add(flow) for flow in FLOWS}


def _cell(value, nbsp: str) -> str:
    if value is None:
        return "<td><span>-</span></td>"
    if isinstance(value, float):
        return f"<td><span>{value:.1f}</span></td>"
    return f"<td><span>{value:,}{nbsp}</span></td>"


def render(
    partners: list[Partner],
    *,
    month: int,
    year: int = 2026,
    title_period: str | None = None,
    full_width: bool = True,
    unit: str = "Unit:US$1,000",
    january_unit_cells: bool = False,
    published: str = "2026/07/22",
    nbsp: str = "&nbsp;",
) -> str:
    single = month == 1
    width = 7 if single else 10
    left, right = ("（", "）") if full_width else ("(", ")")
    period = title_period or f"{month}.{year}"
    title = f"{left}2{right}Imports and Exports by Country {left}Region{right} of Origin/Destination,{period}"
    if january_unit_cells:
        unit_row = '<td class="style2"></td>' * (width - 2) + f'<td colspan="2"><span><b>{unit}</b></span></td>'
    else:
        unit_row = f'<td colspan="{width}" align="right"><span><b>{unit}</b></span></td>'
    if single:
        head = (
            '<tr><td rowspan="2">Country （Region）</td><td>Total</td><td>Exports</td><td>Imports</td>'
            '<td colspan="3">Percentage Change</td></tr>'
            "<tr><td>1</td><td>1</td><td>1</td><td>Total</td><td>Exports</td><td>Imports</td></tr>"
        )
    else:
        head = (
            '<tr><td rowspan="2"><span><b>Country （Region）</b></span></td><td colspan="2">Total</td>'
            '<td colspan="2">Exports</td><td colspan="2">Imports</td><td colspan="3">Percentage Change</td></tr>'
            f"<tr><td>{month}</td><td>1to{month}</td><td>{month}</td><td>1to{month}</td><td>{month}</td>"
            f"<td>1to{month}</td><td>Total</td><td>Exports</td><td>Imports</td></tr>"
        )
    body = []
    for row in partners:
        cells = [f"<td><span><b>{row.label}</b></span></td>"]
        for flow in FLOWS:
            periods = ("month",) if single else ("month", "ytd")
            for kind in periods:
                if (kind, flow) in row.overflow:
                    cells.append(f"<td><span>{OVERFLOW}</span></td>")
                else:
                    cells.append(_cell(getattr(row, kind)[flow], nbsp))
        cells.extend(_cell(row.pct[flow], "") for flow in FLOWS)
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = f'<tr><td colspan="{width}">Notes：<br />1、ASEAN: …</td></tr>'
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="atcl-ttl">{title}</div><div class="atcl-date">{published}</div>'
        f'<div class="atcl-cnt"><table><tbody>'
        f'<tr><td colspan="{width}" class="style1"><span><b>{title}</b></span></td></tr>'
        f"<tr>{unit_row}</tr>{head}{''.join(body)}{notes}</tbody></table></div></body></html>"
    )


def expected(partners: list[Partner], *, month: int, year: int = 2026) -> dict[tuple, tuple]:
    """(partner_code, flow, measure, period_kind) -> (value, parent_code, is_derived)."""
    single = month == 1
    out: dict[tuple, tuple] = {}
    for row in partners:
        for kind in ("month",) if single else ("month", "ytd"):
            values = getattr(row, kind)
            for flow in FLOWS:
                value = values[flow]
                derived = (kind, flow) in row.overflow
                if derived and any(values[other] is None for other in FLOWS if other != flow):
                    continue  # nothing gives it: not printed, no row
                if value is None:
                    value = 0.0  # printed "-": nothing traded, landed as GACC states it
                kinds = ("month", "ytd") if single else (kind,)
                for each in kinds:
                    out[row.code, flow, "value", each] = (float(value), row.parent, derived)
        for flow in FLOWS:
            if row.pct[flow] is not None:
                out[row.code, flow, "yoy_pct", "ytd"] = (row.pct[flow], row.parent, False)
    return out
