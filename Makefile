# Kinerja: the two commands are `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# `make run HOST=0.0.0.0 PORT=8080` to serve elsewhere than 127.0.0.1:8000.
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run against the real PostgreSQL and Redis of the machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kinerja
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PROD_ENV := DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-checks ALLOWED_HOSTS=kinerja.example.com

.PHONY: run test install install-dev lint lock messages bench clean

# Dependencies come from the lock files only (exact versions, hashes checked), never from
# pyproject.toml's ranges: every install is the one CI tested. The app itself runs from this
# directory, so it is not installed as a package.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: the app on http://$(HOST):$(PORT) (default 127.0.0.1:8000) with SQLite, Celery eager and the demo seeded
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Kinerja is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: lint, migrations check, deploy check, and the whole suite on PostgreSQL + Redis + Chromium
test: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	env $(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## lock: pin pyproject.toml's dependencies into requirements.lock and requirements-dev.lock (with
## hashes); pins already there are kept, `make lock UPGRADE=1` moves everything to the newest
LOCK_FLAGS = --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: install-dev
	$(PY) -m piptools compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(PY) -m piptools compile $(LOCK_FLAGS) --extra dev -o requirements-dev.lock pyproject.toml

## messages: extract the Indonesian catalogues (project and each app) and compile them (gettext)
APPS := org outlets kpi okr incentives
messages: install
	$(PY) manage.py makemessages -l id --no-location $(foreach app,$(APPS) .venv tests bench,-i $(app))
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l id --no-location); done
	$(PY) manage.py compilemessages -i .venv

## bench: the benchmarks in bench/ (PostgreSQL; each creates its own database; see bench/README.md)
bench: install-dev
	$(PY) bench/bench_scoring.py
	$(PY) bench/bench_import.py
	$(PY) bench/bench_metrics.py
	$(PY) bench/bench_close_period.py
	$(PY) bench/bench_okr.py
	$(PY) bench/bench_export.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
