"""
The evidence pack: what an accreditation assessor (PIF TICK) asks a health
information producer to show, per page and language, and for the whole site.

Per page: its review history (who, with which credentials, when, a full
review or the approval of a change, in which languages), the sources it
cites, its reading ease per language against the target, its last full
review and next due date, reader feedback and patient-advice moderation
figures. The site adds the review process as configured (roles, four-eyes,
review interval), overdue pages and translation coverage.

Figures about the content (reading ease, sources) are of the version the
public reads in each language; a page never published is measured as drafted.
Everything is read in a fixed number of queries, however many pages.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import dashboard, documents, languages, pages, parts, permissions, readability, translation_status
from .languages import SOURCE_LANGUAGE
from .models import Disease, PageFeedback, PatientAdvice, Publication, ReviewEvent
from .publications import Published

FULL_REVIEW = "full_review"
CHANGE_APPROVAL = "change_approval"
CHANGES_REQUESTED = "changes_requested"
REVIEW_KINDS = {
    FULL_REVIEW: _("Full review"),
    CHANGE_APPROVAL: _("Change approval"),
    CHANGES_REQUESTED: _("Changes requested"),
}

# What each role may do, named by the permission that allows it (`permissions`).
CAPABILITIES = (
    ("diseases.change_disease", _("Edit disease pages and submit them for medical review")),
    ("diseases.review_disease", _("Medically review pages: approve and publish them, or request changes")),
    ("diseases.publish_disease", _("Publish a page never reviewed, marked as awaiting medical review")),
    ("diseases.delete_disease", _("Delete pages (they can be recovered)")),
    ("diseases.change_sharedsymptomgroup", _("Edit the shared symptom groups")),
    ("diseases.change_reference", _("Edit references")),
    ("diseases.moderate_patientadvice", _("Moderate patient advice")),
    ("diseases.view_reviewevent", _("Read the review log")),
    ("diseases.translate_disease", _("Translate pages into the languages they are granted")),
    ("diseases.change_pagefeedback", _("Say what became of reader feedback")),
)
ROLE_NAMES = {
    permissions.EDITORS_GROUP: _("Content editors"),
    permissions.REVIEWERS_GROUP: _("Medical reviewers"),
    permissions.TRANSLATORS_GROUP: _("Translators"),
}


@dataclass(frozen=True)
class Review:
    """One decision of a medical reviewer on a page."""

    when: datetime.datetime
    kind: str  # a key of REVIEW_KINDS
    reviewer: str
    credentials: str
    languages: tuple  # the codes of the languages reviewed (none for a request for changes)
    comment: str = ""

    @property
    def kind_label(self):
        return REVIEW_KINDS[self.kind]

    @property
    def language_names(self):
        names = dict(settings.LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]


@dataclass(frozen=True)
class Source:
    """A reference a symptom group cites, or one of the page's other resources."""

    kind: str  # "reference" or "resource"
    title: str
    details: str
    url: str
    cited_by: str  # the symptom group citing a reference, shared or the page's own

    @property
    def kind_label(self):
        return _("Reference") if self.kind == "reference" else _("Resource")


@dataclass(frozen=True)
class AdviceFigures:
    submitted: int = 0
    approved: int = 0
    rejected: int = 0
    pending: int = 0


@dataclass
class LanguageEvidence:
    code: str
    name: str
    translation_status: str  # a key of translation_status.STATUS_LABELS
    reading_ease: object  # readability.Figure, or None when there is too little text
    last_full_review: dict | None  # {"reviewed_by": credit, "reviewed_on": date}: what the public page credits
    advice: AdviceFigures
    feedback: object  # what `feedback_figures` returns

    @property
    def translation_status_label(self):
        return translation_status.STATUS_LABELS[self.translation_status]


@dataclass
class PageEvidence:
    disease: Disease
    title: str
    reviews: list
    sources: list
    languages: list  # [LanguageEvidence], in the site's order
    measured_published: bool  # whether reading ease and sources are of the public version (else the draft)
    last_full_review: Review | None
    next_review_due: datetime.date | None
    overdue: bool

    @property
    def feedback(self):
        """[(language name, what `feedback_figures` returned)] for the reader feedback section."""
        return [(language.name, language.feedback) for language in self.languages]

    @property
    def status_label(self):
        if self.disease.live_id is not None and not self.disease.live.is_reviewed:
            return _("Published awaiting medical review")
        return self.disease.get_status_display()


@dataclass
class Role:
    name: str
    capabilities: list
    members: int


@dataclass
class SitePack:
    pages: list  # [PageEvidence]
    roles: list  # [Role]
    reviewers: list  # [(display name, credentials, specialty)]
    review_interval_years: int
    reading_ease_target: int
    reminder_days: int
    coverage: list  # [(language name, [(status label, pages)])]
    feedback: list  # [(language name, what `feedback_figures` returns for the site)]

    @property
    def overdue(self):
        return [page for page in self.pages if page.overdue]


@dataclass(frozen=True)
class FeedbackEvidence:
    """What readers answered to “Was this page helpful?”, and what became of what they reported."""

    helpful: int
    not_helpful: int
    helpful_percent: int
    actions: list  # [(kind of report: what became of it, how many)]


def feedback_figures(figures):
    """The pack's account of `figures` (managers.FeedbackFigures), or None when nobody answered."""
    if figures is None or not figures.total:
        return None
    kinds = dict(PageFeedback.Kind.choices)
    statuses = dict(PageFeedback.Status.choices)
    actions = [
        (f"{kinds[kind]}: {statuses[status]}", count)
        for kind, by_status in figures.actions_by_kind.items()
        for status, count in by_status.items()
    ]
    return FeedbackEvidence(figures.helpful, figures.not_helpful, figures.helpful_percent, actions)


def site_pack(today=None):
    """The evidence pack of every page that is not deleted, and the review process as configured."""
    evidence = _page_evidence(Disease.objects.not_deleted(), today)
    codes = languages.site_languages()
    names = dict(settings.LANGUAGES)
    coverage = []
    for code in codes:
        counted = Counter(
            language.translation_status for page in evidence for language in page.languages if language.code == code
        )
        coverage.append(
            (names[code], [(label, counted[status]) for status, label in translation_status.STATUS_LABELS.items()])
        )
    return SitePack(
        pages=evidence,
        roles=roles(),
        reviewers=reviewer_credentials(),
        review_interval_years=settings.MEDICAL_REVIEW_INTERVAL_YEARS,
        reading_ease_target=settings.READING_EASE_TARGET,
        reminder_days=dashboard.DUE_SOON_DAYS,
        coverage=coverage,
        feedback=[(names[code], feedback_figures(PageFeedback.objects.figures(language=code))) for code in codes],
    )


def page_pack(disease, today=None):
    """The evidence of one page."""
    return _page_evidence(Disease.objects.filter(pk=disease.pk), today)[0]


def roles():
    """Each group with what its permissions let its members do, and how many active members it has."""
    groups = Group.objects.annotate(members=Count("user", filter=Q(user__is_active=True))).prefetch_related(
        "permissions__content_type"
    )
    found = []
    for group in groups.order_by("name"):
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        found.append(
            Role(
                name=str(ROLE_NAMES.get(group.name, group.name)),
                capabilities=[str(label) for permission, label in CAPABILITIES if permission in held],
                members=group.members,
            )
        )
    return found


def reviewer_credentials():
    """(name, credentials, specialty) of each medical reviewer, as their reviewer profile credits them."""
    found = []
    for user in permissions.reviewers().select_related("reviewer_profile"):
        profile = getattr(user, "reviewer_profile", None)
        if profile is None:
            found.append((user.get_username(), "", ""))
        else:
            found.append((profile.display_name, profile.credentials or "", profile.specialty or ""))
    return sorted(found, key=lambda reviewer: reviewer[0].casefold())


def _credit(user):
    """(name, credentials) of a reviewer; their user name when they have no reviewer profile."""
    if user is None:
        return "—", ""
    profile = getattr(user, "reviewer_profile", None)
    if profile is None:
        return user.get_username(), ""
    return profile.display_name, profile.credentials or ""


def _reviews(diseases):
    """{page id: [Review]} oldest first: approvals (from the publications) and requests for changes."""
    found = defaultdict(list)
    approvals = (
        Publication.objects.reviews()
        .filter(disease__in=diseases.values("pk"))
        .select_related("reviewed_by__reviewer_profile")
        .defer("content")
    )
    for publication in approvals:
        name, credentials = _credit(publication.reviewed_by)
        kind = FULL_REVIEW if publication.full_review else CHANGE_APPROVAL
        found[publication.disease_id].append(
            Review(publication.published_at, kind, name, credentials, tuple(publication.languages))
        )
    requests = (
        ReviewEvent.objects.change_requests()
        .filter(disease__in=diseases.values("pk"))
        .select_related("actor__reviewer_profile")
    )
    for event in requests:
        name, credentials = _credit(event.actor)
        found[event.disease_id].append(
            Review(event.created_at, CHANGES_REQUESTED, name, credentials, (), event.comment)
        )
    for reviews in found.values():
        reviews.sort(key=lambda review: review.when)
    return found


def _advice(diseases):
    """{(page id, language): AdviceFigures}."""
    counts = PatientAdvice.objects.filter(disease__in=diseases.values("pk")).moderation_counts()
    return {
        key: AdviceFigures(
            submitted=sum(by_status.values()),
            approved=by_status.get(PatientAdvice.Status.APPROVED, 0),
            rejected=by_status.get(PatientAdvice.Status.REJECTED, 0),
            pending=by_status.get(PatientAdvice.Status.PENDING, 0),
        )
        for key, by_status in counts.items()
    }


def _published_document(disease, language):
    """What the public reads of `disease` in `language`: a document, or None (unpublished, or of the first schema)."""
    if disease.live is None:
        return None
    published = Published(disease.live.content)
    return published.documents.get(published.document_key(language))


def _sources(document):
    """The references the page's symptom groups and the shared groups cite, then its resources; each once."""
    found, seen = [], set()
    for top, groups_key in ((parts.PAGE, "groups"), (parts.SHARED_GROUPS, None)):
        groups = document[top.key][groups_key] if groups_key else document[top.key]
        for group in groups:
            reference = group.get("reference")
            if not reference or ("reference", reference["id"]) in seen:
                continue
            seen.add(("reference", reference["id"]))
            details = ", ".join(str(part) for part in (_text(reference["publisher"]), reference["year"]) if part)
            found.append(
                Source("reference", _text(reference["title"]), details, reference["url"] or "", _text(group["title"]))
            )
    for resource in document[parts.PAGE.key]["resources"]:
        found.append(Source("resource", _text(resource["title"]), _text(resource["description"]), resource["url"], ""))
    return found


def _text(value):
    """A translated document value in the reader's language, or in English when it has none there."""
    return pages.plain(pages.in_language(value, get_language())) if isinstance(value, dict) else value


def _page_evidence(diseases, today):
    today = today or timezone.localdate()
    loaded = (
        documents.pages_with_content()
        .filter(pk__in=diseases.values("pk"))
        .select_related("live__reviewed_by__reviewer_profile")
    )
    shared = documents.shared_groups()
    serialized_shared = documents.serialize_shared(shared)
    reviews = _reviews(diseases)
    advice = _advice(diseases)
    feedback = PageFeedback.objects.filter(disease__in=diseases).figures_by_page_and_language()
    names = dict(settings.LANGUAGES)
    evidence = []
    for disease in loaded:
        working = documents.build_with_shared(disease, serialized_shared)
        rows = translation_status.page_rows(disease, shared)
        published = {code: _published_document(disease, code) for code in names}
        languages = []
        for code, name in names.items():
            document = published[code] or working
            languages.append(
                LanguageEvidence(
                    code=code,
                    name=str(name),
                    translation_status=translation_status.language_status(disease, code, rows),
                    reading_ease=readability.page_figures(document, [code])[code],
                    last_full_review=Published(disease.live.content).last_full_review(code) if disease.live else None,
                    advice=advice.get((disease.pk, code), AdviceFigures()),
                    feedback=feedback_figures(feedback.get((disease.pk, code))),
                )
            )
        page_reviews = reviews.get(disease.pk, [])
        full_reviews = [review for review in page_reviews if review.kind == FULL_REVIEW]
        live = disease.live if disease.live is not None and disease.live.is_reviewed else None
        evidence.append(
            PageEvidence(
                disease=disease,
                title=disease.title,
                reviews=page_reviews,
                sources=_sources(published[SOURCE_LANGUAGE] or working),
                languages=languages,
                measured_published=published[SOURCE_LANGUAGE] is not None,
                last_full_review=full_reviews[-1] if full_reviews else None,
                next_review_due=live.next_review_due if live else None,
                overdue=bool(live and live.next_review_due and live.next_review_due < today),
            )
        )
    return sorted(evidence, key=lambda page: page.title.casefold())
