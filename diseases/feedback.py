"""
What visitors say about a page (“Was this page helpful?”): recording an
answer and what was missing or wrong, keeping personal data out of it, and
what editors and reviewers do with it. Who may do what is asked of
`permissions`; views and the admin only call these functions.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notifications, permissions
from .models import Disease, PageFeedback

# What replaces personal data in a comment; editors read it in the admin.
EMAIL_MASK = "[e-mail removed]"
PHONE_MASK = "[phone number removed]"
EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")
# A run of digits with the separators phone numbers are written with. Nine digits or more (a Spanish
# number without its country code), or a “+” and seven: dates (12/03/2024, 2024-03-12) stay.
PHONE_CANDIDATE = re.compile(r"(?<![\w+(])[+(]?\d[\d .()\u00a0-]{5,}\d(?!\w)")
PHONE_MIN_DIGITS = 9
PHONE_MIN_DIGITS_INTERNATIONAL = 7


def _phone(match):
    number = match.group()
    digits = sum(character.isdigit() for character in number)
    international = number.startswith("+") and digits >= PHONE_MIN_DIGITS_INTERNATIONAL
    return PHONE_MASK if international or digits >= PHONE_MIN_DIGITS else number


def mask_personal_data(text):
    """`text` with what looks like an e-mail address or a phone number masked: (the text, whether any was)."""
    masked = PHONE_CANDIDATE.sub(_phone, EMAIL.sub(EMAIL_MASK, text))
    return masked, masked != text


def record_answer(disease, language, helpful):
    """A visitor's answer to “Was this page helpful?”."""
    return PageFeedback.objects.create(disease=disease, language=language, helpful=helpful)


def add_details(answer_pk, kind, text):
    """
    Say what was missing or wrong about an answer, once: False when the answer
    already has its details (a form sent twice) or no longer exists. A
    “wrong or out of date” report is e-mailed to the medical reviewers.
    """
    with transaction.atomic():
        answer = PageFeedback.objects.select_for_update().filter(pk=answer_pk, kind="").first()
        if answer is None:
            return False
        answer.kind, answer.text = kind, text
        answer.save(update_fields=["kind", "text"])
        if kind == PageFeedback.Kind.WRONG:
            notifications.notify_reviewers_of_report(answer)
    return True


def _check_handler(user):
    if not permissions.can_handle_feedback(user):
        raise PermissionDenied(_("Only content editors and medical reviewers can handle page feedback."))


@transaction.atomic
def set_status(answer, status, user, note=None):
    """Mark feedback open, actioned or dismissed, by `user`, with their note when given."""
    _check_handler(user)
    answer.status = status
    handled = status != PageFeedback.Status.OPEN
    answer.handled_by, answer.handled_at = (user, timezone.now()) if handled else (None, None)
    fields = ["status", "handled_by", "handled_at"]
    if note is not None:
        answer.note = note
        fields.append("note")
    answer.save(update_fields=fields)


@transaction.atomic
def erase_text(answer, user):
    """Erase a visitor's comment (its kind, status and the answer itself are kept and still counted)."""
    if not permissions.can_erase_feedback_text(user):
        raise PermissionDenied(_("Only content editors can erase what visitors wrote."))
    _erase(PageFeedback.objects.filter(pk=answer.pk))
    answer.refresh_from_db()


def erase_expired_text(months):
    """Erase the comments older than `months` months; how many were erased."""
    return _erase(PageFeedback.objects.text_past_retention(months))


def _erase(answers):
    return answers.exclude(text="").update(text="", text_erased_at=timezone.now())


# What the admin home shows of page feedback: the last weeks' answers, a few rows of each list.
RECENT_DAYS = 90
PANEL_ROWS = 5


@dataclass
class PageHelpfulness:
    disease: object
    language: str
    helpful: int
    answers: int

    @property
    def percent(self):
        return round(100 * self.helpful / self.answers)

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)


@dataclass
class Panel:
    """The admin home's page feedback: unread “wrong or out of date” reports first, then the least helpful pages."""

    unread_reports: list
    unread_count: int
    least_helpful: list  # [PageHelpfulness]
    since: object


def panel_for(user, today=None):
    """The page feedback of the admin home for `user`, or None when they may not see it."""
    if not permissions.can_see_feedback(user):
        return None
    since = (today or timezone.localdate()) - datetime.timedelta(days=RECENT_DAYS)
    reports = PageFeedback.objects.unread_reports().select_related("disease").prefetch_related("disease__names")
    rows = list(PageFeedback.objects.least_helpful_pages(since)[:PANEL_ROWS])
    pages = Disease.objects.with_names().in_bulk([row["disease"] for row in rows])
    return Panel(
        unread_reports=list(reports[:PANEL_ROWS]),
        unread_count=reports.count(),
        least_helpful=[
            PageHelpfulness(pages[row["disease"]], row["language"], row["helpful_answers"], row["answers"])
            for row in rows
        ],
        since=since,
    )
