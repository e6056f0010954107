"""
What needs translating into one language: every text missing or outdated
(`translation_status`) across the pages and the shared symptom groups, each
once, with where it is and since when its owner last changed; and one such
text translated in place, as an edit through the workflow.
"""

from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from . import diff, documents, languages, parts, permissions, readability, translation_status, workflow
from .models import ContentEdit, Disease

# How the queue can be sorted: by where the texts are, or the longest waiting first.
BY_PAGE = "page"
BY_AGE = "age"


@dataclass
class QueueItem:
    """One text of one row in one language that needs translating."""

    owner: object  # the page, shared symptom group or reference whose history the row is part of
    part: parts.Part
    row: object
    field: str
    language: str
    status: str  # translation_status.MISSING or OUTDATED
    position: int  # where the text is on its page, for sorting by page
    changed_at: object = None  # when the owner was last edited

    @property
    def english_now(self):
        return getattr(self.row, build_localized_fieldname(self.field, settings.LANGUAGE_CODE)) or ""

    @property
    def english_then(self):
        """The English the translation was made from (outdated texts); empty for a missing one."""
        if self.status != translation_status.OUTDATED:
            return ""
        return self.row.translation_sources[self.field][self.language]

    @property
    def translation(self):
        return getattr(self.row, build_localized_fieldname(self.field, self.language)) or ""

    @property
    def sentences(self):
        """The English then and now, sentence by sentence: [(kind, sentence)], only the changed ones marked."""
        return diff.sentence_diff(self.english_then, self.english_now)

    @property
    def owner_label(self):
        if isinstance(self.owner, Disease):
            return str(self.owner)
        return capfirst(self.owner_part.mention % {"name": self.owner})

    @property
    def owner_part(self):
        return parts.history_part(type(self.owner))

    @property
    def row_label(self):
        """Which row of its owner the text is in (none for the owner's own texts)."""
        if self.row is self.owner:
            return ""
        return f"{capfirst(self.part.verbose_name)}: {self.row}"

    @property
    def field_label(self):
        return capfirst(self.row._meta.get_field(self.field).verbose_name)

    @property
    def model_name(self):
        return self.row._meta.model_name

    @property
    def page(self):
        """The page the text is on, when it is a page's own (not shared content)."""
        return self.owner if isinstance(self.owner, Disease) else None

    @property
    def is_markdown(self):
        return readability.is_markdown(type(self.row), self.field)

    def translation_figure(self, text=None):
        """The reading-ease figure of the translation (or of `text`), or None for too short a text."""
        value = self.translation if text is None else text
        return readability.text_figure(value, self.language, markdown=self.is_markdown)

    def english_figure(self):
        return readability.text_figure(self.english_now, settings.LANGUAGE_CODE, markdown=self.is_markdown)


def _rows_with_owners(part, row, owner):
    """(part, row, owner) for `row` and every row below it; rows with a history of their own own themselves."""
    owner = row if not part.owned else owner
    yield part, row, owner
    for child in part.children:
        for item in child.items(parts.loaded_children(row, child)):
            yield from _rows_with_owners(child, item, owner)


def translated_rows():
    """
    (part, row, owner) of every row with translated texts on the pages
    editors work on (deleted ones aside) and in the shared symptom groups,
    each once, in page order.
    """
    seen = set()
    pages = sorted(documents.pages_with_content().not_deleted(), key=lambda disease: disease.title.casefold())
    tops = [(parts.SHARED_GROUPS, group) for group in documents.shared_groups()]
    tops += [(parts.PAGE, disease) for disease in pages]
    for top, obj in tops:
        for part, row, owner in _rows_with_owners(top, obj, obj):
            key = (type(row)._meta.concrete_model, row.pk)
            if key not in seen and translation_status.translated_fields(type(row)):
                seen.add(key)
                yield part, row, owner


def _needing(rows, language):
    for part, row, owner in rows:
        for field in translation_status.translated_fields(type(row)):
            status = translation_status.field_status(row, field, language)
            if status in (translation_status.MISSING, translation_status.OUTDATED):
                yield QueueItem(owner, part, row, field, language, status, position=0)


def needing_translation(language, order=BY_PAGE):
    """
    The texts missing or outdated in `language`, in page order or
    (`BY_AGE`) the owners changed longest ago first.
    """
    items = list(_needing(translated_rows(), language))
    changed = last_changed({(type(item.owner)._meta.concrete_model, item.owner.pk) for item in items})
    for position, item in enumerate(items):
        item.position = position
        item.changed_at = changed.get((type(item.owner)._meta.concrete_model, item.owner.pk))
    if order == BY_AGE:
        items.sort(key=lambda item: (item.changed_at is None, item.changed_at or 0, item.position))
    return items


def last_changed(owners):
    """{(model, id): when it was last edited} for these owners (pages, shared groups, references)."""
    by_type = {}
    for model, pk in owners:
        by_type.setdefault(ContentType.objects.get_for_model(model), []).append(pk)
    found = {}
    for content_type, ids in by_type.items():
        edits = (
            ContentEdit.objects.filter(content_type=content_type, object_id__in=ids)
            .values("object_id")
            .annotate(last=Max("created_at"))
            .order_by()
        )
        for edit in edits:
            found[(content_type.model_class(), edit["object_id"])] = edit["last"]
    return found


def counts(codes):
    """{language: (texts missing, texts outdated)} for each of `codes`."""
    rows = list(translated_rows())
    found = {}
    for language in codes:
        items = list(_needing(rows, language))
        missing = sum(1 for item in items if item.status == translation_status.MISSING)
        found[language] = (missing, len(items) - missing)
    return found


def find_item(language, model_name, pk, field):
    """The text `field` of the row `pk` of model `model_name` in `language`, as a queue item, or None."""
    for part in parts.all_parts():
        model = part.model
        if model._meta.model_name == model_name and field in part.translated:
            break
    else:
        return None
    if language not in languages.translated_languages():
        return None
    row = model._base_manager.filter(pk=pk).first()
    owner = parts.owner_of(row) if row is not None else None
    if owner is None or (isinstance(owner, Disease) and owner.status == Disease.Status.DELETED):
        return None
    if owner is row:
        part = parts.history_part(model)
    status = translation_status.field_status(row, field, language)
    return QueueItem(owner, part, row, field, language, status, position=0)


def translate(item, text, user, opened_edit):
    """
    Save `text` as the translation of `item` by `user`: one edit of its
    owner, with a revision in their name, through the workflow (the page
    becomes a draft, four-eyes counts it, a changed translation matches
    today's English). Whether the text changed.
    """
    if not permissions.may_edit_language(user, item.language):
        raise PermissionDenied(gettext("You may not translate into this language."))
    text = text.replace("\r\n", "\n")
    if text == item.translation.replace("\r\n", "\n"):
        # Saving a text unchanged changes nothing, as in the page form: an outdated one stays outdated.
        return False
    with reversion.create_revision(), workflow.editing(user):
        reversion.set_user(user)
        reversion.set_comment(
            gettext("Translated in place (%(language)s): %(field)s")
            % {"language": item.language, "field": item.field_label}
        )
        workflow.check_edit(item.owner, opened_edit)
        row = type(item.row)._base_manager.select_for_update().get(pk=item.row.pk)
        setattr(row, build_localized_fieldname(item.field, item.language), text)
        row.save()
        reversion.add_to_revision(item.owner)
        item.row = row
        return True
