"""
The "Done when" of search in the visitor's words and of reader feedback,
clicked through as a new visitor and a new editor would on the demo site, on
a phone's width and a desktop's: every public page on the way passes axe-core
and the Nu HTML checker, and none scrolls sideways.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from diseases.models import Disease, EmailLanguage, PageFeedback

from .conftest import audit, log_in

WIDTHS = [320, 1280]
TITLE = {
    "en": "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)",
    "es": "Osteomielitis crónica no bacteriana (CNO)/Osteomielitis multifocal crónica recurrente (CRMO)",
}
WHEN_TO_GET_HELP = {"en": "When to get help", "es": "Cuándo pedir ayuda"}


def meets_the_standard(page, nu_checker, width):
    # The page as served (it runs no script), before axe-core is injected into it.
    assert nu_checker.errors(page.request.get(page.url).text()) == []
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("language", "words"), [("en", "tiredness"), ("es", "cansancio"), ("en", "osteomielitis crmo")]
)
def test_a_visitor_finds_cno_crmo_in_their_words_and_what_to_do_in_a_flare_first(
    page, work_site, nu_checker, language, words, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{work_site}/{language}/")
    page.locator("main input[name=q]").fill(words)
    page.locator("main form[role=search] button[type=submit]").click()

    result = page.locator("main").get_by_role("link", name=TITLE[language])
    expect(result).to_be_visible()
    meets_the_standard(page, nu_checker, width)
    result.click()

    expect(page).to_have_url(f"{work_site}/{language}/diseases/cno-crmo/")
    # The first part of the page after how to say its name, announced by its heading, first in its contents.
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index(WHEN_TO_GET_HELP[language]) == 2
    help_region = page.get_by_role("region", name=WHEN_TO_GET_HELP[language])
    expect(help_region.locator("li")).to_have_count(4)
    expect(page.locator("nav.contents li").first).to_have_text(WHEN_TO_GET_HELP[language])
    assert help_region.bounding_box()["y"] < page.locator("section.symptoms").bounding_box()["y"]
    meets_the_standard(page, nu_checker, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_goes_from_brain_fog_to_every_disease_that_lists_it(page, work_site, nu_checker, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{work_site}/en/diseases/cno-crmo/")

    page.locator("main section.symptoms").get_by_role("link", name=re.compile("Brain fog")).click()

    expect(page.locator("h1")).to_contain_text("Brain fog")
    diseases = page.locator("main").get_by_role("link", name=re.compile(r"\((CNO|AOSD)\)"))
    expect(diseases).to_have_count(2)
    meets_the_standard(page, nu_checker, width)
    page.locator("main").get_by_role("link", name="Adult-Onset Still's Disease (AOSD)").click()
    expect(page).to_have_url(f"{work_site}/en/diseases/aosd/")
    expect(page.locator("main section.symptoms").get_by_role("link", name=re.compile("Brain fog"))).to_be_visible()

    page.goto(f"{work_site}/en/symptoms/")
    expect(page.locator("main").get_by_role("link", name=re.compile("Brain fog"))).to_be_visible()
    meets_the_standard(page, nu_checker, width)


def test_a_french_report_reaches_the_reviewers_and_the_editors_home_beside_the_searches_that_found_nothing(
    page, work_site, nu_checker
):
    reviewer = get_user_model().objects.get(username="reviewer")
    EmailLanguage.objects.update_or_create(user=reviewer, defaults={"language": "fr"})
    PageFeedback.objects.all().delete()

    # A visitor, in French: a search that finds nothing, then “No — out of date” on CNO/CRMO.
    page.goto(f"{work_site}/fr/search/?q=uvéite")
    expect(page.get_by_role("status")).to_contain_text("0 page trouvée")
    page.goto(f"{work_site}/fr/diseases/cno-crmo/")
    page.locator("section.page-feedback button[value=no]").click()
    page.locator("input[name=kind][value=wrong]").check()
    page.locator("textarea[name=text]").fill("Les biothérapies récentes ne sont pas citées.")
    page.locator("#feedback-details-form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "fr"
    meets_the_standard(page, nu_checker, 1280)

    # The reviewers are told, in French since the reviewer reads the admin in French.
    (message,) = [message for message in mail.outbox if "biothérapies" in message.body]
    assert message.to == ["reviewer@example.org"]
    assert "Les biothérapies récentes ne sont pas citées." in message.body
    assert message.subject.startswith("Un visiteur signale")

    # A new editor signs in: both panels on the admin home.
    log_in(page, work_site, "editor", "editor-demo-password")
    expect(page.get_by_text("Les biothérapies récentes ne sont pas citées.")).to_be_visible()
    expect(page.get_by_text("1 search for “uveite” (fr)")).to_be_visible()
    assert audit(page) == []

    # The page is medically reviewed; the charity downloads its evidence pack from the page's form.
    cno_crmo = Disease.objects.get(slug="cno-crmo")
    cno_crmo.submit_for_review(get_user_model().objects.get(username="editor"))
    cno_crmo.approve(reviewer, comment="Vérifié.")
    page.goto(f"{work_site}{reverse('admin:diseases_disease_change', args=[cno_crmo.pk])}")
    page.locator("#evidence-link").click()
    history = page.locator("main table.evidence-reviews")
    expect(history).to_contain_text("Dr Demo Reviewer")
    expect(history).to_contain_text("MD, paediatric rheumatologist")
    expect(page.locator("main")).to_contain_text("Wrong or out of date: Open: 1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    reviews = [(row["Name"], row["Credentials or details"]) for row in rows if row["Record"] == "Medical review"]
    assert reviews == [("Dr Demo Reviewer", "MD, paediatric rheumatologist")]
    french = {row["Kind"]: row["Figure"] for row in rows if row["Language"] == "French"}
    assert (french["Not helpful"], french["Wrong or out of date: Open"]) == ("1", "1")
