"""The package's architecture as the README's Layout states it: a folder per responsibility,
imports going one way, small modules, and stages that import without Airflow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from repo_paths import REPO_ROOT

PACKAGE = REPO_ROOT / "include" / "customs_wh"
# The core: the package's root modules, which every part may import.
CORE = {"clock", "config", "contracts", "partner_contracts", "table_registry", "failpoints", "words", "reference"}
# The partner sources (mirror statistics), one folder each beside gacc: request forms, parser, codes.
SOURCES = ("census", "eurostat", "hmrc", "ecb")
PARTS = (
    "core",
    "gacc",
    *SOURCES,
    "warehouse",
    "quality",
    "reporting",
    "sample_site",
    "sample_sources",
    "orchestration",
    "tools",
    "cli",
)
# What each part may import besides itself (README: Layout). "package" is customs_wh/__init__.py,
# which every import of the package runs: it imports nothing of the package.
ALLOWED: dict[str, set[str]] = {
    "package": set(),
    "core": set(),
    "gacc": {"core"},
    **{source: {"core"} for source in SOURCES},
    "warehouse": {"core", "gacc", *SOURCES},
    "quality": {"core", "warehouse"},
    "reporting": {"core", "warehouse"},
    "sample_site": {"core"},
    "sample_sources": {"core"},
    "orchestration": {"core", "gacc", *SOURCES, "warehouse", "quality", "reporting", "sample_site", "sample_sources"},
    # The benchmark runs the command line as a process, never imports it; the command line
    # does not import the benchmark.
    "tools": set(PARTS) - {"tools", "cli"},
    "cli": set(PARTS) - {"cli", "tools"},
}
MAX_MODULE_LINES = 500


def part_of(module: str) -> str:
    """customs_wh.gacc.parse -> gacc; customs_wh.config -> core; customs_wh -> package."""
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


MODULES = {name for name, _ in modules()}


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


def module_named(target: str, known: set[str]) -> str:
    """The module an import names: itself, or the module it takes a name from
    (customs_wh.gacc.parse.parse_release -> customs_wh.gacc.parse, customs_wh.__version__ -> customs_wh)."""
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def violations(module: str, imports: set[str], known: set[str]) -> list[str]:
    """What ``module`` may not import by the README's Layout (a pure function of the import graph)."""
    own = part_of(module)
    if own not in ALLOWED:
        return [f"{module} belongs to no part of the README's Layout ({own})"]
    allowed = ALLOWED[own] | ({own} if own != "package" else set()) | {"package"}
    wrong = set()
    for target in imports:
        named = module_named(target, known)
        if part_of(named) not in allowed and named != module:
            wrong.add(named)
    return [f"{module} ({own}) imports {name}" for name in sorted(wrong)]


@pytest.mark.parametrize(("module", "path"), modules(), ids=[name for name, _ in modules()])
def test_imports_go_one_way(module, path):
    wrong = violations(module, first_party_imports(path), MODULES)
    assert not wrong, f"{wrong}; README Layout allows {sorted(ALLOWED.get(part_of(module), ())) or 'nothing'}"


def test_no_part_may_import_everything():
    """Each rule forbids something: no part is exempt from the check."""
    for own, allowed in ALLOWED.items():
        assert set(PARTS) - allowed - {own}, f"{own} may import every part: its rule cannot fail"


@pytest.mark.parametrize("own", sorted(ALLOWED))
def test_the_rule_of_each_part_can_fail(own):
    """A synthetic module of each part importing each part it may not: the checker names each one."""
    importer = "customs_wh" if own == "package" else ("customs_wh.config" if own == "core" else f"customs_wh.{own}.x")
    targets = {
        part: "customs_wh.contracts" if part == "core" else f"customs_wh.{part}.y"
        for part in PARTS
        if part not in ALLOWED[own] and (part != own or own == "package")
    }
    known = MODULES | {importer, *targets.values()}
    assert targets
    for part, target in targets.items():
        assert violations(importer, {target, f"{target}.name"}, known) == [f"{importer} ({own}) imports {target}"], part
    allowed_modules = {"customs_wh.contracts" if part == "core" else f"customs_wh.{part}.y" for part in ALLOWED[own]}
    imports = allowed_modules | {"customs_wh", "customs_wh.__version__"}
    assert violations(importer, imports, known | allowed_modules) == []


def test_a_module_outside_every_part_is_named():
    """A new root module or folder must be placed in the Layout (the core, or a part) first."""
    assert violations("customs_wh.newpart.x", set(), MODULES) == [
        "customs_wh.newpart.x belongs to no part of the README's Layout (newpart)"
    ]
    assert violations("customs_wh.gacc.x", {"customs_wh.newpart"}, MODULES | {"customs_wh.newpart"}) == [
        "customs_wh.gacc.x (gacc) imports customs_wh.newpart"
    ]


@pytest.mark.parametrize(("module", "path"), modules(), ids=[name for name, _ in modules()])
def test_modules_stay_small(module, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines; split it at a seam (at most {MAX_MODULE_LINES})"


def test_only_the_task_bodies_and_the_local_dag_runner_import_airflow():
    """What runs inside Airflow's tasks (airflow_tasks) and what runs the DAGs for `make run`
    (local_airflow_process); everything else, the stages included, works without Airflow."""
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
    assert importers == ["customs_wh.orchestration.airflow_tasks", "customs_wh.orchestration.local_airflow_process"]


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
