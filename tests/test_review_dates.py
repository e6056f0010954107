"""Review dates: approval stamps them, the admin lists pages falling due, cron reminds."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diseases.models import Disease, Publication, ReviewEvent

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
    assert "Chronic Nonbacterial Osteomyelitis" in mail.outbox[0].subject
    assert ReviewEvent.objects.filter(disease=approved, action="reminded").count() == 1


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
