"""The production deployment files: docker-compose.yml, docker/, .env.example.

No Docker engine is needed: the compose file is checked against the Compose Specification
schema, and everything it names (build contexts, bind mounts, commands, variables) against
the repository, the Airflow CLI and the pinned lock.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import subprocess
import tomllib

import jsonschema
import pytest
import yaml
from dotenv import dotenv_values

from repo_paths import REPO_ROOT, TEST_DATA

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCKERFILE = REPO_ROOT / "docker" / "Dockerfile"
INIT_SCRIPT = REPO_ROOT / "docker" / "airflow-init.sh"
LOCK_FILE = REPO_ROOT / "requirements.lock"
# Vendored: see the "$comment" at its top for origin and licence.
COMPOSE_SCHEMA = TEST_DATA / "compose-spec.json"

# Where docker/Dockerfile puts the repository inside the image.
IMAGE_PROJECT_ROOT = "/opt/customs-wh"
AIRFLOW_SERVICES = {
    "airflow-apiserver": "api-server",
    "airflow-scheduler": "scheduler",
    "airflow-dag-processor": "dag-processor",
    "airflow-triggerer": "triggerer",
    "airflow-worker": "celery worker",
}
# Subcommands that Airflow providers add to the CLI; the Celery provider ships in the
# apache/airflow image, not in the project's virtualenv.
PROVIDER_SUBCOMMANDS = {"celery": {"worker", "flower", "stop"}}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|FERNET|TOKEN|_KEY$|AUTH$")
# ${VAR}, ${VAR:-default}, ${VAR:?error}; "$${VAR}" is an escaped literal for the container shell.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
# ${VAR:?error} must be set and not empty; ${VAR?error} must be set, and may be empty (an optional key).
REQUIRED_VARIABLE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]+\}$")


@pytest.fixture(scope="module")
def compose_text() -> str:
    return COMPOSE_FILE.read_text()


@pytest.fixture(scope="module")
def compose(compose_text) -> dict:
    # PyYAML resolves the x-airflow-common anchors and "<<" merges as compose does.
    return yaml.safe_load(compose_text)


@pytest.fixture(scope="module")
def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def env_example() -> dict[str, str | None]:
    return dotenv_values(ENV_EXAMPLE)


def airflow_services(compose: dict) -> dict[str, dict]:
    return {name: svc for name, svc in compose["services"].items() if "build" in svc}


def schema_errors(validator: jsonschema.Draft202012Validator, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


# --- the Compose Specification --------------------------------------------------------------


def test_compose_file_validates_against_the_compose_specification(compose, schema_validator):
    assert schema_errors(schema_validator, compose) == []


def test_schema_check_rejects_a_malformed_compose_file(compose, schema_validator):
    # The validator must be able to fail: a misspelt key and a wrong type are both caught.
    broken = copy.deepcopy(compose)
    broken["services"]["redis"]["helthcheck"] = broken["services"]["redis"].pop("healthcheck")
    broken["services"]["postgres"]["restart"] = ["always"]
    errors = schema_errors(schema_validator, broken)
    assert any("helthcheck" in error for error in errors), errors
    assert any(error.startswith("services/postgres/restart") for error in errors), errors


# --- the deployment's shape -----------------------------------------------------------------


def test_celery_deployment_has_every_airflow_component(compose):
    services = compose["services"]
    assert {"postgres", "redis", "airflow-init", *AIRFLOW_SERVICES} <= set(services)
    for name, command in AIRFLOW_SERVICES.items():
        assert services[name]["command"] == command, name
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://"), name
        assert "@postgres/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name
        assert "@redis:6379/" in env["AIRFLOW__CELERY__BROKER_URL"], name
        assert env["CUSTOMS_WH_HOME"] == f"{IMAGE_PROJECT_ROOT}/var", name
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully", name


def test_worker_can_be_scaled(compose):
    # `docker compose up --scale airflow-worker=3` fails on a fixed name or a fixed host port.
    worker = compose["services"]["airflow-worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert worker.get("deploy", {}).get("replicas", 1) >= 1


def test_every_airflow_service_shares_code_and_warehouse_home(compose):
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in airflow_services(compose).items():
        targets = {mount.split(":")[1]: mount.split(":")[0] for mount in service["volumes"]}
        for code_dir in ("dags", "include", "dbt_project"):
            assert targets.get(f"{IMAGE_PROJECT_ROOT}/{code_dir}") == f"./{code_dir}", (name, code_dir)
        home_source = targets.get(f"{IMAGE_PROJECT_ROOT}/var")
        assert home_source in declared_volumes, f"{name}: the warehouse home must be a named volume"
        assert service["environment"]["AIRFLOW__CORE__DAGS_FOLDER"] == f"{IMAGE_PROJECT_ROOT}/dags"


# --- everything the compose file names exists -----------------------------------------------


def test_build_contexts_and_dockerfiles_exist(compose):
    services = airflow_services(compose)
    assert set(AIRFLOW_SERVICES) <= set(services)
    for name, service in services.items():
        context = (REPO_ROOT / service["build"]["context"]).resolve()
        assert context.is_dir(), name
        assert (context / service["build"]["dockerfile"]).is_file(), name


def test_bind_mounted_paths_exist_and_named_volumes_are_declared(compose):
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith((".", "/")):
                assert (REPO_ROOT / source).exists(), f"{name}: bind mount {source} is not in the repository"
            else:
                assert source in declared, f"{name}: volume {source} is not declared"


def _command_words(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command)


def _airflow_subcommands() -> set[str]:
    from airflow.cli.cli_config import core_commands

    return {command.name for command in core_commands}


def test_commands_are_airflow_subcommands_or_scripts_in_the_repository(compose):
    known = _airflow_subcommands()
    assert {"api-server", "scheduler", "dag-processor", "triggerer", "pools"} <= known
    for name, service in airflow_services(compose).items():
        words = _command_words(service["command"])
        if words[0].startswith(f"{IMAGE_PROJECT_ROOT}/"):
            script = REPO_ROOT / words[0].removeprefix(f"{IMAGE_PROJECT_ROOT}/")
            assert script.is_file(), f"{name}: {words[0]} is not in the repository"
        elif words[0] in PROVIDER_SUBCOMMANDS:
            assert words[1] in PROVIDER_SUBCOMMANDS[words[0]], f"{name}: airflow {' '.join(words)}"
        else:
            assert words[0] in known, f"{name}: '{words[0]}' is not an airflow subcommand"


def test_dockerfile_copies_what_the_compose_file_runs_from_the_image(compose):
    dockerfile = DOCKERFILE.read_text()
    copied = {
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY")
        for source in line.split()[1:-1]
        if not source.startswith("--")
    }
    for source in copied:
        assert (REPO_ROOT / source).exists(), f"docker/Dockerfile copies {source}, which is not in the repository"
    init_command = _command_words(compose["services"]["airflow-init"]["command"])
    assert init_command[0].startswith(f"{IMAGE_PROJECT_ROOT}/docker/") and "docker" in copied
    ignore = (REPO_ROOT / "docker" / "Dockerfile.dockerignore").read_text().split()
    for source in copied:
        # The build context is filtered by the Dockerfile's own ignore file: each copied path must be let in.
        assert f"!{source.rstrip('/')}" in ignore or f"!{source.rstrip('/')}/" in ignore, source


# --- secrets and variables ------------------------------------------------------------------


def test_no_literal_passwords_in_the_compose_file(compose, compose_text):
    assert "airflow:airflow" not in compose_text
    # Credentials inside URLs come from variables only.
    for user, password in re.findall(r"://([^/@\s]*):([^/@\s]*)@", compose_text):
        for part in (user, password):
            assert part == "" or REQUIRED_VARIABLE.match(part), f"literal credential in a URL: {part}"
    for name, service in compose["services"].items():
        env = service.get("environment") or {}
        for key, value in env.items():
            if SECRET_NAME.search(key):
                assert REQUIRED_VARIABLE.match(str(value)), f"{name}: {key} must come from .env as ${{{key}:?...}}"


def test_every_variable_has_an_entry_in_env_example(compose_text, env_example):
    used = set(VARIABLE.findall(compose_text))
    assert {"POSTGRES_PASSWORD", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__CORE__FERNET_KEY"} <= used
    missing = sorted(used - set(env_example))
    assert missing == [], f".env.example lacks {missing}"
    unused = sorted(set(env_example) - used)
    assert unused == [], f".env.example names variables docker-compose.yml never reads: {unused}"


# Settings of docs/operations.md that stay out of the containers' environment, and why.
NOT_FOR_THE_CONTAINERS = {
    "CUSTOMS_WH_DEBUG": "the command line's, for a person at a terminal",
    "SSL_CERT_FILE": "a path inside the image: set where a private CA bundle is built in",
}


def test_every_setting_of_the_operations_reference_reaches_every_airflow_service(compose):
    """A setting a user reads of in docs/operations.md works in the deployment too."""
    reference = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    table = reference.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    assert {"CENSUS_API_KEY", "ECB_BASE_URL", "CUSTOMS_WH_ALERT_MUTES"} <= documented
    expected = documented - set(NOT_FOR_THE_CONTAINERS)
    for name, service in airflow_services(compose).items():
        missing = sorted(expected - set(service["environment"]))
        assert missing == [], f"{name} lacks {missing}"


def test_env_example_holds_placeholders_only(env_example):
    for key, value in env_example.items():
        if "PASSWORD" in key or "SECRET" in key or key.endswith("_KEY"):
            assert value in ("change-me", ""), f"{key} in .env.example must be a placeholder, not a real secret"
    gitignore = (REPO_ROOT / ".gitignore").read_text().split()
    assert ".env" in gitignore or "/.env" in gitignore


# --- the image and the pool -----------------------------------------------------------------


def _locked_version(package: str) -> str:
    for line in LOCK_FILE.read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise AssertionError(f"{package} is not pinned in requirements.lock")


def _supported_pythons() -> set[str]:
    classifiers = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["classifiers"]
    prefix = "Programming Language :: Python :: "
    return {c.removeprefix(prefix) for c in classifiers if re.fullmatch(re.escape(prefix) + r"3\.\d+", c)}


def test_dockerfile_extends_the_pinned_airflow_release_on_a_supported_python():
    airflow_version = _locked_version("apache-airflow")
    froms = [line.split()[1] for line in DOCKERFILE.read_text().splitlines() if line.startswith("FROM ")]
    assert len(froms) == 1
    image, _, tag = froms[0].partition(":")
    assert image == "apache/airflow" and tag.startswith(f"{airflow_version}-python"), froms
    # The image runs a Python the stack is tested on (pyproject's classifiers, make setup's list).
    assert tag.removeprefix(f"{airflow_version}-python") in _supported_pythons(), froms
    # pip inside the image must keep that same Airflow while it installs the lock.
    assert f'"apache-airflow=={airflow_version}" -r requirements.lock' in DOCKERFILE.read_text()
    assert "pip install --no-cache-dir --no-deps -e ." in DOCKERFILE.read_text()


def test_the_image_installs_the_runtime_lock_only_and_checks_it():
    instructions = "\n".join(line for line in DOCKERFILE.read_text().splitlines() if not line.startswith("#"))
    installs = " ".join(instructions.replace("\\\n", " ").split())
    assert "requirements-dev.lock" not in instructions, "the production image must not carry the test tools"
    assert "-r requirements.lock && pip check" in installs
    ignore = (REPO_ROOT / "docker" / "Dockerfile.dockerignore").read_text().split()
    assert "!requirements.lock" in ignore and "!requirements-dev.lock" not in ignore


def test_init_creates_the_one_slot_dbt_pool_the_dag_uses(compose):
    from customs_wh.orchestration.schedule import DBT_POOL

    # That the DAG's dbt tasks take this pool is asserted on the loaded DAG (test_dag.py).
    script = INIT_SCRIPT.read_text()
    assert re.search(rf"airflow pools set {re.escape(DBT_POOL)} 1 ", script), (
        "airflow-init must create the pool with one slot"
    )
    init = compose["services"]["airflow-init"]
    assert init["environment"]["_AIRFLOW_DB_MIGRATE"] == "true"
    assert subprocess.run(["bash", "-n", str(INIT_SCRIPT)], capture_output=True).returncode == 0
