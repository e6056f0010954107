"""E-mails that the review workflow sends, after its transaction commits."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .permissions import EDITORS_GROUP


def _send_after_commit(messages):
    if messages:
        transaction.on_commit(partial(send_mass_mail, messages, fail_silently=True))


def _addresses(users):
    return sorted({user.email for user in users if user.email and user.is_active})


def admin_url(disease):
    return settings.SITE_URL + reverse("admin:diseases_disease_change", args=[disease.pk])


def notify_editors_of_decision(disease, event, editor_ids):
    """Tell the draft's editors (`editor_ids`) what the reviewer decided, with their comment."""
    context = {"disease": disease, "event": event, "url": admin_url(disease)}
    subject = render_to_string("diseases/email/decision_subject.txt", context).strip()
    body = render_to_string("diseases/email/decision_body.txt", context)
    recipients = _addresses(get_user_model().objects.filter(pk__in=editor_ids))
    _send_after_commit([(subject, body, None, recipients)] if recipients else [])


def remind_of_review(disease, event):
    """Tell the page's last reviewer and the content editors that its medical review is due."""
    people = list(get_user_model().objects.filter(groups__name=EDITORS_GROUP))
    if disease.live.reviewed_by:
        people.append(disease.live.reviewed_by)
    context = {"disease": disease, "due": disease.live.next_review_due, "url": admin_url(disease)}
    subject = render_to_string("diseases/email/reminder_subject.txt", context).strip()
    body = render_to_string("diseases/email/reminder_body.txt", context)
    recipients = _addresses(people)
    _send_after_commit([(subject, body, None, recipients)] if recipients else [])
