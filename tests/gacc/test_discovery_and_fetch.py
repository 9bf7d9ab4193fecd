"""Discovery (index pages) and fetch (retries, timeouts, host policy) against real sockets."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from customs_wh.config import Settings
from customs_wh.gacc import discovery
from customs_wh.gacc.discovery import DiscoveryError, Unreachable, discover, entry_url, parse_index
from customs_wh.gacc.fetch import USER_AGENT, Fetcher, FetchError
from customs_wh.orchestration import stages
from http_server import RouteTable, serve
from repo_paths import GACC_PAGES

REAL_INDEX_URL = "http://english.customs.gov.cn/statics/report/preliminary.html"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ROW_TITLES = {
    1: "China's Total Export & Import Values",
    2: "China's Total Export & Import Values by Trade Mode",
    3: "China's Total Export & Import Values by Trade Mode",
    4: "China's Total Export & Import Values by Country/Region",
    5: "China's Major Exports by Quantity and Value",
    6: "China's Major Imports by Quantity and Value",
}
SELECTORS = {"preliminary": "preliminarysel", "monthly_bulletin": "monthlysel"}
SENTENCES = {
    "preliminary": "Due to data verification after the preliminary release, the monthly bulletin is of more accuracy.",
    "monthly_bulletin": "Latest monthly statistics may differ from those previously released because of data "
    "verification after dissemination. The latest release is of more accuracy.",
}


def settings_for(base_url: str, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", base_url=base_url)


def quick_fetcher(settings: Settings, **overrides) -> Fetcher:
    """A fetcher that never really waits: backoff and polite delays go to a list."""
    waits: list[float] = []
    options = dict(timeout=(2.0, 2.0), retries=3, sleep=waits.append, jitter=lambda: 0.5)
    options.update(overrides)
    fetcher = Fetcher(settings, **options)
    fetcher.waits = waits  # type: ignore[attr-defined]
    return fetcher


def real_index() -> bytes:
    return (GACC_PAGES / "index_2026.html").read_bytes()


def index_html(
    kind: str,
    years: list[int],
    links: dict[tuple[int, str], dict[int, str]],
    targets: dict[int, str] | None = None,
    *,
    breadcrumb: str = "Monthly Bulletin",  # what both real index pages print
) -> bytes:
    """An index page in the real pages' markup: rows keyed (section, currency) → {month: href};
    ``targets`` the year pages its selector's script goes to."""
    selector = SELECTORS[kind]
    options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    rows = []
    for (section, currency), months in links.items():
        cells = "".join(
            f"<a href={months[m]}> {MONTHS[m - 1]}.</a>" if m in months else f"<span>{MONTHS[m - 1]}.</span>"
            for m in range(1, 13)
        )
        rows.append(f"<tr><td>({section}) {ROW_TITLES[section]} (in {currency})</td><td>{cells}</td></tr>")
    script = "".join(
        f'if ($("#{selector}").val() == "{year}") {{\n    location.replace("{target}")\n}}\n'
        for year, target in (targets or {}).items()
    )
    return f"""<html><body>
<div class="g-pth"><a href="/">Home</a> &gt; <a class="g-pth-cur">{breadcrumb}</a></div>
<div class="nr-n-content-detail ">
<div>{SENTENCES[kind]}</div>
<div class="m-report-title"><span>Year</span><select id="{selector}">{options}</select></div>
<table><thead><tr><th>Title</th><th>Month</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
</div>
<script type="text/javascript">$(document).ready(function () {{ $("#{selector}").change(function () {{
{script}}}); }});</script>
</body></html>""".encode()


# --- parse_index -----------------------------------------------------------------------


def test_the_real_index_is_the_preliminary_release_index_of_2026_despite_its_breadcrumb():
    page = parse_index(real_index(), REAL_INDEX_URL, "preliminary")

    assert page.year == 2026
    assert page.years == tuple(range(2026, 2017, -1))
    assert len(page.releases) == 8
    assert {(r.section, r.currency, r.reference_month) for r in page.releases} == {
        (s, c, m) for s in (1, 4) for c in ("CNY", "USD") for m in ("2026-02", "2026-03")
    }
    assert not any(r.reference_month.endswith("-01") for r in page.releases)  # January is unlinked in 2026
    assert {r.release_kind for r in page.releases} == {"preliminary"}
    assert not page.refused
    usd_mar_4 = next(r for r in page.releases if (r.section, r.currency, r.reference_month) == (4, "USD", "2026-03"))
    assert usd_mar_4.url == "http://english.customs.gov.cn/Statics/66580503-6688-49b2-bd23-de154e5677d5.html"
    assert usd_mar_4.title == "(4) China's Total Export & Import Values by Country/Region (in USD)"


def test_the_real_index_names_its_year_pages_in_its_selector_script():
    page = parse_index(real_index(), REAL_INDEX_URL, "preliminary")
    assert page.year_pages == {
        **{year: f"http://english.customs.gov.cn/statics/report/preliminary{year}.html" for year in range(2018, 2026)},
        2026: "http://english.customs.gov.cn/statics/report/preliminary.html",
    }


def test_the_real_index_lists_the_commodity_tables_when_asked_and_skips_the_others(caplog):
    with caplog.at_level(logging.DEBUG, logger="customs_wh.gacc.discovery"):
        page = parse_index(real_index(), REAL_INDEX_URL, "preliminary", sections=(1, 4, 5, 6))
    assert {(r.section, r.currency) for r in page.releases} == {(s, c) for s in (1, 4, 5, 6) for c in ("CNY", "USD")}
    assert len(page.releases) == 16
    skipped = caplog.text
    assert "by trade mode" in skipped and "Goods Inspection & Quarantine" in skipped


def test_the_real_index_reached_as_the_monthly_bulletin_is_refused_with_its_evidence():
    with pytest.raises(DiscoveryError) as raised:
        parse_index(real_index(), "http://english.customs.gov.cn/statics/report/monthly.html", "monthly_bulletin")
    assert "is the Preliminary Release index" in raised.value.reason
    assert "select#preliminarysel" in raised.value.reason and "'Preliminary Release'" in raised.value.reason


def test_the_kind_is_never_decided_by_the_breadcrumb_alone():
    for kind, crumb in (("preliminary", "Monthly Bulletin"), ("monthly_bulletin", "Preliminary Release")):
        html = index_html(kind, [2026], {(4, "CNY"): {2: "/Statics/a.html"}}, breadcrumb=crumb)
        url = f"http://h{entry_url('', kind)}"
        assert parse_index(html, url, kind).release_kind == kind
        with pytest.raises(DiscoveryError, match="reached as the"):
            parse_index(html, url.replace(discovery.ENTRY_PATHS[kind], "/statics/report/other.html"), other(kind))


def other(kind: str) -> str:
    return "monthly_bulletin" if kind == "preliminary" else "preliminary"


def test_a_monthly_bulletin_index_lists_its_tables_by_their_words():
    # The real Monthly Bulletin lists its own nineteen tables under full-width numbers: table (2) is
    # listed by its code with no currency (the page's unit row says it); the rest are recorded by name.
    rows = "".join(
        f"<tr><td>{label}</td><td><a href=http://h/Statics/{n}.html> Jan.</a></td></tr>"
        for n, label in enumerate(
            [
                "（1）Summary of Imports and Exports  (In USD) A： Annually",
                "（2）Imports and Exports by Country （Region） of Origin/Destination",
                "（13）Major Export Commodities in Quantity and Value",
                "（14）Major Import Commodities in Quantity and Value",
            ]
        )
    )
    html = index_html("monthly_bulletin", [2026, 2025], {}).replace(
        b"<tbody></tbody>", f"<tbody>{rows}</tbody>".encode()
    )
    page = parse_index(html, "http://h/statics/report/monthly.html", "monthly_bulletin", sections=(1, 4, 5, 6))
    # (1) A, (2) and the commodity tables (13) and (14) are landed: listed by code, with no currency.
    assert [(r.table, r.section, r.currency, r.reference_month, r.url) for r in page.releases] == [
        ("1A", 1, None, "2026-01", "http://h/Statics/0.html"),
        ("2", 2, None, "2026-01", "http://h/Statics/1.html"),
        ("13", 13, None, "2026-01", "http://h/Statics/2.html"),
        ("14", 14, None, "2026-01", "http://h/Statics/3.html"),
    ]
    assert [r.release_key for r in page.releases] == [
        "2026-01/t1A/monthly_bulletin",
        "2026-01/t2/monthly_bulletin",
        "2026-01/t13/monthly_bulletin",
        "2026-01/t14/monthly_bulletin",
    ]
    # Every table of this index is landed: none named as not read.
    assert list(page.not_read) == []
    # Asked for (2) alone, the index lists it alone and names the others.
    asked = parse_index(html, "http://h/statics/report/monthly.html", "monthly_bulletin", bulletin_tables=("2",))
    assert [(r.table, r.url) for r in asked.releases] == [("2", "http://h/Statics/1.html")]
    assert [code for code, _label in asked.not_read] == ["1A", "13", "14"]
    assert page.refused == () and page.unlabelled == ()
    # Asked for none of the Bulletin's tables, the index lists none.
    none = parse_index(html, "http://h/statics/report/monthly.html", "monthly_bulletin", bulletin_tables=())
    assert none.releases == () and [code for code, _label in none.not_read] == ["1A", "2", "13", "14"]


def test_rows_are_recognised_by_their_words_not_their_numbers():
    html = index_html("preliminary", [2026], {(4, "USD"): {3: "/Statics/a.html"}})
    html = html.replace(b"(4) China's Total", b"(3)China's Total")  # misnumbered, no space
    page = parse_index(html, "http://h/statics/report/preliminary.html", "preliminary")
    assert [(r.section, r.currency, r.reference_month) for r in page.releases] == [(4, "USD", "2026-03")]


def test_a_row_of_a_table_read_here_without_a_currency_is_reported_not_followed():
    html = index_html("preliminary", [2026], {(4, "USD"): {3: "/Statics/a.html"}}).replace(b" (in USD)", b"")
    page = parse_index(html, "http://h/statics/report/preliminary.html", "preliminary")
    assert page.releases == () and page.unlabelled == ("(4) China's Total Export & Import Values by Country/Region",)


def test_year_pages_come_from_option_values_and_links_too():
    html = index_html("preliminary", [2026, 2025, 2024], {})
    html = html.replace(b'<option value="2025">2025</option>', b'<option value="/archive/p25.html">2025</option>')
    html = html.replace(b"</select>", b'</select><a href="/old/2024-page.html">2024</a>')
    page = parse_index(html, "http://h/statics/report/preliminary.html", "preliminary")
    assert page.year_pages == {2025: "http://h/archive/p25.html", 2024: "http://h/old/2024-page.html"}
    assert page.year == 2026


LOCALE_PROBE = """
import calendar, json, sys
# What calendar reports under de_DE.UTF-8 ("Mär", "Mai", "Okt", "Dez"), in force before the package is imported.
calendar.month_abbr = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
calendar.month_name = ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                       "Oktober", "November", "Dezember"]
from customs_wh.gacc.discovery import parse_index
page = parse_index(sys.stdin.buffer.read(), "http://h/statics/report/preliminary.html", "preliminary")
print(json.dumps([r.reference_month for r in page.releases]))
"""


def test_month_links_are_read_whatever_the_locale():
    # Month names once came from calendar.month_abbr, which follows the process locale.
    html = index_html("preliminary", [2026], {(4, "CNY"): {3: "/a.html", 5: "/b.html", 10: "/c.html", 12: "/d.html"}})
    probe = subprocess.run([sys.executable, "-c", LOCALE_PROBE], input=html, capture_output=True, timeout=120)
    assert probe.returncode == 0, probe.stderr.decode()
    assert json.loads(probe.stdout) == ["2026-03", "2026-05", "2026-10", "2026-12"]


def test_a_year_page_takes_the_year_it_was_reached_for_and_resolves_root_relative_links():
    html = index_html("preliminary", [2025, 2024], {(4, "USD"): {2: "/Statics/a.html", 12: "/Statics/b.html"}})
    page = parse_index(html, "http://127.0.0.1:8000/statics/report/preliminary2024.html", "preliminary", year=2024)

    assert page.year == 2024 and page.years == (2025, 2024)
    assert [(r.reference_month, r.url) for r in page.releases] == [
        ("2024-02", "http://127.0.0.1:8000/Statics/a.html"),
        ("2024-12", "http://127.0.0.1:8000/Statics/b.html"),
    ]


def test_other_sections_are_ignored_and_a_foreign_host_link_is_refused_and_logged(caplog):
    html = index_html(
        "monthly_bulletin",
        [2026],
        {
            (1, "CNY"): {2: "/Statics/ok.html", 3: "http://evil.example/Statics/x.html"},
            (2, "CNY"): {2: "/Statics/trade-mode.html"},
            (4, "USD"): {2: "https://127.0.0.1:8443/Statics/other-port.html", 3: "ftp://127.0.0.1:8000/x.html"},
        },
    )
    with caplog.at_level(logging.WARNING, logger="customs_wh.gacc.discovery"):
        page = parse_index(html, "http://127.0.0.1:8000/statics/report/monthly.html", "monthly_bulletin")

    assert [r.url for r in page.releases] == ["http://127.0.0.1:8000/Statics/ok.html"]
    assert sorted(r.url for r in page.refused) == [
        "ftp://127.0.0.1:8000/x.html",
        "http://evil.example/Statics/x.html",
        "https://127.0.0.1:8443/Statics/other-port.html",
    ]
    assert "evil.example:80 is not the GACC_BASE_URL host 127.0.0.1:8000" in caplog.text


def test_an_index_without_the_year_selector_is_rejected_with_a_reason():
    html = index_html("monthly_bulletin", [2026], {}).replace(b'id="monthlysel"', b'id="other"')
    with pytest.raises(DiscoveryError, match=r"^http://h/statics/report/monthly.html: no year selector"):
        parse_index(
            html.replace(b"<select", b"<div").replace(b"</select>", b"</div>"),
            "http://h/statics/report/monthly.html",
            "monthly_bulletin",
        )


# --- discover against a tiny site ------------------------------------------------------------


def tiny_site(*, year_target: str = "{folder}2025.html") -> RouteTable:
    """Two years (2025, 2026), both kinds; 2026 has Feb and Mar, 2025 has Feb and Dec. The year
    pages are where the selector's script says (no URL scheme assumed)."""
    routes = RouteTable()
    for kind, folder, prefix in (("preliminary", "preliminary", "p"), ("monthly_bulletin", "monthly", "m")):
        targets = {2026: f"/statics/report/{folder}.html", 2025: "/statics/report/" + year_target.format(folder=folder)}
        newest = index_html(
            kind,
            [2026, 2025],
            {
                (1, "USD"): {2: f"/Statics/{prefix}-2026-02-1.html", 3: f"/Statics/{prefix}-2026-03-1.html"},
                (4, "USD"): {2: f"/Statics/{prefix}-2026-02-4.html", 3: f"/Statics/{prefix}-2026-03-4.html"},
                (2, "USD"): {2: f"/Statics/{prefix}-2026-02-2.html"},
            },
            targets,
        )
        older = index_html(
            kind,
            [2026, 2025],
            {(4, "CNY"): {2: f"/Statics/{prefix}-2025-02-4.html", 12: f"/Statics/{prefix}-2025-12-4.html"}},
            targets,
        )
        routes.add(f"/statics/report/{folder}.html", body=newest)
        routes.add(f"/statics/report/{folder}2025.html", body=older)
    return routes


def test_discover_reads_both_kinds_and_every_year_of_the_selector(tmp_path):
    routes = tiny_site()
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        with quick_fetcher(settings) as fetcher:
            found = discover(settings, fetcher)

    assert len(found) == 12
    assert [(r.reference_month, r.section, r.currency, r.release_kind) for r in found[:4]] == [
        ("2025-02", 4, "CNY", "preliminary"),
        ("2025-02", 4, "CNY", "monthly_bulletin"),
        ("2025-12", 4, "CNY", "preliminary"),
        ("2025-12", 4, "CNY", "monthly_bulletin"),
    ]
    assert found[-1].url == f"{base_url}/Statics/m-2026-03-4.html"
    assert found.refused == [] and found.unreachable == [] and found.failure() is None
    assert routes.hits("/statics/report/monthly2025.html") == 1
    assert routes.hits("/statics/report/monthly.html") == 1  # the current year is the entry page itself


def test_discover_fetches_only_the_years_of_the_window_and_keeps_only_its_months(tmp_path):
    routes = tiny_site()
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        with quick_fetcher(settings) as fetcher:
            found = discover(settings, fetcher, from_month="2026-03", release_kinds=("preliminary",), sections=(4,))

    assert [(r.reference_month, r.section, r.release_kind) for r in found] == [("2026-03", 4, "preliminary")]
    assert routes.hits("/statics/report/preliminary2025.html") == 0
    assert routes.hits("/statics/report/monthly.html") == 0


def test_discover_of_an_old_window_reads_the_year_page(tmp_path):
    routes = tiny_site()
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        with quick_fetcher(settings) as fetcher:
            found = discover(settings, fetcher, from_month="2025-01", through_month="2025-06")

    assert [(r.reference_month, r.release_kind) for r in found] == [
        ("2025-02", "preliminary"),
        ("2025-02", "monthly_bulletin"),
    ]


def test_a_year_page_that_cannot_be_fetched_is_carried_with_its_url_never_a_silent_gap(tmp_path):
    routes = tiny_site(year_target="{folder}/2025-moved.html")  # the selector names a page the server lacks
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        with quick_fetcher(settings) as fetcher:
            found = discover(settings, fetcher, release_kinds=("preliminary",))

    missing = f"{base_url}/statics/report/preliminary/2025-moved.html"
    assert found.unreachable == [Unreachable(missing, 2025, "preliminary", "HTTP 404 Not Found")]
    assert [r.reference_month for r in found] == ["2026-02", "2026-02", "2026-03", "2026-03"]  # 2026 still read
    assert missing in found.failure()
    [alert] = [a for a in found.alerts("run", base_url) if a.severity == "critical"]
    assert (
        alert.check_name == "discover: year page unreachable" and missing in alert.observed and "2025" in alert.message
    )


def test_a_year_the_selector_offers_without_a_page_is_unreachable(tmp_path):
    routes = tiny_site()
    routes.add("/statics/report/preliminary.html", body=index_html("preliminary", [2026, 2025], {}))  # no script
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        with quick_fetcher(settings) as fetcher:
            found = discover(settings, fetcher, release_kinds=("preliminary",))
    assert [(u.year, u.reason) for u in found.unreachable] == [(2025, "the year selector names no page for it")]


def test_the_discover_stage_fails_the_run_with_a_critical_alert_naming_the_url(tmp_path):
    routes = tiny_site(year_target="{folder}/2025-moved.html")
    with serve(routes) as base_url:
        settings = settings_for(base_url, tmp_path)
        settings.ensure_dirs()
        with pytest.raises(stages.RefreshFailed, match="2025-moved.html"):
            stages.stage_discover(settings, "run-discover", from_month=None, through_month=None)
    con = duckdb.connect(str(settings.build_db), read_only=True)
    rows = con.execute("select check_name, severity, observed from ops.alerts where run_id = 'run-discover'").fetchall()
    con.close()
    assert [(check, severity) for check, severity, _ in rows] == [("discover: year page unreachable", "critical")] * 2
    assert all("2025-moved.html" in observed for _, _, observed in rows)


def test_discover_rejects_a_malformed_month():
    with pytest.raises(ValueError, match="'2025-6' is not a month"):
        discover(Settings(home=Path("."), base_url="http://127.0.0.1:1"), None, from_month="2025-6")  # type: ignore[arg-type]


def test_the_entry_pages_are_the_sites_statistics_menu_links():
    assert entry_url("http://h:1/", "preliminary") == "http://h:1/statics/report/preliminary.html"
    assert entry_url("http://h:1", "monthly_bulletin") == "http://h:1/statics/report/monthly.html"
    menu = real_index().decode("utf-8")
    assert all(f'href="{path}"' in menu for path in discovery.ENTRY_PATHS.values())


# --- Fetcher ---------------------------------------------------------------------------------


def test_a_page_is_fetched_with_the_product_user_agent_and_no_wait_on_localhost(tmp_path):
    routes = RouteTable({"/page.html": b"<html>ok</html>"})
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        assert fetcher.get(f"{base_url}/page.html") == b"<html>ok</html>"
        assert fetcher.get(f"{base_url}/page.html") == b"<html>ok</html>"
        assert fetcher.waits == []
    assert routes.requests[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("customs-wh/")


def test_server_errors_are_retried_with_growing_backoff_then_the_page_is_returned(tmp_path):
    routes = RouteTable()
    routes.add("/flaky.html", body=b"finally", fail_first=2)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), backoff_base_s=1.0) as fetcher:
        assert fetcher.get(f"{base_url}/flaky.html") == b"finally"
        assert fetcher.waits == [0.75, 1.5]  # base · 2^n, half fixed and half jitter (0.5 here)
    assert routes.hits("/flaky.html") == 3


def test_persistent_server_errors_give_up_after_the_bounded_retries(tmp_path):
    routes = RouteTable()
    routes.add("/down.html", fail_first=100, fail_status=503)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), retries=2) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.get(f"{base_url}/down.html")
    assert raised.value.reason == "HTTP 503 Service Unavailable (gave up after 3 attempts)"
    assert routes.hits("/down.html") == 3


def test_a_404_is_not_retried(tmp_path):
    routes = RouteTable()
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        with pytest.raises(FetchError, match=r"/missing.html: HTTP 404 Not Found$"):
            fetcher.get(f"{base_url}/missing.html")
        assert fetcher.waits == []
    assert routes.hits("/missing.html") == 1


def test_a_response_slower_than_the_read_timeout_fails_after_bounded_retries(tmp_path):
    routes = RouteTable()
    routes.add("/slow.html", body=b"too late", delay_s=1.5)
    with serve(routes) as base_url:
        with quick_fetcher(settings_for(base_url, tmp_path), timeout=(2.0, 0.2), retries=1) as fetcher:
            with pytest.raises(FetchError) as raised:
                fetcher.get(f"{base_url}/slow.html")
    assert raised.value.reason == "timed out (ReadTimeout) (gave up after 2 attempts)"
    # Counted where they are sent: the server may not have accepted the second request yet when
    # the client gives up on it (it sleeps in the first), and it stops right after.
    assert fetcher.attempts == 2


def test_a_truncated_body_is_never_returned(tmp_path):
    routes = RouteTable()
    routes.add("/short.html", body=b"x" * 5000, truncate_at=1000)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), retries=1) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.get(f"{base_url}/short.html")
    assert "gave up after 2 attempts" in raised.value.reason
    assert "complete" in raised.value.reason  # httpx: "...without sending complete message body..."
    assert routes.hits("/short.html") == 2


def test_a_connection_reset_is_retried_then_reported(tmp_path):
    routes = RouteTable()
    routes.add("/reset.html", reset=True)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), retries=2) as fetcher:
        with pytest.raises(FetchError, match="connection error") as raised:
            fetcher.get(f"{base_url}/reset.html")
    assert "\n" not in str(raised.value)
    assert routes.hits("/reset.html") == 3


def test_a_redirect_on_the_same_host_is_followed(tmp_path):
    routes = RouteTable({"/new.html": b"moved here"})
    routes.add("/old.html", status=301, headers={"Location": "/new.html"})
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        assert fetcher.get(f"{base_url}/old.html") == b"moved here"
    assert routes.hits("/new.html") == 1


def test_a_redirect_to_another_host_is_refused_without_retry(tmp_path):
    routes = RouteTable()
    routes.add("/away.html", status=302, headers={"Location": "http://elsewhere.example/Statics/x.html"})
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.get(f"{base_url}/away.html")
    assert raised.value.reason == "redirect off-host to http://elsewhere.example/Statics/x.html"
    assert routes.hits("/away.html") == 1


def test_a_url_off_the_gacc_host_is_refused_before_any_request(tmp_path):
    routes = RouteTable()
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path)) as fetcher:
        with pytest.raises(FetchError, match="refused: host 127.0.0.1:1 is not the GACC_BASE_URL host"):
            fetcher.get("http://127.0.0.1:1/page.html")
    assert routes.requests == []


def test_a_page_larger_than_the_guard_is_refused(tmp_path):
    routes = RouteTable()
    routes.add("/huge.html", body=b"y" * 4096)
    with serve(routes) as base_url, quick_fetcher(settings_for(base_url, tmp_path), max_bytes=1024) as fetcher:
        with pytest.raises(FetchError, match="page larger than 1024 bytes"):
            fetcher.get(f"{base_url}/huge.html")
    assert routes.hits("/huge.html") == 1


def test_requests_are_spaced_by_the_polite_delay(tmp_path):
    routes = RouteTable({"/a.html": b"a", "/b.html": b"b"})
    ticks = iter([10.0, 10.05, 10.2])  # first request at 10.0; the second is asked for at 10.05
    with serve(routes) as base_url:
        with quick_fetcher(settings_for(base_url, tmp_path), polite_delay_s=0.2, clock=lambda: next(ticks)) as fetcher:
            fetcher.get(f"{base_url}/a.html")
            fetcher.get(f"{base_url}/b.html")
            assert fetcher.waits == [pytest.approx(0.15)]
    assert routes.hits("/b.html") == 1


def test_the_default_polite_delay_spares_remote_hosts_only():
    remote = Fetcher(Settings(home=Path("."), base_url="http://english.customs.gov.cn"))
    local = Fetcher(Settings(home=Path("."), base_url="http://127.0.0.1:8000"))
    remote.close(), local.close()
    assert (remote.polite_delay_s, local.polite_delay_s) == (0.2, 0.0)


@pytest.mark.parametrize(
    ("url", "base", "allowed"),
    [
        # The real index links its pages as http:// while the site answers on https:// too.
        ("http://english.customs.gov.cn/Statics/a.html", "https://english.customs.gov.cn", True),
        ("https://english.customs.gov.cn/Statics/a.html", "http://english.customs.gov.cn", True),
        ("http://English.Customs.gov.cn:80/Statics/a.html", "https://english.customs.gov.cn:443", True),
        # Another port is another server.
        ("http://127.0.0.1:8001/a.html", "http://127.0.0.1:8000", False),
        ("https://127.0.0.1:8443/a.html", "http://127.0.0.1:8000", False),
        ("http://english.customs.gov.cn:8080/a.html", "https://english.customs.gov.cn", False),
        ("http://customs.gov.cn/a.html", "https://english.customs.gov.cn", False),
    ],
)
def test_the_same_host_over_http_and_https(url, base, allowed):
    from customs_wh.gacc.fetch import host_refusal

    assert (host_refusal(url, base) is None) is allowed
