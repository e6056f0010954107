"""A visitor goes from a page to a related condition, and from a symptom to the diseases that list it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from diseases import workflow
from diseases.models import Disease

from .conftest import audit

CNO_CRMO = "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)"
AOSD = "Adult-Onset Still's Disease (AOSD)"
BRAIN_FOG = "“Brain fog” - or periods of time where thinking gets clouded and it becomes difficult to concentrate."


@pytest.fixture
def related_site(site):
    """The demo site, with CNO/CRMO (published awaiting review, so shown at once) linking to AOSD."""
    editor = get_user_model().objects.create_user("linker", is_staff=True)
    cno = Disease.objects.get(slug="cno-crmo")
    with workflow.editing(editor):
        cno.related_conditions.create(target=Disease.objects.get(slug="aosd"), order=0)
    return site


def test_a_visitor_follows_a_related_condition_in_their_language(page, related_site):
    page.goto(f"{related_site}/es/diseases/cno-crmo/")

    page.locator(".related-conditions").get_by_role("link").click()

    expect(page).to_have_url(f"{related_site}/es/diseases/aosd/")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_a_visitor_goes_from_brain_fog_to_the_diseases_that_list_it(page, site):
    page.goto(f"{site}/en/")
    page.get_by_role("link", name="Browse diseases by symptom").click()
    page.get_by_role("navigation", name="Letters").get_by_role("link", name="B", exact=True).click()
    page.get_by_role("link", name=BRAIN_FOG).click()

    expect(page.locator("h1")).to_have_text(BRAIN_FOG)
    diseases = page.locator("main .disease-list")
    expect(diseases.get_by_role("link")).to_have_text([AOSD, CNO_CRMO])
    diseases.get_by_role("link", name=AOSD).click()
    expect(page.locator("h1")).to_have_text(AOSD)


def test_a_symptom_on_a_disease_page_leads_to_the_diseases_that_list_it(page, site):
    page.goto(f"{site}/fr/diseases/cno-crmo/")
    page.locator(".symptoms").get_by_role("link", name="Brouillard cérébral", exact=False).click()

    expect(page.locator("main .disease-list li")).to_have_count(2)
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_new_pages_pass_the_accessibility_audit_and_the_html_checker(
    page, related_site, nu_checker, language, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{related_site}/{language}/symptoms/")
    symptom = page.locator(".symptom-list a").first.get_attribute("href")
    for path in (f"/{language}/diseases/cno-crmo/", f"/{language}/symptoms/", symptom):
        response = page.goto(related_site + path)
        assert audit(page) == [], path
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        if width == 1280:
            assert nu_checker.errors(response.text()) == [], path
