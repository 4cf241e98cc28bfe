# Samenspel — the everyday commands. `make` alone lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# Which benchmarks `make bench` runs, in order: `make bench BENCH=live` runs one.
BENCH ?= pages auth backup compass journal themes search live

.PHONY: help install install-dev demo server test lint format messages compilemessages bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create the virtual environment and install Samenspel

install-dev: $(VENV)/.installed-dev ## Install Samenspel with the test and lint tools

compilemessages: $(VENV)/.installed
	cd src/samenspel && ../../$(BIN)/samenspel compilemessages --verbosity 0

demo: install compilemessages ## Install, migrate, load the demo programme and serve it on http://127.0.0.1:$(PORT), with a worker
	$(BIN)/samenspel migrate --no-input --verbosity 0
	$(BIN)/samenspel load_demo
	@# A task worker beside the server makes the travel report's files; it stops with it.
	@$(BIN)/samenspel db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "Task worker started (process $$worker); it stops with the server."; \
	$(BIN)/samenspel runserver 127.0.0.1:$(PORT)

server: install compilemessages ## Serve the development site on http://127.0.0.1:$(PORT)
	$(BIN)/samenspel migrate --no-input --verbosity 0
	$(BIN)/samenspel runserver 127.0.0.1:$(PORT)

test: install-dev compilemessages ## Install the test tools and run the whole suite (PYTEST_ARGS passes options)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev compilemessages ## ruff, formatting, mypy, import layers, migrations and translations
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=samenspel.conf.test $(BIN)/samenspel makemigrations --check --dry-run
	$(BIN)/python -m samenspel.common.checks_translations

format: install-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

messages: install ## Update the .po files from the source strings
	cd src/samenspel && ../../$(BIN)/samenspel makemessages --locale nl --locale en --no-obsolete --no-location --ignore '*/tests/*'

bench: install-dev compilemessages ## Benchmark the pages, a log-in, backup and restore, the compass's figures, the travel report as HTML and PDF, and a live session (BENCH lines; BENCH=live for one)
	@# Every benchmark runs, even after a missed target; the exit status reports any miss.
	@status=0; \
	for name in $(BENCH); do \
		case $$name in \
			pages|auth|backup|compass|journal|themes|search) $(BIN)/python bench/$$name.py || status=1 ;; \
			live) $(BIN)/python bench/live_session.py || status=1 ;; \
			*) echo "BENCH: unknown benchmark '$$name' (pages, auth, backup, compass, journal, themes, search, live)" >&2; status=1 ;; \
		esac; \
	done; \
	exit $$status

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) data
