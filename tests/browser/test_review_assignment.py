"""A reviewer takes a page awaiting review (“I'll take this one”); the others see it is theirs."""

from playwright.sync_api import expect

from diseases.models import Disease

from .conftest import audit, log_in


def test_reviewer_takes_a_page_from_the_dashboard_and_the_queue_shows_it(page, work_site):
    log_in(page, work_site, "reviewer", "reviewer-demo-password")
    page.get_by_role("link", name="Review Adult-Onset Still's Disease (AOSD)").click()
    expect(page.locator("#review-assignment")).to_contain_text("Nobody has taken this page yet")

    page.get_by_role("button", name="Review this page").click()

    expect(page.locator(".messagelist")).to_contain_text("The page is yours to review")
    expect(page.locator("#review-assignment")).to_contain_text("Assigned to you")
    expect(page.get_by_role("button", name="Release")).to_be_visible()
    assert audit(page) == []
    aosd = Disease.objects.get(slug="aosd")
    assert aosd.review_assignee.username == "reviewer"

    page.goto(f"{work_site}/admin/diseases/diseaseawaitingreview/")
    expect(page.locator("#result_list")).to_contain_text("Dr Demo Reviewer")
    page.goto(f"{work_site}/admin/")
    expect(page.locator("#reviewer-work .dashboard-queue")).to_contain_text("Dr Demo Reviewer")
