"""The editors' and reviewers' groups, created after `migrate` with what their jobs need."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from . import parts
from .models import (
    DiseaseAwaitingReview,
    DiseaseReviewDue,
    Publication,
    ReviewerProfile,
    ReviewEvent,
    SharedSymptomGroup,
)
from .permissions import EDITORS_GROUP, REVIEWERS_GROUP

CONTENT_MODELS = [
    *dict.fromkeys(part.model._meta.model_name for part in parts.all_parts()),
    SharedSymptomGroup._meta.model_name,
]
RECORD_MODELS = [
    model._meta.model_name
    for model in (Publication, ReviewEvent, ReviewerProfile, DiseaseAwaitingReview, DiseaseReviewDue)
]

GROUP_PERMISSIONS = {
    EDITORS_GROUP: [
        *(f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "delete", "view")),
        *(f"view_{model}" for model in RECORD_MODELS),
        "view_patientadvice",
        "change_patientadvice",
        "delete_patientadvice",
        "moderate_patientadvice",
        "publish_disease",
        *(f"{action}_searchsynonym" for action in ("add", "change", "delete", "view")),
        "view_searchgap",
        "change_searchgap",
    ],
    # Reviewers read everything and approve; they do not edit what they approve.
    REVIEWERS_GROUP: [
        *(f"view_{model}" for model in CONTENT_MODELS + RECORD_MODELS),
        "view_patientadvice",
        "review_disease",
    ],
}


def create_groups(app_config, **kwargs):
    """Create the editors' and reviewers' groups with what their jobs need (idempotent)."""
    # This app comes before django.contrib.auth in INSTALLED_APPS, so its
    # permissions may not have been created yet in this post_migrate round.
    create_permissions(app_config, verbosity=0)
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="diseases", codename__in=codenames))
