"""
Translations that never silently go stale.

Every translated row remembers, per field and language, the English text its
translation was written or medically reviewed against (`translation_sources`).
When the English text moves on, the translation is outdated, unless the
editor said the change was minor (a typo), which moves the remembered source
along with it.
"""

import contextlib
import contextvars

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.LANGUAGE_CODE

MISSING = "missing"
OUTDATED = "outdated"
AWAITING_REVIEW = "awaiting_review"
COMPLETE = "complete"
STATUS_LABELS = {
    MISSING: _("Missing"),
    OUTDATED: _("Outdated"),
    AWAITING_REVIEW: _("Awaiting review"),
    COMPLETE: _("Complete"),
}

_minor_change = contextvars.ContextVar("minor_change", default=False)


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def translated_fields(model):
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


@contextlib.contextmanager
def minor_change(is_minor=True):
    """Saves inside this block do not make translations outdated."""
    token = _minor_change.set(bool(is_minor))
    try:
        yield
    finally:
        _minor_change.reset(token)


def _value(instance, field, language):
    return getattr(instance, build_localized_fieldname(field, language)) or ""


def update_sources(instance, previous):
    """Record which English text each translation of `instance` now corresponds to."""
    sources = dict(instance.translation_sources or {})
    minor = _minor_change.get()
    for field in translated_fields(type(instance)):
        english = _value(instance, field, SOURCE_LANGUAGE)
        english_changed = previous is None or english != _value(previous, field, SOURCE_LANGUAGE)
        field_sources = dict(sources.get(field, {}))
        for language in target_languages():
            translation = _value(instance, field, language)
            if not translation:
                field_sources.pop(language, None)
            elif previous is None or translation != _value(previous, field, language) or english_changed and minor:
                field_sources[language] = english
        sources[field] = field_sources
    instance.translation_sources = sources


def mark_current(instances, languages):
    """A reviewer checked these languages: their translations match today's English."""
    for instance in instances:
        sources = {field: dict(by_language) for field, by_language in (instance.translation_sources or {}).items()}
        for field in translated_fields(type(instance)):
            english = _value(instance, field, SOURCE_LANGUAGE)
            for language in languages:
                if language != SOURCE_LANGUAGE and _value(instance, field, language):
                    sources.setdefault(field, {})[language] = english
        if sources != instance.translation_sources:
            instance.translation_sources = sources
            # A plain update: marking a review is not an edit of the content.
            type(instance)._default_manager.filter(pk=instance.pk).update(translation_sources=sources)


def field_status(instance, field, language):
    english = _value(instance, field, SOURCE_LANGUAGE)
    if not english:
        return COMPLETE
    if not _value(instance, field, language):
        return MISSING
    source = (instance.translation_sources or {}).get(field, {}).get(language)
    return OUTDATED if source is not None and source != english else COMPLETE


def page_rows(disease):
    """Every translated row of a disease page (uses the prefetch cache when there is one)."""
    rows = [disease, *disease.names.all(), *disease.pronunciations.all()]
    for group in disease.symptom_groups.all():
        rows += [group, *group.symptoms.all()]
    return rows + [*disease.facts.all(), *disease.sections.all(), *disease.resources.all()]


def outdated_fields(rows, language):
    """(row, field, English then, English now) for each outdated translation."""
    found = []
    for row in rows:
        for field in translated_fields(type(row)):
            if field_status(row, field, language) == OUTDATED:
                then = row.translation_sources[field][language]
                found.append((row, field, then, _value(row, field, SOURCE_LANGUAGE)))
    return found


def language_status(disease, language, rows=None):
    """One cell of the status table: missing, outdated, awaiting review or complete."""
    rows = page_rows(disease) if rows is None else rows
    statuses = {field_status(row, field, language) for row in rows for field in translated_fields(type(row))}
    if MISSING in statuses:
        return MISSING
    if OUTDATED in statuses:
        return OUTDATED
    live = disease.live
    reviewed = (
        live is not None
        and live.is_reviewed
        and disease.status == disease.Status.APPROVED
        and live.content.get(language, {}).get("translation_reviewed", False)
    )
    return COMPLETE if reviewed else AWAITING_REVIEW
