"""Moderation of patient advice beyond approving and rejecting: forgetting who wrote it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import permissions, versioning


@transaction.atomic
def erase_personal_data(advice, user):
    """Forget who wrote `advice`: name and e-mail, here and in every stored revision."""
    if not permissions.can_moderate(user):
        raise PermissionDenied(_("Only content editors can erase personal data."))
    advice.display_name = advice.email = ""
    advice.save(update_fields=["display_name", "email"])
    versioning.versions(advice).delete()
