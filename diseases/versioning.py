"""
Which rows make up a revision of a disease page.

A revision of a disease holds the disease and every row that hangs off it,
in every language, so that reverting restores the whole page.
"""

import reversion
import reversion.models

WORKFLOW_FIELDS = ("status", "live")
DISEASE_FOLLOWS = ("names", "pronunciations", "codes", "symptom_groups", "facts", "sections", "resources")


def register_models():
    from .models import (
        Disease,
        DiseaseName,
        Fact,
        MedicalCode,
        PatientAdvice,
        Pronunciation,
        Reference,
        Resource,
        Section,
        SharedSymptomGroup,
        Symptom,
        SymptomGroup,
    )

    for model in (DiseaseName, Pronunciation, MedicalCode, Fact, Section, Resource, Symptom, Reference):
        if not reversion.is_registered(model):
            reversion.register(model)
    for model in (SymptomGroup, SharedSymptomGroup):
        if not reversion.is_registered(model):
            reversion.register(model, follow=("symptoms",))
    if not reversion.is_registered(Disease):
        # The workflow's fields stay out of revisions (see signals.py): reverting
        # the content must never change what is published or the review state.
        reversion.register(Disease, follow=DISEASE_FOLLOWS, exclude=WORKFLOW_FIELDS)
    if not reversion.is_registered(PatientAdvice):
        reversion.register(PatientAdvice)


def versions(disease):
    """The page's versions, newest first."""
    return reversion.models.Version.objects.get_for_object(disease)


def latest_revision(disease):
    version = versions(disease).select_related("revision").first()
    return version.revision if version else None


def editor_ids(disease, since=None):
    """Who saved revisions of `disease`, optionally only after `since`."""
    saved = versions(disease)
    if since is not None:
        saved = saved.filter(revision__date_created__gt=since)
    return set(saved.exclude(revision__user=None).values_list("revision__user", flat=True))
