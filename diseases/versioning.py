"""
Revisions (django-reversion) of pages and shared content.

Each object with a history of its own (a page, a shared symptom group, a
reference; see `parts.history_parts`) is saved in revisions of its own with
every row it owns and every language of each, so that reverting or comparing
it never touches anything else.
"""

import reversion
import reversion.models
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError

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


def revision_at(obj, moment):
    """The latest revision of `obj` saved at or before `moment`, or None."""
    version = versions(obj).filter(revision__date_created__lte=moment).select_related("revision").first()
    return version.revision if version else None


def save_revision(obj, user, comment):
    """A revision of `obj` alone (with the rows it owns) in the name of `user`."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(obj)


def find_version(model, object_id, version_id):
    """
    The version `version_id` of the `model` object `object_id`, or None: a
    version of another model, or of another object, is never found here.
    """
    content_type = ContentType.objects.get_for_model(model)  # the concrete model's, as django-reversion stores
    return (
        reversion.models.Version.objects.filter(content_type=content_type, object_id=str(object_id), pk=version_id)
        .select_related("revision__user")
        .first()
    )


def deleted_versions(model):
    """The latest version of each deleted `model` object, newest first."""
    return reversion.models.Version.objects.get_deleted(model).select_related("revision__user")


def stored_object(version):
    """The object as `version` saved it (not saved to the database)."""
    return version._object_version.object


def history_versions(version):
    """
    The versions that `version`'s object owns in its revision: the object
    itself and its rows (a page's names, symptoms…), parents first. Nothing
    else its revision may hold.
    """
    stored = {}
    for candidate in version.revision.version_set.all():
        stored.setdefault(candidate.content_type_id, []).append(candidate)
    found = []

    def visit(part, object_version):
        found.append(object_version)
        row = stored_object(object_version)
        for child in part.children:
            if not child.owned:
                continue
            field = child.parent_field(part)
            for candidate in stored.get(ContentType.objects.get_for_model(child.model).pk, []):
                if getattr(stored_object(candidate), field.attname) == row.pk:
                    visit(child, candidate)

    visit(parts.history_part(version._model), version)
    return found


def owned_rows(obj):
    """The rows `obj` (a page, a shared group, a reference) owns now, as (model, id) pairs."""
    top = parts.history_part(type(obj))
    found = set()

    def visit(part, row):
        for child in part.children:
            if not child.owned:
                continue
            for item in getattr(row, child.accessor).all():
                found.add((child.model._meta.concrete_model, item.pk))
                visit(child, item)

    visit(top, obj)
    return found


def restore(version):
    """
    Put `version`'s object back as it was saved, with exactly the rows it
    owned then: rows it has gained since are deleted, rows it lost come back.
    Nothing outside the object's own history is written. Returns the object.
    """
    versions = history_versions(version)
    for object_version in versions[1:]:
        row = stored_object(object_version)
        current = type(row)._base_manager.filter(pk=row.pk).first()
        if current is not None and _owner_key(parts.owner_of(current)) != (version._model, int(version.object_id)):
            raise RevertError(_("A row of this version now belongs to something else: nothing was changed."))
    for object_version in versions:
        object_version.revert()
    obj = version._model._base_manager.get(pk=version.object_id)
    kept = {
        (object_version._model._meta.concrete_model, stored_object(object_version).pk) for object_version in versions
    }
    gained = owned_rows(obj) - kept
    # The deepest rows first; deleting a row deletes the rows below it too.
    for model, pk in sorted(gained, key=lambda row: -_depth(row[0])):
        model._base_manager.filter(pk=pk).delete()
    return obj


def _owner_key(owner):
    return (type(owner)._meta.concrete_model, owner.pk) if owner is not None else None


def _depth(model):
    return max((len(path.split("__")) for _top, path in parts.places(model) if path), default=0)
