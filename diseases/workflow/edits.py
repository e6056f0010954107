"""
Edits to content, wherever they come from (the admin, a revert, the shell,
an import). Each saved change to a page, a shared symptom group or a
reference is recorded as its editor's (for four-eyes), makes an approved page
that shows it a new draft, and refreshes what the public reads of a page
never reviewed. An approved page's public version never changes here.
"""

import contextlib
import contextvars
import gc
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import documents, languages, parts, permissions, public_changes, search, translation_status
from ..models import ContentEdit, Disease, Publication, ReviewEvent
from ..translation_status import translated_fields
from . import snapshots
from .errors import EditConflict


@dataclass
class _Pending:
    user: object
    owners: set = field(default_factory=set)
    created: set = field(default_factory=set)  # owners created in this edit


_pending = contextvars.ContextVar("pending_edits", default=None)


@contextlib.contextmanager
def editing(user):
    """
    Everything saved inside is one edit by `user`: recorded once per page or
    shared object, in the same transaction, when the block ends.
    """
    if _pending.get() is not None:
        yield
        return
    pending = _Pending(user)
    token = _pending.set(pending)
    try:
        with transaction.atomic():
            yield
            if pending.owners:
                record_edits(pending.owners, pending.user, created=pending.created)
    finally:
        _pending.reset(token)


def editing_active():
    return _pending.get() is not None


def _editor():
    """Who the edit being saved is by: the editing block's user, or whoever a revision block names (or None)."""
    pending = _pending.get()
    if pending is not None:
        return pending.user
    return reversion.get_user() if reversion.is_active() else None


def check_scope(obj, changed=(), *, adding=False, deleting=False):
    """
    Refuse a save (of the `changed` columns) or a deletion of `obj` that its
    editor may not make: translators change only their languages' texts,
    and add or remove no rows. Saves made by no one (loaders, migrations) pass.
    """
    user = _editor()
    model = type(obj)._meta.concrete_model
    # Who else may change content is for the admin's permissions to decide.
    if user is None or not permissions.is_translator(user) or permissions.can_change(user, model):
        return
    if adding or deleting:
        raise PermissionDenied(_("Translators cannot add or remove rows; a content editor can."))
    # The column named like a translated field reads and writes the active
    # language's text (modeltranslation): what changed is in the language columns.
    refused = set(changed) - permissions.editable_translations(user, model) - set(translated_fields(model))
    if refused:
        raise PermissionDenied(
            _("You may change only the texts in %(languages)s. Nothing was saved.")
            % {"languages": language_names(permissions.translation_languages(user))}
        )


def language_names(codes):
    """“Spanish and French”: the languages of `codes`, by name, in the language being read."""
    return get_text_list(
        [str(languages.language_name(code)) for code in codes],
        pgettext_lazy("before the last of a list", "and"),
    )


def content_changed(obj, *, created):
    """A row of some page or shared object was saved (`created`: for the first time) or deleted."""
    owner = parts.owner_of(obj)
    if owner is None:
        return
    key = (type(owner)._meta.concrete_model, owner.pk)
    created = {key} if created and owner is obj else set()
    pending = _pending.get()
    if pending is not None:
        pending.owners.add(key)
        pending.created |= created
    else:
        # Outside the admin: the editor is whoever a revision block names, if any.
        record_edits({key}, reversion.get_user() if reversion.is_active() else None, created=created)


def record_edits(owners, user, created=()):
    """
    `user` changed these (model, id) owners (and created those in `created`):
    record it and let every page that shows them know.

    Ordered by the database: the owners, then every page that shows them, are
    locked first (the order approvals take them in), and only then is the edit
    recorded and are approved pages made drafts. An approval running meanwhile
    has either finished, and its page becomes the next draft with this edit
    after its publication, or it waits and sees this edit.
    """
    showing = pages_showing(owners)
    lock(owners, pages=showing)
    ContentEdit.objects.bulk_create(
        ContentEdit(content_type=ContentType.objects.get_for_model(model), object_id=pk, user=user)
        for model, pk in owners
    )
    # “Page last updated” moves with every edit of the page's own content, but
    # a new page keeps the date it was written with.
    edited_pages = [pk for model, pk in owners - set(created) if model is Disease]
    Disease.objects.filter(pk__in=edited_pages).update(last_updated=timezone.localdate())
    _make_drafts(showing, user)
    _refresh_provisional(showing, user)


def lock(owners, pages=None):
    """
    Row locks on these (model, id) owners and on `pages` (a queryset of
    pages), shared content first and pages last, each in id order: edits and
    approvals all take them in this order, so that none waits for another in a circle.
    """
    grouped = _by_model(owners)
    page_ids = grouped.pop(Disease, [])
    for model, ids in sorted(grouped.items(), key=lambda item: item[0]._meta.label):
        _lock_rows(model._base_manager.filter(pk__in=ids))
    locked_pages = Q(pk__in=page_ids)
    if pages is not None:
        locked_pages |= Q(pk__in=pages.values("pk"))
    _lock_rows(Disease._base_manager.filter(locked_pages))


def _lock_rows(queryset):
    list(queryset.select_for_update().order_by("pk").values_list("pk", flat=True))


def last_recorded_edit():
    """The id of the latest content edit recorded (0 when none): what a publication made now includes."""
    return ContentEdit.objects.aggregate(last=Max("pk"))["last"] or 0


def _by_model(owners):
    grouped = {}
    for model, pk in owners:
        grouped.setdefault(model, []).append(pk)
    return grouped


def pages_showing(owners):
    """The (not deleted) pages whose content holds any of these owners."""
    shown = Q(pk__in=[])
    for model, ids in _by_model(owners).items():
        for top, path in parts.places(model):
            if top is parts.PAGE:
                shown |= Q(**{f"{path}__in" if path else "pk__in": ids})
            elif top.model is model or parts.shared_rows().filter(**{f"{path}__in": ids}).exists():
                # Shared content is on every page.
                return Disease.objects.not_deleted()
    return Disease.objects.not_deleted().filter(pk__in=Disease.objects.filter(shown).values("pk"))


# An edit makes these a draft again: the public keeps the approved version.
DRAFTED_BY_EDIT = (Disease.Status.APPROVED, Disease.Status.CHANGES_REQUESTED)


def status_after_edit(status):
    """The review status a page with `status` has once an edit of it is saved."""
    return Disease.Status.DRAFT if status in DRAFTED_BY_EDIT else status


def _make_drafts(pages, user):
    """Approved pages (and pages sent back) become drafts; the public keeps the approved version."""
    Status = Disease.Status
    # Read after `lock_pages`: the statuses that approvals committed meanwhile.
    changed = list(pages.filter(status__in=DRAFTED_BY_EDIT).values_list("pk", "status"))
    Disease.objects.filter(pk__in=[pk for pk, _status in changed]).update(status=Status.DRAFT)
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            disease_id=pk, action=ReviewEvent.Action.EDITED, actor=user, from_status=status, to_status=Status.DRAFT
        )
        for pk, status in changed
    )


def _refresh_provisional(pages, user):
    """Pages published awaiting review show each edit at once, marked as not medically reviewed."""
    provisional = list(
        Disease.objects.filter(
            pk__in=pages.filter(live__isnull=False, live__reviewed_by__isnull=True).values("pk")
        ).select_for_update()
    )
    if not provisional:
        return
    republish_pages(provisional, documents.shared_groups(), user)
    public_changes.pages_changed(provisional)


def republish(disease, shared, user):
    """A new provisional publication of `disease` from its working rows (`shared`: the shared groups, loaded)."""
    return republish_pages([disease], shared, user)[0]


def republish_pages(diseases, shared, user):
    """
    New provisional publications of `diseases` from their working rows
    (`shared`: the shared groups, loaded), and their search entries: a shared
    group's save republishes every page showing it, in as many queries as one page takes.
    """
    with _cycle_collector_paused():
        return _republish_pages(diseases, shared, user)


def _republish_pages(diseases, shared, user):
    edits_through = last_recorded_edit()
    children_of = documents.rows_below(diseases)
    # The shared groups are the same on every page: serialized, encoded and checked once.
    shared_part = documents.SharedPart(shared)
    shared_outdated = translation_status.outdated_languages([row for _part, row in parts.shared_group_rows(shared)])
    publications, contents = [], []
    for disease in diseases:
        document, encoded_document = shared_part.build(disease, children_of)
        key = documents.digest(encoded_document)
        own_rows = translation_status.page_rows(disease, [], children_of)
        content = snapshots.provisional(
            document, key, shared_outdated | translation_status.outdated_languages(own_rows)
        )
        contents.append(content)
        publications.append(
            Publication(
                disease=disease,
                content=snapshots.stored_as_written(snapshots.encoded(content, {key: encoded_document})),
                fingerprint=key,
                published_by=user,
                edits_through=edits_through,
            )
        )
    Publication.objects.bulk_create(publications)
    for disease, publication, content in zip(diseases, publications, contents, strict=True):
        publication.content = content
        disease.live = publication
    Disease.objects.filter(pk__in=[disease.pk for disease in diseases]).update(
        live=Subquery(Publication.objects.filter(disease=OuterRef("pk")).order_by("-pk").values("pk")[:1])
    )
    search.index_republished(diseases)
    return publications


@contextlib.contextmanager
def _cycle_collector_paused():
    """
    Python's cycle collector paused meanwhile. Republishing a thousand pages
    keeps some hundred thousand rows and documents alive until they are
    inserted, and the collector would walk over all of them again and again,
    finding next to nothing to free: a quarter of a shared group's save. It
    resumes afterwards, and frees then whatever there is to free.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def last_edit(obj):
    """The id of the latest recorded edit of a page, shared group or reference (0 if none): a form's version."""
    edit = ContentEdit.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).aggregate(
        last=Max("pk")
    )["last"]
    return edit or 0


def check_edit(obj, opened_at):
    """
    Refuse to save a form of `obj` opened when `opened_at` was its last
    edit, if someone edited it since. Holds a row lock until the transaction
    ends, so that two saves of the same object are checked one after the other.
    """
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).exists()
    if last_edit(obj) != opened_at:
        raise EditConflict(
            _("Someone else changed this page while you were editing it. Nothing was saved."), code="edit_conflict"
        )


def _edits_since(owners, publication):
    edits = ContentEdit.objects.none()
    for model, ids in _by_model(owners).items():
        edits |= ContentEdit.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    if publication is not None:
        edits = edits.filter(pk__gt=publication.edits_through or 0)
    return edits


def editors_since(owners, publication=None):
    """Ids of the users who edited any of these (model, id) owners after `publication` (ever, when None)."""
    return set(_edits_since(owners, publication).exclude(user=None).values_list("user", flat=True))


def edited_by(user, owners, publication=None):
    """The (model, id) owners among these that `user` edited after `publication` (ever, when None)."""
    edited = (
        _edits_since(owners, publication)
        .filter(user=user)
        .values_list("content_type", "object_id")
        .order_by()
        .distinct()
    )
    return {(ContentType.objects.get_for_id(type_id).model_class(), pk) for type_id, pk in edited}
