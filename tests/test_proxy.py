"""
Varnish with deploy/varnish.vcl in front of two app servers (gunicorn, DEBUG
off, one shared cache), as in production: it keeps pages a day, yet an
approval reaches visitors through it within a second, because the app purges
the page's addresses once the approval commits. Varnish is a prerequisite
(`make varnish`): without it these tests fail.
"""

import http.client
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django_redis.cache import RedisCache

from diseases import frontend_cache
from diseases.models import PendingPurge

from .factories import make_disease
from .test_app_servers import ROOT, TEST_REDIS_URL, free_port, running_app_servers

pytestmark = pytest.mark.django_db(transaction=True)

SITE_HOST = "127.0.0.1"
PATH = "/en/diseases/sjia/"


def fetch(port, path, method="GET", headers=None, source="127.0.0.1"):
    """(status, headers, body) of a request to the proxy at `port`, sent from the address `source`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, headers={"Host": SITE_HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def wait_for_port(port, process):
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="module")
def proxy_and_app_servers(django_db_setup, django_db_blocker):
    """
    Varnish on a free port in front of two app servers (DEBUG off, Redis under
    a key prefix of this module's own), for the tests of this module: (the
    proxy's port, the Redis key prefix).
    """
    varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    if varnishd is None:
        pytest.fail("varnishd is missing: run `make varnish` (Debian's varnish package)")
    prefix = f"test-{uuid.uuid4().hex}"
    proxy_port = free_port()
    environment = {
        "CACHE_URL": f"{TEST_REDIS_URL}?key_prefix={prefix}",
        "DEBUG": "false",
        "SECRET_KEY": "proxy-test-only-secret",
        "ALLOWED_HOSTS": SITE_HOST,
        "SECURE_SSL_REDIRECT": "false",
        # The proxy must not keep pages for the app's s-maxage but for its Surrogate-Control.
        "PUBLIC_PAGE_SHARED_MAX_AGE": "1",
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{proxy_port}",
    }
    collected = subprocess.run(  # noqa: S603 - our own app
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr.decode()
    with running_app_servers(environment) as bases, tempfile.TemporaryDirectory() as workdir:
        ports = [base.rsplit(":", 1)[1] for base in bases]
        vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
        vcl = re.sub(r'\.port = "8001"', f'.port = "{ports[0]}"', vcl)
        vcl = re.sub(r'\.port = "8002"', f'.port = "{ports[1]}"', vcl)
        vcl_file = Path(workdir) / "site.vcl"
        vcl_file.write_text(vcl)
        process = subprocess.Popen(  # noqa: S603 - Debian's varnishd on loopback
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(Path(workdir) / "varnish"),
                "-a",
                f"127.0.0.1:{proxy_port}",
                "-f",
                str(vcl_file),
                "-s",
                "malloc,64m",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(proxy_port, process)
            yield proxy_port, prefix
        finally:
            process.terminate()
            process.wait(timeout=30)
            RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": prefix}).delete_pattern("*")


@pytest.fixture
def proxy(proxy_and_app_servers, settings):
    """The proxy's port; this process publishes as the app servers do, and purges the proxy."""
    proxy_port, prefix = proxy_and_app_servers
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix},
    }
    settings.PUBLIC_PAGE_CACHE = True
    settings.FRONTEND_CACHE = {
        "proxy": {
            "BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{proxy_port}",
            "TIMEOUT": 2,
        }
    }
    settings.SITE_URL = f"http://{SITE_HOST}"
    # The settings that shape pages as the app servers have them: the same site, so the same generation.
    settings.PUBLIC_PAGE_SHARED_MAX_AGE = 1
    settings.FRONTEND_CACHE_MAX_AGE = 60 * 60 * 24
    yield proxy_port
    frontend_cache.sender.wait()
    # What this test left in the proxy is not the next one's.
    fetch(proxy_port, "/", method="BAN", headers={"X-Ban-Url": "."})


def fetch_until(port, path, expected, within):
    """The page through the proxy, asked for until it shows `expected`; the seconds that took."""
    started = time.monotonic()
    while True:
        _status, _headers, body = fetch(port, path)
        elapsed = time.monotonic() - started
        if expected in body or elapsed > within:
            return body, elapsed
        time.sleep(0.02)


def test_an_approval_reaches_visitors_through_the_proxy_within_a_second(proxy, editor, reviewer):
    page = make_disease(editor)
    page.publish_provisionally(editor)
    frontend_cache.sender.wait()
    status, headers, body = fetch(proxy, PATH)
    assert status == 200
    assert "awaiting medical review" in body
    assert headers["X-Proxy-Cache"] == "miss"
    assert "Surrogate-Control" not in headers
    assert headers["ETag"]
    time.sleep(1.5)  # past the app's s-maxage (1 s here): the proxy still holds its copy, for a day
    status, cached_headers, cached_body = fetch(proxy, PATH)
    assert (cached_headers["X-Proxy-Cache"], cached_body) == ("hit", body)
    assert cached_headers["ETag"] == headers["ETag"]
    assert fetch(proxy, PATH, headers={"If-None-Match": headers["ETag"]})[0] == 304

    page.submit_for_review(editor)
    page.approve(reviewer)  # commits at once: this test runs without a wrapping transaction

    body, elapsed = fetch_until(proxy, PATH, "Medically reviewed by Dr Ada Lane", within=1.0)
    assert "Medically reviewed by Dr Ada Lane" in body, f"still the old page after {elapsed:.2f} s"
    frontend_cache.sender.wait()
    assert not PendingPurge.objects.exists()
    # The Spanish page, the home page and the A–Z list were purged too.
    assert "Dr Ada Lane" in fetch(proxy, "/es/diseases/sjia/")[2]


def test_only_the_app_servers_may_purge_and_staff_pass_through(proxy, editor):
    page = make_disease(editor)
    page.publish_provisionally(editor)
    frontend_cache.sender.wait()
    fetch(proxy, PATH)
    assert fetch(proxy, PATH)[1]["X-Proxy-Cache"] == "hit"

    status, _headers, _body = fetch(proxy, PATH, method="PURGE", source="127.0.0.2")
    assert status == 403
    assert fetch(proxy, PATH)[1]["X-Proxy-Cache"] == "hit"
    status, _headers, _body = fetch(proxy, PATH, method="PURGE")
    assert status == 200
    assert fetch(proxy, PATH)[1]["X-Proxy-Cache"] == "miss"
    # A purge of the A–Z list purges its letters and pages too, and nothing under it.
    for path in ("/en/diseases/?letter=S", PATH):
        fetch(proxy, path)
        assert fetch(proxy, path)[1]["X-Proxy-Cache"] == "hit"
    assert fetch(proxy, "/en/diseases/", method="PURGE")[0] == 200
    assert fetch(proxy, "/en/diseases/?letter=S")[1]["X-Proxy-Cache"] == "miss"
    assert fetch(proxy, PATH)[1]["X-Proxy-Cache"] == "hit"

    # A session cookie: the app server answers, never a copy.
    assert fetch(proxy, PATH, headers={"Cookie": "sessionid=abc"})[1]["X-Proxy-Cache"] == "miss"
    assert fetch(proxy, PATH, method="POST")[1]["X-Proxy-Cache"] == "miss"
