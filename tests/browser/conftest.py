"""Browser tests: Playwright driving Debian's Chromium against the real running site."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM,
# used by the fixtures in that same thread, would otherwise refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


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
