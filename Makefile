# Two commands do all set-up on a fresh machine:
#   make run   the site on SQLite with the demo content, at http://127.0.0.1:8000
#   make test  the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run serve test lint mutation mutation-postgresql install gettext browser proxy varnish migrate demo messages benchmark tools screenshots

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

test: install gettext browser proxy varnish
	$(PY) -m pytest

# Ruff: lint rules and formatting (ruff.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The browser tests drive Debian's Chromium, audit pages with axe-core and
# check their HTML with the Nu HTML checker (vnu.jar, which runs on Java).
browser: node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }
	@# Slim Debian images leave out the manual pages' folder, where Java's set-up links its own.
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java runtime for the Nu HTML checker"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO mkdir -p /usr/share/man/man1 && $$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

# The catalog tests check the translations with msgfmt and extract messages with xgettext.
gettext:
	@command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || { \
		echo "Installing Debian's gettext for the translation catalog tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext; }

# The proxy tests (tests/test_proxy.py) run Debian's Varnish with deploy/varnish.vcl.
varnish:
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || { \
		echo "Installing Debian's varnish for the proxy tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish; }

# Files the tests read, nothing to build: no package's install script runs
# (.npmrc; vnu-jar's would download a Java runtime of its own).
node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar &: package.json
	npm install --no-audit --no-fund --no-package-lock --ignore-scripts
	touch node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar

# Mutation testing (pyproject.toml, [tool.mutmut]): every rule of the workflow,
# the permissions and what each person is shown must have a test that fails
# without it. The whole run takes hours; MUTANTS narrows it to some modules'
# mutants by name, e.g. make mutation MUTANTS='diseases.permissions.*'.
MUTANTS ?=
mutation: install
	rm -rf mutants
	SQLITE_TEST_DATABASE=:memory: $(VENV)/bin/mutmut run $(MUTANTS)
	$(VENV)/bin/mutmut results

# The code only PostgreSQL runs (the search's full-text queries, the vectors
# indexing writes, how a reindexing pass skips what another holds), mutated and
# tested on PostgreSQL (DATABASE_URL's server, each mutant's run in a test database of its own).
POSTGRES_MUTANTS = 'diseases.search.x__postgres_matches*' 'diseases.search.x__counted_page*' \
	'diseases.search.x__ranked_rows*' 'diseases.search.x_reindex_pending*' 'diseases.search.x_index_pages*'
mutation-postgresql: install
	rm -rf mutants
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	$(VENV)/bin/mutmut run $(or $(MUTANTS),$(POSTGRES_MUTANTS))
	$(VENV)/bin/mutmut results

# Like production, on loopback: gunicorn, DEBUG off, compressed static files,
# plain http without the https redirect. The database and cache are those of
# DATABASE_URL and CACHE_URL, by default the SQLite file and a database cache
# that every worker shares.
SERVE_ENV = DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY=$${SECRET_KEY:-local-serve-only-secret} CACHE_URL=$${CACHE_URL:-dbcache://aiarthritis_cache}
serve: demo
	$(SERVE_ENV) $(PY) manage.py createcachetable
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(VENV)/bin/gunicorn aiarthritis.wsgi --workers 2 --bind 127.0.0.1:8000

# Load tests of the public pages (wrk, gunicorn, DEBUG off) with 1,000
# generated pages in a database of their own, Redis as the shared cache;
# figures as ratios to a minimal Django view measured in the same run, and
# the page missing from the cache beside Wagtail serving the same page
# (benchmark/wagtail, in a virtualenv of its own). BENCHMARK_ARGS go to the
# command (`manage.py benchmark_pages --help`), e.g. "--in-process-only".
BENCHMARK_DATABASE_URL ?= sqlite:///$(CURDIR)/benchmark.sqlite3
BENCHMARK_CACHE_URL ?= redis://127.0.0.1:6379/5
BENCHMARK_ARGS ?=
WAGTAIL_VENV ?= .venv-wagtail
benchmark: install tools varnish $(WAGTAIL_VENV)/.installed
	wagtail="$$($(WAGTAIL_VENV)/bin/python -m benchmark.wagtail.measure)" && \
	env $$wagtail DEBUG=false SECRET_KEY=benchmark-only-secret ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \
	DATABASE_URL=$(BENCHMARK_DATABASE_URL) CACHE_URL=$(BENCHMARK_CACHE_URL) \
	DJANGO_SETTINGS_MODULE=aiarthritis.benchmark_settings $(PY) manage.py benchmark_pages $(BENCHMARK_ARGS)

$(WAGTAIL_VENV)/.installed: benchmark/wagtail/requirements.txt
	$(PYTHON) -m venv $(WAGTAIL_VENV)
	$(WAGTAIL_VENV)/bin/pip install --quiet --upgrade pip
	$(WAGTAIL_VENV)/bin/pip install --quiet -r benchmark/wagtail/requirements.txt
	touch $@

# The deployment test runs deploy/nginx-site.conf with Debian's nginx, over
# https with a certificate that openssl makes for the test.
proxy:
	@PATH="$$PATH:/usr/sbin"; command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 || { \
		echo "Installing Debian's nginx and openssl for the deployment test"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx openssl; }

# wrk (load) from Debian's packages, and nginx (the reverse-proxy cache).
tools: proxy
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk for the benchmark"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# The README's screenshots of the admin, from the site `make run` serves (run it first, in another terminal).
screenshots: install browser
	$(PY) docs/screenshots/take_screenshots.py

# Refresh the translation catalogs after changing interface strings.
messages: install
	$(PY) manage.py makemessages --all --no-location --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'mutants/*' --ignore 'benchmark/*' --ignore '.venv-wagtail/*'
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore '.venv-wagtail/*'
