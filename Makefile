# The two commands a new developer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the admin and in texts point at the address `make run` serves.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve install install-dev migrate demo test test-postgres lint format bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_content --site-address $(HOST):$(PORT)
	$(PY) manage.py ensure_local_admin
	@echo "Help-line staff: $(WAGTAILADMIN_BASE_URL)/admin/callbacks/  user: helpline  password: $${DEMO_HELPLINE_PASSWORD:-changeme-helpline} (set on first run)"

## make run: install, migrate, load the demo site, print the admin login, then start the three processes of
## Procfile.dev with honcho: web (the dev server on http://127.0.0.1:8000), worker (text messages) and clock
## (scheduled jobs); Ctrl+C stops all three
run: demo
	@echo "Starting web (http://$(HOST):$(PORT)/), worker and clock with honcho (Ctrl+C stops all three)."
	@echo "Each logs to this terminal, its lines prefixed with its name: 'web |', 'worker |', 'clock |'."
	@PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) $(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

## make test: the whole suite (set DATABASE_URL to run it on PostgreSQL)
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

## make test-postgres: the suite on the local PostgreSQL, in a database of its own
test-postgres: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/helpline} $(BIN)/pytest $(PYTEST_ARGS)

## make bench: pages against the bare stack under gunicorn (needs PostgreSQL and Redis on 127.0.0.1);
## bench/scale.py, bench/cluster.py, bench/booking.py and bench/queue.py are run by hand
bench: install
	$(PY) bench/pages.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
