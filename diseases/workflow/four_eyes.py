"""
Four-eyes: a reviewer never approves what they edited. Whoever edited a page,
or a shared group or reference it shows (or that the public sees on it),
since its last review may not approve it; asked here by the approval, the
review screen and the assignment of reviewers.
"""

from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .. import documents, parts
from ..publications import Published
from . import edits


def last_review(disease):
    """The publication a reviewer last approved of `disease`, the one the public reads; or None."""
    live = disease.live
    return live if live is not None and live.is_reviewed else None


def four_eyes_obstacle(disease, user, document=None):
    """
    Why `user` may not approve `disease` (loaded as `document`, when given):
    they edited the page, or a shared group or reference it shows or the
    public sees on it, since its last review. Names what they edited; None
    when nothing stops them.
    """
    if document is None:
        document = documents.candidate(disease)
    shown = parts.owner_rows(document)
    live = disease.live
    if live is not None:
        for published in Published(live.content).documents.values():
            for owner, found in parts.owner_rows(published).items():
                shown.setdefault(owner, found)
    edited = edits.edited_by(user, shown, last_review(disease))
    if not edited:
        return None
    shared = [
        part.mention % {"name": _row_name(part, row)}
        for owner, (part, row) in shown.items()
        if owner in edited and part is not parts.PAGE
    ]
    if not shared:
        return _("You edited this draft, so another reviewer must approve it.")
    items = {"items": get_text_list(shared, pgettext_lazy("before the last of a list", "and"))}
    if (parts.PAGE.model, disease.pk) in edited:
        return (
            _("You edited this draft and %(items)s, which this page shows: another reviewer must approve it.") % items
        )
    return _("You edited %(items)s, which this page shows: another reviewer must approve it.") % items


def _row_name(part, row):
    """A row's first text in the reader's language, or in English when it has none there."""
    text = row[part.translated[0]]
    return text.get(get_language()) or text.get(settings.LANGUAGE_CODE, "")
