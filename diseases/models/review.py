"""
The records of medical review: who reviews, what the public was shown, the
review log, and who edited what (for four-eyes). Only `diseases.workflow`
writes them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..managers import PublicationQuerySet, ReviewEventQuerySet
from .content import Disease


def default_next_review_due(today=None):
    """The review policy: the same day, `MEDICAL_REVIEW_INTERVAL_YEARS` later (28 February for 29 February)."""
    today = today or timezone.localdate()
    year = today.year + settings.MEDICAL_REVIEW_INTERVAL_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


class ReviewerProfile(models.Model):
    """How a medical reviewer is credited on the pages they approve: a name and credentials, never a user name."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile")
    display_name = models.CharField(_("display name"), max_length=200)
    credentials = models.CharField(
        _("credentials"), max_length=200, blank=True, help_text=_("For example “MD, paediatric rheumatologist”.")
    )
    specialty = models.CharField(
        _("specialty"),
        max_length=100,
        blank=True,
        help_text=_("For example “paediatric rheumatology”: shown to editors when they ask a reviewer."),
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name

    @property
    def name_and_specialty(self):
        """“Dr X — paediatric rheumatology”, as editors choose whom to ask for a review."""
        return f"{self.display_name} — {self.specialty}" if self.specialty else self.display_name

    @property
    def is_complete(self):
        """A reviewer is credited with a name and credentials."""
        return bool(self.display_name.strip() and self.credentials.strip())


class Publication(models.Model):
    """
    What the public reads of a disease page: its content frozen in every
    language when a reviewer approved it, or, for a page never reviewed,
    when an editor published it provisionally. Never changed once made.
    """

    # A page with publications is never deleted from the database (it is
    # marked deleted instead): what the public was shown stays on record.
    # (Empty only for pages deleted before deleting meant marking.)
    disease = models.ForeignKey(Disease, null=True, on_delete=models.PROTECT, related_name="publications")
    content = models.JSONField(_("published content"))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("Identifies exactly the content a reviewer saw and approved."),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medically reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a page published awaiting medical review."),
    )
    full_review = models.BooleanField(
        _("full review"),
        default=False,
        help_text=_(
            "The reviewer re-read the whole page, not only a change: the page’s review date and next due date "
            "come from the last full review."
        ),
    )
    # The due date of the next full review: set by a full review, kept by the approval of a change.
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    languages = models.JSONField(_("languages medically reviewed"), default=list, blank=True)
    revision = models.ForeignKey(
        "reversion.Revision", verbose_name=_("revision"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Edits are ordered against publications by the database, not by clocks:
    # every edit of content a page shows is recorded while that page's row is
    # locked, and a publication is made under the same lock, so an edit is
    # after this publication exactly when its id is greater than this.
    edits_through = models.BigIntegerField(
        _("last edit included"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last recorded content edit when this was published."),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"

    def __str__(self):
        return f"{self.disease} – {self.published_at:%Y-%m-%d}"

    @property
    def is_reviewed(self):
        return self.reviewed_by_id is not None

    @property
    def is_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()


class ReviewEvent(models.Model):
    """One workflow transition: the audit log of medical review."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED_PROVISIONALLY = "published_provisionally", _("Published awaiting review")
        EDITED = "edited", _("Edited into a new draft")
        REMINDED = "reminded", _("Review reminder sent")
        DELETED = "deleted", _("Deleted")
        RECOVERED = "recovered", _("Recovered")
        ASSIGNED = "assigned", _("Assigned to a reviewer")
        RELEASED = "released", _("Assignment released")
        COMMENTED = "commented", _("Commented")
        COMMENT_RESOLVED = "comment_resolved", _("Comment resolved")

    # The review log is an audit trail: a page with events is never deleted
    # from the database. (Empty only for pages deleted before deleting meant marking.)
    disease = models.ForeignKey(Disease, null=True, on_delete=models.PROTECT, related_name="review_events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer assigned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who was assigned, or released, by an assignment."),
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("What an approval published: it tells a full review from the approval of a change."),
    )
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page’s revision the reviewer saw when they requested changes."),
    )
    # Kept as a date, not in the comment: each reader reads it as their language writes dates.
    review_due = models.DateField(
        _("review due"), null=True, blank=True, help_text=_("For a reminder: when the medical review falls due.")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Disease.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Disease.Status.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.disease}: {self.action_label}"

    @property
    def action_label(self):
        """
        What happened, as the log shows it: an approval says which kind of
        review it was (“Approved” only when its publication is unknown), a
        reminder when the review falls due.
        """
        if self.action == self.Action.REMINDED and self.review_due is not None:
            return _("Review reminder sent: due %(date)s") % {"date": formats.date_format(self.review_due)}
        if self.action != self.Action.APPROVED or self.publication is None:
            return self.get_action_display()
        if not self.publication.full_review:
            return _("Change approved")
        # A page still approved when reviewed had not changed since its last review.
        if self.from_status == Disease.Status.APPROVED:
            return _("Full review recorded")
        return _("Full review")


class ContentEdit(models.Model):
    """
    Someone saved a change to content with a history of its own: a page (with
    its rows), a shared symptom group or a reference. Four-eyes asks here who
    edited what a candidate holds; the rows stay after the object is deleted.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("content edit")
        verbose_name_plural = _("content edits")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="content_edit_lookup")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class DiseaseAwaitingReview(Disease):
    """The reviewers' queue, as its own list in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("page awaiting review")
        verbose_name_plural = _("pages awaiting review")


class DiseaseReviewDue(Disease):
    """Approved pages whose medical review is overdue or due soon."""

    class Meta:
        proxy = True
        verbose_name = _("page due for review")
        verbose_name_plural = _("pages due for review")
