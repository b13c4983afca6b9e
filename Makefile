# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: install run serve test lint migrate bench

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

run: migrate
	$(MANAGE) load_demo --if-empty
	$(MANAGE) demo_user
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) collectstatic --noinput
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python -m config.serve

# -rs prints why tests were skipped, e.g. the e2e tests when /usr/bin/chromium is missing
test: install
	$(BIN)/pytest -rs $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# the production server on a fresh database of the local PostgreSQL; BENCH_ARGS="--json bench.json", see --help
bench: install
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
