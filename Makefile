# Kinerja: the two commands are `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Tests run against the real PostgreSQL and Redis of the machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kinerja
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PROD_ENV := DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-checks ALLOWED_HOSTS=kinerja.example.com

.PHONY: run test install install-dev lint messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: the app on http://127.0.0.1:8000 with SQLite, Celery eager and the demo seeded
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Kinerja is starting on http://127.0.0.1:8000/ (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

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

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
