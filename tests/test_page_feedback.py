"""
“Was this page helpful?”: a form in a page cached the same for everyone, so
it has no per-visitor token; what keeps it honest (honeypot, Origin check,
rate limit), what it keeps (no address, contact details masked), and what
editors and reviewers do with it.
"""

import datetime
import html

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from diseases import feedback
from diseases.models import PageFeedback

from .forms import form_data

pytestmark = pytest.mark.django_db


def url(name, language="en", slug="cno-crmo"):
    with translation.override(language):
        return reverse(f"diseases:{name}", kwargs={"slug": slug})


def text_of(response):
    return html.unescape(response.content.decode())


def answer(client, helpful="no", language="en", **headers):
    """Answer “Was this page helpful?” from the disease page, as the visitor's browser would."""
    page = client.get(url("detail", language))
    data = form_data(page.content, "feedback-answer-form")
    data["helpful"] = helpful
    return client.post(url("feedback", language), data, **headers)


def details(client, step, language="en", **values):
    """Fill in “What was missing or wrong?” as shown in `step` (the answer's response) and send it."""
    data = form_data(step.content, "feedback-details-form")
    data.update(values)
    return client.post(url("feedback_details", language), data)


def test_every_disease_page_asks_whether_it_was_helpful_without_a_token(client, demo):
    page = text_of(client.get(url("detail", "fr")))

    assert "Was this page helpful?" in page or "utile" in page
    data = form_data(client.get(url("detail")).content, "feedback-answer-form")
    assert set(data) == {"website"}
    assert "csrfmiddlewaretoken" not in client.get(url("detail")).content.decode()


def test_a_visitor_says_no_out_of_date_in_french_and_the_reviewers_are_told(
    client, demo, reviewer, editor, django_capture_on_commit_callbacks
):
    step = answer(client, "no", "fr")
    assert step.status_code == 200
    assert PageFeedback.objects.get().helpful is False

    with django_capture_on_commit_callbacks(execute=True):
        done = details(client, step, "fr", kind="wrong", text="Le traitement a changé en 2025.")

    assert done.status_code == 302
    assert done.url == url("feedback_thanks", "fr")
    stored = PageFeedback.objects.get()
    assert (stored.disease, stored.language, stored.helpful, stored.kind, stored.text, stored.status) == (
        demo,
        "fr",
        False,
        "wrong",
        "Le traitement a changé en 2025.",
        "open",
    )
    assert stored.created_on == timezone.localdate()
    (message,) = mail.outbox
    assert reviewer.email in message.to
    # In the reviewer's language, not the visitor's.
    with translation.override("en"):
        assert message.subject == f"A visitor reports {demo} as wrong or out of date"
    assert editor.email not in message.to
    assert "Le traitement a changé en 2025." in message.body
    assert reverse("admin:diseases_pagefeedback_change", args=[stored.pk]) in message.body


def test_yes_is_counted_and_the_second_step_may_be_skipped(client, demo):
    step = answer(client, "yes", "es")

    assert step.status_code == 200
    assert "Cache-Control" in step and "no-cache" in step["Cache-Control"]
    assert PageFeedback.objects.get().helpful is True
    assert PageFeedback.objects.get().kind == ""
    thanks = client.get(url("feedback_thanks", "es"))
    assert thanks.status_code == 200


def test_contact_details_are_masked_before_storing_and_the_visitor_is_told(client, demo):
    step = answer(client)

    done = details(client, step, kind="missing", text="Write to ana.perez@example.org or call +44 20 7946 0958.")

    assert done.url == url("feedback_thanks") + "?masked=1"
    stored = PageFeedback.objects.get().text
    assert "ana.perez" not in stored and "7946" not in stored
    assert stored == "Write to [e-mail removed] or call [phone number removed]."
    assert "looked like an e-mail address or a phone number" in text_of(client.get(done.url))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail me at x@y.fr please", "mail me at [e-mail removed] please"),
        ("06 12 34 56 78", "[phone number removed]"),
        ("(555) 123-4567 ext", "[phone number removed] ext"),
        ("diagnosed 12/03/2024 and 2024-03-12", "diagnosed 12/03/2024 and 2024-03-12"),
        ("CRP 120 mg/L, ESR 45", "CRP 120 mg/L, ESR 45"),
    ],
)
def test_what_looks_like_contact_details_is_masked_and_dates_and_figures_stay(text, masked):
    assert feedback.mask_personal_data(text)[0] == masked


def test_no_address_cookie_or_browser_is_stored(client, demo):
    step = answer(client, "no", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox/200")
    details(client, step, kind="other", text="x")

    row = PageFeedback.objects.values().get()
    assert "203.0.113.9" not in repr(row) and "Firefox" not in repr(row)
    assert not step.cookies and not client.cookies


def test_details_are_added_once_and_only_to_the_answer_they_were_shown_for(client, demo):
    step = answer(client)
    details(client, step, kind="wrong", text="First")

    again = details(client, step, kind="other", text="Second")

    assert again.status_code == 302
    assert PageFeedback.objects.get().text == "First"


def test_a_forged_token_is_refused_and_nothing_changes(client, demo):
    answer(client)

    refused = client.post(url("feedback_details"), {"token": "1:forged", "kind": "wrong", "text": "x"})

    assert refused.status_code == 400
    assert "could not be checked" in text_of(refused)
    assert PageFeedback.objects.get().kind == ""


def test_a_second_step_sent_at_once_is_refused_with_what_was_written_kept(client, demo, settings):
    settings.FEEDBACK_FORM_MIN_SECONDS = 60
    step = answer(client)

    refused = details(client, step, kind="wrong", text="Kept text")

    assert refused.status_code == 400
    assert "very quick" in text_of(refused)
    assert "Kept text" in text_of(refused)
    assert PageFeedback.objects.get().kind == ""


def test_free_text_over_a_thousand_characters_is_refused(client, demo):
    step = answer(client)

    refused = details(client, step, kind="other", text="x" * 1001)

    assert refused.status_code == 400
    assert PageFeedback.objects.get().text == ""


def test_an_answer_that_is_neither_yes_nor_no_is_refused_with_the_question_again(client, demo):
    refused = client.post(url("feedback"), {"helpful": "maybe"})

    assert refused.status_code == 400
    assert "Please choose Yes or No." in text_of(refused)
    assert 'id="feedback-answer-form"' in refused.content.decode()
    assert not PageFeedback.objects.exists()


def test_the_honeypot_thanks_a_bot_and_counts_nothing(client, demo):
    response = client.post(url("feedback"), {"helpful": "no", "website": "http://spam.example"})

    assert response.status_code == 302
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/en/diseases/cno-crmo/"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_REFERER": "http://[testserver/"},
    ],
)
def test_posts_from_other_sites_are_refused(client, demo, headers):
    response = client.post(url("feedback"), {"helpful": "no"}, **headers)

    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "headers", [{}, {"HTTP_ORIGIN": "http://testserver"}, {"HTTP_REFERER": "http://testserver/en/diseases/cno-crmo/"}]
)
def test_posts_from_the_site_or_without_origin_are_accepted(client, demo, headers):
    response = client.post(url("feedback"), {"helpful": "no"}, **headers)

    assert response.status_code == 200
    assert PageFeedback.objects.count() == 1


def test_a_burst_from_one_address_is_limited_and_others_still_answer(client, demo, settings):
    settings.FEEDBACK_RATE_LIMIT = "5/h"
    statuses = [client.post(url("feedback"), {"helpful": "no"}).status_code for _ in range(12)]

    assert statuses == [200] * 5 + [429] * 7
    assert PageFeedback.objects.count() == 5
    assert client.post(url("feedback"), {"helpful": "yes"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert PageFeedback.objects.count() == 6


def test_the_second_step_counts_toward_the_limit(client, demo, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/h"
    step = answer(client)

    limited = details(client, step, kind="wrong", text="x")

    assert limited.status_code == 429
    assert PageFeedback.objects.get().kind == ""


def test_feedback_on_a_page_that_is_not_public_is_not_found(client, demo):
    assert client.post(url("feedback", slug="no-such-page"), {"helpful": "no"}).status_code == 404


def test_the_feedback_urls_answer_posts_only(client, demo):
    assert client.get(url("feedback")).status_code == 405
    assert client.get(url("feedback_details")).status_code == 405


def test_visitors_text_is_never_markup_on_the_thanks_page_or_when_refused(client, demo):
    step = answer(client)
    refused = details(client, step, kind="bogus", text="<script>alert(1)</script>")

    assert refused.status_code == 400
    assert "<script>alert(1)</script>" not in refused.content.decode()
    assert "&lt;script&gt;" in refused.content.decode()


def test_old_comments_are_erased_by_the_retention_command_and_counts_kept(demo, settings):
    settings.FEEDBACK_TEXT_RETENTION_MONTHS = 12
    today = timezone.localdate()
    answer = {"disease": demo, "language": "en", "helpful": False, "kind": "wrong"}
    old = PageFeedback.objects.create(**answer, text="old", created_on=today - datetime.timedelta(400))
    recent = PageFeedback.objects.create(**answer, text="recent", created_on=today - datetime.timedelta(300))

    call_command("purge_feedback_text", stdout=open("/dev/null", "w"))  # noqa: SIM115

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.text, old.kind, old.text_erased_at is not None) == ("", "wrong", True)
    assert recent.text == "recent"
    assert PageFeedback.objects.figures(demo).not_helpful == 2


def test_figures_count_answers_and_what_was_done_per_kind(demo):
    for helpful, kind, status in [
        (True, "", "open"),
        (True, "", "open"),
        (False, "wrong", "actioned"),
        (False, "wrong", "open"),
        (False, "unclear", "dismissed"),
    ]:
        PageFeedback.objects.create(disease=demo, language="fr", helpful=helpful, kind=kind, status=status)
    PageFeedback.objects.create(disease=demo, language="en", helpful=True)

    figures = PageFeedback.objects.figures(disease=demo, language="fr")

    assert (figures.helpful, figures.not_helpful, figures.total, figures.helpful_percent) == (2, 3, 5, 40)
    assert figures.actions_by_kind == {"wrong": {"actioned": 1, "open": 1}, "unclear": {"dismissed": 1}}
    assert PageFeedback.objects.figures().total == 6
    assert PageFeedback.objects.figures(language="es").helpful_percent is None


def test_the_reviewers_email_is_plain_text_with_the_visitors_words_as_typed(
    client, demo, reviewer, django_capture_on_commit_callbacks
):
    step = answer(client)
    with django_capture_on_commit_callbacks(execute=True):
        details(client, step, kind="wrong", text='<b>Dose</b> & "timing" are wrong')

    (message,) = mail.outbox
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert '<b>Dose</b> & "timing" are wrong' in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body


def test_only_wrong_or_out_of_date_reports_are_emailed(client, demo, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        details(client, answer(client), kind="unclear", text="Too long")

    assert mail.outbox == []
