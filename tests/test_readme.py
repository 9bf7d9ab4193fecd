"""The README documents what users meet: every mart, every quality check, every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from customs_wh.cli import app
from customs_wh.quality.checks import GATE1_CHECKS, GATE2_CHECKS
from customs_wh.reporting.queries import example_queries

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
MARTS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "marts").glob("*.sql"))


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_is_documented(mart):
    assert f"`marts.{mart}`" in README


@pytest.mark.parametrize("check", [check.name for check in GATE1_CHECKS + GATE2_CHECKS])
def test_every_quality_check_is_documented(check):
    assert f"`{check}`" in README


def test_every_command_is_documented():
    import typer.main

    commands = typer.main.get_command(app).commands
    for name, command in commands.items():
        assert f"`customs-wh {name}" in README, name
        for sub in getattr(command, "commands", {}):
            assert sub in README, f"{name} {sub}"


def test_the_readme_questions_are_the_shipped_queries():
    for name, sql in example_queries():
        body = "\n".join(line for line in sql.strip().splitlines() if not line.startswith("--"))
        assert body.strip() in README, f"README shows a different {name}"


def test_no_placeholder_is_left():
    for marker in ("BENCH_TABLE", "DEV_FRESH_TEST", "DEV_FRESH_RUN", "TODO"):
        assert marker not in README, marker
