"""
The production setup end to end: deploy/nginx-site.conf in a real nginx,
ending https as in production, in front of gunicorn with DEBUG off and the
redirect to https on, serving the files that collectstatic wrote. Static
files and the favicon arrive whole, with their type and the security
headers, and no server says which version it runs.
"""

import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from diseases import reverse_proxy

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, **headers):
    """(status, headers, body) of a GET, without following redirects; the test's certificate is its own."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirects)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(url, **headers):
    deadline = time.monotonic() + 20
    while True:
        try:
            return fetch(url, **headers)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def production_environment(workdir):
    """The app servers' environment as docs/deployment.md gives it, on loopback; the static files in `workdir`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "deployment-test-only-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(workdir / "static"),
        # Neither a database nor a shared cache is reached for static files.
        "DATABASE_URL": f"sqlite:///{workdir / 'unused.sqlite3'}",
        "CACHE_URL": "locmemcache://deployment-test",
    }


def self_signed_certificate(workdir):
    certificate, key = workdir / "site.crt", workdir / "site.key"
    subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("openssl") or "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.fixture(scope="module")
def site():
    """https://127.0.0.1:<port> through nginx to gunicorn; the collected files' manifest; gunicorn's own address."""
    if reverse_proxy.nginx_command() is None:
        pytest.fail("nginx is not installed: `make proxy` (a prerequisite of `make test`) installs Debian's.")
    workdir = Path(tempfile.mkdtemp(prefix="deployment-test-"))
    environment = production_environment(workdir)
    app_port, proxy_port = free_port(), free_port()
    try:
        subprocess.run(  # noqa: S603 - the project's own manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
            timeout=120,
        )
        app = subprocess.Popen(  # noqa: S603 - our own app
            [sys.executable, "-m", "gunicorn", "aiarthritis.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{app_port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        certificate, key = self_signed_certificate(workdir)
        config = reverse_proxy.site_config(
            workdir=workdir,
            upstream=f"127.0.0.1:{app_port}",
            listen=f"127.0.0.1:{proxy_port} ssl",
            before_root_location=f"    ssl_certificate {certificate};\n    ssl_certificate_key {key};\n\n",
        )
        try:
            with reverse_proxy.running(workdir, config):
                front = f"https://127.0.0.1:{proxy_port}"
                wait_for(f"http://127.0.0.1:{app_port}/favicon.ico")
                wait_for(front + "/favicon.ico")
                manifest = json.loads((workdir / "static" / "staticfiles.json").read_text())["paths"]
                yield {"front": front, "manifest": manifest, "app": f"http://127.0.0.1:{app_port}"}
        finally:
            app.terminate()
            app.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def assert_production_headers(headers):
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"\d", headers["Server"]), headers["Server"]


def test_a_hashed_static_file_is_served_through_nginx(site):
    hashed = site["manifest"]["css/site.css"]
    assert hashed != "css/site.css"

    status, headers, body = fetch(f"{site['front']}/static/{hashed}")

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert body == (ROOT / "static" / "css" / "site.css").read_bytes()
    assert "immutable" in headers["Cache-Control"]
    assert_production_headers(headers)
    assert headers["Server"] == "nginx"


def test_a_static_file_is_served_compressed_through_nginx(site):
    status, headers, _body = fetch(
        f"{site['front']}/static/{site['manifest']['css/site.css']}", **{"Accept-Encoding": "gzip"}
    )

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"


def test_the_favicon_is_served_through_nginx(site):
    status, headers, body = fetch(f"{site['front']}/favicon.ico")

    assert status == 200
    assert headers["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert body == (ROOT / "root-files" / "favicon.ico").read_bytes()
    assert_production_headers(headers)


def test_the_app_server_names_itself_without_a_version(site):
    # Straight to gunicorn, as nginx reaches it (nginx does not pass gunicorn's Server header on).
    status, headers, _body = fetch(f"{site['app']}/favicon.ico", **{"X-Forwarded-Proto": "https"})

    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert_production_headers(headers)


def test_plain_http_to_the_app_is_redirected_to_https(site):
    status, headers, _body = fetch(f"{site['app']}/favicon.ico", **{"X-Forwarded-Proto": "http"})

    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/robots.txt", "/en/", "/admin/login/"])
def test_pages_and_the_admin_refuse_unused_browser_features(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "microphone=()" in response["Permissions-Policy"]
