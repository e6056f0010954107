"""
New editors and reviewers at work in the real admin, from its home page:
each finds their next task on the dashboard and finishes it without typing
an address.
"""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from diseases import versioning
from diseases.models import Disease, PatientAdvice, Symptom

from ..factories import make_disease
from .conftest import audit, log_in


def test_dashboard_counts_lead_each_role_to_its_lists(page, work_site, browser):
    log_in(page, work_site, "editor", "editor-demo-password")

    expect(page.locator("#count-due-soon")).to_have_text(re.compile(r"^\s*1\s+page due for medical review within"))
    expect(page.locator("#count-my-drafts")).to_have_text(re.compile(r"^\s*1\s+draft you worked on"))
    expect(page.locator("#translations-fr")).to_contain_text("1 outdated translation")
    expect(page.locator("#count-pending-advice")).to_have_text("1 patient advice awaits moderation.")
    expect(page.locator("#due-chart")).to_be_visible()
    expect(page.locator("#coverage-chart")).to_be_visible()
    assert audit(page) == []

    page.locator("#count-due-soon").click()
    expect(page.locator("#result_list")).to_contain_text("Adult-Onset Still's Disease (AOSD)")
    page.go_back()
    page.locator("#translations-fr").get_by_role("link", name=re.compile("outdated")).click()
    expect(page.locator("#translation-status")).to_contain_text("Adult-Onset Still's Disease (AOSD)")
    expect(page.locator("#translation-status")).not_to_contain_text("Chronic Nonbacterial Osteomyelitis")

    reviewer = browser.new_page(bypass_csp=True)  # axe-core is injected as an inline script
    log_in(reviewer, work_site, "reviewer", "reviewer-demo-password")
    expect(reviewer.locator("#count-awaiting-review")).to_have_text(re.compile(r"1 page awaits medical review"))
    queue = reviewer.locator("#reviewer-work .dashboard-queue")
    expect(queue).to_contain_text("Reworded the sore throat symptom")
    expect(queue).to_contain_text("editor")
    assert audit(reviewer) == []


def test_the_translation_coverage_numbers_fit_a_phone(page, work_site):
    log_in(page, work_site, "editor", "editor-demo-password")
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()

    page.locator("#coverage-chart summary").click()

    # A column per status: the table scrolls in its own box, which the keyboard reaches.
    numbers = page.get_by_role("region", name="The numbers")
    expect(numbers).to_contain_text("Left out of the last review")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert audit(page) == []


def test_reviewer_reviews_the_word_diff_and_approves_from_the_dashboard(page, work_site):
    log_in(page, work_site, "reviewer", "reviewer-demo-password")

    page.get_by_role("link", name="Review Adult-Onset Still's Disease (AOSD)").click()

    english = page.locator("td.word-diff").filter(has=page.locator("del", has_text="muscle aches")).first
    expect(english.locator("ins")).to_have_text("added: often before the first fever, with aching muscles")
    expect(english).to_contain_text("and swollen lymph nodes")
    # Screen readers hear which words went and came; the eye sees struck and underlined words only.
    assert english.locator("del .visually-hidden").bounding_box()["width"] <= 1
    expect(page.locator(".readability-table")).to_contain_text("Flesch reading ease")
    expect(page.locator("#outdated-translations")).to_contain_text("French")
    expect(page.get_by_role("checkbox", name="French", exact=True)).not_to_be_checked()
    # The outdated French symptom is listed for confirming, with its English then and now, and left unticked.
    expect(page.get_by_role("checkbox", name="French: Sore throat")).not_to_be_checked()
    assert audit(page) == []

    page.get_by_role("button", name="Approve and publish").click()

    expect(page.get_by_text("Approved and published.")).to_be_visible()
    aosd = Disease.objects.get(slug="aosd")
    assert aosd.status == Disease.Status.APPROVED and aosd.live.languages == ["en", "es"]


def test_editor_saves_and_submits_in_one_action_and_the_reviewers_hear_of_it(page, work_site):
    log_in(page, work_site, "editor", "editor-demo-password")
    page.locator("#count-my-drafts").click()
    page.get_by_role("link", name=re.compile("Chronic Nonbacterial Osteomyelitis")).click()

    page.locator("textarea[name=definition_en]").fill("CNO/CRMO is an autoinflammatory bone disease of children.")
    page.get_by_label("Comment for the medical reviewers").fill("A shorter definition")
    page.get_by_role("button", name="Save and submit for medical review").click()

    expect(page.locator(".messagelist")).to_contain_text("Submitted for medical review")
    expect(page.locator(".workflow")).to_contain_text("Status: In review")
    cno = Disease.objects.get(slug="cno-crmo")
    assert cno.definition_en == "CNO/CRMO is an autoinflammatory bone disease of children."
    assert cno.review_events.first().comment == "A shorter definition"
    to_reviewers = [message for message in mail.outbox if message.to == ["reviewer@example.org"]]
    assert to_reviewers and "A shorter definition" in to_reviewers[-1].body


def test_unsaved_changes_warn_before_a_workflow_button_or_leaving(page, work_site):
    unpublished = make_disease(None, slug="unpublished")
    log_in(page, work_site, "editor", "editor-demo-password")
    page.goto(f"{work_site}/admin/diseases/disease/{unpublished.pk}/change/")
    page.wait_for_load_state("load")
    page.locator("textarea[name=definition_en]").fill("Typed but not saved.")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Publish awaiting review").click()

    assert questions and "not saved" in questions[0]
    expect(page.locator("textarea[name=definition_en]")).to_have_value("Typed but not saved.")
    assert not Disease.objects.get(pk=unpublished.pk).is_public

    leaving = []
    page.once("dialog", lambda dialog: (leaving.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="History").click()
    page.wait_for_timeout(300)
    assert leaving == ["beforeunload"]
    assert page.url.endswith(f"/admin/diseases/disease/{unpublished.pk}/change/")

    # Saved first, the same button goes on without a question.
    page.get_by_role("button", name="Save and continue editing").click()
    page.once("dialog", lambda dialog: (questions.append("again"), dialog.dismiss()))
    page.get_by_role("button", name="Publish awaiting review").click()
    expect(page.locator(".messagelist")).to_contain_text("Published awaiting review")
    assert questions == questions[:1]


def test_language_tabs_show_one_language_and_mark_outdated_translations(page, work_site):
    aosd = Disease.objects.get(slug="aosd")
    log_in(page, work_site, "editor", "editor-demo-password")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{work_site}/admin/diseases/disease/{aosd.pk}/change/")

    # The form fits the screen, and its title stands clear of the buttons.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    title = page.locator("#content > h2").first.bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"]
    expect(page.get_by_role("link", name="View on site")).to_have_count(1)

    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(3)
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(tabs.first).to_contain_text("English")
    expect(page.locator("textarea[name=definition_en]")).to_be_visible()
    expect(page.locator("textarea[name=definition_fr]")).to_be_hidden()
    french = page.get_by_role("tab", name=re.compile("Français"))
    expect(french).to_contain_text("Outdated: 1")

    french.click()
    expect(page.locator("textarea[name=definition_fr]")).to_be_visible()
    expect(page.locator("textarea[name=definition_en]")).to_be_hidden()
    symptom = Symptom.objects.get(group__disease=aosd, text_en__startswith="Sore throat")
    field = page.locator("textarea[name$='-text_fr']").filter(has_text=symptom.text_fr)
    notes = page.locator(f"#{field.get_attribute('id')}_notes")
    expect(notes.locator(".translation-flag")).to_have_text("Outdated")
    notes.get_by_text("The English text").click()
    expect(notes).to_contain_text("often before the first fever")

    # A new translation is no longer outdated; the tab follows as the translator types.
    field.fill("Mal de gorge, souvent avant la première fièvre, avec douleurs musculaires et ganglions gonflés")
    expect(french).not_to_contain_text("Outdated")
    # The keyboard moves between tabs too.
    french.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("tab", name=re.compile("Español"))).to_have_attribute("aria-selected", "true")
    expect(page.locator("textarea[name=definition_es]")).to_be_visible()


def test_an_old_version_shows_what_reverting_would_change_one_language_at_a_time(page, work_site):
    aosd = Disease.objects.get(slug="aosd")
    oldest = versioning.versions(aosd).last()
    log_in(page, work_site, "editor", "editor-demo-password")
    page.goto(work_site + reverse("admin:diseases_disease_revision", args=[aosd.pk, oldest.pk]))

    # The editor reworded a symptom in English and Spanish since: the screen opens on English.
    english, spanish, french = (page.locator(f'[data-language-section="{code}"]') for code in ("en", "es", "fr"))
    expect(page.get_by_role("tab", name=re.compile("English"))).to_have_attribute("aria-selected", "true")
    expect(english).to_be_visible()
    expect(english.locator("td.word-diff").first).to_contain_text("muscle aches")
    expect(spanish).to_be_hidden()
    expect(page.get_by_role("tab", name=re.compile("Español"))).to_contain_text("Changes: ")
    french_tab = page.get_by_role("tab", name=re.compile("Français"))
    expect(french_tab).not_to_contain_text("Changes")

    page.get_by_role("tab", name=re.compile("Español")).click()
    expect(spanish).to_be_visible()
    expect(english).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(french_tab).to_have_attribute("aria-selected", "true")
    expect(french).to_contain_text("No differences in this language.")
    expect(spanish).to_be_hidden()
    expect(page.locator("#revert-form")).to_contain_text("this version of the page")


def test_rows_are_reordered_with_the_keyboard(page, work_site):
    cno = Disease.objects.get(slug="cno-crmo")
    first, second = [symptom.text_en for symptom in Symptom.objects.filter(group__disease=cno)[:2]]
    log_in(page, work_site, "editor", "editor-demo-password")
    page.goto(f"{work_site}/admin/diseases/disease/{cno.pk}/change/")

    move_down = page.get_by_role("button", name=f"Move down: {first[:40]}")
    move_down.focus()
    page.keyboard.press("Enter")

    expect(page.locator("#row-order-status")).to_have_text("Moved to position 2 of 7.")
    expect(page.get_by_role("button", name=f"Move down: {first[:40]}")).to_be_focused()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [symptom.text_en for symptom in Symptom.objects.filter(group__disease=cno)[:2]] == [second, first]


def test_editor_moderates_advice_from_its_own_page(page, work_site):
    log_in(page, work_site, "editor", "editor-demo-password")
    page.locator("#count-pending-advice").click()
    page.get_by_role("link", name=re.compile("Maria: Keep a diary")).click()
    expect(page.locator("#moderation-form")).to_be_visible()
    problems = audit(page)
    assert problems == [], problems

    page.get_by_label("Other").check()
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Say why in a note: the reason is “Other”.")).to_be_visible()
    assert PatientAdvice.objects.get().status == "pending"

    page.get_by_label("Other").check()
    page.get_by_label("Note").fill("Names a child's school.")
    page.get_by_role("button", name="Reject").click()

    expect(page.locator(".messagelist")).to_contain_text("Rejected.")
    advice = PatientAdvice.objects.get()
    assert (advice.status, advice.rejection_reason, advice.rejection_note) == (
        "rejected",
        "other",
        "Names a child's school.",
    )


def test_rows_are_reordered_by_dragging(page, work_site):
    cno = Disease.objects.get(slug="cno-crmo")
    texts = [symptom.text_en for symptom in Symptom.objects.filter(group__disease=cno)]
    log_in(page, work_site, "editor", "editor-demo-password")
    page.goto(f"{work_site}/admin/diseases/disease/{cno.pk}/change/")

    rows = page.locator("#symptom_groups-0-symptoms-group .djn-item:not(.djn-empty-form)")
    handle = rows.nth(0).locator(".djn-drag-handler")
    handle.hover()
    start, target = handle.bounding_box(), rows.nth(2).bounding_box()
    page.mouse.down()
    drop_y = target["y"] + target["height"] / 2 + 10
    for step in range(1, 21):
        page.mouse.move(start["x"] + 5, start["y"] + 10 + (drop_y - start["y"] - 10) * step / 20)
    page.mouse.up()
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = [symptom.text_en for symptom in Symptom.objects.filter(group__disease=cno)]
    assert saved[:3] == [texts[1], texts[2], texts[0]]


def test_reviewer_confirms_an_outdated_translation_approves_the_change_then_records_a_full_review(page, work_site):
    aosd = Disease.objects.get(slug="aosd")
    due_before = aosd.live.next_review_due
    log_in(page, work_site, "reviewer", "reviewer-demo-password")
    page.get_by_role("link", name="Review Adult-Onset Still's Disease (AOSD)").click()

    # A change approval: French checked, its one outdated text confirmed, no full review.
    page.get_by_role("checkbox", name="French", exact=True).check()
    page.get_by_role("checkbox", name="French: Sore throat").check()
    expect(page.get_by_role("checkbox", name="Full review")).not_to_be_checked()
    page.get_by_role("button", name="Approve and publish").click()

    expect(page.get_by_text("Approved and published.")).to_be_visible()
    aosd.refresh_from_db()
    assert not aosd.live.full_review and aosd.live.next_review_due == due_before
    assert aosd.live.languages == ["en", "es", "fr"] and not aosd.live.content["languages"]["fr"]["outdated"]

    # Nothing changed since: the screen offers a full review of the page as published, and it moves the dates.
    page.goto(f"{work_site}{reverse('admin:diseases_disease_review', args=[aosd.pk])}")
    expect(page.get_by_role("heading", name="Full review of the page as published")).to_be_visible()
    page.get_by_role("checkbox", name="Full review").check()
    page.get_by_role("button", name="Record the full review").click()

    expect(page.get_by_text("Full review recorded: the page’s review dates are updated.")).to_be_visible()
    aosd.refresh_from_db()
    assert aosd.live.full_review and aosd.live.next_review_due > due_before
