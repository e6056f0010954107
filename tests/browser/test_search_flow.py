"""A visitor's misspelt search is corrected; they can search their own words instead, and get suggestions."""

import pytest
from playwright.sync_api import expect

from .conftest import audit


def served(page):
    """The HTML of the page shown, as the site serves it (before axe-core is injected into it)."""
    return page.request.get(page.url).text()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_misspelt_search_is_corrected_and_the_words_as_typed_are_one_click_away(page, site, nu_checker, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/en/")
    page.locator("main").get_by_label("Search by disease name, abbreviation or symptom").fill("osteomielitis crmo")
    page.locator("main").get_by_role("button", name="Search").click()

    expect(page.locator(".corrected")).to_have_text(
        "Showing results for osteomyelitis crmo. Search instead for osteomielitis crmo."
    )
    expect(page.get_by_role("status")).to_have_text("1 page found for “osteomyelitis crmo”.")
    expect(page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent")).to_be_visible()
    assert audit(page) == []
    assert nu_checker.errors(served(page)) == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    page.get_by_role("link", name="osteomielitis crmo").click()

    expect(page.get_by_role("status")).to_have_text("0 pages found for “osteomielitis crmo”.")
    expect(page.locator(".suggestions")).to_contain_text("Chronic Nonbacterial Osteomyelitis")
    assert audit(page) == []
    assert nu_checker.errors(served(page)) == []

    page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis").first.click()
    expect(page.get_by_role("status")).to_contain_text("found for “Chronic Nonbacterial Osteomyelitis”")


def test_a_visitors_word_finds_the_page_through_a_synonym(page, site, nu_checker):
    page.goto(f"{site}/en/search/?q=tiredness")

    expect(page.locator(".synonyms")).to_have_text("Also searched for: “fatigue” for “tiredness”")
    expect(page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent")).to_be_visible()
    assert audit(page) == []
    assert nu_checker.errors(served(page)) == []
