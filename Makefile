# Two commands do all set-up on a fresh machine:
#   make run   the site on SQLite with the demo content, at http://127.0.0.1:8000
#   make test  the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint mutation install browser migrate demo messages benchmark

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo_content

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install browser
	$(PY) -m pytest

# Ruff: lint rules and formatting (ruff.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The browser tests drive Debian's Chromium and audit pages with axe-core.
browser: node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --no-package-lock
	touch $@

# Mutation testing of the review workflow (pyproject.toml, [tool.mutmut]): every
# rule of diseases/workflow/ must have a test that fails without it.
mutation: install
	rm -rf mutants
	SQLITE_TEST_DATABASE=:memory: $(VENV)/bin/mutmut run
	$(VENV)/bin/mutmut results

# Milliseconds and SQL queries per request for the public pages, in-process.
benchmark: demo
	$(PY) manage.py benchmark_pages --requests 300

# Refresh the translation catalogs after changing interface strings.
messages: install
	$(PY) manage.py makemessages --all --no-location --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'node_modules/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'
