"""E-mails: reviewers hear of each submission, editors of each decision; plain text, in each reader's language."""

import smtplib

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diseases.models import EmailLanguage
from diseases.permissions import REVIEWERS_GROUP

from .conftest import make_user
from .factories import in_review_never_reviewed, make_disease

pytestmark = pytest.mark.django_db


def test_reviewers_get_an_email_with_the_review_link_and_the_comment(
    editor, reviewer, second_reviewer, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://pages.example.org"
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor, comment="New symptoms from the 2024 study.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["rev2@example.org", "rev@example.org"]
    assert message.subject == "Awaiting your medical review: Systemic Juvenile Idiopathic Arthritis (SJIA)"
    assert f"https://pages.example.org{reverse('admin:diseases_disease_review', args=[page.pk])}" in message.body
    assert "New symptoms from the 2024 study." in message.body
    assert "ed submitted" in message.body


def test_whoever_submits_is_not_told_of_their_own_submission(
    django_user_model, editor, django_capture_on_commit_callbacks
):
    both = make_user(django_user_model, "both")
    both.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_disease", "review_disease"], content_type__app_label="diseases"
        )
    )
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(both)

    assert mail.outbox == []


def test_nobody_is_written_to_without_an_address_or_with_a_closed_account(
    django_user_model, editor, reviewer, django_capture_on_commit_callbacks
):
    make_user(django_user_model, "left", REVIEWERS_GROUP, is_active=False)
    make_user(django_user_model, "unreachable", REVIEWERS_GROUP, email="")
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor)

    assert [message.to for message in mail.outbox] == [["rev@example.org"]]


def test_writing_to_more_reviewers_costs_no_more_queries(
    django_user_model, editor, reviewer, django_capture_on_commit_callbacks
):
    def queries_to_submit(slug):
        page = make_disease(editor, slug=slug, abbreviation=slug.upper())
        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
            page.submit_for_review(editor)
        return len(captured)

    to_one = queries_to_submit("one")
    for number in range(4):
        make_user(django_user_model, f"reviewer-{number}", REVIEWERS_GROUP)

    assert queries_to_submit("five") == to_one
    assert len(mail.outbox[-1].to) == 5


def test_subjects_and_bodies_are_plain_text_not_html(editor, reviewer, django_capture_on_commit_callbacks):
    page = make_disease(editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor, comment="Check <b>this</b> & that")
    with django_capture_on_commit_callbacks(execute=True):
        page.request_changes(reviewer, 'Don\'t say "cure".')

    submitted, decision = mail.outbox
    assert submitted.subject == "Awaiting your medical review: Adult-Onset Still's Disease (AOSD)"
    assert "Check <b>this</b> & that" in submitted.body
    assert decision.subject == "Changes requested: Adult-Onset Still's Disease (AOSD)"
    assert 'Don\'t say "cure".' in decision.body
    change = reverse("admin:diseases_disease_change", args=[page.pk])
    assert f"Open the page in the admin: {settings.SITE_URL}{change}" in decision.body
    for message in mail.outbox:
        assert "&#x27;" not in message.subject + message.body and "&amp;" not in message.body


def test_each_recipient_reads_the_email_in_their_language(
    editor, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    EmailLanguage.objects.create(user=second_reviewer, language="es")
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor)

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert by_recipient[("rev@example.org",)].subject.startswith("Awaiting your medical review:")
    spanish = by_recipient[("rev2@example.org",)]
    assert spanish.subject == (
        "Pendiente de su revisión médica: Systemic Juvenile Idiopathic Arthritis (es) (SJIA (es))"
    )
    assert "para revisión médica" in spanish.body


def test_a_request_for_changes_to_a_page_never_reviewed_reaches_everyone_who_edited_it(
    editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    page = in_review_never_reviewed(editor, other_editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.request_changes(reviewer, "Check the definition.")

    (message,) = mail.outbox
    assert sorted(message.to) == ["ed2@example.org", "ed@example.org"]


def test_staff_get_emails_in_the_language_they_sign_in_with(client, editor):
    client.post(
        reverse("admin:login"),
        {"username": "ed", "password": "pw", "next": reverse("admin:index")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert EmailLanguage.objects.get(user=editor).language == "fr"


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message: it raises unless told to fail silently."""

    def send_messages(self, messages):
        if not self.fail_silently:
            raise smtplib.SMTPRecipientsRefused({"rev@example.org": (550, b"Mailbox unavailable")})
        return 0


def test_a_mail_server_that_refuses_fails_no_decision(editor, reviewer, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    page = make_disease(editor)

    with django_capture_on_commit_callbacks(execute=True):
        page.submit_for_review(editor)
    with django_capture_on_commit_callbacks(execute=True):
        page.approve(reviewer)

    page.refresh_from_db()
    assert page.status == page.Status.APPROVED
