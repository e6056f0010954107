"""
A page in review assigned to a named reviewer: asked for by the editor on
submitting it, or taken by a reviewer (“Review this page”); shown in the
queue, on the dashboard and in the e-mails; released by the assignee or an
editor; ended when the page leaves review. The others can still review it.
"""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from diseases import permissions, workflow
from diseases.models import Disease, EmailLanguage, ReviewerProfile, ReviewEvent
from diseases.permissions import REVIEWERS_GROUP

from .conftest import make_user
from .factories import make_disease, make_shared_group
from .forms import form_data
from .test_workflow_rules import refused

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:diseases_diseaseawaitingreview_changelist")


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def review_url(disease):
    return reverse("admin:diseases_disease_review", args=[disease.pk])


def assignment_url(disease):
    return reverse("admin:diseases_disease_assignment", args=[disease.pk])


def text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def errors_shown(response):
    """The error messages at the top of the admin page."""
    return [
        " ".join(html.unescape(error).split())
        for error in re.findall(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)
    ]


def signed_in(client, user):
    client.force_login(user)
    return client


def save_and_submit(client, disease, ask_reviewer, comment=""):
    data = form_data(client.get(change_url(disease)).content, "disease_form")
    data.update({"_save_and_submit": "1", "comment": comment, "ask_reviewer": ask_reviewer})
    return client.post(change_url(disease), data)


def press(client, disease, button):
    """Press a button of the review screen's assignment form, as shown to the user."""
    shown = client.get(review_url(disease)).content.decode()
    assert f'name="action" value="{button}"' in shown, f"no “{button}” button"
    data = form_data(shown, "assignment-form")
    return client.post(assignment_url(disease), {**data, "action": button}, follow=True)


def events(disease):
    return list(disease.review_events.order_by("pk").values_list("action", "actor__username", "assignee__username"))


@pytest.fixture
def specialist(db, django_user_model):
    """A second reviewer, credited with a name, credentials and a specialty."""
    user = make_user(django_user_model, "spec", REVIEWERS_GROUP)
    ReviewerProfile.objects.create(
        user=user, display_name="Dr Sam Okafor", credentials="MD", specialty="paediatric rheumatology"
    )
    return user


@pytest.fixture
def in_review(editor):
    page = make_disease(editor)
    page.submit_for_review(editor, comment="Ready")
    return page


# Asked for by the editor on submitting


def test_the_editor_chooses_among_reviewers_with_a_complete_profile_by_name_and_specialty(
    editor_client, django_user_model, editor, reviewer, second_reviewer, specialist
):
    uncredited = make_user(django_user_model, "rev3", REVIEWERS_GROUP)
    ReviewerProfile.objects.create(user=uncredited, display_name="Dr No Credentials", credentials_en="")
    page = make_disease(editor)

    shown = editor_client.get(change_url(page)).content.decode()

    select = re.search(r'<select name="ask_reviewer".*?</select>', shown, re.S).group(0)
    options = [html.unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select)]
    # The public page could not credit the second reviewer (no profile) or rev3 (no credentials).
    assert options == ["Any medical reviewer", "Dr Ada Lane", "Dr Sam Okafor — paediatric rheumatology"]
    assert 'for="id_ask_reviewer"' in shown


def test_save_and_submit_asking_a_reviewer_assigns_the_page_to_them_and_logs_it(
    editor_client, editor, reviewer, specialist, django_capture_on_commit_callbacks
):
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = save_and_submit(editor_client, page, str(specialist.pk), "New fever criteria")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == Disease.Status.IN_REVIEW and page.review_assignee == specialist
    assert events(page)[-2:] == [("submitted", "ed", None), ("assigned", "ed", "spec")]
    told = text(editor_client.get(response.url))
    assert "Dr Sam Okafor is asked to review it, and the other medical reviewers can too." in told


def test_submitting_without_asking_anyone_assigns_nobody(editor_client, editor, reviewer):
    page = make_disease(editor)

    save_and_submit(editor_client, page, "")

    page.refresh_from_db()
    assert page.status == Disease.Status.IN_REVIEW and page.review_assignee is None
    assert not page.review_events.filter(action=ReviewEvent.Action.ASSIGNED).exists()


@pytest.mark.parametrize("who", ["editor", "second_reviewer", "nobody"])
def test_asking_someone_who_cannot_be_assigned_is_refused_and_nothing_is_saved(
    editor_client, editor, second_reviewer, reviewer, who
):
    page = make_disease(editor)
    ask = {"editor": str(editor.pk), "second_reviewer": str(second_reviewer.pk), "nobody": "987654"}[who]
    data = form_data(editor_client.get(change_url(page)).content, "disease_form")
    data.update({"_save_and_submit": "1", "ask_reviewer": ask, "definition_en": "Changed."})

    response = editor_client.post(change_url(page), data)

    assert response.status_code == 200
    assert "Choose one of the medical reviewers listed." in text(response)
    page.refresh_from_db()
    assert page.status == Disease.Status.DRAFT and page.review_assignee is None
    assert page.definition_en != "Changed."


def test_the_submit_address_refuses_a_non_reviewer_as_assignee(client, editor, reviewer):
    page = make_disease(editor)

    response = signed_in(client, editor).post(
        reverse("admin:diseases_disease_submit", args=[page.pk]), {"ask_reviewer": str(editor.pk)}, follow=True
    )

    assert "Choose one of the medical reviewers listed." in text(response)
    page.refresh_from_db()
    assert page.status == Disease.Status.DRAFT and page.review_assignee is None


# Shown where reviewers look


def test_the_assignee_is_shown_in_the_queue_on_the_dashboard_and_on_the_review_screen(
    client, editor, reviewer, specialist
):
    assigned = make_disease(editor)
    assigned.submit_for_review(editor, assignee=specialist)
    unassigned = make_disease(editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")
    unassigned.submit_for_review(editor)
    signed_in(client, reviewer)

    queue = client.get(QUEUE).context["cl"]
    assert {str(row): row.review_assignee for row in queue.result_list} == {
        str(assigned): specialist,
        str(unassigned): None,
    }
    assert "Dr Sam Okafor" in text(client.get(QUEUE))
    listed = client.get(QUEUE).content.decode()
    assert sorted(re.findall(r'<td class="field-assigned_to">(.*?)</td>', listed)) == ["Dr Sam Okafor", "—"]
    dashboard = text(client.get(reverse("admin:index")))
    assert "Assigned to" in dashboard and "Dr Sam Okafor" in dashboard
    assert "Assigned to Dr Sam Okafor; you can still review it." in text(client.get(review_url(assigned)))
    assert "Nobody has taken this page yet" in text(client.get(review_url(unassigned)))


def test_the_reviewers_email_names_the_assignee_who_also_gets_one_of_their_own_in_their_language(
    editor, reviewer, specialist, django_capture_on_commit_callbacks
):
    EmailLanguage.objects.create(user=specialist, language="es")
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor, comment="Please check the <b>fever</b> criteria", assignee=specialist)

    to_everyone = [message for message in mail.outbox if "Awaiting your medical review" in message.subject]
    assert [message.to for message in to_everyone] == [["rev@example.org"]]
    assert "They asked Dr Sam Okafor to review it; any medical reviewer can still review it." in to_everyone[0].body
    personal = [message for message in mail.outbox if message.to == ["spec@example.org"]]
    assert len(personal) == 1  # their own, instead of the reviewers' message
    # Rendered in the assignee's language: Spanish words, the page's Spanish name.
    own = next(message for message in personal if "le ha pedido que la revise" in message.body)
    assert own.subject.endswith("Systemic Juvenile Idiopathic Arthritis (es) (SJIA (es))")
    assert "Please check the <b>fever</b> criteria" in own.body
    assert reverse("admin:diseases_disease_review", args=[page.pk]) in own.body


# Taken by a reviewer, released


def test_a_reviewer_takes_a_page_and_the_others_can_still_review_it(
    client, editor, reviewer, specialist, django_capture_on_commit_callbacks
):
    page = make_disease(editor)
    page.submit_for_review(editor)

    response = press(signed_in(client, specialist), page, "take")

    assert "The page is yours to review" in text(response)
    assert "Assigned to you; the other reviewers can still review it." in text(response)
    page.refresh_from_db()
    assert page.review_assignee == specialist
    assert events(page)[-1] == ("assigned", "spec", "spec")
    other = signed_in(client.__class__(), reviewer)
    shown = other.get(review_url(page))
    assert "Assigned to Dr Sam Okafor; you can still review it." in text(shown)
    assert 'value="take"' not in shown.content.decode()
    assert b'id="approve-form"' in shown.content


def test_the_review_log_entry_of_taking_a_page_says_it_stays_in_review(client, editor, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")
    taken = in_review.review_events.get(action="assigned")

    entry = client.get(reverse("admin:diseases_reviewevent_change", args=[taken.pk])).content.decode()

    for field in ("from_status", "to_status"):
        shown = re.search(rf'<div class="form-row field-{field}">(.*?)</div>\s*</div>', entry, re.S).group(1)
        assert "In review" in shown


def test_an_assignee_whose_reviewer_profile_was_removed_is_named_by_user_name(
    client, editor, reviewer, specialist, in_review
):
    press(signed_in(client, specialist), in_review, "take")
    ReviewerProfile.objects.filter(user=specialist).delete()

    screen = text(signed_in(client, reviewer).get(review_url(in_review)))

    assert "Assigned to spec; you can still review it." in screen


def test_a_page_taken_by_someone_cannot_be_taken_by_another(client, editor, reviewer, specialist):
    page = make_disease(editor)
    page.submit_for_review(editor, assignee=specialist)

    response = signed_in(client, reviewer).post(assignment_url(page), {"action": "take"}, follow=True)

    assert errors_shown(response) == ["This page is already assigned to Dr Sam Okafor."]
    page.refresh_from_db()
    assert page.review_assignee == specialist


@pytest.mark.parametrize("who", ["editor", "staff without permissions", "moderator"])
def test_someone_who_is_not_a_reviewer_cannot_take_a_page_by_a_crafted_post(client, every_kind_of_user, who):
    page = make_disease(every_kind_of_user["editor"])
    page.submit_for_review(every_kind_of_user["editor"])
    before = events(page)

    response = signed_in(client, every_kind_of_user[who]).post(assignment_url(page), {"action": "take"}, follow=True)

    if who == "editor":
        assert errors_shown(response) == ["Only medical reviewers can take a page to review."]
    else:  # without the permission to view pages, the page is not even found
        assert response.status_code in (403, 404)
    page.refresh_from_db()
    assert page.review_assignee is None and events(page) == before


def test_a_reviewer_without_a_complete_profile_is_not_offered_the_page_and_cannot_take_it(
    client, editor, second_reviewer, in_review
):
    signed_in(client, second_reviewer)
    assert 'value="take"' not in client.get(review_url(in_review)).content.decode()

    response = client.post(assignment_url(in_review), {"action": "take"}, follow=True)

    assert errors_shown(response) == [
        "Only medical reviewers with a name and credentials in their reviewer profile can be asked to review a page."
    ]
    in_review.refresh_from_db()
    assert in_review.review_assignee is None


def test_a_reviewer_who_edited_the_page_is_not_offered_it_and_cannot_take_it(client, specialist, in_review):
    """Four-eyes: nobody takes a page to review that they may not approve."""
    with workflow.editing(specialist):
        in_review.definition_en = "A definition the specialist wrote."
        in_review.save()
    signed_in(client, specialist)
    assert 'value="take"' not in client.get(review_url(in_review)).content.decode()
    before = events(in_review)

    response = client.post(assignment_url(in_review), {"action": "take"}, follow=True)

    assert errors_shown(response) == ["You edited this draft, so another reviewer must approve it."]
    in_review.refresh_from_db()
    assert in_review.review_assignee is None and events(in_review) == before


def test_an_editor_cannot_ask_a_reviewer_who_edited_a_shared_group_the_page_shows(client, editor, specialist):
    group = make_shared_group(editor)
    page = make_disease(editor)
    with workflow.editing(specialist):
        group.title_en = "Common to every disease"
        group.save()

    response = signed_in(client, editor).post(
        reverse("admin:diseases_disease_submit", args=[page.pk]), {"ask_reviewer": str(specialist.pk)}, follow=True
    )

    assert (
        "Dr Sam Okafor edited this page, or something it shows, since its last review, so another reviewer must "
        "approve it: ask someone else."
    ) in text(response)
    page.refresh_from_db()
    assert page.status == Disease.Status.DRAFT and page.review_assignee is None


def test_the_assignee_releases_the_page(client, editor, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")

    response = press(client, in_review, "release")

    assert "The page is no longer assigned to a reviewer." in text(response)
    in_review.refresh_from_db()
    assert in_review.review_assignee is None
    assert events(in_review)[-1] == ("released", "spec", "spec")


def test_an_editor_releases_anyones_assignment(client, editor, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")

    press(signed_in(client, editor), in_review, "release")

    in_review.refresh_from_db()
    assert in_review.review_assignee is None
    assert events(in_review)[-1] == ("released", "ed", "spec")


def test_another_reviewer_cannot_release_someone_elses_assignment(client, editor, reviewer, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")
    signed_in(client, reviewer)
    assert 'value="release"' not in client.get(review_url(in_review)).content.decode()

    response = client.post(assignment_url(in_review), {"action": "release"}, follow=True)

    assert errors_shown(response) == ["Only the reviewer assigned, or a content editor, can release this page."]
    in_review.refresh_from_db()
    assert in_review.review_assignee == specialist


def test_releasing_a_page_nobody_took_is_refused(client, editor, in_review):
    before = events(in_review)

    response = signed_in(client, editor).post(assignment_url(in_review), {"action": "release"}, follow=True)

    assert errors_shown(response) == ["This page is not assigned to anyone."]
    assert events(in_review) == before


def test_an_unknown_button_or_a_get_changes_nothing(client, reviewer, in_review):
    signed_in(client, reviewer)

    assert client.get(assignment_url(in_review)).status_code == 405
    response = client.post(assignment_url(in_review), {"action": "<script>x</script>"}, follow=True)

    assert "Choose “Review this page” or “Release”." in text(response)
    assert "<script>x" not in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.review_assignee is None


def test_only_a_page_in_review_can_be_taken(client, editor, reviewer):
    draft = make_disease(editor)

    response = signed_in(client, reviewer).post(assignment_url(draft), {"action": "take"}, follow=True)

    assert errors_shown(response) == ["This page is “Draft”: only a page in review can be assigned to a reviewer."]
    draft.refresh_from_db()
    assert draft.review_assignee is None


# Leaving review ends the assignment


def approve(client, page):
    shown = client.get(review_url(page)).content.decode()
    return client.post(review_url(page), {**form_data(shown, "approve-form"), "action": "approve"})


def test_approving_the_page_ends_its_assignment(client, editor, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")

    assert approve(client, in_review).status_code == 302

    in_review.refresh_from_db()
    assert in_review.status == Disease.Status.APPROVED and in_review.review_assignee is None


def test_after_a_request_for_changes_the_form_asks_the_reviewer_who_made_it(
    editor_client, editor, specialist, in_review
):
    workflow.take_review(in_review, specialist)
    in_review.request_changes(specialist, "Shorter, please.")

    shown = editor_client.get(change_url(in_review)).content.decode()

    assert re.search(rf'<option value="{specialist.pk}" selected>Dr Sam Okafor', shown)


def test_the_form_does_not_ask_a_reviewer_who_edited_the_page_since_asking_for_changes(
    editor_client, editor, specialist, in_review
):
    in_review.request_changes(specialist, "Shorter, please.")
    with workflow.editing(specialist):
        in_review.definition_en = "Shortened by the specialist."
        in_review.save()

    shown = editor_client.get(change_url(in_review)).content.decode()

    assert f'<option value="{specialist.pk}">Dr Sam Okafor' in shown and " selected>Dr Sam Okafor" not in shown


def test_requesting_changes_ends_the_assignment_and_a_new_submission_starts_unassigned(
    client, editor, specialist, in_review
):
    press(signed_in(client, specialist), in_review, "take")
    client.post(review_url(in_review), {"action": "request_changes", "changes-comment": "Cite the study."})
    in_review.refresh_from_db()
    assert in_review.status == Disease.Status.CHANGES_REQUESTED and in_review.review_assignee is None

    in_review.submit_for_review(editor)

    in_review.refresh_from_db()
    assert in_review.review_assignee is None


def test_deleting_the_page_ends_its_assignment(client, editor, specialist, in_review):
    press(signed_in(client, specialist), in_review, "take")

    signed_in(client, editor).post(reverse("admin:diseases_disease_delete", args=[in_review.pk]), {"post": "yes"})

    in_review.refresh_from_db()
    assert in_review.status == Disease.Status.DELETED and in_review.review_assignee is None


def test_an_editors_save_while_in_review_keeps_the_assignment(editor_client, editor, specialist, in_review):
    workflow.take_review(in_review, specialist)
    data = form_data(editor_client.get(change_url(in_review)).content, "disease_form")
    data["definition_en"] = "Reworded while in review."

    assert editor_client.post(change_url(in_review), data).status_code == 302

    in_review.refresh_from_db()
    assert in_review.definition_en == "Reworded while in review." and in_review.review_assignee == specialist


def test_a_superuser_with_a_profile_may_be_assigned_an_editor_with_one_may_not(django_user_model, editor):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    for user, name in ((boss, "Dr Boss"), (editor, "Ed Itor")):
        ReviewerProfile.objects.create(user=user, display_name=name, credentials_en="MD")

    assert permissions.may_be_assigned(boss)
    assert not permissions.may_be_assigned(editor)


def test_reviewers_without_a_name_or_no_longer_active_are_not_offered(reviewer, second_reviewer):
    ReviewerProfile.objects.create(user=second_reviewer, display_name="", credentials_en="MD")
    assert list(permissions.assignable_reviewers()) == [reviewer]

    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])

    assert list(permissions.assignable_reviewers()) == []


# The workflow's own refusals, as any caller gets them (the admin capitalises
# each message it shows): the words, and the code that names the reason.


def test_each_assignment_refusal_says_why_in_words_and_code(editor, reviewer, second_reviewer, specialist):
    draft = make_disease(editor, slug="draft")
    page = make_disease(editor, slug="in-review")
    page.submit_for_review(editor)
    assigner = workflow.assignments.AssignReviewer

    assert refused(workflow.take_review, draft, reviewer) == (
        "state",
        "This page is “Draft”: only a page in review can be assigned to a reviewer.",
    )
    assert refused(workflow.take_review, page, editor) == (
        "permission",
        "Only medical reviewers can take a page to review.",
    )
    assert refused(assigner(page, editor, second_reviewer).execute) == (
        "assignee",
        "Only medical reviewers with a name and credentials in their reviewer profile can be asked to review a page.",
    )
    with workflow.editing(specialist):
        page.definition_en = "Reworded by the specialist."
        page.save()
    assert refused(assigner(page, editor, specialist).execute) == (
        "four_eyes",
        "Dr Sam Okafor edited this page, or something it shows, since its last review, so another reviewer must "
        "approve it: ask someone else.",
    )
    workflow.take_review(page, reviewer)
    assert refused(assigner(page, editor, reviewer).execute) == (
        "assigned",
        "This page is already assigned to Dr Ada Lane.",
    )
    assert refused(workflow.release_assignment, page, specialist) == (
        "permission",
        "Only the reviewer assigned, or a content editor, can release this page.",
    )
    assert Disease.objects.get(pk=page.pk).review_assignee == reviewer


def test_taking_a_page_updates_the_page_object_the_caller_holds(editor, specialist, in_review):
    workflow.take_review(in_review, specialist)
    assert in_review.review_assignee == specialist

    workflow.release_assignment(in_review, specialist)
    assert in_review.review_assignee is None
