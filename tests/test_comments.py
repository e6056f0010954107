"""
A conversation on the page: reviewers and editors comment on a field (in one
language) of a page in review, reply and resolve, through the real admin.
Comments are kept in the review log, tell the other side by e-mail, and never
change what the public reads.
"""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from diseases import documents, workflow
from diseases.models import ContentEdit, Disease, EmailLanguage, ReviewComment, ReviewEvent, TranslationGrant

from .conftest import make_user
from .factories import approved_by, edit, in_review_never_reviewed, make_disease, make_reference
from .forms import forms_in

pytestmark = pytest.mark.django_db


def change_url(page):
    return reverse("admin:diseases_disease_change", args=[page.pk])


def review_url(page):
    return reverse("admin:diseases_disease_review", args=[page.pk])


def comment_url(page):
    return reverse("admin:diseases_disease_comment", args=[page.pk])


def reply_url(thread):
    return reverse("admin:diseases_disease_comment_reply", args=[thread.disease_id, thread.pk])


def resolve_url(thread):
    return reverse("admin:diseases_disease_comment_resolve", args=[thread.disease_id, thread.pk])


def signed_in(client, user):
    client.force_login(user)
    return client


def text_of(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def symptom_anchor(page, language="es"):
    symptom = page.symptom_groups.get().symptoms.get()
    return f"diseases.symptom:{symptom.pk}:text:{language}"


@pytest.fixture
def page_in_review(editor):
    page = make_disease(editor)
    page.submit_for_review(editor)
    return page


def comment(client, page, anchor, body, back="review"):
    return client.post(comment_url(page), {"anchor": anchor, "body": body, "back": back}, follow=True)


def test_a_reviewer_comments_on_a_rows_field_in_one_language_and_the_editor_sees_it_beside_that_field(
    client, editor, reviewer, page_in_review, django_capture_on_commit_callbacks
):
    signed_in(client, reviewer)
    review = text_of(client.get(review_url(page_in_review)))
    anchor = symptom_anchor(page_in_review)
    assert f'<option value="{anchor}">Symptom (Spanish)</option>' in review

    with django_capture_on_commit_callbacks(execute=True):
        response = comment(client, page_in_review, anchor, "Fiebre is feminine here.")

    thread = ReviewComment.objects.get()
    assert response.redirect_chain[-1][0] == f"{review_url(page_in_review)}#comment-{thread.pk}"
    assert "Your comment was added." in messages_of(response)
    assert (thread.model, thread.field, thread.language, thread.author) == ("diseases.symptom", "text", "es", reviewer)
    # Kept in the page's review log, with where it is.
    event = page_in_review.review_events.first()
    assert event.action == ReviewEvent.Action.COMMENTED and event.actor == reviewer
    assert event.comment.endswith("Symptom (Spanish): Fiebre is feminine here.")
    # The editor who wrote and submitted the draft is told, in plain text.
    (message,) = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == f"New comment on {page_in_review}"
    assert "Fiebre is feminine here." in message.body and "Symptom (Spanish)" in message.body
    assert f"{change_url(page_in_review)}#comment-{thread.pk}" in message.body

    signed_in(client, editor)
    form = text_of(client.get(change_url(page_in_review)))
    symptom = page_in_review.symptom_groups.get().symptoms.get()
    # Beside the Spanish text of the symptom's row (the symptoms' inline), not elsewhere.
    cell = re.search(r'<td class="djn-td field-text_es">(.*?)</td>', form, re.S).group(1)
    assert symptom.text_es in cell
    assert "Fiebre is feminine here." in cell
    # Beside the field, listed as open above the form, and in the latest entries of the review log.
    assert form.count("Fiebre is feminine here.") == 3
    english_cell = re.search(r'<td class="djn-td field-text_en">(.*?)</td>', form, re.S).group(1)
    assert "Fiebre" not in english_cell


def test_the_editor_replies_from_the_form_and_the_reviewer_who_commented_is_told(
    client, editor, reviewer, second_reviewer, page_in_review, django_capture_on_commit_callbacks
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    signed_in(client, editor)
    form = text_of(client.get(change_url(page_in_review)))
    assert f'<form id="comment-{thread.pk}-replies" method="post" action="{reply_url(thread)}">' in form
    assert f'form="comment-{thread.pk}-replies"' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(thread), {"body": "Fixed, thanks.", "back": "edit"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{change_url(page_in_review)}#comment-{thread.pk}"
    assert "Your reply was added." in messages_of(response)
    reply = thread.replies.get()
    assert (reply.author, reply.body, reply.anchor) == (editor, "Fixed, thanks.", thread.anchor)
    (message,) = mail.outbox
    assert message.to == ["rev@example.org"]
    assert "Fixed, thanks." in message.body
    assert "Symptom “Daily spiking fever” › Symptom (Spanish)" in message.body
    assert "Fixed, thanks." in text_of(client.get(change_url(page_in_review)))


def test_a_reply_reaches_everyone_who_took_part_in_the_conversation_but_whoever_replies(
    editor, other_editor, reviewer, page_in_review, django_capture_on_commit_callbacks
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    workflow.comments.reply(thread, editor, "Checked.")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.reply(thread, other_editor, "Checked twice.")

    (message,) = mail.outbox
    assert sorted(message.to) == ["ed@example.org", "rev@example.org"]


def test_the_author_of_a_conversation_or_a_reviewer_resolves_it_and_nobody_else(
    client, editor, other_editor, reviewer, second_reviewer, page_in_review
):
    anchor = f"diseases.disease:{page_in_review.pk}:definition:en"
    by_reviewer = workflow.comments.add_comment(page_in_review, reviewer, anchor, "Too long.")
    by_editor = workflow.comments.add_comment(page_in_review, editor, anchor, "Is this clear?")

    signed_in(client, other_editor)
    form = text_of(client.get(change_url(page_in_review)))
    assert f'formaction="{resolve_url(by_reviewer)}"' not in form
    response = client.post(resolve_url(by_reviewer), {"back": "edit"}, follow=True)
    assert "Only the person who started this conversation, or a medical reviewer, can resolve it." in messages_of(
        response
    )
    by_reviewer.refresh_from_db()
    assert not by_reviewer.is_resolved

    signed_in(client, editor)
    response = client.post(resolve_url(by_editor), {"back": "edit"}, follow=True)
    assert "The conversation is resolved." in messages_of(response)
    by_editor.refresh_from_db()
    assert by_editor.resolved_by == editor

    signed_in(client, second_reviewer)
    client.post(resolve_url(by_reviewer), {"back": "review"})
    by_reviewer.refresh_from_db()
    assert by_reviewer.resolved_by == second_reviewer
    assert page_in_review.review_events.filter(action=ReviewEvent.Action.COMMENT_RESOLVED).count() == 2

    review = text_of(client.get(review_url(page_in_review)))
    assert "Resolved by rev2 on" in review
    # A resolved conversation takes no more replies.
    response = client.post(reply_url(by_reviewer), {"body": "One more thing."}, follow=True)
    assert "This conversation is already resolved." in messages_of(response)
    assert not by_reviewer.replies.exists()


@pytest.mark.parametrize(
    "anchor",
    [
        "",
        "nonsense",
        "diseases.symptom:987654321:text:es",  # no such row
        "diseases.symptom:{symptom}:text:de",  # no such language
        "diseases.symptom:{symptom}:order:",  # not a field a visitor reads
        "diseases.symptom:{symptom}:nonexistent:en",
        "diseases.fact:{other_fact}:text:en",  # a row of another kind, of another page
        "diseases.symptom:{other}:text:en",  # another page's row
        "auth.user:1:password:",
        "diseases.symptom:{symptom}:text:es\x00",
        "diseases.symptom:99999999999999999999999:text:es",
    ],
)
def test_a_comment_on_a_field_not_on_the_page_is_a_form_error_and_changes_nothing(
    client, editor, reviewer, page_in_review, anchor
):
    other = make_disease(editor, slug="other", name="Other Disease", abbreviation="OD")
    symptom = page_in_review.symptom_groups.get().symptoms.get()
    other_symptom = other.symptom_groups.get().symptoms.get()
    signed_in(client, reviewer)
    events = ReviewEvent.objects.count()
    anchor = anchor.format(symptom=symptom.pk, other=other_symptom.pk, other_fact=other.facts.get().pk)

    response = comment(client, page_in_review, anchor, "Hm.")

    assert response.status_code == 200
    assert any(
        "Select a valid choice" in message or "This field is required" in message for message in messages_of(response)
    )
    assert not ReviewComment.objects.exists() and ReviewEvent.objects.count() == events
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("nul\x00here", "Null characters are not allowed."),
    ],
)
def test_an_empty_too_long_or_nul_comment_is_refused_with_a_message(client, reviewer, page_in_review, body, message):
    signed_in(client, reviewer)

    response = comment(client, page_in_review, symptom_anchor(page_in_review), body)

    assert message in messages_of(response)
    assert not ReviewComment.objects.exists()


def test_what_is_typed_in_a_comment_never_runs_as_html(client, editor, reviewer, page_in_review):
    signed_in(client, reviewer)
    comment(client, page_in_review, symptom_anchor(page_in_review, "en"), "<script>alert(1)</script><b>bold</b>")

    for user, url in ((reviewer, review_url(page_in_review)), (editor, change_url(page_in_review))):
        page = signed_in(client, user).get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize("role", ["moderator", "staff without permissions"])
def test_comments_refuse_users_who_neither_edit_nor_review_and_never_change_the_page(
    client, every_kind_of_user, page_in_review, role
):
    thread = workflow.comments.add_comment(
        page_in_review, every_kind_of_user["reviewer"], symptom_anchor(page_in_review), "Check this."
    )
    before = documents.fingerprint(documents.current(page_in_review))
    signed_in(client, every_kind_of_user[role])

    responses = [
        comment(client, page_in_review, symptom_anchor(page_in_review), "Sneaky."),
        client.post(reply_url(thread), {"body": "Sneaky."}),
        client.post(resolve_url(thread), {}),
    ]

    assert all(response.status_code in (403, 404) for response in responses)
    assert ReviewComment.objects.count() == 1
    thread.refresh_from_db()
    assert not thread.is_resolved
    assert documents.fingerprint(documents.current(page_in_review)) == before


def test_comments_change_neither_the_page_nor_its_review(client, editor, reviewer, page_in_review):
    before = (documents.fingerprint(documents.current(page_in_review)), ContentEdit.objects.count())
    signed_in(client, reviewer)
    comment(client, page_in_review, symptom_anchor(page_in_review), "First.")
    thread = ReviewComment.objects.get()
    signed_in(client, editor)
    client.post(reply_url(thread), {"body": "Second."})
    client.post(resolve_url(thread), {})

    page_in_review.refresh_from_db()
    assert page_in_review.status == Disease.Status.IN_REVIEW
    assert (documents.fingerprint(documents.current(page_in_review)), ContentEdit.objects.count()) == before


def test_comment_urls_answer_only_posts_and_only_for_threads_of_their_page(client, editor, reviewer, page_in_review):
    other = make_disease(editor, slug="other", name="Other Disease", abbreviation="OD")
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    signed_in(client, editor)

    assert client.get(comment_url(page_in_review)).status_code == 405
    assert client.get(reply_url(thread)).status_code == 405
    wrong_page = reverse("admin:diseases_disease_comment_reply", args=[other.pk, thread.pk])
    assert client.post(wrong_page, {"body": "Here?"}).status_code == 404
    missing = reverse("admin:diseases_disease_comment_resolve", args=[page_in_review.pk, 987654321])
    assert client.post(missing, {}).status_code == 404
    assert not thread.replies.exists()


def test_a_draft_takes_no_new_conversation(editor, reviewer):
    page = make_disease(editor)

    with pytest.raises(workflow.TransitionNotAllowed) as refusal:
        workflow.comments.add_comment(page, reviewer, symptom_anchor(page), "Too early.")

    assert (refusal.value.code, refusal.value.messages) == (
        "state",
        ["Conversations start only on a page in review or sent back with changes requested."],
    )
    assert not ReviewComment.objects.exists()


def test_a_deleted_page_takes_no_comments(client, editor, reviewer, page_in_review):
    anchor = symptom_anchor(page_in_review)
    workflow.delete(page_in_review, editor)

    with pytest.raises(workflow.TransitionNotAllowed) as refusal:
        workflow.comments.add_comment(page_in_review, reviewer, anchor, "Too late.")
    assert (refusal.value.code, refusal.value.messages) == (
        "state",
        ["This page is deleted: recover it to comment on it."],
    )
    assert not ReviewComment.objects.exists()


def test_the_change_request_and_its_open_comments_stay_pinned_above_the_form_until_the_next_submission(
    client, editor, reviewer, page_in_review, django_capture_on_commit_callbacks
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Spanish typo.")
    resolved = workflow.comments.add_comment(
        page_in_review, reviewer, f"diseases.disease:{page_in_review.pk}:slug:", "Fine after all."
    )
    workflow.comments.resolve(resolved, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        page_in_review.request_changes(reviewer, "See my comments.")
    # Later entries in the review log (a reminder, a comment) do not push the request away.
    ReviewEvent.objects.create(
        disease=page_in_review,
        action=ReviewEvent.Action.REMINDED,
        from_status="changes_requested",
        to_status="changes_requested",
    )
    workflow.comments.reply(thread, editor, "On it.")

    (decision,) = [message for message in mail.outbox if "See my comments." in message.body]
    assert "Symptom “Daily spiking fever” › Symptom (Spanish): Spanish typo." in decision.body
    assert "Fine after all." not in decision.body

    signed_in(client, editor)
    form = text_of(client.get(change_url(page_in_review)))
    pinned = re.search(r'<section class="module pinned-review".*?</section>', form, re.S).group(0)
    # Above the form's fields and the review log's latest entries.
    assert form.index("pinned-review") < min(form.index("field-slug"), form.index("Latest in the review log"))
    assert "rev asked for changes: “See my comments.”" in " ".join(pinned.split())
    assert f'<a href="#comment-{thread.pk}">Symptom “Daily spiking fever” › Symptom (Spanish)</a>' in pinned
    assert "Fine after all." not in pinned

    page_in_review.submit_for_review(editor)

    form = text_of(client.get(change_url(page_in_review)))
    assert "asked for changes" not in form
    # The open comment is still listed until resolved, but no longer as a change request.
    assert "Open comments" in form


def test_the_review_screen_shows_comments_beside_each_changed_field(client, editor, reviewer, page_in_review):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Fiebre?")
    signed_in(client, reviewer)

    review = text_of(client.get(review_url(page_in_review)))

    row = re.search(r'<tr><th scope="row">Symptom</th><td>Spanish</td>.*?</tr>', review, re.S).group(0)
    assert f'<a href="#comment-{thread.pk}">Open comment</a> (rev): Fiebre?' in row
    english = re.search(r'<tr><th scope="row">Symptom</th><td>English</td>.*?</tr>', review, re.S).group(0)
    assert "Fiebre?" not in english
    assert f'id="comment-{thread.pk}"' in review  # in full in the comments below, to reply or resolve


def test_a_comment_from_the_review_screen_without_javascript_is_an_ordinary_form(client, reviewer, page_in_review):
    signed_in(client, reviewer)
    review = client.get(review_url(page_in_review)).content.decode()

    assert f'<form method="post" id="comment-form" action="{comment_url(page_in_review)}">' in review
    assert 'name="csrfmiddlewaretoken"' in re.search(
        r'<form method="post" id="comment-form".*?</form>', review, re.S
    ).group(0)


def test_a_reviewers_comment_tells_those_who_edited_since_the_last_review_not_before(
    editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    page = approved_by(make_disease(editor), editor, reviewer)
    edit(page, other_editor, definition_en="Edited since the review.")
    page.submit_for_review(other_editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.add_comment(page, reviewer, symptom_anchor(page), "Check this.")

    (message,) = mail.outbox
    assert message.to == ["ed2@example.org"]


def test_a_reviewers_comment_on_a_page_never_reviewed_tells_everyone_who_edited_it(
    editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    page = in_review_never_reviewed(editor, other_editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.add_comment(page, reviewer, symptom_anchor(page), "Check this.")

    (message,) = mail.outbox
    assert sorted(message.to) == ["ed2@example.org", "ed@example.org"]


def test_the_review_log_entry_of_a_comment_says_the_page_stays_in_review(client, reviewer, page_in_review):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    logged = page_in_review.review_events.get(action="commented")
    signed_in(client, reviewer)

    entry = client.get(reverse("admin:diseases_reviewevent_change", args=[logged.pk])).content.decode()

    assert thread.body in entry
    for field in ("from_status", "to_status"):
        shown = re.search(rf'<div class="form-row field-{field}">(.*?)</div>\s*</div>', entry, re.S).group(1)
        assert "In review" in shown


def test_an_editors_new_comment_tells_the_reviewers_taking_part(
    editor, other_editor, reviewer, second_reviewer, page_in_review, django_capture_on_commit_callbacks
):
    anchor = f"diseases.disease:{page_in_review.pk}:definition:fr"
    workflow.comments.add_comment(page_in_review, reviewer, anchor, "Check the French.")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.add_comment(page_in_review, other_editor, anchor, "Is the French right now?")

    (message,) = mail.outbox
    assert message.to == ["rev@example.org"]


def test_a_view_only_member_of_staff_cannot_comment(client, django_user_model, page_in_review):
    viewer = make_user(django_user_model, "viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_disease"))
    signed_in(client, viewer)

    response = comment(client, page_in_review, symptom_anchor(page_in_review), "Hello.")

    assert "Only the page’s editors, translators and medical reviewers can comment on it." in messages_of(response)
    assert not ReviewComment.objects.exists()


def test_the_workflow_refuses_a_field_not_on_the_page_whatever_the_screen(editor, reviewer, page_in_review):
    other = make_disease(editor, slug="other", name="Other Disease", abbreviation="OD")

    with pytest.raises(ValidationError, match="Choose a field of this page to comment on."):
        workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(other), "Here?")
    assert not ReviewComment.objects.exists()


def test_the_workflow_refuses_an_empty_or_too_long_comment_whatever_the_screen(reviewer, page_in_review):
    refusals = []
    for body in (None, "  ", "x" * 2001, "nul\x00here"):
        with pytest.raises(ValidationError) as refusal:
            workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), body)
        refusals.append((refusal.value.code, refusal.value.messages))

    assert refusals == [
        ("body_required", ["Write a comment."]),
        ("body_required", ["Write a comment."]),
        ("body_too_long", ["A comment can be at most 2000 characters long."]),
        ("null_characters_not_allowed", ["Null characters are not allowed."]),
    ]
    assert not ReviewComment.objects.exists()
    longest = "x" * 2000
    assert (
        workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), longest).body == longest
    )


def test_a_shared_reference_has_conversations_of_its_own_not_on_each_page_citing_it(editor, reviewer):
    reference = make_reference(editor)
    page = make_disease(editor, reference=reference)
    page.submit_for_review(editor)

    with pytest.raises(ValidationError) as refusal:
        workflow.comments.add_comment(page, reviewer, f"diseases.reference:{reference.pk}:title:en", "Which edition?")
    assert (refusal.value.code, refusal.value.messages) == ("anchor", ["Choose a field of this page to comment on."])
    anchors = workflow.comments.anchors(page)
    assert f"diseases.symptomgroup:{page.symptom_groups.get().pk}:title:en" in anchors
    # Nor does the reference stop the rows after it from taking comments.
    assert f"diseases.fact:{page.facts.get().pk}:text:en" in anchors


def test_a_reply_goes_to_the_conversation_not_to_one_of_its_replies(client, editor, reviewer, page_in_review):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    reply = workflow.comments.reply(thread, editor, "Checked.")
    signed_in(client, reviewer)

    response = client.post(reply_url(reply), {"body": "Thanks."}, follow=True)

    assert "Reply to the conversation, not to one of its replies." in messages_of(response)
    assert thread.replies.count() == 1


def test_the_request_for_changes_on_the_review_screen_lists_the_open_comments(client, reviewer, page_in_review):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Fiebre?")
    closed = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review, "fr"), "Fièvre.")
    workflow.comments.resolve(closed, reviewer)
    signed_in(client, reviewer)

    review = text_of(client.get(review_url(page_in_review)))

    form = re.search(r'<form method="post" id="request-changes-form">.*?</form>', review, re.S).group(0)
    assert f'<a href="#comment-{thread.pk}">Symptom “Daily spiking fever” › Symptom (Spanish)</a>: Fiebre?' in form
    assert "Fièvre." not in form


def test_an_open_comment_on_a_row_since_deleted_is_listed_as_such_in_the_request_for_changes(
    client, editor, reviewer, page_in_review
):
    workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Fiebre?")
    with workflow.editing(editor):
        page_in_review.symptom_groups.get().symptoms.get().delete()
    signed_in(client, reviewer)

    review = text_of(client.get(review_url(page_in_review)))

    form = re.search(r'<form method="post" id="request-changes-form">.*?</form>', review, re.S).group(0)
    assert "a row no longer on the page</a>: Fiebre?" in form


def test_replying_to_a_reply_or_to_a_resolved_conversation_is_refused_each_with_its_reason(
    editor, reviewer, page_in_review
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    reply = workflow.comments.reply(thread, editor, "Checked.")
    workflow.comments.resolve(thread, reviewer)

    refusals = []
    for conversation in (reply, thread):
        with pytest.raises(ValidationError) as refusal:
            workflow.comments.reply(conversation, reviewer, "Thanks.")
        refusals.append((refusal.value.code, refusal.value.messages))

    assert refusals == [
        ("not_a_thread", ["Reply to the conversation, not to one of its replies."]),
        ("resolved", ["This conversation is already resolved."]),
    ]
    assert thread.replies.count() == 1


def test_a_row_is_named_by_its_text_cut_short_after_sixty_characters(editor, page_in_review):
    symptom = page_in_review.symptom_groups.get().symptoms.get()
    anchor = symptom_anchor(page_in_review)
    labels = []
    for text in ("x" * 60, "y" * 61):
        with workflow.editing(editor):
            symptom.text_en = text
            symptom.save()
        labels.append(str(workflow.comments.anchors(page_in_review)[anchor].label))

    assert labels == [
        f"Symptom “{'x' * 60}” › Symptom (Spanish)",
        f"Symptom “{'y' * 59}…” › Symptom (Spanish)",
    ]


def test_a_reply_about_a_row_since_deleted_says_so_in_its_email(
    editor, reviewer, page_in_review, django_capture_on_commit_callbacks
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    with workflow.editing(editor):
        page_in_review.symptom_groups.get().symptoms.get().delete()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.reply(thread, editor, "Removed it.")

    (message,) = mail.outbox
    assert "a row no longer on the page" in message.body


def test_after_a_reply_the_editor_is_back_at_the_conversation(client, editor, reviewer, page_in_review):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "Check this.")
    signed_in(client, editor)

    response = client.post(reply_url(thread), {"body": "Checked.", "back": "edit"})

    assert response.url == f"{change_url(page_in_review)}#comment-{thread.pk}"


def test_the_email_names_the_field_in_the_recipients_language(
    editor, reviewer, page_in_review, django_capture_on_commit_callbacks
):
    EmailLanguage.objects.create(user=editor, language="es")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "¿Fiebre?")

    (message,) = mail.outbox
    assert "Síntoma “Daily spiking fever (es)” › Síntoma (Español)" in message.body


def test_a_comment_without_the_forms_csrf_token_is_refused(reviewer, page_in_review):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)

    response = client.post(comment_url(page_in_review), {"anchor": symptom_anchor(page_in_review), "body": "Hi."})

    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


# Starting a conversation from the editor's form.


def new_comment_form(response, anchor):
    """The small form, outside the editor's, that starts a conversation on `anchor`."""
    (form,) = [
        form
        for form in forms_in(response.content)
        if form.action == comment_url_for(response) and form.data.get("anchor") == anchor
    ]
    return form


def comment_url_for(response):
    return reverse("admin:diseases_disease_comment", args=[response.context["original"].pk])


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_a_conversation_starts_from_the_editors_form_on_one_field_in_one_language(
    client, request, page_in_review, who, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    signed_in(client, user)
    response = client.get(change_url(page_in_review))
    anchor = symptom_anchor(page_in_review)
    form = new_comment_form(response, anchor)
    # Its own form, not nested in the editor's: saving the page never sends it, nor it the page.
    editors_form = [found for found in forms_in(response.content) if found.id == "disease_form"]
    assert editors_form and "anchor" not in editors_form[0].data and form.id != "disease_form"
    assert form.texts == ["body"] and form.buttons
    cell = re.search(r'<td class="djn-td field-text_es">(.*?)</td>', text_of(response), re.S).group(1)
    assert "Comment on this field" in cell and f'form="{form.id}"' in cell
    edits_before = ContentEdit.objects.count()

    form.data["body"] = "Is «fiebre» the word patients use?"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form.action, form.data, follow=True)

    thread = ReviewComment.objects.get()
    assert response.redirect_chain[-1][0] == f"{change_url(page_in_review)}#comment-{thread.pk}"
    assert "Your comment was added." in messages_of(response)
    assert (thread.anchor, thread.author, thread.body) == (anchor, user, "Is «fiebre» the word patients use?")
    cell = re.search(r'<td class="djn-td field-text_es">(.*?)</td>', text_of(response), re.S).group(1)
    assert "Is «fiebre» the word patients use?" in cell
    assert ContentEdit.objects.count() == edits_before


def test_a_page_sent_back_with_changes_requested_takes_new_conversations_from_the_form(
    client, editor, reviewer, page_in_review
):
    page_in_review.request_changes(reviewer, "Shorter, please.")
    signed_in(client, editor)

    form = new_comment_form(
        client.get(change_url(page_in_review)), f"diseases.disease:{page_in_review.pk}:definition:fr"
    )

    assert form.data["back"] == "edit"


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_conversations_start_only_on_a_page_in_review_or_sent_back(client, editor, reviewer, state):
    page = make_disease(editor)
    if state == "approved":
        page.submit_for_review(editor)
        page.approve(reviewer)
    anchor = f"diseases.disease:{page.pk}:definition:en"
    signed_in(client, editor)

    form = text_of(client.get(change_url(page)))
    response = comment(client, page, anchor, "Too late?", back="edit")

    assert "Comment on this field" not in form
    assert "comment-form" not in text_of(client.get(review_url(page)))
    assert not ReviewComment.objects.exists()
    assert any("only on a page in review" in message for message in messages_of(response))
    with pytest.raises(ValidationError):
        workflow.comments.add_comment(page, reviewer, anchor, "Too late?")


def test_a_translator_replies_to_a_reviewers_comment_on_a_text_in_their_language_and_the_reviewer_is_told(
    client, reviewer, translator, page_in_review, django_capture_on_commit_callbacks
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review), "«Fiebre diaria»?")
    signed_in(client, translator)
    assert f'form="comment-{thread.pk}-replies"' in text_of(client.get(change_url(page_in_review)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(thread), {"body": "Sí, es más claro.", "back": "edit"}, follow=True)

    assert "Your reply was added." in messages_of(response)
    assert thread.replies.get().author == translator
    (message,) = mail.outbox
    assert message.to == ["rev@example.org"] and "Sí, es más claro." in message.body
    workflow.comments.resolve(thread, reviewer)


def test_a_translator_starts_conversations_on_the_texts_in_their_languages_only(client, translator, page_in_review):
    signed_in(client, translator)
    response = client.get(change_url(page_in_review))

    assert new_comment_form(response, symptom_anchor(page_in_review, "es"))
    for language in ("en", "fr"):
        with pytest.raises(ValueError):
            new_comment_form(response, symptom_anchor(page_in_review, language))
    with pytest.raises(ValueError):
        new_comment_form(response, f"diseases.disease:{page_in_review.pk}:slug:")

    refused = comment(client, page_in_review, symptom_anchor(page_in_review, "fr"), "Et en français ?", back="edit")

    assert "You may comment only on the texts in Spanish." in messages_of(refused)
    assert not ReviewComment.objects.exists()
    comment(client, page_in_review, symptom_anchor(page_in_review, "es"), "¿«Fiebre» o «calentura»?", back="edit")
    thread = ReviewComment.objects.get()
    assert (thread.author, thread.language) == (translator, "es")
    workflow.comments.resolve(thread, translator)


def test_a_translator_cannot_reply_to_a_conversation_on_a_text_in_another_language(
    client, reviewer, translator, page_in_review
):
    thread = workflow.comments.add_comment(page_in_review, reviewer, symptom_anchor(page_in_review, "fr"), "Fièvre ?")
    signed_in(client, translator)
    assert f'form="comment-{thread.pk}-replies"' not in text_of(client.get(change_url(page_in_review)))

    response = client.post(reply_url(thread), {"body": "No sé.", "back": "edit"}, follow=True)

    assert "You may comment only on the texts in Spanish." in messages_of(response)
    assert not thread.replies.exists()
    with pytest.raises(PermissionDenied, match="^You may comment only on the texts in Spanish.$"):
        workflow.comments.resolve(thread, translator)
    assert not ReviewComment.objects.get(pk=thread.pk).is_resolved


def test_a_translator_no_longer_granted_a_language_cannot_resolve_their_conversation_on_a_text_in_it(
    client, translator, page_in_review
):
    thread = workflow.comments.add_comment(page_in_review, translator, symptom_anchor(page_in_review, "es"), "¿Fiebre?")
    signed_in(client, translator)
    assert f'formaction="{resolve_url(thread)}"' in text_of(client.get(change_url(page_in_review)))
    TranslationGrant.objects.filter(user=translator).update(language="fr")

    assert f'formaction="{resolve_url(thread)}"' not in text_of(client.get(change_url(page_in_review)))
    with pytest.raises(PermissionDenied, match="^You may comment only on the texts in French.$"):
        workflow.comments.resolve(thread, translator)
    assert not ReviewComment.objects.get(pk=thread.pk).is_resolved
