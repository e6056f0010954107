"""
Saves and deletes of page content, however they are made, go through the
workflow (`workflow.content_changed`), and translations remember the English
they were written against. Staff sign-ins record the language their e-mails
are written in. Searches apply a synonym from its save or delete, on every
app server.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from . import moderation, parts, public_changes, search, staff_language, translation_status, workflow
from .models import Disease, PatientAdvice, SearchSynonym
from .models.content import TranslationTracked

CONTENT_MODELS = tuple(dict.fromkeys(part.model for part in parts.all_parts()))
# Bookkeeping that changes on saves without changing what a visitor reads.
UNREAD_FIELDS = {"created_at", "updated_at", "translation_sources"}


@receiver(pre_save)
def keep_workflow_fields_on_revert(sender, instance, raw, **kwargs):
    """
    Reverting a revision saves rows raw, with every column. The workflow's
    columns keep what the database has (read under a row lock, so that an
    approval at the same moment is not written over); a revert makes a draft,
    it never publishes or unpublishes.
    """
    if not raw or not isinstance(instance, Disease):
        return
    fields = instance.workflow_fields
    current = sender._base_manager.select_for_update().filter(pk=instance.pk).values(*fields).first()
    if current is not None:
        for name in fields:
            setattr(instance, instance._meta.get_field(name).attname, current[name])


def read_fields(instance):
    """The columns of a content row that a visitor reads."""
    skipped = UNREAD_FIELDS | set(getattr(instance, "workflow_fields", ()))
    return [field for field in instance._meta.concrete_fields if field.name not in skipped]


def as_read(value):
    """
    A column's value as a visitor reads it: a text never written (NULL, as
    modeltranslation leaves a translation) reads as an empty one, and line
    breaks read the same whether a browser sent them as CR LF or not.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


@receiver(pre_save)
def note_content_change(sender, instance, raw, **kwargs):
    """
    Whether the save changes what a visitor reads; and which English each
    translation now matches. A column that reads as before keeps what the
    database holds, so that saving a form unchanged changes nothing.
    """
    if not isinstance(instance, CONTENT_MODELS):
        return
    previous = None if instance._state.adding else sender._base_manager.filter(pk=instance.pk).first()
    instance._content_changed = previous is None
    if isinstance(instance, Disease):
        instance._former_slug = former_slug(sender, instance, previous)
    changed = []
    if previous is not None:
        for field in read_fields(instance):
            value, stored = getattr(instance, field.attname), getattr(previous, field.attname)
            if as_read(value) != as_read(stored):
                changed.append(field.attname)
            elif value != stored:
                setattr(instance, field.attname, stored)
        instance._content_changed = bool(changed)
    if not raw:
        workflow.check_scope(instance, changed, adding=previous is None)
    # Reverted rows bring the sources they were saved with.
    if not raw and isinstance(instance, TranslationTracked):
        translation_status.update_sources(instance, previous)


def former_slug(sender, page, previous):
    """
    The slug the save replaces, when it gives `page` a new one, the address
    visitors reach it at (not its publication's: see `show_new_address`); or
    None. A reverted page is saved as a new object would be, so its row is read here.
    """
    if previous is None and page.pk is not None:
        previous = sender._base_manager.filter(pk=page.pk).only("slug").first()
    return previous.slug if previous is not None and previous.slug != page.slug else None


@receiver(post_save)
def record_content_save(sender, instance, raw, created, **kwargs):
    # Raw saves outside the admin's edit blocks are fixtures being loaded, not edits.
    changed = isinstance(instance, CONTENT_MODELS) and getattr(instance, "_content_changed", True)
    if changed and (not raw or workflow.editing_active()):
        workflow.content_changed(instance, created=created)


@receiver(post_save, sender=Disease)
def show_new_address(sender, instance, **kwargs):
    """
    A page's address is its working slug (the public page, the A–Z, the
    sitemap link to it): a new one is what visitors reach from now on, even
    while the page's publication stays as approved, and the old one is gone.
    """
    former = getattr(instance, "_former_slug", None)
    if former is not None:
        public_changes.pages_changed([instance], former_slugs=[former])


@receiver(pre_save, sender=PatientAdvice)
def note_published_advice(sender, instance, **kwargs):
    instance._was_published = (
        not instance._state.adding
        and sender._base_manager.filter(pk=instance.pk, status=PatientAdvice.Status.APPROVED).exists()
    )


@receiver([post_save, post_delete], sender=PatientAdvice)
def show_moderated_advice(sender, instance, **kwargs):
    """
    Advice approved, or rejected, edited, erased or deleted once approved: the
    public pages change. Advice sent in and waiting for moderation changes nothing.
    """
    if kwargs.get("raw") and not Disease._base_manager.filter(pk=instance.disease_id).exists():
        # A backup being restored (`import_backup`) may hold advice before its
        # page, which depends on users; no page of the new database is cached yet.
        return
    if instance.status == PatientAdvice.Status.APPROVED or getattr(instance, "_was_published", False):
        public_changes.pages_changed([instance.disease])


@receiver(pre_delete)
def check_content_delete(sender, instance, **kwargs):
    if isinstance(instance, CONTENT_MODELS):
        workflow.check_scope(instance, deleting=True)


@receiver(post_delete)
def record_content_delete(sender, instance, **kwargs):
    if isinstance(instance, CONTENT_MODELS):
        workflow.content_changed(instance, created=False)


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    """Staff read the admin, and get e-mails, in the language they chose (`staff_language`)."""
    if user.is_staff:
        staff_language.remember(request, user)


@receiver(post_delete, sender=PatientAdvice)
def forget_deleted_advice(sender, instance, **kwargs):
    """Deleted advice, however it is deleted, leaves no copy of what the patient sent in the history."""
    moderation.forget_deleted([instance.pk])


@receiver([post_save, post_delete], sender=SearchSynonym)
def apply_synonyms(sender, **kwargs):
    search.synonyms_changed()
