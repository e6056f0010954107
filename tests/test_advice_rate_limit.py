"""
The advice form's rate limit: fair (only accepted submissions count, mistakes
have their own higher cap), exact under concurrency (real threads, each with
its own database connection), per real client behind the load balancer.
"""

import html
import os
import threading
import uuid

import django_ratelimit.core
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from diseases.models import PatientAdvice

from .test_advice import fill_form, url

pytestmark = pytest.mark.django_db

# Tests against Redis use their own database there: only keys of their own are written and removed.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


class Clock:
    """Stands in for the rate limiter's clock."""

    def __init__(self):
        self.now = 1_900_000_000

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(django_ratelimit.core, "time", clock)
    return clock


def text_of(response):
    return html.unescape(response.content.decode())


def send(client, **values):
    return client.post(url("advice_create"), fill_form(client, **values))


def test_accepted_submissions_are_limited_then_allowed_again_later(client, demo, settings, clock):
    settings.ADVICE_RATE_LIMIT = "2/h"
    assert send(client, text="One").status_code == 302
    assert send(client, text="Two").status_code == 302

    limited = send(client, text="Three is kept")

    assert limited.status_code == 429
    assert "Too many submissions" in text_of(limited)
    assert "Three is kept" in text_of(limited)
    assert PatientAdvice.objects.count() == 2
    clock.now += 3600
    assert send(client, text="Three").status_code == 302
    assert PatientAdvice.objects.count() == 3


def test_mistakes_do_not_use_up_what_a_patient_may_send(client, demo, settings, clock):
    settings.ADVICE_RATE_LIMIT = "2/h"
    for _mistake in range(6):
        assert send(client, text="").status_code == 400
        assert send(client, consent=None).status_code == 400

    assert send(client, text="One").status_code == 302
    assert send(client, text="Two").status_code == 302
    assert PatientAdvice.objects.count() == 2


def test_refused_attempts_have_their_own_higher_cap(client, demo, settings, clock):
    settings.ADVICE_RATE_LIMIT = "2/h"
    settings.ADVICE_INVALID_RATE_LIMIT = "4/h"
    for _attempt in range(3):
        assert send(client, text="").status_code == 400
    # The honeypot counts as a refused attempt too (and is still dropped without a word).
    assert send(client, website="http://spam.example").status_code == 302

    limited = send(client, text="Valid, but after too many refused attempts")

    assert limited.status_code == 429
    assert "Valid, but after too many refused attempts" in text_of(limited)
    assert PatientAdvice.objects.count() == 0
    clock.now += 3600
    assert send(client, text="An hour later").status_code == 302


def test_after_many_mistakes_valid_advice_is_refused_for_a_few_minutes_only(client, demo, clock):
    # The project's own limits: the cap on refused attempts keeps bots at bay, but
    # a patient who struggled with the form is not kept out for long.
    for _mistake in range(30):
        assert send(client, text="").status_code == 400

    assert send(client, text="Right away").status_code == 429
    clock.now += 5 * 60
    assert send(client, text="Five minutes later").status_code == 302
    assert list(PatientAdvice.objects.values_list("text", flat=True)) == ["Five minutes later"]


def test_the_same_form_sent_twice_counts_once(client, demo, settings, clock):
    settings.ADVICE_RATE_LIMIT = "2/h"
    data = fill_form(client, text="Double-clicked")

    assert client.post(url("advice_create"), data).status_code == 302
    assert client.post(url("advice_create"), data).status_code == 302
    assert send(client, text="Second advice").status_code == 302

    assert PatientAdvice.objects.count() == 2
    assert send(client, text="Third advice").status_code == 429


def test_each_client_behind_the_load_balancer_has_its_own_limit(demo, settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ADVICE_RATE_LIMIT = "1/h"
    balancer = "10.0.0.2"

    def from_client(address, claimed):
        # The client writes `claimed`; the load balancer appends the address it saw.
        return Client(REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=f"{claimed}, {address}")

    assert send(from_client("198.51.100.7", "1.1.1.1"), text="First").status_code == 302
    # Rotating what it writes into the header does not make it someone else.
    for n in range(5):
        assert send(from_client("198.51.100.7", f"9.9.9.{n}"), text=f"Again {n}").status_code == 429
    assert send(from_client("203.0.113.20", "1.1.1.1"), text="Another patient").status_code == 302
    assert PatientAdvice.objects.count() == 2


@pytest.mark.parametrize(
    "forwarded", ["", " ", ",", "garbage", "unknown", "1.2.3.4:80", "[::1]:80", "a, b, c", "\x7f", "é" * 300]
)
def test_malformed_forwarded_header_never_breaks_the_form(demo, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert send(client, text="Still arrives").status_code == 302
    assert PatientAdvice.objects.filter(text="Still arrives").exists()


def test_missing_forwarded_header_behind_the_load_balancer_is_fine(demo, settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert send(Client(REMOTE_ADDR="10.0.0.2"), text="Arrives").status_code == 302


def concurrent_submissions(count):
    """`count` filled-in forms sent at once from one client; the status codes."""
    forms = [fill_form(Client(), text=f"Advice number {n}") for n in range(count)]
    start = threading.Barrier(count)
    results = []

    def post(data):
        try:
            client = Client(REMOTE_ADDR="198.51.100.7")
            start.wait(timeout=30)
            results.append(client.post(url("advice_create"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def redis_rate_limit_cache(settings):
    """The rate-limit counters in Redis, as in production, under a key prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix},
    }
    yield
    caches["ratelimit"].delete_pattern("*")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counters", ["in-process", "redis"])
def test_thirty_concurrent_submissions_from_one_client_store_exactly_the_limit(demo, settings, request, counters):
    if counters == "redis":
        request.getfixturevalue("redis_rate_limit_cache")
    # A day: no window boundary falls inside the test.
    settings.ADVICE_RATE_LIMIT = "5/d"

    results = concurrent_submissions(30)

    assert sorted(results) == [302] * 5 + [429] * 25
    assert PatientAdvice.objects.count() == 5
