"""Lint in the loop: `make lint`, run first by `make test`, and the pre-commit hooks run the same linters.

The pre-commit hooks must not drift from `make lint`: the same commands, on the same files, at
the versions the locks pin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from repo_paths import REPO_ROOT

MAKEFILE = REPO_ROOT / "Makefile"
PRE_COMMIT_CONFIG = REPO_ROOT / ".pre-commit-config.yaml"
# What each linter reads, to build a file name its hook must (or must not) match.
SUFFIX = {"ruff": "py", "mypy": "py", "sqlfluff": "sql"}


def locked_versions() -> dict[str, str]:
    pins = {}
    for lock in ("requirements.lock", "requirements-dev.lock"):
        for line in (REPO_ROOT / lock).read_text().splitlines():
            name, sep, version = line.partition("==")
            if sep and not line.startswith("#"):
                pins[name.strip().lower()] = version.split(";")[0].strip()
    return pins


def recipe(target: str) -> list[str]:
    """The command lines of a Makefile target, `@` and `$(BIN)/` removed."""
    lines = MAKEFILE.read_text().splitlines()
    start = lines.index(next(line for line in lines if line.startswith(f"{target}:")))
    commands = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        commands.append(line.strip().removeprefix("@").replace("$(BIN)/", ""))
    return commands


def command_and_paths(words: list[str]) -> tuple[str, list[str]]:
    """A linter's command line as (the tool and its subcommand, "ruff check" or "mypy"; the paths it is given)."""
    paths = [word for word in words[1:] if not word.startswith("-") and (REPO_ROOT / word).exists()]
    command = [Path(words[0]).name] + [word for word in words[1:] if not word.startswith("-") and word not in paths]
    return " ".join(command), paths


def lint_targets() -> list[str]:
    """The targets make lint runs side by side (the Makefile's LINT_CHECKS)."""
    line = next(line for line in MAKEFILE.read_text().splitlines() if line.startswith("LINT_CHECKS :="))
    return line.partition(":=")[2].split()


def lint_lines() -> list[str]:
    return [command for target in lint_targets() for command in recipe(target)]


def make_lint_commands() -> list[tuple[str, list[str]]]:
    """(linter and subcommand, the paths it is given) for every line make lint runs."""
    return [command_and_paths(command.split()) for command in lint_lines()]


def hooks() -> list[dict]:
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text())
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def hook_command(hook: dict) -> str:
    return command_and_paths(hook["entry"].split())[0]


def test_pre_commit_accepts_the_configuration():
    pre_commit = Path(sys.executable).with_name("pre-commit")
    proc = subprocess.run([str(pre_commit), "validate-config", str(PRE_COMMIT_CONFIG)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_make_lint_runs_ruff_check_and_format_and_make_test_lints_first():
    commands = dict(make_lint_commands())
    assert commands["ruff check"] == commands["ruff format"] == ["include", "dags", "tests"]
    assert "--check" in next(line for line in lint_lines() if line.startswith("ruff format"))
    test_rule = next(line for line in MAKEFILE.read_text().splitlines() if line.startswith("test:"))
    assert test_rule.split(":")[1].split() == ["setup", "lint"]


def test_every_make_lint_command_has_a_hook_on_the_same_files():
    by_command = {hook_command(hook): hook for hook in hooks()}
    for command, paths in make_lint_commands():
        assert command in by_command, f"make lint runs {command}; .pre-commit-config.yaml has no hook for it"
        hook = by_command[command]
        suffix = SUFFIX[command.split()[0]]
        for path in paths:
            assert re.search(hook["files"], f"{path}/example.{suffix}"), (command, path)
        assert not re.search(hook["files"], f"docker/example.{suffix}"), command
        if hook.get("pass_filenames") is False:  # the hook names its paths itself: make lint's
            assert command_and_paths(hook["entry"].split())[1] == paths, command


def test_make_lint_type_checks_the_package_and_the_dags():
    assert dict(make_lint_commands())["mypy"] == ["include", "dags"]


def test_hooks_run_the_locked_versions():
    pins = locked_versions()
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text())
    assert config["minimum_pre_commit_version"] == pins["pre-commit"]
    for hook in hooks():
        if hook["language"] == "python":
            for dependency in hook["additional_dependencies"]:
                name, _, version = dependency.partition("==")
                assert version == pins[name.lower()], f"{hook['id']}: {dependency}, the lock says {pins[name.lower()]}"
        else:
            # Anything else runs the project's own environment, which make setup builds from the locks.
            assert hook["entry"].startswith(".venv/bin/"), hook["id"]


@pytest.fixture
def scratch_project(tmp_path) -> Path:
    root = tmp_path / "project"
    for folder in ("include", "dags", "tests", "dbt_project/models", "dbt_project/tests", "dbt_project/macros"):
        (root / folder).mkdir(parents=True)
    (root / "dags" / "empty_dag.py").write_text('"""A DAG file: mypy finds none in an empty folder."""\n')
    shutil.copy(MAKEFILE, root / "Makefile")
    for config in ("pyproject.toml", ".sqlfluff"):
        if (REPO_ROOT / config).exists():
            shutil.copy(REPO_ROOT / config, root / config)
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


def run_make_lint(root: Path, *variables: str) -> subprocess.CompletedProcess:
    # -o setup: this scratch copy uses the project's environment as it is. The flags of a make
    # that runs this test (make test) stay out of it.
    env = {key: value for key, value in os.environ.items() if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return subprocess.run(
        ["make", "--no-print-directory", "-o", "setup", "lint", *variables],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "source, finding",
    [
        ("import os\n", "F401"),  # ruff check: an unused import
        ("def f():\n    return {'a':1}\n", "would be reformatted"),  # ruff format --check
        ('count: int = "three"\n', "[assignment]"),  # mypy: a type error
    ],
    ids=["ruff check", "ruff format", "mypy"],
)
def test_make_lint_fails_with_a_clear_line(scratch_project, source, finding):
    (scratch_project / "include" / "module.py").write_text(source)
    proc = run_make_lint(scratch_project)
    assert proc.returncode != 0
    assert finding in proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-2].startswith("make lint: FAIL"), proc.stderr


@pytest.mark.parametrize(
    "variables",
    [(), ("LINT_SIDE_BY_SIDE=",)],
    ids=["side by side", "one after another (a make without output sync)"],
)
def test_make_lint_reports_every_linters_findings_in_one_run(scratch_project, variables):
    """One linter that fails does not hide what the others find."""
    (scratch_project / "include" / "module.py").write_text('import os\n\ncount: int = "three"\n')
    (scratch_project / "dbt_project" / "models" / "shouting.sql").write_text("SELECT 1 AS one\n")
    proc = run_make_lint(scratch_project, *variables)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "F401" in output, output  # ruff check
    assert "[assignment]" in output, output  # mypy
    assert "CP01" in output, output  # sqlfluff: keywords in lower case
    assert proc.stderr.strip().splitlines()[-2].startswith("make lint: FAIL"), proc.stderr
