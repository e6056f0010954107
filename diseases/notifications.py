"""
E-mails that the review workflow sends, after its transaction commits: plain
text, each recipient in the language they use the admin in.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import permissions
from .permissions import EDITORS_GROUP


def _send_after_commit(messages):
    if messages:
        transaction.on_commit(partial(send_mass_mail, messages, fail_silently=True))


def recipient_language(user):
    """The language `user` reads the admin in (the site's language until they have signed in)."""
    try:
        language = user.email_language.language
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _messages(users, template, context):
    """
    One message per language: `template`_subject.txt and _body.txt rendered
    as plain text in that language for the users who read it.
    """
    by_language = {}
    for user in users:
        if user.email and user.is_active:
            by_language.setdefault(recipient_language(user), set()).add(user.email)
    messages = []
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            # Subjects are one line, whatever the template's line breaks.
            subject = " ".join(render_to_string(f"diseases/email/{template}_subject.txt", context).split())
            body = render_to_string(f"diseases/email/{template}_body.txt", context)
        messages.append((subject, body, None, sorted(addresses)))
    return messages


def _people(queryset):
    return queryset.select_related("email_language")


def admin_url(disease):
    return settings.SITE_URL + reverse("admin:diseases_disease_change", args=[disease.pk])


def review_url(disease):
    return settings.SITE_URL + reverse("admin:diseases_disease_review", args=[disease.pk])


def notify_reviewers_of_submission(disease, event, assignee=None):
    """
    Tell the medical reviewers (but whoever submitted) that a page awaits
    them, with the editor's comment and who was asked to review it; and tell
    that reviewer, `assignee`, in a message of their own instead.
    """
    others = permissions.reviewers().exclude(pk=event.actor_id)
    if assignee is not None:
        others = others.exclude(pk=assignee.pk)
    context = {"disease": disease, "event": event, "url": review_url(disease), "assignee": assignee}
    messages = _messages(_people(others), "submitted", context)
    if assignee is not None and assignee.pk != event.actor_id:
        messages += _messages(_people(get_user_model().objects.filter(pk=assignee.pk)), "assigned", context)
    _send_after_commit(messages)


def notify_editors_of_decision(disease, event, editor_ids, open_comments=()):
    """
    Tell the draft's editors (`editor_ids`) what the reviewer decided, with
    their comment and, for a request for changes, the open comments [(where, comment)].
    """
    context = {"disease": disease, "event": event, "url": admin_url(disease), "open_comments": open_comments}
    editors = _people(get_user_model().objects.filter(pk__in=editor_ids))
    _send_after_commit(_messages(editors, "decision", context))


def remind_of_review(disease, event):
    """Tell the page's last reviewer and the content editors that its medical review is due."""
    people = list(_people(get_user_model().objects.filter(groups__name=EDITORS_GROUP)))
    if disease.live.reviewed_by:
        people.append(disease.live.reviewed_by)
    context = {"disease": disease, "due": disease.live.next_review_due, "url": admin_url(disease)}
    _send_after_commit(_messages(people, "reminder", context))


def notify_of_comment(comment, where, recipient_ids):
    """Tell `recipient_ids` of a new comment or reply on the page, with where it sits (`where`) and its text."""
    context = {
        "disease": comment.disease,
        "comment": comment,
        "where": where,
        "url": f"{admin_url(comment.disease)}#comment-{comment.parent_id or comment.pk}",
    }
    people = _people(get_user_model().objects.filter(pk__in=recipient_ids))
    _send_after_commit(_messages(people, "comment", context))


def notify_reviewers_of_report(answer):
    """Tell the medical reviewers that a visitor reported a page as wrong or out of date, with what they wrote."""
    url = settings.SITE_URL + reverse("admin:diseases_pagefeedback_change", args=[answer.pk])
    context = {"answer": answer, "disease": answer.disease, "url": url}
    _send_after_commit(_messages(_people(permissions.reviewers()), "feedback_report", context))
