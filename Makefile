# The two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in mails start with when no request gives one (commands such as
# send_reminders): the server's own, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install lint messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Python packages, reinstalled when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end packages from the npm registry (Bootstrap), served from node_modules by staticfiles.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "Portal:      http://$(HOST):$(PORT)/"
	@echo "Back office: http://$(HOST):$(PORT)/admin/"
	@echo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# The whole suite; honours DATABASE_URL (SQLite by default).
test: lint
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=portal.settings.test
	$(BIN)/python -m pytest

# Refresh the Korean catalogue after changing strings (needs GNU gettext), then compile it.
messages: install
	$(BIN)/python manage.py makemessages --locale ko --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale ko --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) node_modules staticfiles

# Benchmarks (issue 8): pages under gunicorn and a load generator, imports, the dashboard's
# figures and booth allocation on the configured database (DATABASE_URL, SQLite by default),
# then the deadline-night and meeting-request load tests on PostgreSQL
# (BENCH_DEADLINE_DATABASE_URL; a throwaway database is made beside the one it names). Nothing
# touches your own databases. Figures go to bench/results.json and bench/RESULTS.md tells how
# to read them. wrk is the load generator when installed (Debian: apt-get install wrk),
# otherwise a Python one is used. 6-8 minutes.
BENCH_DEADLINE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
bench: install
	@command -v wrk >/dev/null && echo "load generator: wrk" \
		|| echo "load generator: wrk is not installed (apt-get install wrk); using the Python one"
	BENCH_DEADLINE_DATABASE_URL=$(BENCH_DEADLINE_DATABASE_URL) $(BIN)/python bench/run.py
