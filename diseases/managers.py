"""The questions the code asks of diseases and their content."""

import calendar
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import TruncMonth, TruncWeek
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

    def drafts(self):
        return self.filter(status="draft")

    def sent_back(self):
        """Pages a reviewer sent back to the editors with changes to make."""
        return self.filter(status="changes_requested")

    def worked_on_by(self, user):
        """Pages `user` edited since their last medical review (ever, for a page never reviewed)."""
        ContentEdit = apps.get_model("diseases", "ContentEdit")
        edits = ContentEdit.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model, for_concrete_model=True),
            object_id=models.OuterRef("pk"),
            user=user,
        )
        never_reviewed = models.Q(live__isnull=True) | models.Q(live__reviewed_by__isnull=True)
        # Edits are ordered against publications by id (see `Publication.edits_through`).
        since_review = models.Exists(edits.filter(pk__gt=models.OuterRef("live__edits_through")))
        return self.filter((never_reviewed & models.Exists(edits)) | since_review)

    def review_due(self, within_days=30, today=None):
        """Approved pages whose next review is overdue or falls due within `within_days`."""
        today = today or timezone.localdate()
        return self.filter(live__next_review_due__lte=today + datetime.timedelta(days=within_days))

    def review_overdue(self, today=None):
        return self.review_due(within_days=0, today=today).exclude(live__next_review_due=today or timezone.localdate())

    def with_submission(self):
        """Annotated with the latest submission for review: when (`submitted_at`), by whom and its comment."""
        return self.annotate(
            submitted_at=_latest_event("submitted", "created_at"),
            submitted_by=_latest_event("submitted", "actor__username"),
            submit_comment=_latest_event("submitted", "comment"),
        )

    def with_deletion(self):
        """Annotated with the latest deletion: when (`deleted_at`) and by whom (`deleted_by`)."""
        return self.annotate(
            deleted_at=_latest_event("deleted", "created_at"), deleted_by=_latest_event("deleted", "actor__username")
        )

    def reviews_due_by_month(self, months=12, today=None):
        """
        [(first day of the month, pages due that month)] for this month and the
        `months` - 1 after it, every month listed; pages already overdue are not counted.
        """
        today = today or timezone.localdate()
        first = today.replace(day=1)
        starts = [add_months(first, offset) for offset in range(months)]
        counted = dict(
            self.filter(live__next_review_due__gte=today, live__next_review_due__lt=add_months(first, months))
            .annotate(month=TruncMonth("live__next_review_due"))
            .order_by()
            .values("month")
            .annotate(count=models.Count("pk"))
            .values_list("month", "count")
        )
        counted = {_as_date(month): count for month, count in counted.items()}
        return [(start, counted.get(start, 0)) for start in starts]

    def with_names(self):
        return self.prefetch_related("names")


def add_months(first_of_month, months):
    """The first day of the month `months` after (or before) the month starting `first_of_month`."""
    year, month = divmod(first_of_month.month - 1 + months, 12)
    return first_of_month.replace(year=first_of_month.year + year, month=month + 1)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class SearchEntryQuerySet(models.QuerySet):
    def a_to_z(self, language, letter=None):
        """
        Public pages in `language` by title (only those under `letter`, when
        given), for listing: rows of their title, initial and slug, as a list
        of a hundred shows them without building an entry and a page each.
        """
        entries = self.filter(language=language)
        if letter:
            entries = entries.filter(letter=letter)
        rows = entries.order_by("sort_key").annotate(slug=models.F("disease__slug"))
        return rows.values_list("title", "letter", "slug", named=True)

    def public_pages_among(self, disease_ids, language):
        """{disease id: (title, slug)} of the public pages among `disease_ids`, titled in `language`."""
        found = self.filter(disease__in=disease_ids, language=language, disease__live__isnull=False)
        return {
            disease: (title, slug) for disease, title, slug in found.values_list("disease", "title", "disease__slug")
        }

    def letters(self, language):
        """The initials that titles in `language` start with, in order."""
        return self.filter(language=language).order_by("letter").values_list("letter", flat=True).distinct()

    def letter_counts(self, language):
        """{initial: how many titles in `language` start with it}, in order: the letters and their list's length."""
        counted = self.filter(language=language).order_by("letter").values("letter").annotate(count=models.Count("pk"))
        return {row["letter"]: row["count"] for row in counted}


class SearchGapQuerySet(models.QuerySet):
    def unhandled(self):
        return self.filter(status="open")

    def in_week(self, week):
        """The searches of the ISO week starting on `week` (a Monday)."""
        return self.filter(week=week)

    def most_searched(self):
        return self.order_by("-count", "query", "language")


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

    def moderation_counts(self):
        """{(page id, language): {status: how many}}: the moderation figures of each page in each language."""
        counts = {}
        rows = self.order_by().values("disease", "language", "status").annotate(count=models.Count("pk"))
        for row in rows:
            counts.setdefault((row["disease"], row["language"]), {})[row["status"]] = row["count"]
        return counts

    def past_retention(self, days, now=None):
        """Advice whose personal data or rejected text is older than the retention period."""
        return self.filter(submitted_at__lt=(now or timezone.now()) - datetime.timedelta(days=days))


class PublicationQuerySet(models.QuerySet):
    def reviews(self):
        """The publications a medical reviewer approved (a full review or the approval of a change)."""
        return self.filter(reviewed_by__isnull=False)


class ReviewEventQuerySet(models.QuerySet):
    def change_requests(self):
        """Reviewers sending pages back to their editors."""
        return self.filter(action="changes_requested")

    def pending_change_request(self):
        """Of one page's events: its latest request for changes, unless the page was submitted since; or None."""
        latest = self.filter(action__in=["changes_requested", "submitted"]).order_by("-created_at", "-pk").first()
        return latest if latest is not None and latest.action == "changes_requested" else None

    def change_request_since_approval(self):
        """Of one page's events: its latest request for changes, unless the page was approved since; or None."""
        latest = self.filter(action__in=["changes_requested", "approved"]).order_by("-created_at", "-pk").first()
        return latest if latest is not None and latest.action == "changes_requested" else None


def _latest_event(action, field):
    """`field` of a page's latest review-log entry of `action`, as a subquery on the page."""
    ReviewEvent = apps.get_model("diseases", "ReviewEvent")
    return models.Subquery(
        ReviewEvent.objects.filter(disease=models.OuterRef("pk"), action=action)
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


@dataclass
class FeedbackFigures:
    """What visitors answered to “Was this page helpful?”, and what was done about what they reported."""

    helpful: int
    not_helpful: int
    # {kind: {status: answers}} of the answers that said what was missing or wrong.
    actions_by_kind: dict

    @property
    def total(self):
        return self.helpful + self.not_helpful

    @property
    def helpful_percent(self):
        """The share of helpful answers, rounded to a whole percent; None without answers."""
        return round(100 * self.helpful / self.total) if self.total else None


# How the periods of the helpfulness chart are cut.
FEEDBACK_PERIODS = {"week": TruncWeek, "month": TruncMonth}


class PageFeedbackQuerySet(models.QuerySet):
    def figures(self, disease=None, language=None):
        """Helpful and not helpful answers, and the reports per kind by status, of one page and language or all."""
        answers = self
        if disease is not None:
            answers = answers.filter(disease=disease)
        if language is not None:
            answers = answers.filter(language=language)
        votes = answers.aggregate(
            helpful_answers=models.Count("pk", filter=models.Q(helpful=True)),
            other_answers=models.Count("pk", filter=models.Q(helpful=False)),
        )
        actions = {}
        for row in answers.exclude(kind="").values("kind", "status").annotate(answers=models.Count("pk")):
            actions.setdefault(row["kind"], {})[row["status"]] = row["answers"]
        return FeedbackFigures(votes["helpful_answers"], votes["other_answers"], actions)

    def figures_by_page_and_language(self):
        """The `figures` of every page and language answered, by (page id, language): two queries for all."""
        votes = self.values("disease", "language").annotate(
            helpful_answers=models.Count("pk", filter=models.Q(helpful=True)),
            other_answers=models.Count("pk", filter=models.Q(helpful=False)),
        )
        actions = {}
        reports = self.exclude(kind="").values("disease", "language", "kind", "status")
        for row in reports.annotate(answers=models.Count("pk")):
            by_kind = actions.setdefault((row["disease"], row["language"]), {})
            by_kind.setdefault(row["kind"], {})[row["status"]] = row["answers"]
        return {
            (row["disease"], row["language"]): FeedbackFigures(
                row["helpful_answers"], row["other_answers"], actions.get((row["disease"], row["language"]), {})
            )
            for row in votes
        }

    def with_votes(self):
        """Rows of (page, language, …) with `helpful` and `answers` counted, grouped by what `values()` named."""
        return self.annotate(
            helpful_answers=models.Count("pk", filter=models.Q(helpful=True)), answers=models.Count("pk")
        )

    def least_helpful_pages(self, since):
        """Each page and language answered since `since`, the lowest share of helpful answers first."""
        share = models.ExpressionWrapper(
            models.F("helpful_answers") * 1.0 / models.F("answers"), output_field=models.FloatField()
        )
        return (
            self.filter(created_on__gte=since)
            .values("disease", "disease__slug", "language")
            .with_votes()
            .annotate(share=share)
            .order_by("share", "-answers", "disease__slug", "language")
        )

    def over_time(self, period):
        """Helpful and all answers per week or month (`period`, a key of FEEDBACK_PERIODS), oldest first."""
        return (
            self.annotate(period=FEEDBACK_PERIODS[period]("created_on"))
            .values("period")
            .with_votes()
            .order_by("period")
        )

    def unread_reports(self):
        """“Wrong or out of date” reports nobody has handled yet, the newest first."""
        return self.filter(kind="wrong", status="open").order_by("-created_on", "-pk")

    def text_past_retention(self, months, today=None):
        """Answers whose comment is older than the retention period and still kept."""
        today = today or timezone.localdate()
        first = add_months(today.replace(day=1), -months)
        cutoff = first.replace(day=min(today.day, calendar.monthrange(first.year, first.month)[1]))
        return self.filter(created_on__lt=cutoff).exclude(text="")
