"""A patient shares advice, by keyboard alone, after fixing what the form points out."""

from playwright.sync_api import expect

from diseases.models import PatientAdvice


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_patient_submits_advice_with_errors_then_success(page, site):
    page.goto(f"{site}/en/diseases/cno-crmo/")
    page.get_by_role("link", name="Submit Your Advice").click()
    page.locator(".advice-form").get_by_role("button", name="Submit Your Advice").click()

    expect(page.get_by_text("Please write your advice.")).to_be_visible()
    expect(page.get_by_text("Please agree to publication, or we cannot show it.")).to_be_visible()
    assert PatientAdvice.objects.count() == 0

    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Keep a symptom diary: it helped my rheumatologist see the pattern.")
    tab_to(page, "input[name=display_name]")
    page.keyboard.type("Sam")
    tab_to(page, "input[name=role]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Thank you for your advice")
    advice = PatientAdvice.objects.get()
    assert (advice.display_name, advice.role, advice.status) == ("Sam", "patient", "pending")
