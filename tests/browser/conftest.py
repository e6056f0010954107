"""Browser tests: Playwright driving Debian's Chromium against the real running site."""

import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM,
# used by the fixtures in that same thread, would otherwise refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
NU_CHECKER = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            # Without these Chromium tries to reach the internet at start-up.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site forbids every script; axe-core is the test's own, injected into the page.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The running site with the demo pages; returns its base URL."""
    settings.ADVICE_RATE_LIMIT = "1000/h"
    call_command("load_demo_content", pages_only=True, stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def work_site(transactional_db, live_server, settings):
    """The running site as `make run` shows it: the demo pages and work waiting in the admin."""
    settings.ADVICE_RATE_LIMIT = "1000/h"
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


def audit(page):
    """Run axe-core in the page; the WCAG 2.2 A and AA violations it finds."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
            });
            return results.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
        }"""
    )


def log_in(page, site, username, password):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


class NuChecker:
    """The Nu HTML checker (vnu.jar) running as a local web service, as the W3C's validator runs it."""

    def __init__(self, url):
        self.url = url
        # Straight to the loopback address, whatever proxy the environment names.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def errors(self, html):
        """The checker's errors in `html` (a whole document), as its JSON messages; warnings left out."""
        headers = {"Content-Type": "text/html; charset=utf-8"}
        request = urllib.request.Request(self.url, data=html.encode(), headers=headers)  # noqa: S310 - our own checker
        with self.opener.open(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [message for message in messages if message["type"] in ("error", "non-document-error")]


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML checker, started once for the session on a free port of the loopback address."""
    java = shutil.which("java")
    assert java, "the Nu HTML checker needs Java: `make browser` installs Debian's default-jre-headless"
    assert NU_CHECKER.exists(), "`make browser` installs vnu-jar (package.json)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [java, "-Xmx512m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(NU_CHECKER)]
    server = subprocess.Popen(  # noqa: S603 - the checker the project installs
        [*command, "nu.validator.servlet.Main", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    checker = NuChecker(f"http://127.0.0.1:{port}/?out=json")
    deadline = time.monotonic() + 90
    while True:
        try:
            checker.errors("<!DOCTYPE html><html lang=en><title>up</title>")
            break
        except OSError:
            assert server.poll() is None, "the Nu HTML checker did not start"
            assert time.monotonic() < deadline, "the Nu HTML checker did not answer within 90 s"
            time.sleep(0.25)
    yield checker
    server.terminate()
    server.wait(timeout=10)
