"""The periods the Monthly Bulletin's headers print, January-February 2020 included: GACC released
the two months together that year, and its tables print the month column as the range "1 to 2"
beside "1to2" (docs/real-site-notes.md §10.3). Each table read by the one reading of periods
(gacc/parsing/bulletin_periods.py): the figures land once, as January to February."""

from __future__ import annotations

import re

import pytest

from customs_wh.contracts import PageContext, ParseError
from customs_wh.gacc.parse import parse_release
from customs_wh.sample_site.bulletin_releases import BulletinPage
from customs_wh.sample_site.render_bulletin import render_bulletin_page

COMBINED = "2020-02"


def page(table: str, month: str) -> str:
    return render_bulletin_page(BulletinPage(table, month), "synthetic")


@pytest.mark.parametrize("table", ["2", "3", "4", "13", "15", "16"])
def test_january_february_2020_lands_once_as_january_to_february(table):
    html = page(table, COMBINED)
    # the form itself, as the sample site prints it ((15)/(16) print January to the month alone)
    assert "1to2" in html and (("1 to 2" in html) == (table not in ("15", "16")))
    parsed = parse_release(html.encode(), f"({table}) {COMBINED}", context=PageContext(table=table))
    assert parsed.reference_month == COMBINED and parsed.observations
    periods = {(o.period_kind, o.period_start) for o in parsed.observations}
    assert periods == {("ytd", "2020-01")}, periods  # nothing lands as a month of its own
    # the same table of an ordinary February prints and lands both
    ordinary = parse_release(page(table, "2021-02").encode(), f"({table}) 2021-02", context=PageContext(table=table))
    assert {o.period_kind for o in ordinary.observations} == ({"ytd"} if table in ("15", "16") else {"month", "ytd"})


def test_a_combined_page_whose_two_printings_differ_is_refused():
    html = page("2", COMBINED)
    # The world's exports at the month position printed 7 lower (the total with them): the two
    # printings of January-February disagree.
    rows = re.split(r"(?=<tr)", html)
    total = next(index for index, row in enumerate(rows) if "<b>TOTAL</b>" in row)
    figures = list(re.finditer(r"<span>([\d,]+)(?:&nbsp;)?</span>", rows[total]))
    exports_month, imports_month = figures[2], figures[4]  # total, total, exports, exports, imports, …
    value = int(exports_month.group(1).replace(",", "")) - 7
    edited = rows[total][: exports_month.start(1)] + f"{value:,}" + rows[total][exports_month.end(1) :]
    total_month = list(re.finditer(r"<span>([\d,]+)(?:&nbsp;)?</span>", edited))[0]
    new_total = int(total_month.group(1).replace(",", "")) - 7
    edited = edited[: total_month.start(1)] + f"{new_total:,}" + edited[total_month.end(1) :]
    rows[total] = edited
    assert imports_month.group(1)  # the row prints the imports too
    with pytest.raises(ParseError, match="row 'TOTAL': January-February is printed twice"):
        parse_release("".join(rows).encode(), "(2) 2020-02", context=PageContext(table="2"))


def test_a_range_printed_twice_outside_january_february_is_refused():
    html = page("2", "2021-03").replace(">3<", ">1to3<", 3)
    with pytest.raises(ParseError):
        parse_release(html.encode(), "(2) 2021-03", context=PageContext(table="2"))
