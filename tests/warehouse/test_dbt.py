"""The dbt project on its own: it parses, compiles, its unit tests pass, and its data tests
catch marts damaged against them.

A refresh leaves dbt's unit tests out (they check SQL, not data); here they run, on a build
database holding the raw schema and nothing else, so every model builds empty first. The data
tests run on a small synthetic warehouse.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt.cli.main import dbtRunner

from customs_wh.config import Settings
from customs_wh.warehouse import db, transform
from databases import insert_rows


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    settings = Settings(home=tmp_path / "home", base_url="http://127.0.0.1:9")
    settings.ensure_dirs()
    with db.connect(settings.build_db):
        pass  # creates raw.* and ops.*, empty
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(settings.home))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    return settings


def invoke(settings: Settings, *args: str, unit_tests: bool = True):
    try:
        return dbtRunner().invoke(transform.dbt_args(settings, args[0], unit_tests=unit_tests) + list(args[1:]))
    finally:
        transform.release_database()


def test_the_project_parses_and_compiles(settings):
    result = invoke(settings, "compile")
    assert result.success, result.exception
    compiled = settings.dbt_dir / "target" / "compiled" / "customs_wh" / "models" / "marts"
    assert {p.stem for p in compiled.glob("*.sql")} >= {
        "dim_partner",
        "trade_balance_monthly",
        "trade_balance_summary",
        "partner_share",
        "release_vintages",
        "revisions",
    }


def test_every_model_builds_and_every_unit_test_passes(settings):
    result = invoke(settings, "build")
    assert result.success, [
        (r.node.name, r.status, r.message) for r in result.result.results if str(r.status) not in ("success", "pass")
    ]
    statuses = {(r.node.resource_type, str(r.status)) for r in result.result.results}
    unit_tests = [r for r in result.result.results if str(r.node.resource_type) == "unit_test"]
    assert len(unit_tests) >= 4 and all(str(r.status) == "pass" for r in unit_tests), statuses


def test_a_refresh_build_leaves_the_unit_tests_out(settings):
    args = transform.dbt_args(settings)
    assert "--exclude-resource-type" in args and args[args.index("--exclude-resource-type") + 1] == "unit_test"
    assert "--exclude-resource-type" not in transform.dbt_args(settings, unit_tests=True)
    assert os.environ["CUSTOMS_WH_HOME"] == str(settings.home)


def test_source_freshness_flags_a_warehouse_that_stopped_landing(settings):
    # The newest page landed 100 days ago: past the error threshold of the sources (75 days).
    with db.connect(settings.build_db) as con:
        con.execute(
            """
            insert into raw.manifest (sha256, url, release_key, section, currency, reference_month, release_kind,
                vintage, fetched_at, byte_size, status)
            values ('a', 'http://x/a.html', '2026-07/s4/USD/preliminary', 4, 'USD', '2026-07', 'preliminary', 1,
                    now()::timestamp - interval 100 day, 1000, 'landed')
            """
        )
    result = invoke(settings, "source freshness")
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    assert statuses["manifest"] == "error", statuses
    assert not result.success


# --- the marts' invariants, on a small synthetic warehouse ------------------------------------
#
# Every invariant of the marts lives in dbt (generic tests in the models' YAML, singular tests
# under dbt_project/tests); here each is shown to catch marts damaged the way a faulty model
# could damage them.

# The columns synthetic_pages fills, in its order (decimals and is_derived take their defaults).
# The columns of raw.manifest the synthetic pages fill, in their order (the table has more).
MANIFEST_COLUMNS = (
    "sha256, url, release_key, section, currency, reference_month, release_kind, vintage, published_on, "
    "fetched_at, byte_size, status, reason, run_id, gated_at, image_url"
)
OBSERVATION_COLUMNS = (
    "release_key, sha256, vintage, release_kind, section, currency, unit, scale, reference_month, "
    "publication_date, partner, partner_code, parent_code, flow, measure, period_kind, period_start, value, loaded_at"
)
PARTNERS = (("USA", None), ("JPN", None), ("EU", None), ("DEU", "EU"))
FLOWS = ("export", "import")
CNY_PER_USD = 7.1


def synthetic_pages(seed: int, years: range) -> tuple[list[list], list[list]]:
    """Manifest and observation rows of accepted preliminary releases, both currencies, tables (1)
    and (4), January–February together: printed with one decimal, every row's arithmetic exact
    to the rounding, the partners well inside the world."""
    rng = random.Random(seed)
    manifest, observations = [], []
    for year in years:
        monthly = {
            (code, flow, month): rng.uniform(50, 400) * (1.5 if flow == "export" else 1.0)
            for code, _parent in PARTNERS
            for flow in FLOWS
            for month in range(1, 13)
        }
        for _eu, flow, month in [key for key in monthly if key[0] == "EU"]:
            monthly["EU", flow, month] += monthly["DEU", flow, month]
        for flow in FLOWS:
            for month in range(1, 13):
                monthly["WORLD", flow, month] = 3 * sum(monthly[c, flow, month] for c, p in PARTNERS if p is None)
        for month in range(2, 13):
            reference = f"{year}-{month:02d}"
            published = f"{year + (month == 12)}-{month % 12 + 1:02d}-10"
            for section, currency in ((1, "CNY"), (1, "USD"), (4, "CNY"), (4, "USD")):
                key = f"{reference}/s{section}/{currency}/preliminary"
                sha = hashlib.sha256(f"{seed}{key}".encode()).hexdigest()
                manifest.append(
                    [
                        sha,
                        f"http://gacc.test/{sha[:8]}.html",
                        key,
                        section,
                        currency,
                        reference,
                        "preliminary",
                        1,
                        published,
                        published,
                        1000,
                        "landed",
                        None,
                        "run-test",
                        published,
                        None,
                    ]
                )
                rate = CNY_PER_USD if currency == "CNY" else 1.0
                partners = [("WORLD", None)] + (list(PARTNERS) if section == 4 else [])
                for code, parent in partners:
                    for period_kind in ("month", "ytd") if month > 2 else ("ytd",):
                        months = [month] if period_kind == "month" else range(1, month + 1)
                        values = {f: round(rate * sum(monthly[code, f, m] for m in months), 1) for f in FLOWS}
                        values["total"] = round(values["export"] + values["import"], 1)
                        for flow, value in values.items():
                            observations.append(
                                [
                                    key,
                                    sha,
                                    1,
                                    "preliminary",
                                    section,
                                    currency,
                                    f"{currency} 100 Million",
                                    100_000_000,
                                    reference,
                                    published,
                                    code,
                                    code,
                                    parent,
                                    flow,
                                    "value",
                                    period_kind,
                                    reference if period_kind == "month" else f"{year}-01",
                                    value,
                                    published,
                                ]
                            )
    return manifest, observations


@pytest.fixture(scope="module")
def built_marts(tmp_path_factory) -> Path:
    """A build database with the marts of three synthetic years, every dbt test passing."""
    home = tmp_path_factory.mktemp("synthetic") / "home"
    settings = Settings(home=home, base_url="http://127.0.0.1:9")
    settings.ensure_dirs()
    manifest, observations = synthetic_pages(seed=20260101, years=range(2023, 2026))
    with db.connect(settings.build_db) as con:
        insert_rows(con, "raw.manifest", MANIFEST_COLUMNS, manifest)
        insert_rows(con, "raw.observations", OBSERVATION_COLUMNS, observations)
    result = transform.dbt_build(settings)  # it sets CUSTOMS_WH_HOME, which profiles.yml reads, for the build
    assert result.success and not result.warnings, result.summary() + str(result.warnings)
    return home


def test_without_the_rounding_tolerance_dbt_stops_instead_of_guessing(settings):
    args = transform.dbt_args(settings, "compile")
    index = args.index("--vars")
    result = dbtRunner().invoke(args[:index] + args[index + 2 :])
    transform.release_database()
    assert not result.success
    assert "rounding_tolerance" in str(result.exception)


def damaged_copy(home: Path, tmp_path: Path, damage: list[str]) -> Settings:
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    con = duckdb.connect(str(copy / "build.duckdb"))
    try:
        for sql in damage:
            con.execute(sql)
    finally:
        con.close()
    return Settings(home=copy, base_url="http://127.0.0.1:9")


def data_test_outcomes(settings: Settings, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("CUSTOMS_WH_HOME", str(settings.home))
    result = invoke(settings, "test", "--select", "test_type:data", unit_tests=False)
    return {r.node.name: str(r.status) for r in result.result.results}


MART_DAMAGE = {
    "unique_combination_of_columns_trade_balance_monthly_period_month__partner_code": (
        "insert into marts.trade_balance_monthly select * from marts.trade_balance_monthly "
        "where partner_code = 'USA' and period_month = date '2025-09-01'"
    ),
    "within_range_trade_balance_monthly_imports_usd__0": (
        "update marts.trade_balance_monthly set imports_usd = -imports_usd "
        "where partner_code = 'DEU' and period_month = date '2024-03-01'"
    ),
    "unique_combination_of_columns_trade_balance_summary_partner_code__period_end_month___window_": (
        "insert into marts.trade_balance_summary select * from marts.trade_balance_summary "
        "where partner_code = 'EU' and \"window\" = 'ytd' and period_end_month = date '2025-06-01'"
    ),
    "unique_combination_of_columns_partner_share_partner_code__period_end_month___window___flow": (
        "insert into marts.partner_share select * from marts.partner_share "
        "where partner_code = 'JPN' and \"window\" = 'month' and period_end_month = date '2025-05-01'"
    ),
    "within_range_partner_share_share_pct__100__0": (
        "update marts.partner_share set share_pct = 130.0 where partner_code = 'USA' and \"window\" = 'rolling_12m' "
        "and flow = 'import' and period_end_month = date '2025-09-01'"
    ),
    "assert_country_shares_add_up_to_at_most_100": (
        "update marts.partner_share set value_usd = world_value_usd where partner_code = 'JPN' "
        "and \"window\" = 'ytd' and flow = 'export' and period_end_month = date '2024-10-01'"
    ),
    "assert_calendar_year_is_sum_of_months": (
        "update marts.trade_balance_summary set exports_usd = exports_usd * 1.05 where partner_code = 'WORLD' "
        "and \"window\" = 'calendar_year' and period_end_month = date '2024-12-01'"
    ),
}


def test_every_mart_invariant_catches_marts_damaged_against_it(built_marts, tmp_path, monkeypatch):
    clean = data_test_outcomes(Settings(home=built_marts, base_url="http://127.0.0.1:9"), monkeypatch)
    assert set(MART_DAMAGE) <= set(clean), sorted(set(MART_DAMAGE) - set(clean))
    assert set(clean.values()) == {"pass"}, {name: status for name, status in clean.items() if status != "pass"}

    outcomes = data_test_outcomes(damaged_copy(built_marts, tmp_path, list(MART_DAMAGE.values())), monkeypatch)
    assert {name: outcomes[name] for name in MART_DAMAGE} == dict.fromkeys(MART_DAMAGE, "fail")


def declared_not_null() -> set[tuple[str, str]]:
    """(mart, column) for every column a mart's contract declares not null."""
    declared = set()
    for path in (transform.DBT_PROJECT_DIR / "models" / "marts").glob("*.yml"):
        for model in yaml.safe_load(path.read_text())["models"]:
            for column in model.get("columns", []):
                if {"type": "not_null"} in column.get("constraints", []):
                    declared.add((model["name"], column["name"]))
    return declared


def test_the_marts_tables_refuse_the_nulls_their_contracts_forbid(built_marts, tmp_path):
    declared = declared_not_null()
    assert ("trade_balance_monthly", "exports_usd") in declared and len(declared) > 30
    con = duckdb.connect(str(built_marts / "build.duckdb"), read_only=True)
    try:
        nullable = {
            (table, column): is_nullable
            for table, column, is_nullable in con.execute(
                "select table_name, column_name, is_nullable from information_schema.columns "
                "where table_schema = 'marts'"
            ).fetchall()
        }
    finally:
        con.close()
    assert {key: nullable.get(key) for key in declared} == dict.fromkeys(declared, "NO")
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        damaged_copy(
            built_marts,
            tmp_path,
            [
                "update marts.trade_balance_monthly set exports_usd = null "
                "where partner_code = 'JPN' and period_month = date '2025-07-01'"
            ],
        )


def test_a_calendar_year_off_by_more_than_rounding_but_under_1_percent_warns(built_marts, tmp_path, monkeypatch):
    # USD 200 million on a year of about USD 300 bn: beyond the rounding of the printed figures (USD 100
    # million units, thirteen figures), far below 1%.
    damage = (
        "update marts.trade_balance_summary set imports_usd = imports_usd + 2e8 where partner_code = 'USA' "
        "and \"window\" = 'calendar_year' and period_end_month = date '2023-12-01'"
    )
    outcomes = data_test_outcomes(damaged_copy(built_marts, tmp_path, [damage]), monkeypatch)
    assert outcomes["assert_calendar_year_is_sum_of_months_within_rounding"] == "warn"
    assert outcomes["assert_calendar_year_is_sum_of_months"] == "pass"
