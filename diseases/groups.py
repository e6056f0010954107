"""The editors', reviewers' and translators' groups, created after `migrate` with what their jobs need."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from . import parts
from .models import (
    DiseaseAwaitingReview,
    DiseaseReviewDue,
    Publication,
    ReviewerProfile,
    ReviewEvent,
    SharedSymptomGroup,
)
from .permissions import EDITORS_GROUP, REVIEWERS_GROUP, TRANSLATORS_GROUP

# A part may be declared by another app (`parts.add_page_part`): its permissions are that app's.
CONTENT_APPS = list(dict.fromkeys(part.model._meta.app_label for part in parts.all_parts()))
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
        *(f"{action}_glossaryterm" for action in ("add", "change", "delete", "view")),
        "view_pagefeedback",
        "change_pagefeedback",
        *(f"{action}_searchsynonym" for action in ("add", "change", "delete", "view")),
        "view_searchgap",
        "change_searchgap",
    ],
    # Reviewers read everything and approve; they do not edit what they approve.
    REVIEWERS_GROUP: [
        *(f"view_{model}" for model in CONTENT_MODELS + RECORD_MODELS),
        "view_patientadvice",
        "view_glossaryterm",
        "review_disease",
        # Told of “wrong or out of date” reports, they say what became of them.
        "view_pagefeedback",
        "change_pagefeedback",
    ],
    # Translators read everything and change only the texts of the languages
    # they are granted (`TranslationGrant`), which the workflow checks.
    TRANSLATORS_GROUP: [
        *(f"view_{model}" for model in CONTENT_MODELS + RECORD_MODELS),
        "translate_disease",
        # The approved translations of medical terms they keep to.
        "view_glossaryterm",
    ],
}


def create_groups(app_config, **kwargs):
    """Create the editors', reviewers' and translators' groups with what their jobs need (idempotent)."""
    # This app comes before django.contrib.auth in INSTALLED_APPS, so its
    # permissions may not have been created yet in this post_migrate round.
    for label in CONTENT_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0)
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(Q(content_type__app_label__in=CONTENT_APPS), codename__in=codenames)
        )
