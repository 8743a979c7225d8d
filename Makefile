# DWCP Manager — the two set-up commands are `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test fuzz lint format bench worker beat migrate demo clean help

help:
	@echo "make run      create .venv, install, migrate, load demo data, serve http://$(HOST):$(PORT)"
	@echo "make test     install, lint and run the whole test suite (PostgreSQL/Redis on 127.0.0.1 when reachable, SQLite otherwise)"
	@echo "make install  create .venv/ with everything the project needs"
	@echo "make lint     ruff check and mypy (strict on core/, services and selectors)"
	@echo "make bench    benchmarks (bench/)"
	@echo "make worker   a Celery worker (needs CELERY_BROKER_URL)"

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@scripts/check-system install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	@scripts/check-system test
	@scripts/run-tests $(ARGS)

fuzz: install
	DWCP_FUZZ_EXAMPLES=$${DWCP_FUZZ_EXAMPLES:-50} $(BIN)/pytest -q -p no:cacheprovider tests/core/test_api_fuzz.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .

bench: install
	@scripts/run-bench

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .mypy_cache
