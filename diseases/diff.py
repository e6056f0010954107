"""
The difference between two page documents, row by row in page order, field by
field and language by language, word by word within a changed text: rows
added, removed, changed or moved, in every part the page declares.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import parts

KIND_LABELS = {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}
WORDS = re.compile(r"\s+|\w+|[^\w\s]")
LABEL_LENGTH = 80
# Below this share of words in common, a text counts as rewritten.
REWRITTEN = 0.4


@dataclass
class FieldChange:
    label: str
    language: str
    old: str
    new: str
    prose: bool = True  # compared word by word; other values (addresses, years) as a whole
    name: str = ""  # the field's name, for comments on it (none for a row's place or position)

    @property
    def words(self):
        """[(kind, text)] with kind "same", "removed" or "added": the change word by word."""
        if self.prose:
            return word_diff(self.old, self.new)
        return [run for run in (("removed", self.old), ("added", self.new)) if run[1]]


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    model: str
    label: str
    fields: list = field(default_factory=list)
    owner: tuple | None = None  # (model, id) of the page, shared group or reference the row belongs to
    pages: int | None = None  # how many pages show the row, when it is shared content and that was counted
    key: str = ""  # the row, as comments name it: `diseases.symptom:12`

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass
class _Row:
    part: parts.Part
    data: dict
    parent: tuple | None
    position: int
    owner: tuple  # (model, id) of the page, shared group or reference the row belongs to


def word_diff(old, new):
    """
    Runs of words kept, removed and added between two texts. A text mostly
    rewritten is shown whole, before and after; punctuation and spaces alone
    between two changes belong to the change, so that it reads as a phrase.
    """
    before, after = WORDS.findall(old or ""), WORDS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        return [run for run in (("removed", old or ""), ("added", new or "")) if run[1]]
    runs, removed, added = [], [], []

    def flush():
        runs.extend(run for run in (("removed", "".join(removed)), ("added", "".join(added))) if run[1])
        removed.clear()
        added.clear()

    opcodes = matcher.get_opcodes()
    for index, (operation, i1, i2, j1, j2) in enumerate(opcodes):
        kept = "".join(before[i1:i2])
        separator = operation == "equal" and 0 < index < len(opcodes) - 1 and not re.search(r"\w", kept)
        if operation == "equal" and not separator:
            flush()
            runs.append(("same", kept))
        else:
            removed.append(kept)
            added.append("".join(after[j1:j2]))
    flush()
    return runs


# Where a sentence ends: after its full stop (or ! ? …) and the spaces that follow, or at a line break.
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text):
    return [sentence for sentence in SENTENCE_BREAK.split(text or "") if sentence.strip()]


def sentence_diff(old, new):
    """
    [(kind, sentence)] with kind "same", "removed" or "added": `new` against
    `old` sentence by sentence, so that one changed sentence in a long text
    is all that is marked.
    """
    before, after = sentences(old), sentences(new)
    runs = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            runs += [("same", sentence) for sentence in after[new_start:new_end]]
            continue
        runs += [("removed", sentence) for sentence in before[old_start:old_end]]
        runs += [("added", sentence) for sentence in after[new_start:new_end]]
    return runs


def _key(part, row):
    return (part.model._meta.concrete_model._meta.label_lower, row["id"])


def _flatten(document):
    """{row key: _Row} in page order; a reference cited twice is one row."""
    found = {}
    for part, row, parent, position in parts.in_page_order(document or {}):
        key = _key(part, row)
        if key not in found:
            parent_key = _key(*parent) if parent else None
            owner = found[parent_key].owner if part.owned else (part.model._meta.concrete_model, row["id"])
            found[key] = _Row(part, row, parent_key, position, owner)
    return found


def _describe(row):
    """How a reviewer recognises a row: its first text, in English."""
    for name in row.part.translated or row.part.plain:
        value = row.data.get(name)
        text = value.get("en", "") if isinstance(value, dict) else _shown(row.part, name, value)
        if text:
            return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"
    return str(row.data["id"])


def _field_label(part, name):
    return capfirst(part.model._meta.get_field(name).verbose_name)


def _text(value):
    return "" if value is None else str(value)


def _shown(part, name, value):
    """
    A value that is the same in every language as a reviewer reads it: a
    linked row by its name, not its id; a choice (a help item's kind, a
    category) by its label; a date as the reviewer's language writes it.
    """
    field = part.model._meta.get_field(name)
    if field.is_relation and value is not None:
        linked = field.related_model._base_manager.filter(pk=value).first()
        if linked is not None:
            return str(linked)
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(
                timezone.localtime(moment) if timezone.is_aware(moment) else moment, "DATETIME_FORMAT"
            )
    elif isinstance(value, str) and isinstance(field, models.DateField):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day)
    return str(dict(field.flatchoices).get(value, _text(value)))


def _field_changes(part, old, new, languages, plain_fields=True):
    changes = []
    for name in part.fields if plain_fields else part.translated:
        label = _field_label(part, name)
        if name in part.translated:
            before, after = old.get(name) or {}, new.get(name) or {}
            for language in languages:
                if (before.get(language) or "") != (after.get(language) or ""):
                    changes.append(
                        FieldChange(label, language, before.get(language) or "", after.get(language) or "", name=name)
                    )
        elif _text(old.get(name)) != _text(new.get(name)):
            before, after = _shown(part, name, old.get(name)), _shown(part, name, new.get(name))
            changes.append(FieldChange(label, "", before, after, prose=False, name=name))
    return changes


def _moved(old_rows, new_rows):
    """Keys of rows whose place among their siblings changed (not in the longest unchanged run)."""
    moved = set()
    siblings = {}
    for key, row in new_rows.items():
        if key in old_rows and old_rows[key].parent == row.parent:
            siblings.setdefault((row.parent, row.part.key), []).append(key)
    for keys in siblings.values():
        before = sorted(keys, key=lambda key: old_rows[key].position)
        matcher = difflib.SequenceMatcher(None, before, keys, autojunk=False)
        kept = {key for block in matcher.get_matching_blocks() for key in keys[block.b : block.b + block.size]}
        moved |= set(keys) - kept
    return moved


def _removed_after(old_rows, new_rows):
    """{key of a remaining row (None: the start): removed rows that stood right after it}."""
    anchors, previous = {}, None
    for key in old_rows:
        if key in new_rows:
            previous = key
        else:
            anchors.setdefault(previous, []).append(key)
    return anchors


def _row_key(key):
    model, row_id = key
    return f"{model}:{row_id}"


def _model_label(row):
    return capfirst(row.part.verbose_name)


def compare(old_document, new_document, languages, plain_fields=True):
    """
    The changes from `old_document` (None: nothing published) to
    `new_document`, in page order: translated fields in `languages`, and the
    fields that are the same in every language unless `plain_fields` is False.
    """
    old_rows, new_rows = _flatten(old_document), _flatten(new_document)
    moved = _moved(old_rows, new_rows)
    removed_after = _removed_after(old_rows, new_rows)
    changes = []

    def removed(anchor):
        for key in removed_after.get(anchor, []):
            row = old_rows[key]
            fields = _field_changes(row.part, row.data, {}, languages, plain_fields)
            changes.append(
                RowChange("removed", _model_label(row), _describe(row), fields, row.owner, key=_row_key(key))
            )

    removed(None)
    for key, row in new_rows.items():
        before = old_rows.get(key)
        if before is None:
            fields = _field_changes(row.part, {}, row.data, languages, plain_fields)
            changes.append(RowChange("added", _model_label(row), _describe(row), fields, row.owner, key=_row_key(key)))
        else:
            fields = _field_changes(row.part, before.data, row.data, languages, plain_fields)
            if before.parent != row.parent:
                fields.append(
                    FieldChange(
                        _("Place"), "", _describe(old_rows[before.parent]), _describe(new_rows[row.parent]), prose=False
                    )
                )
            elif key in moved:
                fields.append(
                    FieldChange(_("Position"), "", str(before.position + 1), str(row.position + 1), prose=False)
                )
            if fields:
                changes.append(
                    RowChange("changed", _model_label(row), _describe(row), fields, row.owner, key=_row_key(key))
                )
        removed(key)
    return changes


def by_language(changes, languages):
    """
    `changes` split for showing one language at a time: (the changes to
    fields that are the same in every language, [(language, its changes)]).
    """

    def only(language):
        split = []
        for change in changes:
            fields = [field for field in change.fields if field.language == language]
            if fields:
                split.append(RowChange(change.kind, change.model, change.label, fields))
        return split

    return only(""), [(language, only(language)) for language in languages]
