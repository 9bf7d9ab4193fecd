"""The dbt project on its own: it parses, compiles, and its unit tests pass.

A refresh leaves dbt's unit tests out (they check SQL, not data); here they run, on a build
database holding the raw schema and nothing else, so every model builds empty first.
"""

from __future__ import annotations

import os

import pytest
from dbt.cli.main import dbtRunner

from customs_wh.config import Settings
from customs_wh.warehouse import db, transform


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
        transform._release_database()


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
