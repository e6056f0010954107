"""
The content of a disease information page: the working rows editors change.

A disease page is the `Disease` row and the rows that hang off it (names,
pronunciations, codes, its own symptom groups, facts, sections, resources),
plus the shared symptom groups that every page shows and the references
groups cite. `diseases.parts` declares which of these make up a page; what
the public reads is a snapshot that only the review workflow
(`diseases.workflow`) creates.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from ..languages import site_languages
from ..managers import DiseaseQuerySet, SymptomGroupQuerySet


def names_title(names):
    """“Name (ABBR)/Other name (ABBR2)” from (name, abbreviation) pairs, as page headings show them."""
    return "/".join(f"{name} ({abbreviation})" if abbreviation else name for name, abbreviation in names)


def names_short(names, default=""):
    """“ABBR/ABBR2” from (name, abbreviation) pairs, or the first name when there are no abbreviations."""
    abbreviations = [abbreviation for _name, abbreviation in names if abbreviation]
    if abbreviations:
        return "/".join(abbreviations)
    return names[0][0] if names else default


def workflow():
    """
    The review workflow (`diseases.workflow`). It sits above the models and is
    found through the app registry, so that the models never import upward.
    """
    return apps.get_app_config("diseases").workflow


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
        DELETED = "deleted", _("Deleted")

    # Only the workflow writes these, with UPDATEs of their own; a content
    # save never does, so it cannot put back values it loaded before an
    # approval (see `save`).
    workflow_fields = ("status", "live", "review_assignee")

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
        help_text=_("Shown to visitors as “Page last updated”. Set to today whenever the page's own content changes."),
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
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("What the public reads; empty while the page is unpublished."),
    )
    review_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The medical reviewer asked to review the page while it is in review; others can still review it."),
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
            ("translate_disease", _("Can translate pages into the languages granted")),
        ]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.workflow_fields
            ]
        super().save(*args, **kwargs)

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

    @property
    def is_deleted(self):
        return self.status == self.Status.DELETED

    @property
    def has_been_approved(self):
        """Whether a medical reviewer ever approved this page."""
        if self.pk is None:
            return False
        return self.publications.filter(reviewed_by__isnull=False).exists()

    # The medical-review workflow: each transition is checked and carried out
    # by `diseases.workflow`; a refusal raises and changes nothing.

    def submit_for_review(self, user, comment="", assignee=None):
        """Ask the medical reviewers (with `assignee`, one of them by name) to approve the working copy."""
        return workflow().submit_for_review(self, user, comment=comment, assignee=assignee)

    def request_changes(self, user, comment):
        """Send the page back to its editors with the reviewer's comment."""
        return workflow().request_changes(self, user, comment=comment)

    def approve(
        self,
        user,
        comment="",
        next_review_due=None,
        languages=None,
        fingerprint=None,
        full_review=False,
        current_items=(),
    ):
        """
        Publish the working copy as medically reviewed by `user`, in the
        `languages` they checked (all by default; English, the source, always).
        With `fingerprint`, only if the page is still what the reviewer saw.
        A `full_review` (the reviewer re-read the whole page) sets its review
        dates; the approval of a change keeps them. Outdated translations
        become current only when named in `current_items`.
        """
        return workflow().approve(
            self,
            user,
            comment=comment,
            next_review_due=next_review_due,
            languages=languages,
            fingerprint=fingerprint,
            full_review=full_review,
            current_items=current_items,
        )

    def publish_provisionally(self, user, comment=""):
        """Make a never-reviewed page public with the “awaiting medical review” notice."""
        return workflow().publish_provisionally(self, user, comment=comment)


class DiseaseName(TranslationTracked, Ordered):
    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self):
        return names_title([(self.name, self.abbreviation)])


def page_titles(diseases):
    """
    {id: title} of the pages of `diseases` (a queryset), as `str()` gives
    them, from their names alone: two small queries, not a thousand pages
    and their names as models.
    """
    columns = [
        build_localized_fieldname(field, code) for field in ("name", "abbreviation") for code in site_languages()
    ]
    # Each text in the active language, or its fallback: the columns in the
    # order the translated fields' own descriptors read them, found once.
    name, abbreviation = (_columns_read_for(field) for field in ("name", "abbreviation"))
    names = {}
    rows = (
        DiseaseName._base_manager.filter(disease__in=diseases)
        .order_by("disease", "order", "pk")
        .values("disease", *columns)
    )
    for row in rows:
        names.setdefault(row["disease"], []).append(
            (
                next((row[column] for column in name if row[column]), ""),
                next((row[column] for column in abbreviation if row[column]), ""),
            )
        )
    return {pk: names_title(names.get(pk, [])) or slug for pk, slug in diseases.values_list("pk", "slug")}


def _columns_read_for(field):
    """A translated field of `DiseaseName`'s columns, in the order its descriptor reads them in the active language."""
    descriptor = vars(DiseaseName)[field]
    return [
        build_localized_fieldname(field, code)
        for code in resolution_order(get_language(), descriptor.fallback_languages)
    ]


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


class RelatedCondition(Ordered):
    """
    A link from a page to a related page, shown at the end of the page in
    the visitor's language for as long as the related page is public.
    """

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="related_conditions")
    target = models.ForeignKey(
        Disease,
        verbose_name=_("related page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Shown to visitors only while that page is published."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("related condition")
        verbose_name_plural = _("related conditions")
        constraints = [
            models.UniqueConstraint(fields=["disease", "target"], name="one_link_per_related_condition"),
            models.CheckConstraint(
                condition=~models.Q(disease=models.F("target")), name="related_condition_not_itself"
            ),
        ]

    def __str__(self):
        return str(self.target)

    def clean(self):
        if self.target_id is not None and self.target_id == self.disease_id:
            raise ValidationError({"target": _("A page cannot be related to itself.")}, code="related_to_itself")


class HelpItem(TranslationTracked, Ordered):
    """An item of “When to get help”: when to see a doctor, or when to get urgent help."""

    class Kind(models.TextChoices):
        SEE_DOCTOR = "see_doctor", _("See your doctor if")
        URGENT = "urgent", _("Get urgent help if")

    disease = models.ForeignKey(Disease, on_delete=models.CASCADE, related_name="help_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEE_DOCTOR)
    text = models.TextField(_("when"), help_text=_("For example “the pain wakes you at night”."))

    class Meta(Ordered.Meta):
        verbose_name = _("when to get help")
        verbose_name_plural = _("when to get help")

    def __str__(self):
        return self.text
