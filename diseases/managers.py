"""The questions the code asks of diseases and their content."""

import datetime

from django.db import models
from django.utils import timezone


class DiseaseQuerySet(models.QuerySet):
    def not_deleted(self):
        """Pages editors work on: everything but deleted pages, which wait to be recovered."""
        return self.exclude(status="deleted")

    def deleted(self):
        return self.filter(status="deleted")

    def public(self):
        """Pages visitors may read: medically approved, or published awaiting review."""
        return self.filter(live__isnull=False)

    def awaiting_review(self):
        return self.filter(status="in_review")

    def review_due(self, within_days=30, today=None):
        """Approved pages whose next review is overdue or falls due within `within_days`."""
        today = today or timezone.localdate()
        return self.filter(live__next_review_due__lte=today + datetime.timedelta(days=within_days))

    def review_overdue(self, today=None):
        return self.review_due(within_days=0, today=today).exclude(live__next_review_due=today or timezone.localdate())

    def with_names(self):
        return self.prefetch_related("names")


class SearchEntryQuerySet(models.QuerySet):
    def a_to_z(self, language, letter=None):
        """Public pages in `language` by title (only those under `letter`, when given), for listing."""
        entries = self.filter(language=language)
        if letter:
            entries = entries.filter(letter=letter)
        return entries.order_by("sort_key").select_related("disease").only("title", "letter", "disease__slug")

    def letters(self, language):
        """The initials that titles in `language` start with, in order."""
        return self.filter(language=language).order_by("letter").values_list("letter", flat=True).distinct()


class SymptomGroupQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(disease__isnull=True)


class PatientAdviceQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status="pending")

    def published(self):
        """Approved advice, newest first."""
        return self.filter(status="approved").order_by("-submitted_at", "-pk")

    def in_language_first(self, language):
        """Advice in `language` first, then in other languages, each newest first."""
        in_language = models.Case(models.When(language=language, then=0), default=1)
        return self.order_by(in_language, "-submitted_at", "-pk")

    def past_retention(self, days, now=None):
        """Advice whose personal data or rejected text is older than the retention period."""
        return self.filter(submitted_at__lt=(now or timezone.now()) - datetime.timedelta(days=days))
