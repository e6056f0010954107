"""
The admin's Content-Security-Policy, enforced by the real browser: editing a
disease with its nested inlines, reviewing and moderating run into no
violation, so the admin's own scripts and styles satisfy it.
"""

import re

import pytest
from playwright.sync_api import expect

from diseases.models import Disease, PatientAdvice

from .conftest import log_in

# Collects what the browser refuses, whatever reports it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"} (${where})`);
});
"""


class Violations:
    """The CSP violations of a browser context: console reports and `securitypolicyviolation` events."""

    def __init__(self, context):
        self.console = []
        self.pages = []
        context.add_init_script(LISTEN)
        context.on("page", self.watch)

    def watch(self, page):
        self.pages.append(page)
        page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text or "Refused to" in message.text
                else None
            ),
        )

    def all(self):
        events = []
        for page in self.pages:
            if not page.is_closed():
                events += page.evaluate("window.__cspViolations || []")
        return self.console + events


@pytest.fixture
def strict(browser, work_site):
    """A browser that enforces the site's policy (the other browser tests bypass it to inject axe-core)."""
    context = browser.new_context(bypass_csp=False)
    violations = Violations(context)
    yield context, violations
    context.close()


def checked(violations, page):
    assert violations.all() == [], page.url


def test_admin_pages_send_a_policy_the_browser_enforces(strict, work_site):
    site = work_site
    context, violations = strict
    page = context.new_page()

    response = page.goto(f"{site}/admin/login/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    # An inline script, as injected markup would be, is refused (and reported).
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in violation for violation in violations.all())


def test_editing_a_disease_with_its_inlines_runs_into_no_violation(strict, work_site):
    site = work_site
    context, violations = strict
    page = context.new_page()
    disease = Disease.objects.get(slug="cno-crmo")
    # The dashboard, with its charts.
    log_in(page, site, "editor", "editor-demo-password")
    checked(violations, page)

    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    expect(page.locator("#disease_form")).to_be_visible()
    # Language tabs, by mouse and keyboard; moving a row.
    spanish = page.get_by_role("tab", name=re.compile("Español"))
    spanish.click()
    page.keyboard.press("ArrowRight")
    page.get_by_role("tab", name=re.compile("English")).click()
    page.get_by_role("button", name=re.compile("^Move down")).first.click()
    # Nested inlines: add a symptom to the page's own group, and a fact.
    # Each new row is filled by its name, once the script has made it.
    symptoms = int(page.locator("#id_symptom_groups-0-symptoms-TOTAL_FORMS").input_value())
    page.locator("a.djn-add-handler.djn-model-diseases-symptom:visible").first.click()
    symptom = page.locator(f"textarea[name='symptom_groups-0-symptoms-{symptoms}-text_en']")
    symptom.fill("Night pain that wakes the child")
    expect(symptom).to_have_value("Night pain that wakes the child")
    expect(page.locator("#id_symptom_groups-0-symptoms-TOTAL_FORMS")).to_have_value(str(symptoms + 1))
    facts = int(page.locator("#id_facts-TOTAL_FORMS").input_value())
    page.locator("a.djn-add-handler.djn-model-diseases-fact:visible").click()
    page.locator(f"textarea[name='facts-{facts}-text_en']").fill("It is not an infection.")
    # The group's reference: the autocomplete's list, then a new reference made in the pop-up window.
    page.locator("#symptom_groups-0 .select2-selection").click()
    expect(page.locator(".select2-results")).to_be_visible()
    page.keyboard.press("Escape")
    with context.expect_page() as opened:
        page.locator("#add_id_symptom_groups-0-reference").click()
    popup = opened.value
    popup.locator("#id_title_en").fill("Bone inflammation in children")
    popup.locator("#id_url").fill("https://example.org/bone-inflammation")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#symptom_groups-0 .select2-selection")).to_contain_text("Bone inflammation in children")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("textarea", has_text="Night pain that wakes the child")).to_have_count(1)
    expect(page.locator("textarea", has_text="It is not an infection.")).to_have_count(1)
    checked(violations, page)

    # History and comparison.
    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/history/")
    checked(violations, page)
    page.goto(f"{site}/admin/diseases/disease/")
    page.goto(f"{site}/admin/diseases/disease/translations/")
    checked(violations, page)


def test_reviewing_runs_into_no_violation(strict, work_site):
    site = work_site
    context, violations = strict
    page = context.new_page()
    # The reviewer's dashboard, with the queue.
    log_in(page, site, "reviewer", "reviewer-demo-password")
    checked(violations, page)

    page.goto(f"{site}/admin/diseases/diseaseawaitingreview/")
    page.locator("#result_list tbody a").first.click()
    expect(page.get_by_role("button", name="Approve and publish")).to_be_visible()
    checked(violations, page)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved and published.")).to_be_visible()
    checked(violations, page)
    page.goto(f"{site}/admin/diseases/diseasereviewdue/")
    page.goto(f"{site}/admin/diseases/reviewevent/")
    checked(violations, page)


def test_moderating_runs_into_no_violation(strict, work_site):
    site = work_site
    context, violations = strict
    disease = Disease.objects.get(slug="cno-crmo")
    in_bulk, alone = (
        PatientAdvice.objects.create(disease=disease, text=text, role="patient", language="en", consent=True)
        for text in ("Keep a symptom diary.", "Ask about physiotherapy.")
    )
    page = context.new_page()
    log_in(page, site, "editor", "editor-demo-password")

    # In bulk, from the queue.
    page.goto(f"{site}/admin/diseases/patientadvice/")
    page.locator(f"input[name='_selected_action'][value='{in_bulk.pk}']").check()
    page.locator("select[name='action']").select_option("approve_advice")
    page.locator("button[name='index'], input[name='index']").first.click()
    expect(page.locator(".messagelist")).to_contain_text("1 advice updated.")
    checked(violations, page)
    # From the advice's own page.
    page.goto(f"{site}/admin/diseases/patientadvice/{alone.pk}/change/")
    expect(page.locator("#moderation-form")).to_be_visible()
    page.locator("#moderation-form").get_by_label("Spam").check()
    page.locator("#moderation-form").get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected.")
    page.goto(f"{site}/admin/diseases/patientadvice/{in_bulk.pk}/history/")
    checked(violations, page)
    in_bulk.refresh_from_db()
    alone.refresh_from_db()
    assert (in_bulk.status, alone.status) == ("approved", "rejected")
