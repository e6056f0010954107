"""The models of the disease pages, one module per concern."""

from .advice import PatientAdvice
from .comments import ReviewComment, anchor_key
from .content import (
    Disease,
    DiseaseName,
    Fact,
    HelpItem,
    MedicalCode,
    Pronunciation,
    Reference,
    RelatedCondition,
    Resource,
    Section,
    SharedSymptomGroup,
    Symptom,
    SymptomGroup,
    names_short,
    names_title,
    page_titles,
)
from .feedback import PageFeedback
from .glossary import GlossaryTerm
from .purges import PendingPurge
from .review import (
    ContentEdit,
    DiseaseAwaitingReview,
    DiseaseReviewDue,
    Publication,
    ReviewerProfile,
    ReviewEvent,
    default_next_review_due,
)
from .search import PendingReindex, SearchEntry, SearchGap, SearchSynonym, SearchTerm
from .staff import EmailLanguage, TranslationGrant

__all__ = [
    "ContentEdit",
    "Disease",
    "DiseaseAwaitingReview",
    "DiseaseName",
    "DiseaseReviewDue",
    "EmailLanguage",
    "Fact",
    "GlossaryTerm",
    "HelpItem",
    "MedicalCode",
    "PageFeedback",
    "PatientAdvice",
    "PendingPurge",
    "PendingReindex",
    "Pronunciation",
    "Publication",
    "Reference",
    "RelatedCondition",
    "Resource",
    "ReviewComment",
    "ReviewEvent",
    "ReviewerProfile",
    "SearchEntry",
    "SearchGap",
    "SearchSynonym",
    "SearchTerm",
    "Section",
    "SharedSymptomGroup",
    "Symptom",
    "SymptomGroup",
    "TranslationGrant",
    "anchor_key",
    "default_next_review_due",
    "names_short",
    "names_title",
    "page_titles",
]
