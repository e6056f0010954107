"""Review dates: approval stamps them, the admin lists pages falling due, cron reminds."""

import datetime
import html
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone, translation

from diseases import workflow
from diseases.models import ContentEdit, Disease, EmailLanguage, Publication, ReviewEvent, default_next_review_due

from .factories import edit, make_disease
from .forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo, editor, reviewer):
    demo.submit_for_review(editor)
    demo.approve(reviewer)
    return demo


def set_due(disease, days_from_today):
    Publication.objects.filter(pk=disease.live_id).update(
        next_review_due=timezone.localdate() + datetime.timedelta(days=days_from_today)
    )


def remind(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_once_a_day_to_reviewer_and_editors(
    approved, editor, reviewer, django_capture_on_commit_callbacks
):
    set_due(approved, 10)

    first = remind(django_capture_on_commit_callbacks)
    second = remind(django_capture_on_commit_callbacks)

    assert "Reminders sent for 1 page(s)" in first
    assert "Reminders sent for 0 page(s); 1 already reminded today." in second
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) >= {"ed@example.org", "rev@example.org"}
    due = formats.date_format(timezone.localdate() + datetime.timedelta(days=10), "DATE_FORMAT")
    subject, body = mail.outbox[0].subject, mail.outbox[0].body
    assert subject == f"Medical review due {due}: {approved}"
    assert f"The medical review of “{approved}” is due on {due}." in body
    change = reverse("admin:diseases_disease_change", args=[approved.pk])
    assert f"Open the page in the admin: {settings.SITE_URL}{change}" in body
    assert ReviewEvent.objects.filter(disease=approved, action="reminded").count() == 1


def test_a_reminder_to_someone_whose_language_the_site_withdrew_is_in_the_sites_language(
    approved, editor, reviewer, django_capture_on_commit_callbacks, settings
):
    EmailLanguage.objects.create(user=reviewer, language="fr")
    settings.LANGUAGES = [code_name for code_name in settings.LANGUAGES if code_name[0] != "fr"]
    set_due(approved, 10)

    remind(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert set(message.to) >= {"ed@example.org", "rev@example.org"}
    due = formats.date_format(timezone.localdate() + datetime.timedelta(days=10), "DATE_FORMAT")
    assert message.subject == f"Medical review due {due}: {approved}"


def test_no_reminder_for_pages_not_yet_due_or_never_reviewed(approved, django_capture_on_commit_callbacks):
    set_due(approved, 60)

    output = remind(django_capture_on_commit_callbacks)

    assert "Reminders sent for 0 page(s)" in output
    assert mail.outbox == []


def test_admin_lists_overdue_and_soon_due_pages(client, approved, editor):
    client.force_login(editor)
    url = reverse("admin:diseases_diseasereviewdue_changelist")
    assert client.get(url).context["cl"].result_count == 0

    set_due(approved, -1)
    response = client.get(url)

    assert response.context["cl"].result_count == 1
    assert Disease.objects.review_overdue().get() == approved
    screen = response.content.decode()
    assert 'class="field-reviewed_by">Dr Ada Lane, MD, paediatric rheumatologist<' in screen
    assert '<a href="?overdue=yes">Overdue</a>' in screen and '<a href="?overdue=no">Due soon</a>' in screen
    assert client.get(url, {"overdue": "yes"}).context["cl"].result_count == 1
    assert client.get(url, {"overdue": "no"}).context["cl"].result_count == 0


def test_review_log_lists_every_transition_site_wide_and_per_page(client, approved, editor):
    client.force_login(editor)

    site_wide = client.get(reverse("admin:diseases_reviewevent_changelist"))
    per_page = client.get(reverse("admin:diseases_reviewevent_changelist"), {"disease__id__exact": approved.pk})

    assert [e.action for e in site_wide.context["cl"].result_list][:3] == [
        "approved",
        "submitted",
        "published_provisionally",
    ]
    assert per_page.context["cl"].result_count == 3


def test_choosing_a_page_in_the_review_log_keeps_the_action_chosen(client, approved, editor):
    client.force_login(editor)

    screen = client.get(reverse("admin:diseases_reviewevent_changelist"), {"action__exact": "approved"})

    links = html.unescape(screen.content.decode())
    assert f'href="?action__exact=approved&disease__id__exact={approved.pk}"' in links


# Two kinds of review: a full review of the page sets its review dates; the
# approval of a change publishes it and keeps them.

EARLIER_REVIEW = datetime.date(2025, 6, 1)
EARLIER_DUE = datetime.date(2028, 6, 1)


@pytest.fixture
def reviewed_last_year(approved):
    """CNO/CRMO as if its last full review was on 1 June 2025, next due 1 June 2028."""
    live = approved.live
    for entry in live.content["languages"].values():
        entry["reviewed_on"] = EARLIER_REVIEW.isoformat()
    live.content = live.content
    Publication.objects.filter(pk=live.pk).update(content=live.content, next_review_due=EARLIER_DUE)
    approved.refresh_from_db()
    return approved


def review_screen(client, disease):
    return client.get(reverse("admin:diseases_disease_review", args=[disease.pk]))


def approve_through_the_admin(client, disease, full_review, comment=""):
    data = form_data(review_screen(client, disease).content, "approve-form")
    data.update({"action": "approve", "approve-comment": comment})
    if full_review:
        data["approve-full_review"] = "on"
    else:
        data.pop("approve-full_review", None)
    return client.post(reverse("admin:diseases_disease_review", args=[disease.pk]), data)


def public_page(client, disease):
    with translation.override("en"):
        return client.get(disease.get_absolute_url()).content.decode()


def test_approving_a_change_keeps_the_review_dates_and_says_when_the_change_was_approved(
    client, reviewed_last_year, editor, reviewer
):
    edit(reviewed_last_year, editor, definition_en="One sentence corrected.")
    reviewed_last_year.submit_for_review(editor)
    client.force_login(reviewer)

    response = approve_through_the_admin(
        client, reviewed_last_year, full_review=False, comment="Checked against the 2024 guideline."
    )

    assert response.status_code == 302
    assert '<li class="success">Approved and published.</li>' in client.get(response.url).content.decode()
    assert reviewed_last_year.review_events.latest("pk").comment == "Checked against the 2024 guideline."
    live = Disease.objects.get(pk=reviewed_last_year.pk).live
    assert not live.full_review
    assert live.next_review_due == EARLIER_DUE
    assert live.content["languages"]["en"]["reviewed_on"] == EARLIER_REVIEW.isoformat()
    assert live.content["languages"]["en"]["change_approved_on"] == timezone.localdate().isoformat()
    page = public_page(client, reviewed_last_year)
    assert "One sentence corrected." in page
    assert f'datetime="{EARLIER_REVIEW.isoformat()}"' in page and "Latest change medically approved on" in page
    assert f'"lastReviewed": "{EARLIER_REVIEW.isoformat()}"' in page


def test_a_date_chosen_for_a_change_approval_is_refused_not_ignored(client, reviewed_last_year, editor, reviewer):
    edit(reviewed_last_year, editor, definition_en="One sentence corrected.")
    reviewed_last_year.submit_for_review(editor)
    client.force_login(reviewer)
    data = form_data(review_screen(client, reviewed_last_year).content, "approve-form")
    data.update({"action": "approve", "approve-next_review_due": "2027-01-15"})
    data.pop("approve-full_review", None)

    response = client.post(reverse("admin:diseases_disease_review", args=[reviewed_last_year.pk]), data)

    assert response.status_code == 200
    assert (
        "Approving a change keeps the next review due on 1 June 2028. To set another date, tick “Full review”"
    ) in html.unescape(response.content.decode())
    reviewed_last_year.refresh_from_db()
    assert reviewed_last_year.status == Disease.Status.IN_REVIEW


def test_full_review_is_ticked_for_a_page_never_reviewed_or_unchanged_not_for_a_change(client, demo, editor, reviewer):
    def ticked(disease):
        return "approve-full_review" in form_data(review_screen(client, disease).content, "approve-form")

    client.force_login(reviewer)
    never_published = make_disease(editor)
    never_published.submit_for_review(editor)
    demo.submit_for_review(editor)  # published awaiting review, never reviewed
    assert ticked(never_published) and ticked(demo)

    demo.approve(reviewer)
    demo.refresh_from_db()
    assert ticked(demo)  # unchanged since its review

    edit(demo, editor, definition_en="Changed since the review.")
    demo.submit_for_review(editor)
    assert not ticked(demo)


def test_a_full_review_of_an_unchanged_page_sets_its_dates_without_an_edit(
    client, reviewed_last_year, editor, reviewer
):
    edits = ContentEdit.objects.count()
    client.force_login(reviewer)
    screen = review_screen(client, reviewed_last_year).content.decode()
    assert "Record the full review" in screen

    response = approve_through_the_admin(client, reviewed_last_year, full_review=True)

    assert response.status_code == 302
    assert (
        '<li class="success">Full review recorded: the page’s review dates are updated.</li>'
        in client.get(response.url).content.decode()
    )
    disease = Disease.objects.get(pk=reviewed_last_year.pk)
    assert disease.status == Disease.Status.APPROVED and disease.live.full_review
    assert disease.live.next_review_due == default_next_review_due()
    assert disease.live.content["languages"]["en"]["reviewed_on"] == timezone.localdate().isoformat()
    assert "change_approved_on" not in disease.live.content["languages"]["en"]
    assert ContentEdit.objects.count() == edits
    assert f'"lastReviewed": "{timezone.localdate().isoformat()}"' in public_page(client, disease)


def test_an_unchanged_page_is_not_approved_again_as_a_change(client, reviewed_last_year, reviewer):
    publications = Publication.objects.count()
    client.force_login(reviewer)

    response = approve_through_the_admin(client, reviewed_last_year, full_review=False)

    assert response.status_code == 200
    assert "Nothing changed since the last approval" in response.content.decode()
    assert Publication.objects.count() == publications


def test_a_full_review_may_set_an_earlier_next_review(client, reviewed_last_year, editor, reviewer):
    edit(reviewed_last_year, editor, definition_en="Rewritten after new guidance.")
    reviewed_last_year.submit_for_review(editor)
    client.force_login(reviewer)
    sooner = timezone.localdate() + datetime.timedelta(days=365)
    data = form_data(review_screen(client, reviewed_last_year).content, "approve-form")
    data.update({"action": "approve", "approve-full_review": "on", "approve-next_review_due": sooner.isoformat()})

    client.post(reverse("admin:diseases_disease_review", args=[reviewed_last_year.pk]), data)

    live = Disease.objects.get(pk=reviewed_last_year.pk).live
    assert live.full_review and live.next_review_due == sooner


def test_a_pages_first_approval_is_a_full_review(demo, editor, reviewer):
    demo.submit_for_review(editor)

    demo.approve(reviewer, full_review=False)

    live = Disease.objects.get(pk=demo.pk).live
    assert live.full_review
    assert live.next_review_due == default_next_review_due()
    assert live.content["languages"]["en"]["reviewed_on"] == timezone.localdate().isoformat()


# Dates as the reader's language writes them.


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def in_language(client, user, url, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return text_of(client.get(url))


@pytest.mark.parametrize(("language", "before"), [("en", "1 September 2023"), ("fr", "1 septembre 2023")])
def test_a_changed_date_in_the_review_diff_reads_as_the_reviewers_language_writes_it(
    client, approved, editor, reviewer, language, before
):
    Disease.objects.filter(pk=approved.pk).update(last_updated=datetime.date(2023, 9, 1))
    approved.approve(reviewer, full_review=True)
    # Saving the page's own content sets the date to today.
    edit(approved, editor, definition_en="SJIA is a rare disease.")
    approved.submit_for_review(editor)
    today = timezone.localdate()
    with translation.override(language):
        after = formats.date_format(today)

    screen = in_language(client, reviewer, reverse("admin:diseases_disease_review", args=[approved.pk]), language)

    assert "2023-09-01" not in screen and today.isoformat() not in screen
    assert before in screen and after in screen


def test_the_review_log_in_french_writes_the_due_date_of_a_reminder_in_french(client, approved, editor):
    Publication.objects.filter(pk=approved.live_id).update(next_review_due=datetime.date(2029, 12, 3))
    approved.refresh_from_db()
    workflow.record_reminder(approved)

    french = in_language(client, editor, reverse("admin:diseases_disease_change", args=[approved.pk]), "fr")
    english = in_language(client, editor, reverse("admin:diseases_disease_change", args=[approved.pk]), "en")

    assert "3 décembre 2029" in french and "2029-12-03" not in french
    assert "3 December 2029" in english and "2029-12-03" not in english
