"""
Going back in a history: reverting a page, shared group or reference to an
earlier version, and recovering a deleted shared group or reference. Each is
an edit like any other, recorded as its author's: the pages that show it
become drafts (or, published awaiting review, show it at once), and four-eyes
counts it. Only the object's own rows are written, never another object's.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError

from .. import parts, permissions, versioning
from . import edits


def revert(obj, version, user, opened_edit):
    """
    Put `obj` back as `version` (one of its own versions) saved it, as an edit
    by `user`; refused if someone edited it after the screen was opened at `opened_edit`.
    """
    if not permissions.can_change(user, type(obj)):
        raise PermissionDenied(_("You cannot change this."))
    with transaction.atomic():
        edits.check_edit(obj, opened_edit)
        with translation.override(settings.LANGUAGE_CODE):
            when = formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
            comment = str(_("Reverted to the version of %(date)s")) % {"date": when}
        return _restore(version, user, comment)


def recover_deleted(model, version, user):
    """Bring back a deleted `model` object (a shared group, a reference) as `version` saved it, as an edit by `user`."""
    if not (permissions.can_add(user, model) and permissions.can_change(user, model)):
        raise PermissionDenied(_("You cannot recover this."))
    with transaction.atomic():
        if version._model._base_manager.filter(pk=version.object_id).exists():
            raise ValidationError(_("This has been recovered already."), code="exists")
        with translation.override(settings.LANGUAGE_CODE):
            comment = str(_("Recovered"))
        return _restore(version, user, comment)


def _restore(version, user, comment):
    try:
        with transaction.atomic(), edits.editing(user):
            restored = versioning.restore(version)
            # Checked now, not at commit: a row this version links to may be gone.
            connection.check_constraints(table_names=[part.model._meta.db_table for part in parts.all_parts()])
            versioning.save_revision(restored, user, comment)
    except (IntegrityError, ProtectedError, RevertError):
        raise ValidationError(
            _(
                "This version cannot be restored: something it links to (a reference, say) no longer exists, "
                "or another page now uses its address. Nothing was changed."
            ),
            code="not_restorable",
        ) from None
    return restored
