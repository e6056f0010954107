"""What patients want others to know: submitted publicly, moderated by editors."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..managers import PatientAdviceQuerySet
from .content import Disease


class PatientAdvice(models.Model):
    """What a patient wants others to know; public only once a moderator approves it."""

    class Role(models.TextChoices):
        PATIENT = "patient", _("Patient")
        CAREGIVER = "caregiver", _("Parent or caregiver")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class RejectionReason(models.TextChoices):
        # The reasons of a health charity's moderators, the most serious first.
        UNSAFE = "unsafe", _("Unsafe or misleading medical claim")
        PERSONAL_DATA = "personal_data", _("Contains personal data")
        SPAM = "spam", _("Spam")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Other")

    TEXT_MAX_LENGTH = 2000

    # Deleting a page marks it deleted and keeps its advice; the database
    # refuses to drop advice along with a page.
    disease = models.ForeignKey(Disease, verbose_name=_("disease"), on_delete=models.PROTECT, related_name="advice")
    text = models.TextField(_("advice"), max_length=TEXT_MAX_LENGTH)
    display_name = models.CharField(
        _("display name"), max_length=80, blank=True, help_text=_("Shown with the advice; “Anonymous” when empty.")
    )
    role = models.CharField(_("who they are"), max_length=20, choices=Role.choices)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Never shown publicly."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    consent = models.BooleanField(_("consent to publish"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    # One per form shown: a double-click or a resent form cannot save twice.
    submission_key = models.UUIDField(_("submission key"), unique=True, null=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectionReason.choices, blank=True, editable=False
    )
    rejection_note = models.TextField(
        _("moderator's note"),
        blank=True,
        editable=False,
        help_text=_("Why the advice was rejected, in the moderator's words; required for “Other”."),
    )

    objects = PatientAdviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("patient advice")
        verbose_name_plural = _("patient advice")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("moderate_patientadvice", _("Can approve or reject patient advice"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(consent=True), name="approved_advice_has_consent"
            )
        ]

    def __str__(self):
        return f"{self.get_public_name()}: {self.text[:50]}"

    def get_public_name(self):
        return self.display_name or _("Anonymous")

    def _moderate(self, user, status, reason="", note=""):
        if not permissions.can_moderate(user):
            raise PermissionDenied(_("Only content editors can moderate patient advice."))
        if status == self.Status.APPROVED and not self.consent:
            raise ValidationError(_("The patient did not consent to publication."), code="no_consent")
        self.status, self.rejection_reason, self.rejection_note = status, reason, note
        self.moderated_by, self.moderated_at = user, timezone.now()
        self.save(update_fields=["status", "rejection_reason", "rejection_note", "moderated_by", "moderated_at"])

    @transaction.atomic
    def approve(self, user):
        """Publish the advice on its disease page."""
        self._moderate(user, self.Status.APPROVED)

    @transaction.atomic
    def reject(self, user, reason, note=""):
        """Keep the advice off the public site, saying why (in a note of their own for “Other”)."""
        note = note.strip()
        if reason not in self.RejectionReason.values:
            raise ValidationError(_("Choose a reason for the rejection."), code="no_reason")
        if reason == self.RejectionReason.OTHER and not note:
            raise ValidationError(_("Say why in a note: the reason is “Other”."), code="note_required")
        self._moderate(user, self.Status.REJECTED, reason, note)
