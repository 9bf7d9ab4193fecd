"""The commodity tables (5) and (6): landing, gate 1, and the commodity marts.

Release pages come from ``commodity_site`` (a seeded model printed as GACC prints its tables,
January published each way GACC has published it), served by a real HTTP server on
127.0.0.1, landed into a real DuckDB file, gated by Great Expectations and built by dbt.
The parser is stood in for (``parse_json_page``): these tests pin what happens to the
numbers after parsing. Each gate-1 check is shown catching a number damaged the way a real
page (or a parser regression) could damage it, and staying quiet on the undamaged pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import shutil
import statistics
from pathlib import Path

import duckdb
import pytest
from dbt.cli.main import dbtRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import commodity_site as cs
from customs_wh import sample_site
from customs_wh.config import Settings
from customs_wh.contracts import CommodityObservation
from customs_wh.gacc.fetch import Fetcher
from customs_wh.orchestration import stages
from customs_wh.quality import commodity_checks, run_gate1
from customs_wh.warehouse import landing, raw_tables, transform
from databases import build_rows as rows
from http_server import RouteTable, serve
from repo_paths import REPO_ROOT

pytestmark = pytest.mark.slow

QUALITY_DOC = (REPO_ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
SITE = cs.Site("2024-01", "2026-03")
NEW_MONTH = "2026-03"


def land_and_parse(site: cs.Site, home: Path, releases=None) -> Settings:
    routes = RouteTable(site.pages())
    with serve(routes) as base_url:
        config = Settings(home=home, base_url=base_url)
        config.ensure_dirs()
        refs = [
            r
            for r in site.refs(base_url)
            if releases is None or (r.section, r.currency, r.reference_month, r.release_kind) in releases
        ]
        with Fetcher(config, timeout=(2.0, 2.0), retries=1, sleep=lambda _s: None) as fetcher:
            assert not landing.land(config, refs, fetcher, "run-land").failed
    parsed = landing.parse_pending(config, "run-parse", parse_release=cs.parse_json_page)
    assert parsed.quarantined == []
    return config


def execute(home: Path, *statements: str) -> None:
    con = duckdb.connect(str(home / "build.duckdb"))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


# --- landing ------------------------------------------------------------------------------


def test_commodity_pages_land_in_their_own_table_once(tmp_path):
    month = [(section, currency, "2025-03", "preliminary") for section in (1, 5, 6) for currency in ("CNY", "USD")]
    config = land_and_parse(SITE, tmp_path / "home", releases=set(month))
    expected = {
        (section, currency): len(SITE.parsed(section, currency, "2025-03").observations)
        for section, currency, *_ in month
    }

    counts = {
        (section, currency): count
        for section, currency, count in rows(
            config.home, "select section, currency, count(*) from raw.commodity_observations group by all"
        )
    }
    assert counts == {key: n for key, n in expected.items() if key[0] in (5, 6)}
    assert rows(config.home, "select count(*) from raw.observations") == [(expected[1, "CNY"] + expected[1, "USD"],)]
    # A value-only row has no quantity: no row at all, never a zero, and its unit is NULL, not text.
    assert rows(
        config.home,
        "select count(*) filter (where measure like 'quantity%'), count(*) filter (where quantity_unit is not null) "
        "from raw.commodity_observations where commodity_code = 'garments'",
    ) == [(0, 0)]
    assert rows(config.home, "select count(*) from raw.commodity_observations where quantity_unit in ('None', 'nan')")[
        0
    ] == (0,)

    again = landing.parse_pending(config, "run-again", parse_release=cs.parse_json_page)
    assert again.loaded == [] and again.rows == 0

    # Requeued (after a parser fix, say), a commodity page's numbers go and come back once.
    sha = rows(config.home, "select sha256 from raw.manifest where section = 5 and currency = 'USD'")[0][0]
    execute(config.home, f"update raw.manifest set status = 'quarantined', reason = 'test' where sha256 = '{sha}'")
    con = duckdb.connect(str(config.build_db))
    try:
        assert [page.sha256 for page in landing.requeue(con, [sha])] == [sha]
    finally:
        con.close()
    assert rows(config.home, "select count(*) from raw.commodity_observations where sha256 = ?", [sha]) == [(0,)]
    reloaded = landing.parse_pending(config, "run-requeued", parse_release=cs.parse_json_page)
    assert reloaded.loaded == [sha] and reloaded.rows == expected[5, "USD"]


@settings(max_examples=40, deadline=None)
@given(
    section=st.sampled_from([5, 6]),
    month=st.sampled_from(["2024-05", "2025-02", "2026-02"]),
    index=st.integers(min_value=0),
    value=st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_a_page_stating_one_commodity_number_twice_is_rejected(section, month, index, value):
    parsed = SITE.parsed(section, "USD", month)
    assert raw_tables.duplicate_observation(parsed) is None
    repeated = parsed.observations[index % len(parsed.observations)]
    twice = dataclasses.replace(parsed, observations=(*parsed.observations, repeated._replace(value=value)))
    reason = raw_tables.duplicate_observation(twice)
    assert reason is not None and repeated.commodity_code in reason and repeated.measure in reason


# --- gate 1 -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def accepted_home(built_once) -> Path:
    """Every page of SITE landed, parsed and through gate 1: the history new numbers meet."""
    return built_once("commodities-accepted-home", lambda directory: accepted(directory / "home"))


def accepted(home: Path) -> Path:
    config = land_and_parse(SITE, home)
    result = run_gate1(config, "run-history")
    assert result.passed, result.summary()
    # The one thing to report in the history: aluminium's unit changed in 2025 (both editions).
    assert {(f.check, f.severity, f.release) for f in result.findings} == {
        ("commodity_quantity_unit_unchanged", "warning", "2025-02 section 5 CNY (preliminary)"),
        ("commodity_quantity_unit_unchanged", "warning", "2025-02 section 5 USD (preliminary)"),
    }
    return config.home


def regate_new_month(accepted_home: Path, tmp_path: Path, *damages: str):
    """The pages of NEW_MONTH sent through gate 1 again after ``damages`` (SQL) to their numbers."""
    home = tmp_path / "home"
    shutil.copytree(accepted_home, home)
    execute(
        home,
        f"update raw.manifest set gated_at = null where reference_month = '{NEW_MONTH}'",
        *damages,
    )
    return run_gate1(Settings(home=home, base_url="http://127.0.0.1:9"), "run-damaged"), home


def damage(section: int, currency: str | None, where: str, change: str) -> str:
    editions = f"and currency = '{currency}'" if currency else ""
    return (
        f"update raw.commodity_observations set {change} where reference_month = '{NEW_MONTH}' "
        f"and section = {section} {editions} and {where}"
    )


# (check, severity, code the failing rows must name, damage)
DAMAGES = [
    (
        "commodity_currency_allowed",
        "critical",
        "garments",
        damage(5, "USD", "commodity_code = 'garments' and period_kind = 'month'", "currency = 'EUR'"),
    ),
    (
        "commodity_measure_allowed",
        "critical",
        "solar_cells",
        damage(
            5,
            "USD",
            f"commodity_code = 'solar_cells' and period_kind = 'ytd' and period_end = '{NEW_MONTH}' "
            "and measure = 'value'",
            "measure = 'price'",
        ),
    ),
    (
        "commodity_period_kind_allowed",
        "critical",
        "aquatic_products",
        damage(
            5,
            "USD",
            "commodity_code = 'aquatic_products' and period_kind = 'month' and measure = 'value'",
            "period_kind = 'quarter'",
        ),
    ),
    (
        "commodity_flow_matches_section",
        "critical",
        "agricultural_products",
        damage(5, "USD", "commodity_code = 'agricultural_products' and period_kind = 'month'", "flow = 'import'"),
    ),
    (
        "commodity_reference_month_is_a_month",
        "critical",
        "garments",
        damage(5, "CNY", "commodity_code = 'garments' and period_kind = 'month'", "reference_month = '2026-3'"),
    ),
    (
        "commodity_periods_consistent",
        "critical",
        "solar_cells",
        damage(5, "CNY", f"commodity_code = 'solar_cells' and period_end < '{NEW_MONTH}'", "period_start = '2025-02'"),
    ),
    # A unit printed and a quantity missing; a quantity printed without its unit.
    (
        "commodity_quantity_where_unit_printed",
        "critical",
        "crude_petroleum",
        f"delete from raw.commodity_observations where reference_month = '{NEW_MONTH}' and section = 6 "
        "and currency = 'USD' and commodity_code = 'crude_petroleum' and period_kind = 'month' "
        "and measure = 'quantity'",
    ),
    (
        "commodity_quantity_where_unit_printed",
        "critical",
        "grain_food",
        damage(6, "USD", "commodity_code = 'grain_food'", "quantity_unit = null"),
    ),
    (
        "commodity_cny_usd_editions_agree",
        "critical",
        "integrated_circuits",
        damage(
            6,
            "USD",
            "commodity_code = 'integrated_circuits' and period_kind = 'month' and measure = 'value'",
            "value = value * 1.2",
        ),
    ),
    (
        "commodity_editions_quantities_agree",
        "critical",
        "soya_beans",
        damage(
            6,
            "USD",
            "commodity_code = 'soya_beans' and period_kind = 'month' and measure = 'quantity'",
            "value = value + 10",
        ),
    ),
    # Both editions, so that only the world says they are wrong.
    (
        "commodity_within_world",
        "critical",
        "hi_tech_products",
        damage(
            6,
            None,
            f"commodity_code = 'hi_tech_products' and period_end = '{NEW_MONTH}' and measure = 'value' "
            "and period_kind = 'ytd'",
            "value = value * 4",
        ),
    ),
    (
        "commodity_unit_value_within_history",
        "warning",
        "Electric vehicles",
        damage(
            5,
            None,
            "commodity_code = 'electric_vehicles' and period_kind = 'month' and measure = 'quantity'",
            "value = value / 100",
        ),
    ),
    (
        "commodity_quantity_unit_unchanged",
        "warning",
        "Lithium-ion batteries",
        damage(5, None, "commodity_code = 'lithium_ion_batteries'", "quantity_unit = 'Pieces'"),
    ),
]


@pytest.fixture(scope="module")
def damaged_gate(accepted_home, tmp_path_factory):
    """Gate 1 on NEW_MONTH with every damage of DAMAGES, each to a different commodity."""
    result, _home = regate_new_month(accepted_home, tmp_path_factory.mktemp("damaged"), *[d[3] for d in DAMAGES])
    return result


def test_the_undamaged_new_month_passes_gate_1_quietly(accepted_home, tmp_path):
    result, _home = regate_new_month(accepted_home, tmp_path)
    assert result.checks_run >= len(commodity_checks.CHECKS) and result.findings == []


@pytest.mark.parametrize("check, severity, named, _damage", DAMAGES, ids=[f"{d[0]}-{d[2]}" for d in DAMAGES])
def test_each_commodity_check_catches_its_damage(check, severity, named, _damage, damaged_gate):
    findings = [f for f in damaged_gate.findings if f.check == check]
    assert findings, [f.check for f in damaged_gate.findings]
    assert {f.severity for f in findings} == {severity}
    assert any(named in f.observed or any(named in map(str, row.values()) for row in f.rows) for f in findings), [
        f.observed for f in findings
    ]
    if severity == "warning":
        # A warning names the commodity and the month for the person who looks.
        assert any(named in f.observed and NEW_MONTH in f.observed for f in findings)
    else:
        assert {f.release for f in findings} <= set(damaged_gate.quarantined)


def test_gate_1_stops_on_a_critical_commodity_finding_and_quarantines_the_page(damaged_gate):
    assert not damaged_gate.passed
    assert "2026-03 section 5 USD (preliminary)" in damaged_gate.quarantined
    assert all(release.startswith(NEW_MONTH) for release in damaged_gate.quarantined)


def test_a_usd_edition_printed_in_the_wrong_unit_is_caught(accepted_home, tmp_path):
    # Every figure ten times too large: "USD1 Million" printed over figures in USD 100,000.
    result, home = regate_new_month(
        accepted_home, tmp_path, damage(5, "USD", "measure = 'value'", "value = value * 10")
    )
    findings = [f for f in result.findings if f.check == "commodity_cny_usd_rate_plausible"]
    # Neither edition is wrong on its own: both are held back, as for the other tables.
    assert findings and {f.release for f in findings} == {
        "2026-03 section 5 USD (preliminary)",
        "2026-03 section 5 CNY (preliminary)",
    }
    assert (
        rows(home, "select status, reason from raw.manifest where release_key = '2026-03/s5/USD/preliminary'")[0][0]
        == "quarantined"
    )


def months_before(month: str, count: int) -> list[str]:
    return [cs.month_add(month, -n) for n in range(count, 0, -1)]


@settings(max_examples=60, deadline=None)
@given(
    history=st.lists(st.floats(min_value=-0.3, max_value=0.3), min_size=0, max_size=30),
    jump=st.floats(min_value=-6.0, max_value=6.0),
)
def test_a_unit_value_is_judged_against_its_own_two_years(history, jump):
    """The unit-value frame against the rule it states: flagged when the new month's log unit
    value is more than ln 3 and more than 6 robust standard deviations from the median of the
    commodity's preceding 24 months (at least 6 of them), never otherwise."""
    con = duckdb.connect()
    try:
        months = months_before(NEW_MONTH, len(history)) + [NEW_MONTH]
        logs = [*history, jump]
        rows_ = []
        for month, log_unit_value in zip(months, logs, strict=True):
            page = f"{month}|page"
            for measure, value in (("value", 1000.0 * math.exp(log_unit_value)), ("quantity", 1000.0)):
                rows_.append((page, month, month == NEW_MONTH, measure, value))
        con.execute(
            "create temp table commodity_numbers as select page, page as release, in_scope, 'USD' as currency, "
            "'ships' as commodity_code, 'Ships' as commodity, 'export' as flow, 'Ship' as quantity_unit, "
            "'month' as period_kind, month as period_end, month as reference_month, measure, value, 1 as scale "
            "from (values "
            + ", ".join(f"('{p}', '{m}', {str(i).lower()}, '{ms}', {v!r})" for p, m, i, ms, v in rows_)
            + ") as t(page, month, in_scope, measure, value)"
        )
        (frame,) = [f for f in commodity_checks.FRAMES if f.name == "commodity_unit_values"]
        judged = con.execute(frame.sql).fetchall()
    finally:
        con.close()
    earlier = history[-commodity_checks.UNIT_VALUE_HISTORY_MONTHS :]
    if len(earlier) < commodity_checks.UNIT_VALUE_MIN_HISTORY:
        assert judged == []
        return
    ordered = sorted(earlier)
    median = statistics.median(ordered)
    quartiles = statistics.quantiles(ordered, n=4, method="inclusive")
    robust_sd = (quartiles[2] - quartiles[0]) / 1.349
    deviation = jump - median
    expected = (
        abs(deviation) <= math.log(commodity_checks.UNIT_VALUE_FACTOR) + 1e-9
        or abs(deviation) <= commodity_checks.UNIT_VALUE_ROBUST_Z * robust_sd + 1e-9
    )
    ((within,),) = [(row[-1],) for row in judged]
    borderline = min(
        abs(abs(deviation) - math.log(commodity_checks.UNIT_VALUE_FACTOR)),
        abs(abs(deviation) - commodity_checks.UNIT_VALUE_ROBUST_Z * robust_sd),
    )
    if borderline > 1e-6:
        assert within == expected, (deviation, robust_sd)


# --- the marts ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_home(accepted_home, built_once) -> Path:
    def build(directory: Path) -> Path:
        home = directory / "home"
        shutil.copytree(accepted_home, home)
        build = transform.dbt_build(Settings(home=home, base_url="http://127.0.0.1:9"))
        assert build.success, build.summary()
        assert not build.warnings, [w.describe() for w in build.warnings]
        return home

    return built_once("commodities-built-home", build)


def printed(section: int, month: str, code: str, measure: str, period_kind: str, period_end: str) -> float:
    (value,) = [
        o.value
        for o in SITE.parsed(section, "USD", month).observations
        if o.commodity_code == code
        and o.measure == measure
        and o.period_kind == period_kind
        and o.period_end == period_end
    ]
    return value


def test_calendar_year_growth_is_gaccs_from_the_december_release(built_home):
    # The calendar year is December's year to date, against the year before as December's page prints it.
    this_year = printed(5, "2025-12", "hi_tech_products", "value", "ytd", "2025-12")
    prior = printed(5, "2025-12", "hi_tech_products", "value", "ytd", "2024-12")
    ((value, prior_value, growth, gacc),) = rows(
        built_home,
        "select value_usd, value_prior_usd, value_yoy_pct, gacc_value_yoy_pct from marts.commodity_trade "
        "where commodity_code = 'hi_tech_products' and flow = 'export' and \"window\" = 'calendar_year' "
        "and period_end_month = date '2025-12-01'",
    )
    assert value == pytest.approx(this_year * 1e6) and prior_value == pytest.approx(prior * 1e6)
    assert growth == pytest.approx(100 * (this_year / prior - 1))
    assert abs(growth - gacc) <= 0.05 + 1e-9
    assert rows(
        built_home,
        "select vintage_status, numbers_revised from marts.release_vintages "
        "where release_key = '2025-12/s5/USD/preliminary'",
    ) == [("current", None)]


def test_every_printed_growth_rate_is_reproduced(built_home):
    off = rows(
        built_home,
        "select commodity_code, flow, period_end_month, value_yoy_pct, gacc_value_yoy_pct from marts.commodity_trade "
        "where gacc_value_yoy_pct is not null and abs(value_yoy_pct - gacc_value_yoy_pct) > 0.06",
    )
    assert off == []
    assert rows(built_home, "select count(*) from marts.commodity_trade where gacc_value_yoy_pct is not null")[0][0] > 0


def test_january_is_where_each_year_published_it(built_home):
    def month_rows(month: str) -> list[tuple]:
        return rows(
            built_home,
            "select months_covered, value_usd from marts.commodity_trade where commodity_code = 'mobile_phones' "
            "and \"window\" = 'month' and period_end_month = cast(? as date)",
            [month + "-01"],
        )

    # 2025: January-February together, one row on February, no January.
    assert month_rows("2025-01") == []
    assert month_rows("2025-02") == [
        (2, pytest.approx(printed(5, "2025-02", "mobile_phones", "value", "ytd", "2025-02") * 1e6))
    ]
    # 2026: February printed on its own; January is January-February minus February.
    february = printed(5, "2026-02", "mobile_phones", "value", "month", "2026-02")
    january_february = printed(5, "2026-02", "mobile_phones", "value", "ytd", "2026-02")
    assert month_rows("2026-02") == [(1, pytest.approx(february * 1e6))]
    assert month_rows("2026-01") == [(1, pytest.approx((january_february - february) * 1e6))]
    # March without January on its own: the month is printed.
    assert month_rows("2026-03") == [
        (1, pytest.approx(printed(5, "2026-03", "mobile_phones", "value", "month", "2026-03") * 1e6))
    ]


def test_quantities_are_compared_only_within_one_unit(built_home):
    # Aluminium is printed in "Ton" in 2024 and "10,000 Tons" from 2025.
    compared = rows(
        built_home,
        'select "window", period_end_month, quantity_unit, quantity_prior, unit_value_usd, unit_value_prior_usd '
        "from marts.commodity_trade where commodity_code = 'aluminium' and quantity_prior is not null",
    )
    assert compared
    for _window, _month, _unit, _prior, unit_value, prior_unit_value in compared:
        assert 0.5 < unit_value / prior_unit_value < 2.0, compared
    across = rows(
        built_home,
        "select count(*) from marts.commodity_trade where commodity_code = 'aluminium' and \"window\" = 'month' "
        "and year(period_end_month) = 2025 and value_prior_usd is not null and quantity_prior is null",
    )
    assert across[0][0] >= 10
    assert rows(
        built_home, "select quantity_units_seen from marts.dim_commodity where commodity_code = 'aluminium'"
    ) == [("10,000 Tons; Ton",)]
    assert (
        rows(
            built_home, "select count(quantity), count(*) from marts.commodity_trade where commodity_code = 'garments'"
        )[0][0]
        == 0
    )


def test_the_new_three_are_the_sum_of_their_members(built_home):
    ((value, prior, growth, members),) = rows(
        built_home,
        "select value_usd, value_prior_usd, value_yoy_pct, member_count from marts.commodity_group_trade "
        "where group_code = 'new_three' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
    )
    codes = ("electric_vehicles", "lithium_ion_batteries", "solar_cells")
    this_year = sum(printed(5, "2025-12", c, "value", "ytd", "2025-12") for c in codes)
    year_earlier = sum(printed(5, "2025-12", c, "value", "ytd", "2024-12") for c in codes)
    assert members == 3
    assert value == pytest.approx(this_year * 1e6) and prior == pytest.approx(year_earlier * 1e6)
    assert growth == pytest.approx(100 * (this_year / year_earlier - 1))


def test_shares_stay_within_the_world_and_rank_only_commodities(built_home):
    ((highest, aggregates_ranked, commodities_unranked),) = rows(
        built_home,
        "select max(share_pct), count(rank) filter (where is_aggregate), count(*) filter (where not is_aggregate "
        "and rank is null) from marts.commodity_share",
    )
    assert highest < 100 and aggregates_ranked == 0 and commodities_unranked == 0
    ((share, world),) = rows(
        built_home,
        "select share_pct, world_value_usd from marts.commodity_share where commodity_code = 'hi_tech_products' "
        "and flow = 'export' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
    )
    assert world > 0 and 20 < share < 40


def test_every_commodity_mart_column_is_described_for_readers(built_home):
    undescribed = rows(
        built_home,
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
        "and (table_name like 'commodity%' or table_name = 'dim_commodity') and coalesce(comment, '') = ''",
    )
    assert undescribed == []
    tables = {
        name for (name,) in rows(built_home, "select table_name from duckdb_tables() where schema_name = 'marts'")
    }
    assert {
        "dim_commodity",
        "commodity_trade",
        "commodity_share",
        "commodity_group_trade",
        "commodity_revisions",
    } <= tables


BAD_GROUPS = {
    "mixed": ([("export", "electric_vehicles"), ("import", "crude_petroleum")], "both flows"),
    "grains": ([("import", "soya_beans"), ("import", "grain_food")], "soya_beans is printed under grain_food"),
    "tech": ([("export", "hi_tech_products"), ("export", "solar_cells")], "hi_tech_products (aggregate)"),
}


def test_a_group_that_counts_twice_or_mixes_flows_is_refused(built_home, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(built_home, home)
    values = ", ".join(
        f"('{group}', '{flow}', '{code}')"
        for group, (members, _problem) in BAD_GROUPS.items()
        for flow, code in members
    )
    execute(home, f"insert into reference.commodity_groups (group_code, flow, commodity_code) values {values}")
    config = Settings(home=home, base_url="http://127.0.0.1:9")
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(home))
    test = "assert_commodity_groups_are_well_formed"
    try:
        outcome = dbtRunner().invoke(transform.dbt_args(config, "test") + ["--select", test])
    finally:
        transform.release_database()
    (result,) = outcome.result.results
    assert str(result.status) == "fail" and result.failures == len(BAD_GROUPS) and not outcome.success
    compiled = config.dbt_dir / "target" / "compiled" / "customs_wh" / "tests" / f"{test}.sql"
    problems = dict(rows(home, compiled.read_text()))
    assert problems.keys() == BAD_GROUPS.keys(), problems
    for group, (_members, problem) in BAD_GROUPS.items():
        assert problem in problems[group], problems


def test_the_shipped_groups_build_and_say_what_their_columns_mean(built_home):
    ((comment,),) = rows(
        built_home,
        "select comment from duckdb_columns() where schema_name = 'marts' and table_name = 'commodity_trade' "
        "and column_name = 'quantity_prior'",
    )
    groups = rows(built_home, "select distinct group_code from marts.commodity_group_trade")
    assert "same quantity_unit" in comment and groups == [("new_three",)]


# --- the sample site, through the real parser -----------------------------------------------


@pytest.fixture(scope="module")
def sample_site_home(built_once) -> Path:
    """The preliminary commodity tables and totals table of the sample site, 2024-2025, landed and built.

    The stages the refresh runs, with the real parser. The tables by country and the Monthly
    Bulletin are left out: the commodity marts compare with the totals table alone.
    """
    return built_once("commodities-sample-site-home", landed_and_built)


def landed_and_built(directory: Path) -> Path:
    site, home = directory / "site", directory / "home"
    sample_site.build_site(site, first_month="2024-01", last_month="2025-12")
    with sample_site.serve(site) as url:
        config = Settings(home=home, base_url=url)
        run = stages.new_run_id()
        refs = stages.stage_discover(config, run, from_month="2024-01", through_month="2025-12")
        preliminary = [ref for ref in refs if ref.release_kind == "preliminary"]
        assert {ref.section for ref in preliminary} == {1, 4, 5, 6}
        stages.stage_land(config, run, [ref for ref in preliminary if ref.section != 4])
        # The sample site's single bad pages are quarantined (the run stops, as on the real site).
        with contextlib.suppress(stages.RefreshFailed):
            stages.stage_parse(config, run)
        gate = run_gate1(config, run)
        assert gate.passed, gate.summary()
        assert not [f for f in gate.findings if f.check.startswith("commodity_")], gate.summary()
        build = transform.dbt_build(config)
        assert build.success, build.summary()
    return home


def test_the_sample_site_gives_the_published_growth_of_the_new_three_and_hi_tech(sample_site_home):
    (new_three,) = rows(
        sample_site_home,
        "select value_yoy_pct from marts.commodity_group_trade where group_code = 'new_three' "
        "and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
    )[0]
    (hi_tech,) = rows(
        sample_site_home,
        "select value_yoy_pct from marts.commodity_trade where commodity_code = 'hi_tech_products' "
        "and flow = 'export' and \"window\" = 'calendar_year' and period_end_month = date '2025-12-01'",
    )[0]
    assert new_three == pytest.approx(27.0, abs=0.5) and hi_tech == pytest.approx(13.0, abs=0.5)
    ((highest, without_world),) = rows(
        sample_site_home,
        "select max(value_usd / world_value_usd), count(*) filter (where world_value_usd is null) "
        "from marts.commodity_share",
    )
    assert 0.4 < highest < 1.0 and without_world == 0


# --- documentation ------------------------------------------------------------------------


@pytest.mark.parametrize("check", [check.name for check in commodity_checks.CHECKS])
def test_every_commodity_check_is_documented(check):
    assert f"`{check}`" in QUALITY_DOC


def test_a_commodity_observation_has_the_fields_the_raw_table_has():
    con = duckdb.connect()
    try:
        from customs_wh.warehouse import db

        db.ensure_schema(con)
        columns = [
            name
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where table_name = 'commodity_observations' "
                "order by column_index"
            ).fetchall()
        ]
    finally:
        con.close()
    assert columns == ["release_key", "sha256", "vintage", "release_kind", *CommodityObservation._fields, "loaded_at"]
