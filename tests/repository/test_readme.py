"""The README and the reference under docs/ document what users meet: every mart, every quality
check, every command, the shipped questions; the README stays short and links every page."""

from __future__ import annotations

import re

import pytest

from customs_wh.cli import app
from customs_wh.quality.checks import GATE1_CHECKS, GATE2_CHECKS
from customs_wh.reporting.queries import example_queries
from repo_paths import REPO_ROOT

ROOT = REPO_ROOT
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
MARTS = sorted(p.stem for p in (ROOT / "dbt_project" / "models" / "marts").glob("*.sql"))
README_MAX_LINES = 250


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_the_readme_is_short():
    assert len(README.splitlines()) <= README_MAX_LINES


def test_every_docs_page_is_linked_from_the_readme_and_every_link_resolves():
    linked = set(re.findall(r"\]\((docs/[^)#]+)", README))
    pages = {f"docs/{page.name}" for page in DOCS.glob("*.md")}
    assert pages <= linked, f"docs pages the README does not link: {sorted(pages - linked)}"
    missing = [link for link in linked if not (ROOT / link).exists()]
    assert not missing, missing


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_is_documented(mart):
    assert f"`marts.{mart}`" in doc("marts.md")


@pytest.mark.parametrize("check", [check.name for check in GATE1_CHECKS + GATE2_CHECKS])
def test_every_quality_check_is_documented(check):
    assert f"`{check}`" in doc("quality.md")


def test_every_command_is_documented():
    import typer.main

    reference = doc("cli.md")
    commands = typer.main.get_command(app).commands
    for name, command in commands.items():
        assert f"`customs-wh {name}" in reference, name
        for sub in getattr(command, "commands", {}):
            assert sub in reference, f"{name} {sub}"


def test_the_documented_questions_are_the_shipped_queries():
    questions = doc("questions.md")
    for name, sql in example_queries():
        body = "\n".join(line for line in sql.strip().splitlines() if not line.startswith("--"))
        assert body.strip() in questions, f"docs/questions.md shows a different {name}"


@pytest.mark.parametrize("page", ["README.md", *(f"docs/{p.name}" for p in sorted(DOCS.glob("*.md")))])
def test_no_placeholder_is_left(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    for marker in ("BENCH_TABLE", "DEV_FRESH_TEST", "DEV_FRESH_RUN", "TODO"):
        assert marker not in text, marker
