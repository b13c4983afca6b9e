# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
CELERY := $(BIN)/celery -A config

.PHONY: install run serve worker test test-fast test-replica lint migrate bench

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

# A Celery worker runs beside the dev server (and stops with it), so webhooks are delivered as in production.
run: migrate
	$(MANAGE) load_demo --if-empty
	$(MANAGE) demo_user
	$(CELERY) worker --beat --pool solo --loglevel WARNING & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Deliveries' worker, with the app's settings (CELERY_BROKER_URL, DATABASE_URL, DJANGO_SETTINGS_MODULE); start
# as many as you like on any host that reaches the broker and the database. --beat adds the sweep schedule.
worker: install
	$(CELERY) worker --beat --loglevel INFO $(WORKER_ARGS)

serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) collectstatic --noinput
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python -m config.serve

# -rs prints why tests were skipped, e.g. the e2e tests when /usr/bin/chromium is missing
test: install
	$(BIN)/pytest -rs $(PYTEST_ARGS)

# The edit-test loop: everything but the fuzzing, the generated client, the browser and the Celery worker,
# keeping the test database between runs (on PostgreSQL; --create-db starts afresh after a migration).
test-fast: install
	$(BIN)/pytest -q -m "not fuzz and not generated_client and not e2e and not celery" --reuse-db $(PYTEST_ARGS)

# The tests marked `replica`, against a streaming replica of the local PostgreSQL (127.0.0.1:5432) on
# REPLICA_PORT, which scripts/pg_replica.sh starts first and removes afterwards, also when the tests fail.
REPLICA_PORT ?= 5433
PRIMARY_URL ?= postgres://postgres@127.0.0.1:5432/draftorders
test-replica: install
	trap 'REPLICA_PORT=$(REPLICA_PORT) scripts/pg_replica.sh stop' EXIT INT TERM; \
	REPLICA_PORT=$(REPLICA_PORT) scripts/pg_replica.sh start && \
	DATABASE_URL=$(PRIMARY_URL) \
	DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$(REPLICA_PORT)/$(lastword $(subst /, ,$(PRIMARY_URL))) \
	$(BIN)/pytest -rs -m replica $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# the production server on a fresh database of the local PostgreSQL; BENCH_ARGS="--json bench.json", see --help
bench: install
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
