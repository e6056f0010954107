"""
The evidence pack in the browser: valid, accessible and without sideways
scrolling on a phone and a desktop; printed (to PDF) without the admin's
menus, each disease page on a sheet of its own.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from diseases.models import Disease

from .conftest import audit
from .test_admin_accessibility import nu_errors

WIDTHS = (360, 1280)


def reviewed_cno_crmo():
    """The demo's CNO/CRMO, medically reviewed by the demo's reviewer: its pack has a review to show."""
    users = get_user_model().objects
    page = Disease.objects.get(slug="cno-crmo")
    page.submit_for_review(users.get(username="editor"))
    page.approve(users.get(username="reviewer"), comment="Checked against current guidelines.")
    return page


def editor_session(site, browser, width):
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})  # axe-core is injected
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    return context


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["site", "page"])
def test_the_pack_meets_the_public_sites_standard(which, width, work_site, browser, nu_checker):
    page_reviewed = reviewed_cno_crmo()
    if which == "site":
        path = reverse("admin:diseases_evidence_pack")
    else:
        path = reverse("admin:diseases_disease_evidence", args=[page_reviewed.pk])
    context = editor_session(work_site, browser, width)
    page = context.new_page()

    response = page.goto(work_site + path)

    assert response.status == 200
    assert page.locator(".evidence-reviews tbody tr").count() >= 1
    assert page.get_by_text("MD, paediatric rheumatologist").first.is_visible()
    assert nu_errors(nu_checker, response.text(), after_scripts=False) == []
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_printed_the_pack_leaves_out_the_admin_and_starts_each_page_on_a_new_sheet(work_site, browser):
    reviewed_cno_crmo()
    context = editor_session(work_site, browser, 1280)
    page = context.new_page()
    page.goto(work_site + reverse("admin:diseases_evidence_pack"))
    assert page.locator("#header").is_visible() and page.locator("#evidence-csv").is_visible()

    page.emulate_media(media="print")

    for chrome in ("#header", ".breadcrumbs", "#nav-sidebar", "#evidence-csv", "#footer"):
        assert page.locator(chrome).count() == 0 or not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".evidence-page").count() == 2
    breaks = page.eval_on_selector_all(
        ".evidence-page", "sections => sections.map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks == ["page", "page"]
    pdf = page.pdf(format="A4")
    # The review process and coverage, then each of the two disease pages on sheets of their own.
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3
    context.close()
