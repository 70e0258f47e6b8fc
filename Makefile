# Sổ Đảng: everyday commands. `make` alone lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# Reinstalls only when pyproject.toml is newer than the stamp.
STAMP := $(VENV)/.installed-stamp
BIND ?= 127.0.0.1:8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS="tests/domain -x"
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (0 runs in one process). Each worker has its own
# PostgreSQL database and temporary folders; loadscope keeps a module's tests on one worker so
# its module fixtures (the demo province) are built once.
TEST_WORKERS ?= 2

.PHONY: help venv install demo test lint format bench chaos translations

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project with its test tools (fast when done)

install: $(STAMP) ## Same as venv

demo: install ## Create the database, load the demo province and serve it on BIND (default 127.0.0.1:8000)
	$(BIN)/sodang init
	SODANG_BIND=$(BIND) $(BIN)/sodang demo
	$(BIN)/sodang serve --bind $(BIND)

test: install ## Run the whole suite on SQLite and on PostgreSQL (starts PostgreSQL, installs Chromium)
	scripts/ensure-postgres.sh
	scripts/ensure-chromium.sh
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: install ## Check lint, formatting (ruff), the import contracts (import-linter) and the web layer's types (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports
	$(BIN)/mypy

format: install ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations: install ## Compile the edited catalogs (web/translations/*/LC_MESSAGES/*.po) to .mo
	$(BIN)/pybabel compile --statistics -d web/translations

bench: install ## Run the benchmarks (python -m bench) when the project has them
	@if [ -f bench/__main__.py ]; then $(BIN)/python -m bench; \
	else echo "no benchmarks yet: bench/__main__.py is missing"; fi

chaos: install ## kill -9 of workers and importer beside 64 writers (PostgreSQL, ~2 min): nothing lost or doubled
	scripts/ensure-postgres.sh
	$(BIN)/python -m bench chaos
