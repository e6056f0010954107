# Two commands do all set-up on a fresh machine:
#   make run   the site on SQLite with the demo content, at http://127.0.0.1:8000
#   make test  the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install migrate demo messages benchmark

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_content

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

# Refresh the translation catalogs after changing interface strings.
messages: install
	$(PY) manage.py makemessages --all --no-location --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'
