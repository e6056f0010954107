"""The models of the disease pages, one module per concern."""

from .advice import PatientAdvice
from .comments import ReviewComment, anchor_key
from .content import (
    Disease,
    DiseaseName,
    Fact,
    MedicalCode,
    Pronunciation,
    Reference,
    Resource,
    Section,
    SharedSymptomGroup,
    Symptom,
    SymptomGroup,
    names_short,
    names_title,
)
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
from .staff import EmailLanguage

__all__ = [
    "ContentEdit",
    "Disease",
    "DiseaseAwaitingReview",
    "DiseaseName",
    "DiseaseReviewDue",
    "EmailLanguage",
    "Fact",
    "MedicalCode",
    "PatientAdvice",
    "PendingPurge",
    "PendingReindex",
    "Pronunciation",
    "Publication",
    "Reference",
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
    "anchor_key",
    "default_next_review_due",
    "names_short",
    "names_title",
]
