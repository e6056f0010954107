"""
Related conditions linked both ways: the page linked back is edited too, by
the same editor, and goes through medical review like any edit of it.
"""

from django.db.models import Max
from django.utils.translation import gettext as _

from .. import parts, permissions, versioning
from ..models import RelatedCondition
from .edits import editing

RELATED = next(part for part in parts.PAGE.children if part.model is RelatedCondition)


def link_back(links, user):
    """
    For each saved link (a `RelatedCondition`), link its related page back
    to the page, unless it does already: one edit and one revision of each
    page linked back, in `user`'s name. Returns what could not be linked back, as messages.
    """
    refusals = []
    for link in links:
        page, related = link.disease, link.target
        if related.is_deleted or not permissions.can_edit(user):
            refusals.append(_("“%(page)s” could not be linked back: you cannot edit it.") % {"page": related})
            continue
        existing = RelatedCondition.objects.filter(disease=related)
        if existing.filter(target=page).exists():
            continue
        if existing.count() >= RELATED.max_rows:
            refusals.append(
                _("“%(page)s” could not be linked back: it has %(count)d related conditions already.")
                % {"page": related, "count": RELATED.max_rows}
            )
            continue
        with editing(user):
            last = existing.aggregate(last=Max("order"))["last"]
            RelatedCondition.objects.create(disease=related, target=page, order=0 if last is None else last + 1)
            versioning.save_revision(related, user, _("Linked back from “%(page)s”") % {"page": page})
    return refusals
