# customs-wh: two commands for a newcomer — `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
export CUSTOMS_WH_HOME ?= $(CURDIR)/var

.PHONY: setup run test test-integration bench lint clean help

help:
	@echo "make run               land the embedded sample site through the Airflow DAG and publish the marts"
	@echo "make test              the whole test suite (sets itself up)"
	@echo "make test-integration  a real scheduler on PostgreSQL runs the DAG"
	@echo "make bench             speed of parse, backfill, incremental refresh and queries"
	@echo "make lint              ruff (check and format) on the Python code, sqlfluff on the dbt SQL"
	@echo "make clean             remove var/ (all local state)"

setup: $(STAMP)

# Re-installs only when the lock or the project metadata changed.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==25.3"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)
	@echo "setup: $(VENV) ready"

run: setup
	@$(BIN)/customs-wh dag-test --sample-site

test: setup lint
	@$(BIN)/python -m pytest -m "not integration"; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then echo "make test: PASS"; else echo "make test: FAIL (pytest exit $$status)"; fi; \
	  exit $$status

# pytest exits 5 when it collects no test: that fails too, it must never pass vacuously.
test-integration: setup
	@$(BIN)/python -m pytest -m integration tests/integration; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then echo "make test-integration: PASS"; \
	  elif [ $$status -eq 5 ]; then echo "make test-integration: FAIL (no integration test collected)"; \
	  else echo "make test-integration: FAIL (pytest exit $$status)"; fi; \
	  exit $$status

lint: setup
	@$(BIN)/ruff check include dags tests
	@$(BIN)/ruff format --check include dags tests
	@$(BIN)/sqlfluff lint dbt_project/models dbt_project/tests dbt_project/macros

bench: setup
	@$(BIN)/python -m customs_wh.tools.bench

clean:
	rm -rf var
