"""
`check --deploy` with production settings: clean; an error for a page cache
each process keeps to itself, a warning for a rate-limit cache that would be inexact.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from diseases.checks import check_page_cache, check_rate_limit_cache

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "pages.aiarthritis.org",
    "DATABASE_URL": "postgres://aiarthritis@db.internal:5432/aiarthritis",
    "CACHE_URL": "redis://cache.internal:6379/1",
    "RATELIMIT_CACHE_URL": "redis://cache.internal:6379/2",
    "TRUSTED_PROXY_COUNT": "1",
}


def check_deploy(**environment):
    """`check --deploy` in a fresh process with the production environment: (exit status, output)."""
    # Only the production environment: nothing of this test run (a test database, async-unsafe mode…).
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(PRODUCTION)
    env.update({key: value for key, value in environment.items() if value is not None})
    for key in [key for key, value in environment.items() if value is None]:
        env.pop(key, None)
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_settings_pass_the_deploy_checks():
    status, output = check_deploy()

    assert status == 0, output
    assert "no issues" in output


@pytest.mark.parametrize(
    ("cache_url", "problem"),
    [
        (None, "is private to each app process"),
        ("locmemcache://counters", "is private to each app process"),
        ("dbcache://counters", "does not increment atomically"),
        ("filecache:///tmp/counters", "does not increment atomically"),
    ],
)
def test_a_rate_limit_cache_that_would_be_inexact_is_a_deploy_warning(cache_url, problem):
    status, output = check_deploy(RATELIMIT_CACHE_URL=cache_url)

    assert status != 0
    assert "diseases.W001" in output
    assert problem in output


def test_the_rate_limit_cache_check_leaves_development_alone(settings):
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    settings.DEBUG = True
    assert check_rate_limit_cache(None) == []

    settings.DEBUG = False
    assert [warning.id for warning in check_rate_limit_cache(None)] == ["diseases.W001"]
    assert check_rate_limit_cache(None)[0].level == checks.WARNING


def test_a_page_cache_private_to_each_process_is_a_deploy_error():
    status, output = check_deploy(CACHE_URL="locmemcache://pages")

    assert status != 0
    assert "diseases.E001" in output
    assert "private to each app process" in output


def test_without_a_cache_url_production_shares_the_database_cache_table():
    status, output = check_deploy(CACHE_URL=None)

    assert status == 0, output
    environment = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ} | PRODUCTION
    del environment["CACHE_URL"]
    result = subprocess.run(  # noqa: S603 - the project's own settings
        [sys.executable, "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "aiarthritis.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_the_page_cache_check_leaves_development_and_a_disabled_cache_alone(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PUBLIC_PAGE_CACHE = True
    settings.DEBUG = True
    assert check_page_cache(None) == []

    settings.DEBUG = False
    assert [error.id for error in check_page_cache(None)] == ["diseases.E001"]
    assert check_page_cache(None)[0].level == checks.ERROR

    settings.PUBLIC_PAGE_CACHE = False
    assert check_page_cache(None) == []
