"""
What each person finds on the admin home: the work waiting for them, as
counts (each shown with a link to the list it counts) and two small charts.
The questions are the querysets' (`managers`) and the translation status's;
this module only gathers them for one user.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from . import frontend_cache, languages, permissions, search, search_gaps, translation_queue, translation_status
from .models import Disease, PatientAdvice

# How far ahead the due list and the reminders look.
DUE_SOON_DAYS = 30
QUEUE_SHOWN = 10


@dataclass
class LanguageWork:
    code: str
    name: str
    missing: int
    outdated: int
    counts: dict  # {status: pages}

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class Dashboard:
    is_editor: bool = False
    is_reviewer: bool = False
    is_moderator: bool = False
    counts: dict = field(default_factory=dict)
    languages: list = field(default_factory=list)  # [LanguageWork] of the translated languages
    coverage: list = field(default_factory=list)  # [LanguageWork] of every language
    due_by_month: list = field(default_factory=list)  # [(month, pages)]
    queue: list = field(default_factory=list)  # the first pages awaiting review, oldest first
    # Addresses the reverse proxy still serves old copies of, and since when (frontend_cache).
    unpurged: int = 0
    unpurged_since: object = None
    # Pages search still finds by their old text, and since when (search.reindex_pending).
    unindexed: int = 0
    unindexed_since: object = None
    # [LanguageWork] of the languages the user translates into, counted in texts (translation_queue).
    translation_queues: list = field(default_factory=list)
    # This week's most frequent searches that found nothing, not handled yet; None when not theirs to see.
    unfound_searches: list = None

    @property
    def is_empty(self):
        return not (self.is_editor or self.is_reviewer or self.is_moderator or self.translation_queues)


def review_queue():
    """Pages awaiting medical review, the longest waiting first, with who submitted them, when, why and to whom."""
    return (
        Disease.objects.not_deleted()
        .awaiting_review()
        .with_names()
        .with_submission()
        .select_related("review_assignee__reviewer_profile")
        .order_by("submitted_at", "pk")
    )


def for_user(user, today=None):
    """The dashboard of `user`: what their roles (editor, reviewer, moderator) have waiting."""
    today = today or timezone.localdate()
    board = Dashboard(
        is_editor=permissions.can_edit(user),
        is_reviewer=permissions.is_reviewer(user),
        is_moderator=permissions.can_moderate(user),
    )
    pages = Disease.objects.not_deleted()
    counts = board.counts
    if board.is_editor or board.is_reviewer:
        counts["awaiting_review"] = pages.awaiting_review().count()
    if board.is_editor:
        counts["sent_back"] = pages.sent_back().count()
        counts["my_drafts"] = pages.drafts().worked_on_by(user).count()
        counts["drafts"] = pages.drafts().count()
        counts["overdue"] = pages.review_overdue(today=today).count()
        counts["due_soon"] = pages.review_due(within_days=DUE_SOON_DAYS, today=today).count() - counts["overdue"]
        board.due_by_month = pages.reviews_due_by_month(months=12, today=today)
        _rows, per_language = translation_status.status_table()
        names = dict(settings.LANGUAGES)
        board.coverage = [
            LanguageWork(
                code,
                names[code],
                per_language[code][translation_status.MISSING],
                per_language[code][translation_status.OUTDATED],
                per_language[code],
            )
            for code in per_language
        ]
        board.languages = [work for work in board.coverage if work.code in languages.translated_languages()]
    if board.is_moderator:
        counts["pending_advice"] = PatientAdvice.objects.pending().count()
    if board.is_reviewer:
        board.queue = list(review_queue()[:QUEUE_SHOWN])
    board.translation_queues = translation_work(user)
    if not board.is_empty and frontend_cache.enabled():
        board.unpurged, board.unpurged_since = frontend_cache.failed_purges()
    if not board.is_empty:
        board.unindexed, board.unindexed_since = search.pending_reindexing()
    if permissions.can_see_search_gaps(user):
        board.unfound_searches = list(search_gaps.top_of_week(today))
    return board


def translation_work(user):
    """The texts missing and outdated in each language `user` translates into."""
    granted = permissions.translation_languages(user)
    if not granted:
        return []
    names = dict(settings.LANGUAGES)
    counts = translation_queue.counts(granted)
    return [LanguageWork(code, names[code], *counts[code], counts={}) for code in granted]
