"""A reviewer comments on a field; the editor sees it beside that field and replies; the reviewer resolves it."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from diseases import workflow
from diseases.models import Disease, ReviewComment

from .conftest import audit, log_in


def test_reviewer_comments_editor_replies_beside_the_field_reviewer_resolves(page, site, browser):
    disease = Disease.objects.get(slug="cno-crmo")
    disease.submit_for_review(get_user_model().objects.get(username="editor"))

    reviewer_page = browser.new_page()
    log_in(reviewer_page, site, "reviewer", "reviewer-demo-password")
    reviewer_page.goto(f"{site}/admin/diseases/disease/{disease.pk}/review/")
    comment_form = reviewer_page.locator("#comment-form")
    comment_form.get_by_label("Field").select_option(f"diseases.disease:{disease.pk}:definition:en")
    comment_form.get_by_label("Comment").fill("Say “bone inflammation” before the Latin name.")
    comment_form.get_by_role("button", name="Add the comment").click()
    expect(reviewer_page.get_by_text("Your comment was added.")).to_be_visible()
    thread = ReviewComment.objects.get()

    log_in(page, site, "editor", "editor-demo-password")
    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    beside = page.locator(".form-row.field-definition_en .comment-thread")
    expect(beside).to_contain_text("Say “bone inflammation” before the Latin name.")
    expect(page.locator("#pinned-review")).to_contain_text("Definition (English)")
    beside.get_by_label("Reply").fill("Done: “bone inflammation” comes first now.")
    beside.get_by_role("button", name="Reply").click()
    expect(page.get_by_text("Your reply was added.")).to_be_visible()
    expect(page.locator(f"#comment-{thread.pk}")).to_contain_text("Done: “bone inflammation” comes first now.")
    # Only the person who started the conversation, or a reviewer, closes it.
    expect(page.locator(f"#comment-{thread.pk}").get_by_role("button", name="Resolve")).to_have_count(0)

    reviewer_page.goto(f"{site}/admin/diseases/disease/{disease.pk}/review/")
    conversation = reviewer_page.locator(f"#comment-{thread.pk}")
    expect(conversation).to_contain_text("Done: “bone inflammation” comes first now.")
    conversation.get_by_role("button", name="Resolve").click()
    expect(reviewer_page.get_by_text("The conversation is resolved.")).to_be_visible()

    page.reload()
    expect(page.locator(f"#comment-{thread.pk}")).to_contain_text("Resolved by reviewer")
    expect(page.locator("#pinned-review")).to_have_count(0)


def test_a_link_to_a_comment_on_a_translation_opens_its_language(page, site):
    disease = Disease.objects.get(slug="cno-crmo")
    users = get_user_model().objects
    disease.submit_for_review(users.get(username="editor"))
    thread = workflow.comments.add_comment(
        disease, users.get(username="reviewer"), f"diseases.disease:{disease.pk}:definition:es", "¿«Inflamación ósea»?"
    )
    disease.request_changes(users.get(username="reviewer"), "See my comment.")

    log_in(page, site, "editor", "editor-demo-password")
    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    expect(page.get_by_role("tab", name="English")).to_have_attribute("aria-selected", "true")
    page.locator("#pinned-review").get_by_role("link", name="Definition (Spanish)").click()

    expect(page.get_by_role("tab", name="Spanish")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#comment-{thread.pk}")).to_be_in_viewport()


def test_an_editor_starts_a_conversation_on_a_spanish_field_from_the_form_and_lands_back_on_it(page, site):
    disease = Disease.objects.get(slug="cno-crmo")
    disease.submit_for_review(get_user_model().objects.get(username="editor"))
    log_in(page, site, "editor", "editor-demo-password")
    page.goto(f"{site}/admin/diseases/disease/{disease.pk}/change/")
    page.wait_for_load_state("load")
    page.get_by_role("tab", name="Spanish").click()
    field = page.locator(".form-row.field-definition_es")
    field.get_by_text("Comment on this field").click()
    starter = field.locator("details.comment-new")

    assert audit(page) == []
    # Typed in the page but not saved: sending the comment asks first, and the text stays.
    page.locator("textarea[name=definition_es]").fill("Texto sin guardar.")
    starter.get_by_label("Your comment on Definition (Spanish)").fill("¿Citamos la fuente?")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.type), dialog.dismiss()))
    starter.get_by_role("button", name="Add the comment").click()
    page.wait_for_timeout(300)
    assert questions == ["beforeunload"]
    expect(page.locator("textarea[name=definition_es]")).to_have_value("Texto sin guardar.")
    assert not ReviewComment.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())
    starter.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Your comment was added.")).to_be_visible()
    thread = ReviewComment.objects.get()
    assert (thread.field, thread.language, thread.body) == ("definition", "es", "¿Citamos la fuente?")
    assert page.url.endswith(f"#comment-{thread.pk}")
    expect(page.get_by_role("tab", name="Spanish")).to_have_attribute("aria-selected", "true")
    expect(page.locator(".form-row.field-definition_es .comment-thread")).to_contain_text("¿Citamos la fuente?")
    expect(page.locator(f"#comment-{thread.pk}")).to_be_in_viewport()
