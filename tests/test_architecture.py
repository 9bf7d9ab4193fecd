"""The package's architecture as the README's Layout states it: a folder per responsibility,
imports going one way, small modules, and stages that import without Airflow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "include" / "customs_wh"
CORE = {"clock", "config", "contracts", "faults"}
# What each part of the package may import, besides itself and the core (README: Layout).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "gacc": set(),
    "warehouse": {"gacc"},
    "quality": {"warehouse", "gacc"},
    "reporting": {"warehouse", "gacc"},
    "sample_site": set(),
    "orchestration": {"gacc", "warehouse", "quality", "reporting", "sample_site"},
    "tools": {"*"},
    "cli": {"*"},
}
MAX_MODULE_LINES = 500


def part_of(module: str) -> str:
    """customs_wh.gacc.parse -> gacc; customs_wh.config -> core; customs_wh.cli -> cli."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    return "core" if parts[1] in CORE else parts[1]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts)
        found.append((name.removesuffix(".__init__"), path))
    return found


def first_party_imports(path: Path) -> set[str]:
    """Every customs_wh module the file imports, at module level or inside functions."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("customs_wh"):
            imported.add(node.module)
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names if alias.name.startswith("customs_wh"))
    return imported


@pytest.mark.parametrize(("module", "path"), modules(), ids=[name for name, _ in modules()])
def test_imports_go_one_way(module, path):
    own = part_of(module)
    allowed = ALLOWED.get(own)
    if own == "package" or allowed == {"*"}:
        return
    known_parts = set(ALLOWED) | {"package"}
    wrong = sorted(
        target
        for target in first_party_imports(path)
        if part_of(target) in known_parts
        and part_of(target) not in {own, "core", "package"} | allowed
        and target != "customs_wh.__version__"
    )
    assert not wrong, f"{module} ({own}) imports {wrong}; README Layout allows {sorted(allowed) or 'only the core'}"


@pytest.mark.parametrize(("module", "path"), modules(), ids=[name for name, _ in modules()])
def test_modules_stay_small(module, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines; split it at a seam (at most {MAX_MODULE_LINES})"


def test_only_airflow_tasks_imports_airflow():
    importers = sorted(
        name
        for name, path in modules()
        if any(
            isinstance(node, (ast.Import, ast.ImportFrom))
            and any(
                (alias.name if isinstance(node, ast.Import) else (node.module or "")).split(".")[0]
                in {"airflow", "cosmos"}
                for alias in node.names
            )
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert importers == ["customs_wh.orchestration.airflow_tasks"]


def test_the_refresh_stages_import_without_airflow(tmp_path):
    """Airflow made unimportable: the stages, the CLI and the refresh still import."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('airflow', 'cosmos'):\n"
        "            raise ImportError(f'{name} is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    code = "import customs_wh.orchestration.stages, customs_wh.orchestration.refresh, customs_wh.cli; print('ok')"
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    # The blocker works: the one module that needs Airflow does not import under it.
    blocked = subprocess.run(
        [sys.executable, "-c", "import customs_wh.orchestration.airflow_tasks"], capture_output=True, text=True, env=env
    )
    assert blocked.returncode != 0 and "blocked in this test" in blocked.stderr
