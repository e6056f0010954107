"""
What a translation file holds: one unit per translated text of the pages,
their shared symptom groups and the references these cite, found by walking
`parts`. Each unit is named by a stable id (`<model>:<pk>:<field>`), carries
the English it translates and, when its translation is outdated, the English
that translation was written against.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import translation
from django.utils.text import Truncator, capfirst
from modeltranslation.utils import build_localized_fieldname

from .. import documents, glossary, parts, translation_status
from ..languages import SOURCE_LANGUAGE
from ..models import GlossaryTerm

ID_PATTERN = re.compile(r"^(?P<model>\w+\.\w+):(?P<pk>\d+):(?P<field>\w+)$")
CONTEXT_SEPARATOR = " › "


@dataclass
class Unit:
    id: str
    source: str  # the English now
    target: str  # the translation now (empty when missing)
    context: str  # the page, part and field it belongs to
    previous_source: str = ""  # the English an outdated translation was written against
    glossary: list = field(default_factory=list)  # the `GlossaryTerm`s the English uses

    @property
    def outdated(self):
        return bool(self.previous_source)


def unit_id(row, field_name):
    """The stable id of one translated text: `diseases.section:12:body`."""
    return f"{row._meta.label_lower}:{row.pk}:{field_name}"


def text(row, field_name, language):
    return (getattr(row, build_localized_fieldname(field_name, language)) or "").replace("\r\n", "\n")


def translated_fields():
    """{'app.model': the fields a visitor reads in every language}: what a unit id may name."""
    return {model._meta.label_lower: fields for model, fields in parts.translated_fields().items()}


def parse_id(value):
    """(model, pk, field) named by a unit id, or None when it names no translated text of any part."""
    match = ID_PATTERN.match(value or "")
    if match is None or match["field"] not in translated_fields().get(match["model"], ()):
        return None
    return apps.get_model(match["model"]), int(match["pk"]), match["field"]


def _label(part, row):
    if part is parts.PAGE:
        with translation.override(SOURCE_LANGUAGE):
            name = row.short_name
    elif part.translated:
        name = Truncator(text(row, part.translated[0], SOURCE_LANGUAGE)).chars(60)
    else:
        name = str(row)
    return f"{capfirst(part.verbose_name)} “{name}”"


def _walk(part, row, trail):
    here = (*trail, _label(part, row))
    yield part, row, here
    for child in part.children:
        for item in child.items(parts.loaded_children(row, child)):
            yield from _walk(child, item, here)


def pages(slugs=None):
    """The pages (not deleted) with every row they show, by title; only those of `slugs` when given."""
    found = documents.pages_with_content().not_deleted()
    if slugs:
        found = found.filter(slug__in=slugs)
    return sorted(found, key=lambda page: page.title.casefold())


def units_for(language, diseases, needing_work_only=False):
    """
    The units of `diseases` (from `pages`) and of the shared symptom groups
    shown on them, each once, in page order; with `needing_work_only`, only
    those missing or outdated in `language`.
    """
    terms = list(GlossaryTerm.objects.filter(language=language))
    found = {}
    walks = [_walk(parts.PAGE, disease, ()) for disease in diseases]
    walks += [_walk(parts.SHARED_GROUPS, group, ()) for group in documents.shared_groups()]
    for walk in walks:
        for part, row, trail in walk:
            for name in part.translated:
                key = unit_id(row, name)
                status = translation_status.field_status(row, name, language)
                english = text(row, name, SOURCE_LANGUAGE)
                if key in found or not english.strip():
                    continue
                if needing_work_only and status == translation_status.COMPLETE:
                    continue
                field_label = row._meta.get_field(name).verbose_name
                previous = ""
                if status == translation_status.OUTDATED:
                    previous = row.translation_sources[name][language].replace("\r\n", "\n")
                found[key] = Unit(
                    id=key,
                    source=english,
                    target=text(row, name, language),
                    context=CONTEXT_SEPARATOR.join([*trail, str(field_label)]),
                    previous_source=previous,
                    glossary=glossary.terms_in(english, language, terms),
                )
    return list(found.values())
