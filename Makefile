# Two commands: `make run` (the app on SQLite with a demo project) and `make test`.
# Everything they need is set up on the way: a virtualenv in .venv with requirements.txt.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
NODE ?= node

# Find a Python >= 3.12 (Django 6 needs it): PYTHON if given, then python3.13/3.12/python3
# on PATH, then pyenv's installed versions. A pyenv shim that is not selected fails the
# version check and is skipped.
define find_python
for c in "$(PYTHON)" python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	[ -n "$$c" ] || continue; \
	if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
		command -v "$$c" || echo "$$c"; exit 0; \
	fi; \
done; exit 1
endef

.PHONY: run test test-js test-browser bench bench-load lint format worker demo migrate clean help browser-deps

help:
	@echo "make run    - set up and start the app with a worker on SQLite (http://$(HOST):$(PORT))"
	@echo "make test   - set up and run the whole test suite (SQLite; DATABASE_URL for PostgreSQL)"
	@echo "make test-js - only the editor's JavaScript unit tests (Node's built-in runner)"
	@echo "make bench  - proposer, editor, release and agreement benchmarks"
	@echo "make bench-load - 50 annotators against gunicorn on PostgreSQL (not part of CI)"
	@echo "make lint   - ruff check and ruff format --check (what CI runs)"

$(STAMP): requirements.txt
	@py=$$($(find_python)) || { echo "No Python >= 3.12 found. Install Python 3.12 or newer (Django 6 needs it), or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	[ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { rm -rf $(VENV); "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(DEV_STAMP)

# Lint and format check, as CI runs them; `make format` rewrites the files instead.
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo --url http://$(HOST):$(PORT)/

# The web server and one task worker, stopped together with Ctrl-C.
run: demo
	@echo "Starting the web server on http://$(HOST):$(PORT)/ and one task worker (Ctrl-C stops both)."
	@export DEBUG=$${DEBUG:-1}; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

worker: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker

# Chromium for the browser tests, from Debian's packages (needs root and apt-get).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing Chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing (/usr/bin/chromium): browser tests will be skipped. Install it with: sudo apt-get install chromium"; \
		fi; \
	fi

# The editor's JavaScript unit tests: Node's built-in runner, no npm packages. Without Node
# they are skipped with a message; in CI (CI set) that is a failure, so it is never silent.
test-js:
	@if command -v $(NODE) >/dev/null; then \
		$(NODE) --test tests/js/; \
	elif [ -n "$$CI" ]; then \
		echo "Node is required in CI for the JavaScript tests (tests/js/) but $(NODE) is missing." >&2; exit 1; \
	else \
		echo "Node is missing: skipping the JavaScript tests (tests/js/). Install Node 20 or newer to run them."; \
	fi

test: $(STAMP) browser-deps test-js
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: $(STAMP) browser-deps
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# BENCH_LARGE=1 adds the 100,000-article size to bench_scale.py.
bench: $(STAMP)
	BENCH_LARGE=$(BENCH_LARGE) $(PY) bench/run.py

# Many annotators at once against gunicorn on PostgreSQL (a database of its own, dropped and
# made again): 60 s with pauses, then 30 s closed loop. BENCH_LOAD_DATABASE_URL picks the database.
bench-load: $(STAMP)
	$(PY) bench/bench_load.py --duration 60
	$(PY) bench/bench_load.py --closed-loop --duration 30

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache
