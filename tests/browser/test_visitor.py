"""A visitor finds, reads, switches language, prints; every public page passes an accessibility audit."""

import pytest
from playwright.sync_api import expect

from .conftest import audit

PUBLIC_PATHS = [
    "/{lang}/",
    "/{lang}/diseases/",
    "/{lang}/diseases/cno-crmo/",
    "/{lang}/diseases/aosd/",
    "/{lang}/search/?q=crmo",
    "/{lang}/diseases/cno-crmo/advice/",
    "/{lang}/diseases/cno-crmo/advice/new/",
    "/{lang}/diseases/cno-crmo/advice/thanks/",
]


def test_visitor_searches_opens_the_page_and_switches_language(page, site):
    page.goto(f"{site}/en/")
    page.get_by_label("Search by disease name, abbreviation or symptom").fill("crmo")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal").click()

    expect(page.locator("h1")).to_have_text(
        "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)"
    )
    page.get_by_role("link", name="español").click()

    expect(page).to_have_url(f"{site}/es/diseases/cno-crmo/")
    expect(page.locator("h1")).to_contain_text("Osteomielitis crónica no bacteriana (CNO)")
    expect(page.locator("html")).to_have_attribute("lang", "es")


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_public_page_passes_the_accessibility_audit(page, site, language):
    for path in PUBLIC_PATHS:
        page.goto(site + path.format(lang=language))
        assert audit(page) == [], path


def test_advice_form_showing_its_errors_passes_the_accessibility_audit(page, site):
    page.goto(f"{site}/fr/diseases/cno-crmo/advice/new/")
    page.get_by_role("button", name="Envoyez votre conseil").click()

    expect(page.get_by_text("Veuillez écrire votre conseil.")).to_be_visible()
    assert audit(page) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_fit_the_screen_without_horizontal_scrolling(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PATHS:
        page.goto(site + path.format(lang="fr"))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_print_view_has_the_url_and_review_status_but_no_navigation(page, site):
    page.goto(f"{site}/en/diseases/cno-crmo/")
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".share")).to_be_hidden()
    expect(page.get_by_text(f"Printed from {site}/en/diseases/cno-crmo/")).to_be_visible()
    expect(page.get_by_text("Page Last Updated:")).to_be_visible()
    expect(page.get_by_text("currently awaiting medical review")).to_be_visible()


def test_skip_link_and_visible_focus(page, site):
    page.goto(f"{site}/en/diseases/cno-crmo/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/diseases/cno-crmo/#content")
