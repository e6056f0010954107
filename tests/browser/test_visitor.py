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
    page.locator("main").get_by_label("Search by disease name, abbreviation or symptom").fill("crmo")
    page.locator("main").get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal").click()

    expect(page.locator("h1")).to_have_text(
        "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)"
    )
    page.get_by_role("link", name="español").click()

    expect(page).to_have_url(f"{site}/es/diseases/cno-crmo/")
    expect(page.locator("h1")).to_contain_text("Osteomielitis crónica no bacteriana (CNO)")
    expect(page.locator("html")).to_have_attribute("lang", "es")


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_public_page_passes_the_accessibility_audit(page, site, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PATHS:
        page.goto(site + path.format(lang=language))
        assert audit(page) == [], path


def test_advice_form_showing_its_errors_passes_the_accessibility_audit(page, site):
    page.goto(f"{site}/fr/diseases/cno-crmo/advice/new/")
    page.get_by_role("button", name="Envoyez votre conseil").click()

    expect(page.get_by_text("Veuillez écrire votre conseil.")).to_be_visible()
    assert audit(page) == []


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_pages_fit_the_screen_without_horizontal_scrolling(page, site, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PATHS:
        page.goto(site + path.format(lang=language))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_on_a_phone_the_review_status_and_the_contents_are_on_the_first_screen(page, site, language):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/{language}/diseases/cno-crmo/")

    expect(page.locator(".review-line")).to_be_in_viewport()
    expect(page.locator(".contents h2")).to_be_in_viewport()


def test_the_contents_jump_to_each_section(page, site):
    page.goto(f"{site}/en/diseases/cno-crmo/")

    for name, heading in [
        ("What fellow patients want you to know", "#advice-heading"),
        ("Other Resources", "#resources-heading"),
        ("Symptoms", "#symptoms-heading"),
    ]:
        page.locator(".contents").get_by_role("link", name=name, exact=True).click()
        expect(page).to_have_url(f"{site}/en/diseases/cno-crmo/{heading}")
        expect(page.locator(heading)).to_be_in_viewport()


def test_the_header_search_works_from_a_disease_page(page, site):
    page.goto(f"{site}/es/diseases/aosd/")
    page.locator("header").get_by_label("Buscar por nombre de enfermedad, abreviatura o síntoma").fill("fatiga")
    page.locator("header").get_by_role("button", name="Buscar").click()

    expect(page).to_have_url(f"{site}/es/search/?q=fatiga")
    expect(page.locator(".search-results")).to_contain_text("Osteomielitis crónica no bacteriana")


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
