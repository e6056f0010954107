"""“When to get help” near the top of a disease page: announced by its heading, readable on a phone, printed."""

import pytest
from playwright.sync_api import expect

from .conftest import audit


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_callout_is_a_region_named_by_its_heading_and_passes_the_audits(page, site, nu_checker, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    url = f"{site}/{language}/diseases/cno-crmo/"
    page.goto(url)

    callout = page.locator("section.help")
    heading = callout.get_by_role("heading", level=2)
    expect(page.get_by_role("region", name=heading.inner_text())).to_have_class("help")
    expect(callout.get_by_role("link", name="112" if language != "en" else "911")).to_have_attribute(
        "href", "tel:112" if language != "en" else "tel:911"
    )
    assert nu_checker.errors(page.request.get(url).text()) == []
    assert audit(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_the_contents_lead_to_the_callout_which_comes_before_the_definition(page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/en/diseases/cno-crmo/")

    page.locator(".contents").get_by_role("link", name="When to get help", exact=True).click()

    expect(page).to_have_url(f"{site}/en/diseases/cno-crmo/#help-heading")
    expect(page.locator("#help-heading")).to_be_in_viewport()
    expect(page.get_by_text("Get urgent help if:")).to_be_visible()
    help_top = page.locator("section.help").bounding_box()["y"]
    assert help_top < page.locator("section.definition").bounding_box()["y"]


def test_the_callout_is_printed_whole(page, site):
    page.goto(f"{site}/en/diseases/cno-crmo/")
    page.emulate_media(media="print")

    expect(page.locator("section.help")).to_be_visible()
    expect(page.get_by_text("In an emergency, call")).to_be_visible()
    assert page.locator("section.help").evaluate("element => getComputedStyle(element).breakInside") == "avoid"
