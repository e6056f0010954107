"""
The difference between two revisions of a disease page, field by field and
language by language, including inline rows added, removed and changed.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Disease
from .pages import plain

# Bookkeeping that changes on every save and means nothing to a reviewer.
IGNORED_FIELDS = {"id", "updated_at", "created_at", "status", "live", "disease", "group", "translation_sources"}


@dataclass
class FieldChange:
    label: str
    language: str
    old: str
    new: str


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    model: str
    label: str
    fields: list = field(default_factory=list)

    @property
    def kind_label(self):
        return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[self.kind]


def _rows(revision):
    """{(model, pk): (model class, field dict, description)} for every row of a revision."""
    rows = {}
    if revision is None:
        return rows
    for version in revision.version_set.select_related("content_type"):
        model = version._model
        if model is None:
            continue
        rows[(model._meta.label_lower, version.object_id)] = (model, version.field_dict, version.object_repr)
    return rows


def _field_label(model, name):
    """“Definition” and the language code for `definition_es`."""
    codes = [code for code, _name in settings.LANGUAGES]
    base, _sep, suffix = name.rpartition("_")
    if suffix in codes and base:
        try:
            return capfirst(model._meta.get_field(base).verbose_name), suffix
        except Exception:  # noqa: BLE001, S110 - not a translated field after all
            pass
    try:
        return capfirst(model._meta.get_field(name).verbose_name), ""
    except Exception:  # noqa: BLE001 - a field removed since the revision was saved
        return name, ""


def _display(value):
    if value is None:
        return ""
    return str(value)


def _translated_originals(model):
    """The untranslated field names, which only mirror the default language."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _field_changes(model, old, new):
    changes = []
    skip = IGNORED_FIELDS | _translated_originals(model)
    for name in sorted(set(old) | set(new), key=_field_order(model)):
        if name in skip:
            continue
        before, after = _display(old.get(name)), _display(new.get(name))
        if before != after:
            label, language = _field_label(model, name)
            changes.append(FieldChange(label, language, before, after))
    return changes


def _field_order(model):
    names = [f.name for f in model._meta.concrete_fields]

    def key(name):
        return (names.index(name) if name in names else len(names), name)

    return key


def compare_revisions(old_revision, new_revision):
    """Row changes from `old_revision` (None: nothing public yet) to `new_revision`."""
    old_rows, new_rows = _rows(old_revision), _rows(new_revision)
    changes = []
    for key in list(new_rows) + [key for key in old_rows if key not in new_rows]:
        model, new_fields, description = new_rows.get(key) or old_rows[key]
        verbose = capfirst(model._meta.verbose_name)
        if key not in old_rows:
            change = RowChange("added", verbose, description, _field_changes(model, {}, new_fields))
        elif key not in new_rows:
            change = RowChange("removed", verbose, description, _field_changes(model, old_rows[key][1], {}))
        else:
            fields = _field_changes(model, old_rows[key][1], new_fields)
            if not fields:
                continue
            change = RowChange("changed", verbose, description, fields)
        changes.append(change)
    # The page's own fields first, then its rows in revision order.
    changes.sort(key=lambda change: change.model != capfirst(Disease._meta.verbose_name))
    return changes


def compare_shared_groups(published_content, draft_content):
    """
    Shared symptom groups are not part of a page's revisions: compare what
    the public page shows of them with what the draft would show, per language.
    """
    changes = []
    for language, draft_page in draft_content.items():
        published_page = (published_content or {}).get(language, {})
        before = {group["id"]: group for group in published_page.get("shared_groups", [])}
        after = {group["id"]: group for group in draft_page["shared_groups"]}
        for key in [*after, *(key for key in before if key not in after)]:
            old, new = before.get(key), after.get(key)
            if old == new:
                continue
            kind = "added" if old is None else "removed" if new is None else "changed"
            change = RowChange(kind, capfirst(_("shared symptom group")), plain((new or old)["title"]))
            for key in ("title", "introduction", "guidance", "symptoms"):
                old_text, new_text = _group_text(old, key), _group_text(new, key)
                if old_text != new_text:
                    change.fields.append(FieldChange(capfirst(_(key)), language, old_text, new_text))
            changes.append(change)
    return changes


def _group_text(group, key):
    if group is None:
        return ""
    value = group.get(key) or ""
    if isinstance(value, list):
        return "\n".join(plain(item) for item in value)
    return plain(value)
