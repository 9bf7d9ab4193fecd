# customs-wh: two commands for a newcomer — `make run` and `make test`.
SHELL := /bin/bash
# The Python versions the pinned stack installs and passes its tests on, newest first; pyproject's
# requires-python says the same. PYTHON=/path/to/python3.x picks one; by default make setup takes
# the newest of them on PATH.
SUPPORTED_PYTHONS := 3.13 3.12 3.11
SUPPORTED_RANGE := $(lastword $(SUPPORTED_PYTHONS)) to $(firstword $(SUPPORTED_PYTHONS))
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
export CUSTOMS_WH_HOME ?= $(CURDIR)/var

.PHONY: setup run test test-fast test-integration bench lint clean help

help:
	@echo "make setup             .venv/ with the newest Python $(SUPPORTED_RANGE) on PATH (or PYTHON=...) and the locks"
	@echo "make run               land the embedded sample site through the Airflow DAG and publish the marts"
	@echo "make test              the whole test suite but the integration tests, slowest 15 listed (sets itself up)"
	@echo "make test-fast         the inner loop: no slow test, stops at the first failure, last failures first"
	@echo "make test-integration  a real scheduler on PostgreSQL runs the DAG"
	@echo "make bench             speed of parse, backfill, incremental refresh and queries"
	@echo "make lint              ruff (check and format) and mypy on the Python code, sqlfluff on the dbt SQL"
	@echo "make clean             remove var/ (all local state)"

# Prints "X.Y X.Y.Z" for a working interpreter $$1; fails for anything else (a missing command,
# a pyenv shim of a version that is not selected).
define PYTHON_SELECTION
python_version() { "$$1" -c 'import sys; print("%d.%d %d.%d.%d" % (sys.version_info[:2] + sys.version_info[:3]))' 2>/dev/null; }
supported() { case " $(SUPPORTED_PYTHONS) " in *" $$1 "*) return 0;; esac; return 1; }
# The interpreter for a new .venv: PYTHON if given (refused unless supported), else the newest supported one on PATH.
select_python() {
  if [ -n "$(PYTHON)" ]; then
    read -r minor full < <(python_version "$(PYTHON)") || { echo "make setup: PYTHON=$(PYTHON) is not a working Python interpreter" >&2; return 1; }
    supported "$$minor" || { echo "make setup: PYTHON=$(PYTHON) is Python $$full; customs-wh supports Python $(SUPPORTED_RANGE)" >&2; return 1; }
    echo "$(PYTHON) $$full"; return 0
  fi
  for minor in $(SUPPORTED_PYTHONS); do
    for candidate in python$$minor python3; do
      read -r found full < <(python_version "$$candidate") || continue
      [ "$$found" = "$$minor" ] && { echo "$$candidate $$full"; return 0; }
    done
  done
  echo "make setup: no supported Python on PATH (customs-wh supports Python $(SUPPORTED_RANGE)); install one, or name it: make setup PYTHON=/path/to/python3.13" >&2
  return 1
}
endef
export PYTHON_SELECTION

# A .venv of another Python than PYTHON asks for, or whose interpreter no longer runs (or is unsupported), is made anew.
setup:
	@eval "$$PYTHON_SELECTION"; \
	  current=$$(python_version $(BIN)/python | cut -d' ' -f1); \
	  if [ -d $(VENV) ] && ! supported "$$current"; then echo "setup: $(VENV) does not run a supported Python; making it anew"; rm -rf $(VENV); \
	  elif [ -n "$$current" ] && [ -n "$(PYTHON)" ]; then \
	    read -r _ wanted < <(select_python) || exit 1; \
	    if [ "$${wanted%.*}" != "$$current" ]; then echo "setup: $(VENV) has Python $$current, PYTHON asks for $${wanted%.*}: making it anew"; rm -rf $(VENV); fi; \
	  fi
	@$(MAKE) --no-print-directory --silent $(STAMP)

# Re-installs only when the lock or the project metadata changed.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@eval "$$PYTHON_SELECTION"; \
	  if [ ! -x $(BIN)/python ]; then \
	    read -r python full < <(select_python) || exit 1; \
	    echo "setup: creating $(VENV) with Python $$full ($$python)"; \
	    "$$python" -m venv $(VENV) || exit 1; \
	  else \
	    echo "setup: updating $(VENV) (Python $$(python_version $(BIN)/python | cut -d' ' -f2))"; \
	  fi
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==25.3"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)
	@echo "setup: $(VENV) ready (Python $$($(BIN)/python -c 'import platform; print(platform.python_version())'))"

run: setup
	@$(BIN)/customs-wh dag-test --sample-site

# The tests run in one process more than there are cores (pytest-xdist), at most four: part of
# their time is spent waiting (on the servers they start, on a backfill another process builds),
# which the extra process fills (2 cores, quiet: 9 min 56 s in two processes, 9 min 14 s and
# 9 min 27 s in three; docs/development.md). The backfills they start from are built once per
# run, by whichever process asks first (tests/conftest.py: built_once). Work-stealing evens out
# the slow tests. TEST_PROCESSES=0 runs them all in this process.
TEST_PROCESSES ?= $(shell echo $$(( $$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) + 1 )))
XDIST = -n $(TEST_PROCESSES) --maxprocesses=4 --dist worksteal

test: setup lint
	@$(BIN)/python -m pytest -m "not integration" $(XDIST) --durations=15; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then echo "make test: PASS"; else echo "make test: FAIL (pytest exit $$status)"; fi; \
	  exit $$status

# The tests marked slow (a published warehouse, refreshes in processes of their own) are left out;
# --lf reruns only what failed last time (everything when nothing did), -x stops at the first failure.
test-fast: setup
	@$(BIN)/python -m pytest -m "not integration and not slow" $(XDIST) -x --lf --durations=5; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then echo "make test-fast: PASS (make test runs the slow tests too)"; \
	  else echo "make test-fast: FAIL (pytest exit $$status)"; fi; \
	  exit $$status

# pytest exits 5 when it collects no test: that fails too, it must never pass vacuously.
test-integration: setup
	@$(BIN)/python -m pytest -m integration tests/integration; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then echo "make test-integration: PASS"; \
	  elif [ $$status -eq 5 ]; then echo "make test-integration: FAIL (no integration test collected)"; \
	  else echo "make test-integration: FAIL (pytest exit $$status)"; fi; \
	  exit $$status

# make lint runs the linters of LINT_CHECKS side by side, each target's output printed whole when
# it ends: mypy (about 50 s on a fresh clone, before its cache exists) and sqlfluff (about 20 s)
# each keep one core busy, so make lint takes the longer of them, not their sum. A make without
# output sync (GNU make before 4.0, as macOS ships) runs them one after another instead. When one
# fails, the others still run (--keep-going), so one run shows every finding, and make lint (and
# so make test) ends with a line that says so and a non-zero exit.
LINT_CHECKS := lint-python lint-sql lint-types
LINT_SIDE_BY_SIDE := $(if $(filter output-sync,$(.FEATURES)),--jobs=$(words $(LINT_CHECKS)) --output-sync=target)

lint: setup
	@$(MAKE) --no-print-directory --silent --keep-going $(LINT_SIDE_BY_SIDE) $(LINT_CHECKS) || { \
	  echo "make lint: FAIL (the linter above says where; .venv/bin/ruff check --fix, .venv/bin/ruff format and .venv/bin/sqlfluff fix repair much of it; mypy's findings are fixed by hand)" >&2; exit 1; }

.PHONY: $(LINT_CHECKS)
lint-python:
	@$(BIN)/ruff check include dags tests
	@$(BIN)/ruff format --check include dags tests

lint-sql:
	@$(BIN)/sqlfluff lint dbt_project/models dbt_project/tests dbt_project/macros

lint-types:
	@$(BIN)/mypy include dags

bench: setup
	@$(BIN)/python -m customs_wh.tools.bench

clean:
	rm -rf var
