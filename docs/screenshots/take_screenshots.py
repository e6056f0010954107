"""
The README's screenshots of the admin, taken with Playwright and Chromium
from the site as `make run` serves it (the demo content and accounts):

    make run            # in one terminal
    make screenshots    # in another

SITE_URL and CHROMIUM_PATH choose another address or browser.
"""

import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

SITE = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
WIDTH = 1280


def log_in(page, username):
    page.goto(f"{SITE}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{SITE}/admin/")


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="en-GB")

        # The site administrator's home shows both roles' work.
        page = context.new_page()
        log_in(page, "admin")
        page.screenshot(path=HERE / "dashboard.png", full_page=True)

        # The editor's form of the reviewed page, on its French tab, with the outdated translation.
        page.goto(f"{SITE}/admin/diseases/disease/")
        page.get_by_role("link", name="Adult-Onset Still's Disease (AOSD)").first.click()
        page.get_by_role("tab", name="Français").click()
        # The symptoms, the outdated French one flagged, under the tabs that stay at the top.
        flag = page.locator(".translation-flag-outdated:visible").first
        page.evaluate("(y) => window.scrollTo(0, y)", flag.bounding_box()["y"] - 500)
        page.screenshot(path=HERE / "disease-form.png")

        # The reviewer's screen: word-level changes, reading ease per language, the decision.
        page.goto(f"{SITE}/admin/")
        page.get_by_role("link", name="Review Adult-Onset Still's Disease (AOSD)").click()
        page.screenshot(path=HERE / "review.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
