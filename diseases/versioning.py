"""
Revisions (django-reversion) of pages and shared content.

Each object with a history of its own (a page, a shared symptom group, a
reference; see `parts.history_parts`) is saved in revisions of its own with
every row it owns and every language of each, so that reverting or comparing
it never touches anything else.
"""

import reversion
import reversion.models

from . import parts
from .models import PatientAdvice, SharedSymptomGroup, SymptomGroup


def register_models():
    follows = parts.owned_children()
    for model, follow in follows.items():
        if not reversion.is_registered(model):
            # The workflow's own columns stay out of revisions: reverting
            # content never changes what is published or the review state.
            reversion.register(model, follow=follow, exclude=getattr(model, "workflow_fields", ()))
    if not reversion.is_registered(SharedSymptomGroup):
        reversion.register(SharedSymptomGroup, follow=follows[SymptomGroup])
    if not reversion.is_registered(PatientAdvice):
        reversion.register(PatientAdvice)


def versions(obj):
    """The object's versions, newest first."""
    return reversion.models.Version.objects.get_for_object(obj)


def latest_revision(obj):
    version = versions(obj).select_related("revision").first()
    return version.revision if version else None


def save_revision(obj, user, comment):
    """A revision of `obj` alone (with the rows it owns) in the name of `user`."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(obj)
