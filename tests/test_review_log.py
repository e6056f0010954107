"""
The review log says which kind of review each approval was: “Change approved”
for the sign-off of an edit, “Full review” when the reviewer re-read the whole
page, “Full review recorded” for a full review of a page that had not changed;
on the editor's form, in the log's own list and in the e-mails, for rows
logged before the log recorded it too.
"""

import datetime
import html
import importlib
import re

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from diseases.models import Publication, ReviewEvent

from .factories import approved_by, edit, make_disease

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def review_log_on_the_form(client, page):
    text = text_of(client.get(reverse("admin:diseases_disease_change", args=[page.pk])))
    return text.split("Latest in the review log", 1)[1]


@pytest.fixture
def reviewed_three_ways(editor, reviewer):
    """A page approved first (a full review), then a change approved, then re-read unchanged (a full review)."""
    page = approved_by(make_disease(editor), editor, reviewer)
    edit(page, editor, definition_en="SJIA is an autoinflammatory disease.")
    page.submit_for_review(editor)
    page.approve(reviewer)
    page.approve(reviewer, full_review=True)
    return page


def approvals(page):
    return list(page.review_events.filter(action=ReviewEvent.Action.APPROVED).order_by("created_at", "pk"))


def test_each_approval_in_the_log_says_what_kind_of_review_it_was(reviewed_three_ways):
    labels = [event.action_label for event in approvals(reviewed_three_ways)]

    assert labels == ["Full review", "Change approved", "Full review recorded"]


def test_the_editors_form_lists_a_change_approval_apart_from_a_full_review(client, editor, reviewed_three_ways):
    client.force_login(editor)

    log = review_log_on_the_form(client, reviewed_three_ways)

    assert "Full review recorded (rev)" in log
    assert "Change approved (rev)" in log
    assert ": Approved (" not in log


def test_the_review_log_list_shows_the_kind_of_each_approval(admin_client, reviewed_three_ways):
    text = text_of(admin_client.get(reverse("admin:diseases_reviewevent_changelist")))

    assert "Change approved" in text
    assert "Full review recorded" in text


def test_the_editors_email_says_a_change_was_approved_not_a_full_review(
    editor, reviewer, django_capture_on_commit_callbacks
):
    page = approved_by(make_disease(editor), editor, reviewer)
    edit(page, editor, definition_en="SJIA is an autoinflammatory disease.")
    page.submit_for_review(editor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page.approve(reviewer)

    assert [message.subject for message in mail.outbox] == [
        "Change approved: Systemic Juvenile Idiopathic Arthritis (SJIA)"
    ]
    assert "rev: Change approved" in mail.outbox[0].body


def test_approvals_logged_before_the_log_recorded_their_publication_take_it_from_their_page(reviewed_three_ways):
    first, change, unchanged = approvals(reviewed_three_ways)
    ReviewEvent.objects.filter(pk__in=[first.pk, change.pk, unchanged.pk]).update(publication=None)

    migration = importlib.import_module("diseases.migrations.0017_review_log_kinds")
    migration.link_approvals_to_their_publications(apps, None)

    publications = list(Publication.objects.filter(disease=reviewed_three_ways).order_by("published_at", "pk"))
    assert [event.publication for event in approvals(reviewed_three_ways)] == publications
    assert [event.action_label for event in approvals(reviewed_three_ways)] == [
        "Full review",
        "Change approved",
        "Full review recorded",
    ]


def test_an_approval_whose_publication_is_unknown_still_reads_approved(reviewed_three_ways):
    event = approvals(reviewed_three_ways)[1]
    ReviewEvent.objects.filter(pk=event.pk).update(publication=None)
    event.refresh_from_db()

    assert event.action_label == "Approved"


def test_reminders_logged_with_their_due_date_in_the_comment_keep_it_as_a_date(editor, reviewer):
    page = approved_by(make_disease(editor), editor, reviewer)
    reminder = ReviewEvent.objects.create(
        disease=page,
        action=ReviewEvent.Action.REMINDED,
        comment="Medical review due 2029-12-03",
        from_status="approved",
        to_status="approved",
    )

    migration = importlib.import_module("diseases.migrations.0017_review_log_kinds")
    migration.keep_reminders_due_dates_as_dates(apps, None)

    reminder.refresh_from_db()
    assert (reminder.review_due, reminder.comment) == (datetime.date(2029, 12, 3), "")
    assert reminder.action_label == "Review reminder sent: due 3 December 2029"
