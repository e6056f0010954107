"""What visitors say about a page: was it helpful, and what was missing or wrong."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..managers import PageFeedbackQuerySet
from .content import Disease


class PageFeedback(models.Model):
    """
    One visitor's answer to “Was this page helpful?” on a page in one
    language, with what was missing or wrong if they said. Nothing about who
    sent it is kept: no address, no cookie, no browser, only the day.
    """

    class Kind(models.TextChoices):
        WRONG = "wrong", _("Wrong or out of date")
        UNCLEAR = "unclear", _("Hard to understand")
        MISSING = "missing", _("Missing information")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    TEXT_MAX_LENGTH = 1000

    # A deleted page is only marked deleted; its feedback stays countable.
    disease = models.ForeignKey(Disease, verbose_name=_("page"), on_delete=models.PROTECT, related_name="feedback")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    helpful = models.BooleanField(_("helpful"))
    kind = models.CharField(_("what was wrong"), max_length=20, choices=Kind.choices, blank=True)
    # Plain text, with what looked like e-mail addresses and phone numbers masked (diseases.feedback).
    text = models.TextField(_("comment"), max_length=TEXT_MAX_LENGTH, blank=True)
    # The day only: a time would help match an answer to a server's access log.
    created_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    note = models.TextField(_("note"), blank=True, help_text=_("What was done about it, for the other editors."))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    # When the comment's text was erased, by an editor or after the retention period; the answer still counts.
    text_erased_at = models.DateTimeField(_("comment erased at"), null=True, blank=True, editable=False)

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_on", "-pk"]
        indexes = [models.Index(fields=["disease", "language", "created_on"])]

    def __str__(self):
        answer = _("helpful") if self.helpful else _("not helpful")
        return f"{self.disease} ({self.language}, {self.created_on:%Y-%m-%d}): {answer}"
