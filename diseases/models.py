"""
The content of a disease information page.

A disease page is the `Disease` row and the rows that hang off it (names,
pronunciations, codes, its own symptom groups, facts, sections, resources),
plus the shared symptom groups that every page shows. Editors change these
working rows in the admin; what the public reads is decided by the review
workflow (see `workflow` for the transitions and `pages` for rendering).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notifications, permissions
from .managers import DiseaseQuerySet, PatientAdviceQuerySet, SymptomGroupQuerySet


def names_title(names):
    """“Name (ABBR)/Other name (ABBR2)” from (name, abbreviation) pairs, as page headings show them."""
    return "/".join(f"{name} ({abbreviation})" if abbreviation else name for name, abbreviation in names)


def names_short(names, default=""):
    """“ABBR/ABBR2” from (name, abbreviation) pairs, or the first name when there are no abbreviations."""
    abbreviations = [abbreviation for _name, abbreviation in names if abbreviation]
    if abbreviations:
        return "/".join(abbreviations)
    return names[0][0] if names else default


def default_next_review_due(today=None):
    """The review policy: the same day, `MEDICAL_REVIEW_INTERVAL_YEARS` later (28 February for 29 February)."""
    today = today or timezone.localdate()
    year = today.year + settings.MEDICAL_REVIEW_INTERVAL_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


class TranslationTracked(models.Model):
    """Rows whose translations are checked against the English text they were made from."""

    translation_sources = models.JSONField(
        _("English text each translation was written against"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True


class Ordered(models.Model):
    """Rows that editors put in order; ties fall back to creation order."""

    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class Disease(TranslationTracked):
    class Category(models.TextChoices):
        AUTOINFLAMMATORY = "autoinflammatory", _("Autoinflammatory")
        AUTOIMMUNE = "autoimmune", _("Autoimmune")
        BOTH = "both", _("Autoimmune and autoinflammatory")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("The last part of the page's address, e.g. “cno-crmo”.")
    )
    definition = models.TextField(
        _("definition"),
        help_text=_("Shown after “AiArthritis defines … as:”. Plain text; blank lines start paragraphs."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    cytokines = models.CharField(
        _("cytokines involved"), max_length=200, blank=True, help_text=_("For example “IL-1β, IL-10”.")
    )
    body_areas = models.CharField(_("body areas"), max_length=300, blank=True)
    mostly_affected = models.CharField(_("mostly affected"), max_length=200, blank=True)
    typical_onset = models.CharField(_("typical age of onset"), max_length=200, blank=True)
    last_updated = models.DateField(
        _("page last updated"),
        default=timezone.localdate,
        help_text=_("Shown to visitors as “Page last updated”. Set to today on every edit in the admin."),
    )

    status = models.CharField(
        _("review status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    live = models.ForeignKey(
        "Publication",
        verbose_name=_("live version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("What the public reads; empty while the page is unpublished."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DiseaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("disease")
        verbose_name_plural = _("diseases")
        ordering = ["slug"]
        permissions = [
            ("review_disease", _("Can medically review a disease page")),
            ("publish_disease", _("Can publish a disease page awaiting review")),
        ]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("diseases:detail", kwargs={"slug": self.slug})

    def _ordered_names(self):
        # Uses the prefetch cache when there is one; sorting in Python avoids
        # a query per disease on the index page.
        return sorted(self.names.all(), key=lambda name: (name.order, name.pk or 0))

    @property
    def title(self):
        """All names with their abbreviations, in the active language."""
        return names_title([(name.name, name.abbreviation) for name in self._ordered_names()])

    @property
    def short_name(self):
        """The abbreviations (“CNO/CRMO”) in the active language."""
        return names_short([(name.name, name.abbreviation) for name in self._ordered_names()], self.slug)

    @property
    def is_public(self):
        return self.live_id is not None

    # The medical-review workflow. Each transition checks the state and the
    # actor first, records itself in the review log, and changes nothing else.

    @property
    def has_been_approved(self):
        return self.publications.filter(reviewed_by__isnull=False).exists()

    def _went_live(self):
        """The public content changed: refresh what depends on it."""
        from . import search

        search.index(self)

    def _record(self, action, user, comment, to_status):
        event = ReviewEvent.objects.create(
            disease=self, action=action, actor=user, comment=comment, from_status=self.status, to_status=to_status
        )
        self.status = to_status
        Disease.objects.filter(pk=self.pk).update(status=to_status, live=self.live)
        return event

    def _require(self, allowed, message, states=None):
        if not allowed:
            raise PermissionDenied(message)
        # Re-read the state under a row lock, so that two people acting at
        # once on the same page see each other's decision.
        current = Disease.objects.select_for_update().values("status", "live").get(pk=self.pk)
        self.status, self.live_id = current["status"], current["live"]
        if states is not None and self.status not in states:
            raise PermissionDenied(
                _("This page is “%(status)s”; that is not possible now.") % {"status": self.get_status_display()}
            )

    @transaction.atomic
    def submit_for_review(self, user, comment=""):
        """Ask the medical reviewers to approve the working copy."""
        self._require(
            permissions.can_edit(user),
            _("Only content editors can submit a page for review."),
            states=(self.Status.DRAFT, self.Status.CHANGES_REQUESTED),
        )
        return self._record(ReviewEvent.Action.SUBMITTED, user, comment, self.Status.IN_REVIEW)

    @transaction.atomic
    def request_changes(self, user, comment):
        """Send the page back to its editors with the reviewer's comment."""
        self._require(
            permissions.is_reviewer(user),
            _("Only medical reviewers can request changes."),
            states=(self.Status.IN_REVIEW,),
        )
        if not comment.strip():
            raise PermissionDenied(_("Say what needs to change: a comment is required."))
        event = self._record(ReviewEvent.Action.CHANGES_REQUESTED, user, comment, self.Status.CHANGES_REQUESTED)
        notifications.notify_editors_of_decision(self, event)
        return event

    @transaction.atomic
    def approve(self, user, comment="", next_review_due=None, languages=None):
        """
        Publish the working copy as medically reviewed by `user`, in the
        `languages` they checked (all by default; English, the source, always).
        """
        self._require(
            permissions.is_reviewer(user),
            _("Only medical reviewers can approve a page."),
            states=(self.Status.IN_REVIEW,),
        )
        if user.pk in self.draft_editor_ids():
            raise PermissionDenied(_("You edited this draft, so another reviewer must approve it."))
        languages = set(languages or (code for code, _name in settings.LANGUAGES))
        if settings.LANGUAGE_CODE not in languages:
            raise PermissionDenied(_("English, the source of every translation, must be reviewed."))
        from . import pages, translation_status, versioning

        next_review_due = next_review_due or default_next_review_due()
        if next_review_due <= timezone.localdate():
            raise PermissionDenied(_("The next review must be due after today."))
        disease, shared_groups = pages.load_working_copy(self.slug)
        previous = self.live if self.live and self.live.is_reviewed else None
        self.live = Publication.objects.create(
            disease=self,
            content=pages.reviewed_content(disease, shared_groups, user, languages, previous),
            published_by=user,
            reviewed_by=user,
            languages=sorted(languages),
            next_review_due=next_review_due,
            revision=versioning.latest_revision(self),
        )
        translation_status.mark_current(translation_status.page_rows(disease), languages)
        self._went_live()
        event = self._record(ReviewEvent.Action.APPROVED, user, comment, self.Status.APPROVED)
        notifications.notify_editors_of_decision(self, event)
        return event

    @transaction.atomic
    def publish_provisionally(self, user, comment=""):
        """Make a never-reviewed page public with the “awaiting medical review” notice."""
        self._require(permissions.can_publish(user), _("You cannot publish pages."))
        if self.has_been_approved:
            raise PermissionDenied(_("This page has been medically reviewed: changes go live only through review."))
        if self.live_id:
            raise PermissionDenied(_("This page is already published."))
        self.live = Publication.objects.create(disease=self, content=self.build_content(), published_by=user)
        self._went_live()
        return self._record(ReviewEvent.Action.PUBLISHED_PROVISIONALLY, user, comment, self.status)

    def build_content(self):
        from . import pages

        disease, shared_groups = pages.load_working_copy(self.slug)
        return pages.build_content(disease, shared_groups)

    @transaction.atomic
    def record_edit(self, user):
        """
        Take note that the working copy changed. A page never reviewed shows
        the edit at once; an approved page gets a draft that awaits review.
        """
        live = self.live
        if live is not None and not live.is_reviewed:
            live.content = self.build_content()
            live.save(update_fields=["content"])
            self._went_live()
        elif self.status in (self.Status.APPROVED, self.Status.CHANGES_REQUESTED):
            return self._record(ReviewEvent.Action.EDITED, user, "", self.Status.DRAFT)
        return None

    def record_reminder(self):
        """Note in the review log that the people responsible were reminded of a due review."""
        due = self.live.next_review_due
        return self._record(
            ReviewEvent.Action.REMINDED, None, _("Medical review due %(date)s") % {"date": due}, self.status
        )

    @property
    def last_reviewed_at(self):
        return self.live.published_at if self.live and self.live.is_reviewed else None

    def draft_editor_ids(self):
        """Users who saved a revision of this page since it was last approved."""
        from . import versioning

        return versioning.editor_ids(self, since=self.last_reviewed_at)


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


class DiseaseName(TranslationTracked, Ordered):
    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self):
        return names_title([(self.name, self.abbreviation)])


class Pronunciation(TranslationTracked, Ordered):
    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="pronunciations")
    term = models.CharField(_("term"), max_length=200)
    respelling = models.CharField(
        _("phonetic respelling"), max_length=200, help_text=_("For example “os-tee-oh-mEYE-uh-lai-tis”.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("pronunciation")
        verbose_name_plural = _("pronunciations")

    def __str__(self):
        return f"{self.term} - {self.respelling}"


class MedicalCode(models.Model):
    class System(models.TextChoices):
        ORPHA = "ORPHA", "Orphanet"
        ICD10 = "ICD-10", "ICD-10"
        ICD11 = "ICD-11", "ICD-11"
        OMIM = "OMIM", "OMIM"
        SNOMED = "SNOMED-CT", "SNOMED CT"
        MESH = "MeSH", "MeSH"

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(_("coding system"), max_length=20, choices=System.choices)
    code = models.CharField(_("code"), max_length=50)

    class Meta:
        verbose_name = _("medical code")
        verbose_name_plural = _("medical codes")
        ordering = ["system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["disease", "system", "code"], name="unique_medical_code_per_disease")
        ]

    def __str__(self):
        return f"{self.system} {self.code}"


class Reference(TranslationTracked):
    """A published source that content cites, such as a study."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("author or publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("address (URL)"), blank=True)
    link_text = models.CharField(
        _("link text"), max_length=200, blank=True, help_text=_("For example “View Early Symptoms Study”.")
    )

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["title"]

    def __str__(self):
        return ", ".join(str(part) for part in (self.title, self.publisher, self.year) if part)


class SymptomGroup(TranslationTracked, Ordered):
    """
    Symptoms under one heading. A group without a disease is shared: written
    once and shown, in its order, on every disease page before the page's own
    groups.
    """

    disease = models.ForeignKey(
        Disease,
        verbose_name=_("disease"),
        on_delete=models.CASCADE,
        related_name="symptom_groups",
        null=True,
        blank=True,
        help_text=_("Leave empty for a group shown on every disease page."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown before the symptoms."))
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("Shown after the symptoms."))
    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SymptomGroupQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("symptom group")
        verbose_name_plural = _("symptom groups")

    def __str__(self):
        return self.title

    @property
    def is_shared(self):
        return self.disease_id is None


class SharedSymptomGroup(SymptomGroup):
    """The shared symptom groups, for their own page in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("shared symptom group")
        verbose_name_plural = _("shared symptom groups")


class Symptom(TranslationTracked, Ordered):
    group = models.ForeignKey(SymptomGroup, on_delete=models.CASCADE, related_name="symptoms")
    text = models.TextField(_("symptom"))

    class Meta(Ordered.Meta):
        verbose_name = _("symptom")
        verbose_name_plural = _("symptoms")

    def __str__(self):
        return self.text


class Fact(TranslationTracked, Ordered):
    """An item of “Interesting facts about this disease”."""

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="facts")
    text = models.TextField(_("fact"))

    class Meta(Ordered.Meta):
        verbose_name = _("interesting fact")
        verbose_name_plural = _("interesting facts")

    def __str__(self):
        return self.text


class Section(TranslationTracked, Ordered):
    """A titled part of “More about …”, written in Markdown."""

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_("Markdown: blank lines start paragraphs, “- ” starts a list item, [text](https://…) a link."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Resource(TranslationTracked, Ordered):
    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (URL)"))
    description = models.TextField(_("description"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("other resources")

    def __str__(self):
        return self.title


class SearchEntry(models.Model):
    """What search looks through: a public page's names and text in one language."""

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    names = models.TextField()
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disease", "language"], name="one_search_entry_per_language")]

    def __str__(self):
        return f"{self.title} [{self.language}]"


class ReviewerProfile(models.Model):
    """How a medical reviewer is named on the pages they approve."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile")
    display_name = models.CharField(_("display name"), max_length=200)
    credentials = models.CharField(
        _("credentials"), max_length=200, blank=True, help_text=_("For example “MD, paediatric rheumatologist”.")
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class Publication(models.Model):
    """
    What the public reads of a disease page: its content frozen in every
    language when a reviewer approved it, or, for a page never reviewed,
    when an editor published it provisionally.
    """

    # Kept when a page is deleted: what the public was shown stays on record.
    disease = models.ForeignKey(Disease, null=True, on_delete=models.SET_NULL, related_name="publications")
    content = models.JSONField(_("published content"))
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
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    languages = models.JSONField(_("languages medically reviewed"), default=list, blank=True)
    revision = models.ForeignKey(
        "reversion.Revision", verbose_name=_("revision"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

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


class ReviewEvent(models.Model):
    """One workflow transition: the audit log of medical review."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED_PROVISIONALLY = "published_provisionally", _("Published awaiting review")
        EDITED = "edited", _("Edited into a new draft")
        REMINDED = "reminded", _("Review reminder sent")

    # Kept when a page is deleted: the review log is an audit trail.
    disease = models.ForeignKey(Disease, null=True, on_delete=models.SET_NULL, related_name="review_events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    from_status = models.CharField(_("from"), max_length=20, choices=Disease.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Disease.Status.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.disease}: {self.get_action_display()}"


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
        SPAM = "spam", _("Spam")
        UNSAFE = "unsafe", _("Unsafe or misleading medical claim")
        PERSONAL_DATA = "personal_data", _("Contains personal data")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Other")

    TEXT_MAX_LENGTH = 2000

    disease = models.ForeignKey(Disease, verbose_name=_("disease"), on_delete=models.CASCADE, related_name="advice")
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

    def _moderate(self, user, status, reason=""):
        if not permissions.can_moderate(user):
            raise PermissionDenied(_("Only content editors can moderate patient advice."))
        if status == self.Status.APPROVED and not self.consent:
            raise PermissionDenied(_("The patient did not consent to publication."))
        self.status, self.rejection_reason = status, reason
        self.moderated_by, self.moderated_at = user, timezone.now()
        self.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])

    @transaction.atomic
    def approve(self, user):
        """Publish the advice on its disease page."""
        self._moderate(user, self.Status.APPROVED)

    @transaction.atomic
    def reject(self, user, reason):
        """Keep the advice off the public site, saying why."""
        if reason not in self.RejectionReason.values:
            raise PermissionDenied(_("Choose a reason for the rejection."))
        self._moderate(user, self.Status.REJECTED, reason)

    @transaction.atomic
    def erase_personal_data(self, user):
        """Forget who wrote this: name and e-mail, here and in every stored revision."""
        if not permissions.can_moderate(user):
            raise PermissionDenied(_("Only content editors can erase personal data."))
        from . import versioning

        self.display_name = self.email = ""
        self.save(update_fields=["display_name", "email"])
        versioning.versions(self).delete()
