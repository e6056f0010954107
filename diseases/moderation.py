"""
Moderation of patient advice beyond approving and rejecting: forgetting who
wrote it, and what the history keeps of it.

Besides the advice itself, personal data ends up in two other places: the
stored versions (django-reversion keeps a copy of each saved state, e-mail
address included, even after the advice is deleted) and the admin log (each
entry names the advice by its display name and the start of its text).
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from . import permissions
from .models import PatientAdvice


@transaction.atomic
def erase_personal_data(advice, user):
    """Forget who wrote `advice`: name and e-mail, here, in every stored version and in the admin log."""
    if not permissions.can_moderate(user):
        raise PermissionDenied(_("Only content editors can erase personal data."))
    advice.display_name = advice.email = ""
    advice.save(update_fields=["display_name", "email"])
    forget_versions([advice.pk])
    _log_entries([advice.pk]).update(object_repr=str(advice)[: LogEntry._meta.get_field("object_repr").max_length])


def forget_deleted(advice_pks):
    """What the history keeps of deleted advice: its versions go, the admin log names it by number only."""
    forget_versions(advice_pks)
    for pk in advice_pks:
        _log_entries([pk]).update(object_repr=deleted_label(pk))


def deleted_label(pk):
    """How the admin log names deleted advice (in the site's language: it is stored once for everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Deleted patient advice %(number)s") % {"number": pk}


def forget_versions(advice_pks):
    """Delete the stored versions of these advice, and the revisions that held nothing else; how many versions."""
    versions = _versions().filter(object_id__in=[str(pk) for pk in advice_pks])
    return _delete_with_emptied_revisions(versions)


def forget_orphaned_history():
    """History of advice that no longer exists (deleted before this was forgotten); how many versions went."""
    existing = PatientAdvice.objects.annotate(key=Cast("pk", CharField())).values("key")
    orphaned = _versions().exclude(object_id__in=existing)
    count = _delete_with_emptied_revisions(orphaned)
    for pk in set(_log_entries().exclude(object_id__in=existing).values_list("object_id", flat=True)):
        _log_entries([pk]).update(object_repr=deleted_label(pk))
    return count


def purge_admin_log(before):
    """Delete the admin log's entries about patient advice made before `before`; how many."""
    count, _deleted = _log_entries().filter(action_time__lt=before).delete()
    return count


def _versions():
    return Version.objects.get_for_model(PatientAdvice)


def _log_entries(pks=None):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(PatientAdvice))
    return entries if pks is None else entries.filter(object_id__in=[str(pk) for pk in pks])


def _delete_with_emptied_revisions(versions):
    revisions = list(versions.values_list("revision_id", flat=True).distinct())
    count, _deleted = versions.delete()
    Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()
    return count
