"""
Reviewers' and editors' conversation about a page in review: comments on one
field (in one language) of the page or of one of its rows, with replies, open
until resolved. Staff talk, not content: never translated, never published.
Only `diseases.workflow` writes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Disease

BODY_MAX_LENGTH = 2000


class ReviewCommentQuerySet(models.QuerySet):
    def threads(self):
        """The comments that start a conversation (the others are replies)."""
        return self.filter(parent__isnull=True)

    def unresolved(self):
        return self.filter(resolved_at__isnull=True)

    def with_replies(self):
        """Each comment with its author, who resolved it, and its replies with their authors, in a few queries."""
        return self.select_related("author", "resolved_by").prefetch_related(
            models.Prefetch("replies", queryset=ReviewComment.objects.select_related("author"))
        )


class ReviewComment(models.Model):
    """
    One comment, anchored to a field of a row of a page: the row's model
    (`diseases.symptom`) and id, the field's name and, for a translated
    field, the language.
    """

    # Kept, like the review log, as long as the page's history is.
    disease = models.ForeignKey(Disease, on_delete=models.PROTECT, related_name="review_comments")
    model = models.CharField(_("row kind"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["disease", "parent"], name="review_comment_threads")]

    def __str__(self):
        return f"{self.disease}: {self.body[:60]}"

    @property
    def anchor(self):
        """Where the comment sits, as one string: `diseases.symptom:12:text:es`."""
        return anchor_key(self.model, self.object_id, self.field, self.language)

    @property
    def is_resolved(self):
        return self.resolved_at is not None


def anchor_key(model, object_id, field, language=""):
    return f"{model}:{object_id}:{field}:{language}"
