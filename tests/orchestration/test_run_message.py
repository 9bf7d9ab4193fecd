"""One message per run and channel, end to end: the sample site through 2025-06, then the run
for July 2025 with one wrong table, each against a real webhook receiver and a real SMTP server
on 127.0.0.1 (ops.alerts keeps every alert as before).

The first backfill ends at 2025-05 and publishes; the run for June then stops: June 2025's
preliminary table by country in CNY is one of the sample site's bad pages (titled in CNY over a
USD unit row, as GACC's was), a bad page of the month the run is for, and no later page prints
its CNY numbers again (the Monthly Bulletin's table (2) is in USD)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import site_edits as edits
from customs_wh import sample_site
from customs_wh.config import Settings
from customs_wh.orchestration import stages
from customs_wh.orchestration.refresh import refresh
from customs_wh.sample_site import Release
from receivers import smtp_receiver, webhook_receiver

pytestmark = pytest.mark.slow

BAD_TABLE = Release("2025-07", 4, "USD", "preliminary")
BAD_LABEL = "2025-07 section 4 USD (preliminary)"
JUNE_LABEL = "2025-06 section 4 CNY (preliminary)"


def us_exports_above_the_world(html: str) -> str:
    world, us = edits.row_values(html, "Total"), edits.row_values(html, "United States (US)")
    return edits.raise_flow(
        html, "United States (US)", "export", world[edits.EXPORT_MONTH] - us[edits.EXPORT_MONTH] + 50.0
    )


@pytest.fixture(scope="module")
def runs(built_once) -> dict:
    """The first backfill (2018-01 to 2025-05), June's run, then July's: what each one sent."""
    return built_once("run-message-runs", three_runs)


def three_runs(directory: Path) -> dict:
    site, home = directory / "site", directory / "home"
    sample_site.build_site(site, last_month="2025-08")
    edits.rewrite(site, BAD_TABLE, us_exports_above_the_world)
    sent: dict = {}
    with sample_site.serve(site) as url, webhook_receiver() as (hook, posts), smtp_receiver() as ((host, port), mails):
        settings = Settings(
            home=home,
            base_url=url,
            alert_webhook_url=hook,
            smtp_host=host,
            smtp_port=port,
            smtp_tls="none",
            alert_email_to="desk@example.org",
        )
        backfill = refresh(settings, from_month="2018-01", through_month="2025-05")
        sent["backfill"] = {"run_id": backfill.run_id, "posts": list(posts), "mails": list(mails)}
        posts.clear()
        mails.clear()
        with pytest.raises(stages.RefreshFailed, match="rejected and quarantined") as stopped:
            refresh(settings, from_month="2025-06", through_month="2025-06")
        sent["june"] = {"posts": list(posts), "mails": list(mails), "failure": str(stopped.value)}
        posts.clear()
        mails.clear()
        with pytest.raises(stages.RefreshFailed, match="gate 1") as stopped:
            refresh(settings, from_month="2025-07", through_month="2025-07")
        sent["july"] = {"posts": list(posts), "mails": list(mails), "failure": str(stopped.value)}
    sent["home"] = home
    return sent


def alerts_of(home: Path) -> list[tuple]:
    con = duckdb.connect(str(home / "build.duckdb"), read_only=True)
    try:
        return con.execute("select run_id, severity, check_name, release, muted_by from ops.alerts").fetchall()
    finally:
        con.close()


def test_a_first_backfill_sends_one_message_per_channel(runs):
    backfill = runs["backfill"]
    assert len(backfill["posts"]) == 1 and len(backfill["mails"]) == 1
    text = backfill["posts"][0]["text"]
    assert text.startswith("customs-wh published China's trade through May 2025")
    run_alerts = [row for row in alerts_of(runs["home"]) if row[0] == backfill["run_id"]]
    assert len(run_alerts) > 40, "every alert is still recorded"
    images = [row for row in run_alerts if row[2] == "published_as_image"]
    assert f"- published_as_image: {len(images)} alert(s), {len(images)} releases, 2018-01 " in text
    muted = [row for row in run_alerts if row[4]]
    assert {row[4] for row in muted} == {"gacc-2020-commodity-catalogue"}
    assert f", {len(muted)} muted by rule." in text and "commodity_quantity_unit_unchanged" not in text
    assert f"customs-wh alerts --run {backfill['run_id']}" in text
    print(text)  # noqa: T201 - shown with -s: the message as a person reads it
    mail = backfill["mails"][0]
    assert mail["Subject"].startswith("[customs-wh] published: China's trade through May 2025")
    assert "published_as_image" in mail.get_content()


def test_a_bad_page_of_the_runs_own_month_stops_it_with_one_message_per_channel(runs):
    june = runs["june"]
    assert len(june["posts"]) == 1 and len(june["mails"]) == 1
    lines = june["posts"][0]["text"].splitlines()
    assert lines[0].startswith("customs-wh run ") and " STOPPED: " in lines[0], lines
    critical = [line for line in lines if line.startswith("1. [stopped the run] [CRITICAL]")]
    assert critical and JUNE_LABEL in critical[0] and "unit row" in critical[0], lines
    assert JUNE_LABEL in june["mails"][0].get_content()


def test_a_bad_table_stops_its_run_with_one_message_per_channel_naming_it(runs):
    july = runs["july"]
    assert len(july["posts"]) == 1 and len(july["mails"]) == 1
    text = july["posts"][0]["text"]
    lines = text.splitlines()
    assert lines[0].startswith("customs-wh run ") and " STOPPED: gate 1 (landed observations) FAILED" in lines[0]
    critical = [line for line in lines if line.startswith("1. [stopped the run] [CRITICAL]")]
    assert critical and BAD_LABEL in critical[0] and "partner_within_world" in critical[0], text
    print(text)  # noqa: T201 - shown with -s: the message as a person reads it
    mail = july["mails"][0]
    assert (
        mail["Subject"].startswith("[customs-wh critical] run ")
        and "stopped: gate 1 (landed observations) FAILED" in mail["Subject"]
    )
    assert BAD_LABEL in mail.get_content() and "partner_within_world" in mail.get_content()
