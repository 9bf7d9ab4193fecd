"""The dependencies: pyproject.toml declares what the code imports and runs; the locks pin exactly that.

pyproject.toml names the direct dependencies: `dependencies` for the product (the package and
the DAGs), the `dev` extra for the tests and the linters. requirements.lock pins everything
the product needs and nothing else (the production image installs it alone);
requirements-dev.lock adds the development tools on top of it. Everything here is read from
the source and from the installed packages' metadata: no network, no build.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from repo_paths import REPO_ROOT

PYPROJECT = REPO_ROOT / "pyproject.toml"
RUNTIME_LOCK = REPO_ROOT / "requirements.lock"
DEV_LOCK = REPO_ROOT / "requirements-dev.lock"
PRODUCT_CODE = ("include", "dags")
TEST_CODE = ("tests",)
# The folders pytest's ``pythonpath`` setting puts on the path: the helpers the tests share.
_PYTEST_OPTIONS = tomllib.loads(PYPROJECT.read_text())["tool"]["pytest"]["ini_options"]
HELPER_FOLDERS = [REPO_ROOT / folder for folder in _PYTEST_OPTIONS.get("pythonpath", [])]

# Declared dependencies that no import names, and why each is still needed.
NOT_IMPORTED = {
    "dbt-duckdb": "dbt's DuckDB adapter: dbt loads it for the `type: duckdb` target of dbt_project/profiles.yml",
    "duckdb-cli": "the `duckdb` command-line shell the README offers for reading the published warehouse",
    "asyncpg": "the driver of Airflow's asynchronous metadata connection to PostgreSQL (tests/integration)",
    "pytest-timeout": "a pytest plugin, loaded for the `timeout` setting of [tool.pytest.ini_options]",
    "pytest-xdist": "a pytest plugin: make test's -n runs the tests in several processes",
    "ruff": "a command: make lint and the pre-commit hooks",
    "sqlfluff": "a command: make lint and the pre-commit hooks lint the dbt models with it",
    "pre-commit": "a command: the git hooks of .pre-commit-config.yaml",
    "mypy": "a command: make lint and the pre-commit hooks type-check the package and the DAGs with it",
    "lxml-stubs": "the types of lxml (which ships none), read by mypy",
    "pandas-stubs": "the types of pandas (which ships none), read by mypy",
    "types-pyyaml": "the types of PyYAML (which ships none), read by mypy",
}
# Distributions that install no module of their own but pin the ones that provide it.
META_PACKAGES = {
    "apache-airflow": "the `airflow` modules come from apache-airflow-core and apache-airflow-task-sdk, "
    "which it pins to one release",
}
# A lock line: an exact pin, optionally for some environments only (`; python_version == "3.13"`).
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)(?:\s*;\s*(?P<marker>.+))?$")


@dataclass(frozen=True)
class Pin:
    name: str  # canonical
    version: str
    marker: Marker | None

    @property
    def active(self) -> bool:
        """Whether pip installs this pin on the running Python."""
        return self.marker is None or self.marker.evaluate()


def read_lock(path: Path) -> dict[str, Pin]:
    pins = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or line == "-r requirements.lock":
            continue
        match = PIN.match(line)
        assert match, f"{path.name}:{number}: {raw!r} is not an exact pin (name==version)"
        name = canonicalize_name(match["name"])
        assert name not in pins, f"{path.name}:{number}: {name} is pinned twice"
        pins[name] = Pin(name, match["version"], Marker(match["marker"]) if match["marker"] else None)
    return pins


def active_names(pins: dict[str, Pin]) -> set[str]:
    return {name for name, pin in pins.items() if pin.active}


@cache
def declared() -> dict[str, list[Requirement]]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    return {
        "runtime": [Requirement(line) for line in project["dependencies"]],
        "dev": [Requirement(line) for line in project["optional-dependencies"]["dev"]],
    }


def declared_names(*groups: str) -> set[str]:
    return {canonicalize_name(req.name) for group in groups for req in declared()[group]}


def requirement_closure(roots: Iterable[Requirement]) -> set[str]:
    """Every distribution the roots need on the running Python, read from the installed metadata.

    Extras are followed (``uvicorn[standard]`` needs what its `standard` extra lists); a
    distribution that is not installed is still named (the locks lack it) but not expanded.
    """
    extras_of: dict[str, set[str]] = {}
    queue = [req for req in roots if req.marker is None or req.marker.evaluate({"extra": ""})]
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        wanted = {""} | set(requirement.extras)
        new_extras = wanted - extras_of.get(name, set())
        if not new_extras:
            continue
        extras_of.setdefault(name, set()).update(wanted)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            child = Requirement(line)
            if child.marker is None or any(child.marker.evaluate({"extra": extra}) for extra in new_extras):
                queue.append(child)
    return set(extras_of)


# --- the locks --------------------------------------------------------------------------------------


def test_every_lock_line_is_an_exact_pin():
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    assert len(runtime) > 100 and len(dev) > 5
    twice = sorted(set(runtime) & set(dev))
    assert twice == [], f"pinned in both locks: {twice}"
    assert DEV_LOCK.read_text().splitlines()[1] == "-r requirements.lock", "the dev lock starts from the runtime lock"


@pytest.mark.parametrize(
    "line", ["pytest>=9", "pytest~=9.2", "pytest", "pytest==9.*", "pytest @ https://example.invalid/pytest.whl"]
)
def test_the_pin_reader_refuses_anything_but_an_exact_pin(tmp_path, line):
    lock = tmp_path / "requirements.lock"
    lock.write_text(f"duckdb==2.0.0\n{line}\n")
    with pytest.raises(AssertionError, match="is not an exact pin"):
        read_lock(lock)


def test_pyproject_pins_the_locked_versions():
    pinned = {**read_lock(RUNTIME_LOCK), **read_lock(DEV_LOCK)}
    for group, requirements in declared().items():
        for req in requirements:
            specifiers = list(req.specifier)
            assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{group}: {req} is not an exact pin"
            name = canonicalize_name(req.name)
            assert name in pinned, f"{group}: {req.name} is declared but in neither lock"
            assert pinned[name].version == specifiers[0].version, (
                f"{req.name}: pyproject says {specifiers[0].version}, the lock {pinned[name].version}"
            )
    for name in declared_names("runtime"):
        assert name in read_lock(RUNTIME_LOCK), f"{name} is a runtime dependency: it belongs in requirements.lock"


def test_runtime_lock_pins_exactly_what_the_product_needs():
    needed = requirement_closure(declared()["runtime"])
    pinned = active_names(read_lock(RUNTIME_LOCK))
    assert sorted(needed - pinned) == [], "the product needs these, requirements.lock does not pin them"
    assert sorted(pinned - needed) == [], (
        "requirements.lock pins these, but nothing the product declares needs them "
        "(development tools go to requirements-dev.lock)"
    )


def test_development_lock_adds_exactly_the_development_tools():
    runtime = requirement_closure(declared()["runtime"])
    needed = requirement_closure(declared()["runtime"] + declared()["dev"]) - runtime
    pinned = active_names(read_lock(DEV_LOCK))
    assert sorted(needed - pinned) == [], "the dev extra needs these, requirements-dev.lock does not pin them"
    assert sorted(pinned - needed) == [], "requirements-dev.lock pins these, but nothing in pyproject needs them"


def test_test_tools_stay_out_of_the_production_lock():
    dev_only = requirement_closure(declared()["dev"]) - requirement_closure(declared()["runtime"])
    # What the production image must not carry: the test runner, the SMTP test server, the linters.
    assert {"pytest", "hypothesis", "aiosmtpd", "ruff", "pre-commit", "sqlfluff"} <= dev_only
    assert sorted(dev_only & set(read_lock(RUNTIME_LOCK))) == []


def test_the_environment_runs_the_locked_versions():
    pins = {**read_lock(RUNTIME_LOCK), **read_lock(DEV_LOCK)}
    wrong = {
        name: (pin.version, metadata.version(name))
        for name, pin in pins.items()
        if pin.active and metadata.version(name) != pin.version
    }
    assert wrong == {}, "installed versions differ from the locks (run make setup)"


# --- imports against declarations ---------------------------------------------------------------


@cache
def module_owners() -> dict[str, frozenset[str]]:
    """Dotted module name -> the installed distributions whose files provide it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        for file in dist.files or ():
            path = PurePosixPath(str(file))
            if path.parts[0] == ".." or path.parts[0].endswith((".dist-info", ".data")):
                continue
            if path.suffix not in (".py", ".so", ".pyd"):
                continue
            stem = path.name.split(".")[0]
            parts = path.parts[:-1] if stem == "__init__" else (*path.parts[:-1], stem)
            owners[".".join(parts)].add(name)
    return {module: frozenset(names) for module, names in owners.items()}


def owners_of(module: str) -> frozenset[str]:
    """The distributions of the longest prefix of `module` that one of them provides."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if found := module_owners().get(".".join(parts[:end])):
            return found
    return frozenset()


def is_third_party(module: str, importer: Path) -> bool:
    """Not the standard library, the package itself, or a test module: one beside the importing
    file, in a folder above it within tests/ (pytest puts tests/ itself on the path), or in a
    folder of pytest's ``pythonpath`` setting."""
    top = module.split(".")[0]
    if top in ("__future__", "customs_wh", "tests") or top in sys.stdlib_module_names:
        return False
    folders = [importer.parent, *(p for p in importer.parent.parents if p.is_relative_to(REPO_ROOT / "tests"))]
    folders += HELPER_FOLDERS
    return not any((folder / f"{top}.py").exists() or (folder / top).is_dir() for folder in folders)


def imported_modules(folders: Iterable[str]) -> dict[str, set[str]]:
    """Third-party module -> the files that import it (absolute imports; `from a import b` counts a.b)."""
    found: dict[str, set[str]] = defaultdict(set)
    for folder in folders:
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [f"{node.module}.{alias.name}" for alias in node.names]
                else:
                    continue
                for module in modules:
                    if is_third_party(module, path):
                        found[module].add(str(path.relative_to(REPO_ROOT)))
    return found


def meta_members(meta: str) -> set[str]:
    """What a meta-package always installs (its requirements without a marker)."""
    return {canonicalize_name(Requirement(line).name) for line in metadata.requires(meta) or [] if ";" not in line}


def allowed_providers(groups: tuple[str, ...]) -> set[str]:
    names = declared_names(*groups)
    for meta in names & set(META_PACKAGES):
        names |= meta_members(meta)
    return names


@pytest.mark.parametrize(
    "folders, groups",
    [(PRODUCT_CODE, ("runtime",)), (TEST_CODE, ("runtime", "dev"))],
    ids=["product code: runtime dependencies", "tests: runtime and dev dependencies"],
)
def test_every_import_comes_from_a_declared_dependency(folders, groups):
    allowed = allowed_providers(groups)
    undeclared = {}
    for module, files in imported_modules(folders).items():
        owners = owners_of(module)
        assert owners, f"{sorted(files)} import {module}, which no installed distribution provides"
        if not owners & allowed:
            undeclared[module] = (sorted(owners), sorted(files))
    assert undeclared == {}, f"imported, but pyproject does not declare them ({'/'.join(groups)})"


def test_every_declared_dependency_is_imported_or_run():
    used_by_product = {owner for module in imported_modules(PRODUCT_CODE) for owner in owners_of(module)}
    used_by_tests = {owner for module in imported_modules(TEST_CODE) for owner in owners_of(module)}
    unused = []
    for group, used in (("runtime", used_by_product), ("dev", used_by_tests | used_by_product)):
        for name in sorted(declared_names(group)):
            if name in NOT_IMPORTED:
                continue
            if name in META_PACKAGES and meta_members(name) & used:
                continue
            if name not in used:
                unused.append(f"{group}: {name}")
    assert unused == [], "declared in pyproject but never imported (drop them, or list why in NOT_IMPORTED)"
    stale = sorted(set(NOT_IMPORTED) - declared_names("runtime", "dev"))
    assert stale == [], f"NOT_IMPORTED explains dependencies pyproject does not declare: {stale}"


def test_the_import_check_catches_an_undeclared_import(tmp_path, monkeypatch):
    # The check must be able to fail: a module importing a package nothing declares.
    module = tmp_path / "include" / "uses_undeclared.py"
    module.parent.mkdir()
    module.write_text("import pytest\nfrom hypothesis import strategies\nimport duckdb\n")
    monkeypatch.setattr(sys.modules[__name__], "REPO_ROOT", tmp_path)
    imports = imported_modules(["include"])
    assert set(imports) == {"pytest", "hypothesis.strategies", "duckdb"}
    allowed = allowed_providers(("runtime",))
    outside = {module for module in imports if not owners_of(module) & allowed}
    assert outside == {"pytest", "hypothesis.strategies"}
