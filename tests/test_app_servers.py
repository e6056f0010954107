"""
Two app servers (gunicorn processes) on one database and one Redis: what the
public reads changes on both at once, as behind a load balancer.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from diseases import workflow

from .factories import make_disease

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return f"sqlite:///{database['NAME']}"


def read(url):
    """The page, asked for under one site address whichever server answers, as a load balancer does."""
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})  # noqa: S310 - our own servers
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode()


@pytest.fixture
def shared_cache(settings):
    """Redis as the shared cache, under a key prefix of this test's own: it removes its keys only."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix},
    }
    settings.PUBLIC_PAGE_CACHE = True
    yield f"{TEST_REDIS_URL}?key_prefix={prefix}"
    cache.delete_pattern("*")


@pytest.fixture
def app_servers(shared_cache):
    """Two gunicorn processes with the test database and the shared cache; their base addresses."""
    with running_app_servers({"CACHE_URL": shared_cache, "DEBUG": "true"}) as bases:
        yield bases


@contextlib.contextmanager
def running_app_servers(settings_environment):
    """Two gunicorn processes on the test database with these settings; their base addresses while they run."""
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0", **settings_environment}
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(  # noqa: S603 - our own app
            [sys.executable, "-m", "gunicorn", "aiarthritis.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for _process, base in servers:
            wait_for(base + "/robots.txt")
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
            process.wait(timeout=30)


def wait_for(url):
    deadline = time.monotonic() + 30
    while True:
        try:
            read(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_an_approval_on_one_server_is_served_at_once_by_the_other(app_servers, editor, reviewer):
    first, second = app_servers
    page = make_disease(editor)
    page.publish_provisionally(editor)
    path = "/en/diseases/sjia/"
    assert "awaiting medical review" in read(first + path)
    assert read(second + path) == read(first + path)  # the second server reads the first one's copy

    page.submit_for_review(editor)
    page.approve(reviewer)  # commits at once: this test runs without a wrapping transaction

    assert "Medically reviewed by Dr Ada Lane" in read(second + path)
    assert "Medically reviewed by Dr Ada Lane" in read(first + path)


def test_advice_moderated_on_one_server_shows_on_the_other(app_servers, editor):
    from diseases.models import PatientAdvice

    first, second = app_servers
    page = make_disease(editor)
    page.publish_provisionally(editor)
    path = "/en/diseases/sjia/"
    read(first + path)
    advice = PatientAdvice.objects.create(
        disease=page, text="Rest on bad days.", role="patient", language="en", consent=True
    )

    with workflow.editing(editor):
        advice.approve(editor)

    assert "Rest on bad days." in read(second + path)
