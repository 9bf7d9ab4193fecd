"""`make setup`: which Python it builds `.venv/` with, and the supported versions everyone agrees on.

The Makefile runs for real, in a scratch copy of the repository's Makefile, with stand-in
interpreters on PATH: small scripts that answer the version probe as a given Python would and
record the `-m venv` call instead of building an environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from repo_paths import REPO_ROOT

MAKEFILE = REPO_ROOT / "Makefile"
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())


def makefile_supported() -> list[str]:
    match = re.search(r"^SUPPORTED_PYTHONS := (.+)$", MAKEFILE.read_text(), re.MULTILINE)
    assert match, "the Makefile names the supported Python versions in SUPPORTED_PYTHONS"
    return match.group(1).split()


def test_makefile_pyproject_and_ruff_agree_on_the_python_versions():
    supported = makefile_supported()
    assert supported == sorted(supported, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    allowed = {f"3.{minor}" for minor in range(6, 20) if requires.contains(f"3.{minor}.0")}
    assert allowed == set(supported)
    classifiers = {
        c.rsplit(" :: ", 1)[1] for c in PYPROJECT["project"]["classifiers"] if re.fullmatch(r".*:: 3\.\d+", c)
    }
    assert classifiers == set(supported)
    oldest = min(supported, key=lambda v: tuple(map(int, v.split("."))))
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + oldest.replace(".", "")


# --- make setup with stand-in interpreters -----------------------------------------------------------


def stand_in(path: Path, version: str | None) -> Path:
    """An executable that answers the version probe as Python `version` would, or fails like a pyenv shim."""
    if version is None:
        body = f'echo "pyenv: {path.name}: command not found" >&2\nexit 127\n'
    else:
        minor = ".".join(version.split(".")[:2])
        body = f'if [ "$1" = "-c" ]; then echo "{minor} {version}"; exit 0; fi\necho "$0 $*" >> "$VENV_CALLS"\nexit 1\n'
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(MAKEFILE, root / "Makefile")
    for name in ("requirements.lock", "requirements-dev.lock", "pyproject.toml"):
        (root / name).write_text("")
    return root


def make_setup(
    project: Path, interpreters: dict[str, str | None], *args: str
) -> tuple[subprocess.CompletedProcess, list]:
    bin_dir = project.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, version in interpreters.items():
        stand_in(bin_dir / name, version)
    calls = project.parent / "venv-calls.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VIRTUAL_ENV"}
    }
    # Every python name make setup may try is a stand-in here, so the machine's own do not count.
    env.update(PATH=f"{bin_dir}:/usr/bin:/bin", VENV_CALLS=str(calls))
    proc = subprocess.run(
        ["make", "--no-print-directory", "setup", *args], cwd=project, env=env, capture_output=True, text=True
    )
    venv_calls = calls.read_text().splitlines() if calls.exists() else []
    return proc, venv_calls


ALL_NAMES = ("python3", "python3.11", "python3.12", "python3.13")


def test_setup_builds_the_venv_with_the_newest_supported_python_on_path(project):
    interpreters = dict.fromkeys(ALL_NAMES) | {"python3": "3.11.9", "python3.11": "3.11.9", "python3.12": "3.12.4"}
    proc, venv_calls = make_setup(project, interpreters)
    # python3.13 is a shim of a version that is not installed: passed over, not fatal.
    assert "setup: creating .venv with Python 3.12.4 (python3.12)" in proc.stdout, proc.stdout + proc.stderr
    assert [call.split()[1:] for call in venv_calls] == [["-m", "venv", ".venv"]]
    assert venv_calls[0].split()[0].endswith("/python3.12")


def test_setup_finds_a_supported_version_under_the_name_python3(project):
    proc, venv_calls = make_setup(project, dict.fromkeys(ALL_NAMES) | {"python3": "3.13.1"})
    assert "setup: creating .venv with Python 3.13.1 (python3)" in proc.stdout, proc.stdout + proc.stderr
    assert len(venv_calls) == 1


def test_setup_uses_the_python_it_is_told_to(project):
    interpreters = dict.fromkeys(ALL_NAMES) | {"python3.11": "3.11.9", "python3.13": "3.13.1"}
    proc, venv_calls = make_setup(project, interpreters, "PYTHON=python3.11")
    assert "setup: creating .venv with Python 3.11.9 (python3.11)" in proc.stdout, proc.stdout + proc.stderr
    assert venv_calls[0].split()[0].endswith("/python3.11")


@pytest.mark.parametrize("version", ["3.10.14", "3.14.0", "2.7.18"])
def test_setup_refuses_an_unsupported_python(project, version):
    proc, venv_calls = make_setup(project, dict.fromkeys(ALL_NAMES) | {"python-other": version}, "PYTHON=python-other")
    assert proc.returncode != 0
    assert (
        f"make setup: PYTHON=python-other is Python {version}; customs-wh supports Python 3.11 to 3.13" in proc.stderr
    )
    assert venv_calls == [] and not (project / ".venv").exists()


def test_setup_refuses_a_python_that_does_not_run(project):
    proc, venv_calls = make_setup(project, dict.fromkeys(ALL_NAMES), "PYTHON=python3.12")
    assert proc.returncode != 0
    assert "make setup: PYTHON=python3.12 is not a working Python interpreter" in proc.stderr
    assert venv_calls == []


def test_setup_says_what_to_do_when_no_supported_python_is_on_path(project):
    proc, venv_calls = make_setup(project, dict.fromkeys(ALL_NAMES) | {"python3": "3.10.14"})
    assert proc.returncode != 0
    assert "make setup: no supported Python on PATH (customs-wh supports Python 3.11 to 3.13)" in proc.stderr
    assert "PYTHON=" in proc.stderr
    assert venv_calls == []


def test_setup_remakes_a_venv_of_another_python_than_the_one_asked_for(project):
    existing = project / ".venv" / "bin"
    existing.mkdir(parents=True)
    stand_in(existing / "python", "3.12.4")
    interpreters = dict.fromkeys(ALL_NAMES) | {"python3.11": "3.11.9", "python3.12": "3.12.4"}
    proc, venv_calls = make_setup(project, interpreters, "PYTHON=python3.11")
    assert "setup: .venv has Python 3.12, PYTHON asks for 3.11: making it anew" in proc.stdout, proc.stdout
    assert "setup: creating .venv with Python 3.11.9 (python3.11)" in proc.stdout
    assert venv_calls[0].split()[0].endswith("/python3.11")


def test_setup_keeps_a_venv_of_the_python_asked_for(project):
    existing = project / ".venv" / "bin"
    existing.mkdir(parents=True)
    stand_in(existing / "python", "3.11.9")
    proc, venv_calls = make_setup(project, dict.fromkeys(ALL_NAMES) | {"python3.11": "3.11.9"}, "PYTHON=python3.11")
    assert "making it anew" not in proc.stdout and (existing / "python").exists()
    assert "setup: updating .venv (Python 3.11.9)" in proc.stdout, proc.stdout + proc.stderr
    assert not [call for call in venv_calls if " -m venv " in call]
