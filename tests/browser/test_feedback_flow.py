"""
A visitor answers “Was this page helpful?” in English, Spanish and French, on
a phone's width and a desktop's: No, then what was wrong (with a phone number
they should not have written), then thanks; every step passes axe-core and
the Nu HTML checker, and none scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from diseases.models import PageFeedback

from .conftest import audit


def meets_the_standard(page, nu_checker, width):
    # The page as served (it runs no script), whole: what is shown can be visible before the rest has arrived.
    page.wait_for_load_state()
    # Before axe-core is injected into it.
    assert nu_checker.errors(page.content()) == []
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_visitor_says_the_page_is_out_of_date(page, site, nu_checker, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/{language}/diseases/cno-crmo/")
    question = page.locator("section.page-feedback")
    expect(question).to_be_visible()
    meets_the_standard(page, nu_checker, width)

    question.locator("button[name=helpful][value=no]").click()

    expect(page.locator("#feedback-details-form")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == language
    meets_the_standard(page, nu_checker, width)
    page.locator("input[name=kind][value=wrong]").check()
    page.locator("textarea[name=text]").fill("The treatment changed in 2025. Call me on 06 12 34 56 78.")
    page.locator("#feedback-details-form button[type=submit]").click()

    expect(page.locator("#masked-notice")).to_be_visible()
    meets_the_standard(page, nu_checker, width)
    answer = PageFeedback.objects.get()
    assert (answer.language, answer.helpful, answer.kind) == (language, False, "wrong")
    assert answer.text == "The treatment changed in 2025. Call me on [phone number removed]."
    page.locator("main a[href$='/diseases/cno-crmo/']").last.click()
    expect(page).to_have_url(f"{site}/{language}/diseases/cno-crmo/")


def test_a_visitor_who_found_it_helpful_goes_back_without_saying_more(page, site):
    page.goto(f"{site}/es/diseases/cno-crmo/")

    page.locator("section.page-feedback button[value=yes]").click()
    page.locator("main a[href$='/diseases/cno-crmo/']").last.click()

    expect(page).to_have_url(f"{site}/es/diseases/cno-crmo/")
    answer = PageFeedback.objects.get()
    assert (answer.language, answer.helpful, answer.kind, answer.text) == ("es", True, "", "")


def test_the_question_works_with_the_keyboard_alone(page, site):
    page.goto(f"{site}/fr/diseases/cno-crmo/")
    page.locator("section.page-feedback button[value=yes]").focus()

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.locator("#feedback-details-form")).to_be_visible()
    assert PageFeedback.objects.get().helpful is False
