"""An editor changes a symptom and submits; a reviewer reads the diff and approves; the public sees it."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from diseases.models import Disease

from .conftest import log_in


def test_editor_submits_reviewer_approves_public_sees_the_change(page, site, browser):
    disease = Disease.objects.get(slug="cno-crmo")
    reviewer = get_user_model().objects.get(username="reviewer")
    editor = get_user_model().objects.get(username="editor")
    # The page has been reviewed once before, so the editor's change is a draft.
    disease.submit_for_review(editor)
    disease.approve(reviewer)

    log_in(page, site, "editor", "editor-demo-password")
    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    symptom = page.locator("textarea[name$='-text_en']").filter(has_text="Synovial thickening")
    symptom.fill("Thickening of the joint lining (synovium)")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".workflow")).to_contain_text("Status: Draft")
    page.goto(f"{site}/en/diseases/cno-crmo/")
    expect(page.get_by_text("Synovial thickening")).to_be_visible()

    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    page.get_by_label("Comment for the medical reviewers").fill("Clearer wording for the synovium")
    page.get_by_role("button", name="Save and submit for medical review").click()
    expect(page.locator(".workflow")).to_contain_text("Status: In review")

    reviewer_page = browser.new_page()
    log_in(reviewer_page, site, "reviewer", "reviewer-demo-password")
    reviewer_page.goto(f"{site}/admin/diseases/diseaseawaitingreview/")
    expect(reviewer_page.get_by_text("Clearer wording for the synovium")).to_be_visible()
    reviewer_page.get_by_role("link", name="Chronic Nonbacterial Osteomyelitis").click()
    diff = reviewer_page.locator("td.word-diff")
    expect(diff.locator("del", has_text="Synovial thickening").first).to_be_visible()
    expect(diff.locator("ins", has_text="Thickening of the joint lining (synovium)").first).to_be_visible()
    reviewer_page.get_by_role("button", name="Approve and publish").click()
    expect(reviewer_page.get_by_text("Approved and published.")).to_be_visible()

    public = browser.new_page()
    public.goto(f"{site}/en/diseases/cno-crmo/")
    expect(public.get_by_text("Thickening of the joint lining (synovium)")).to_be_visible()
    expect(public.locator(".review-line")).to_contain_text("Medically reviewed by Dr Demo Reviewer")
    expect(public.locator(".review-status")).to_contain_text("Medically reviewed by Dr Demo Reviewer")
