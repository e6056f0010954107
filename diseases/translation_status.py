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

from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from . import documents, languages, parts
from .languages import SOURCE_LANGUAGE

MISSING = "missing"
OUTDATED = "outdated"
COMPLETE = "complete"  # one text, translated from the English it has now
# A language with every text translated is where its page is in medical review:
DRAFT = "draft"  # edited, not submitted
CHANGES_REQUESTED = "changes_requested"  # sent back by a reviewer
IN_REVIEW = "in_review"  # submitted
NOT_REVIEWED = "not_reviewed"  # the page is approved, but the reviewer did not check this language
REVIEWED = "reviewed"  # medically reviewed in this language, as it is now
STATUS_LABELS = {
    MISSING: _("Missing"),
    OUTDATED: _("Outdated"),
    DRAFT: _("Draft"),
    CHANGES_REQUESTED: _("Changes requested"),
    IN_REVIEW: _("In review"),
    NOT_REVIEWED: _("Left out of the last review"),
    REVIEWED: _("Reviewed"),
}

_minor_change = contextvars.ContextVar("minor_change", default=False)


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
    return getattr(instance, languages.column(field, language)) or ""


def update_sources(instance, previous):
    """Record which English text each translation of `instance` now corresponds to."""
    sources = dict(instance.translation_sources or {})
    minor = _minor_change.get()
    for field in translated_fields(type(instance)):
        english = _value(instance, field, SOURCE_LANGUAGE)
        previous_english = _value(previous, field, SOURCE_LANGUAGE) if previous is not None else None
        field_sources = dict(sources.get(field, {}))
        for language in languages.translated_languages():
            translation = _value(instance, field, language)
            # A minor English change carries along the translations that matched the English before it,
            # never one already outdated: that one still translates an older English.
            was_current = field_sources.get(language, previous_english) == previous_english
            carried = minor and english != previous_english and was_current
            if not translation:
                field_sources.pop(language, None)
            elif previous is None or translation != _value(previous, field, language) or carried:
                field_sources[language] = english
        sources[field] = field_sources
    instance.translation_sources = sources


def item_key(row, field, language):
    """Names one translated text of one row in one language: what a reviewer confirms as current."""
    return f"{row._meta.label_lower}:{row.pk}:{field}:{language}"


def mark_current(instances, languages, confirmed=()):
    """
    A reviewer checked these languages: their translations match today's
    English, but for the outdated ones the reviewer was not shown or did not
    confirm (`confirmed`: their `item_key`s), which stay outdated.
    """
    for instance in instances:
        sources = {field: dict(by_language) for field, by_language in (instance.translation_sources or {}).items()}
        for field in translated_fields(type(instance)):
            english = _value(instance, field, SOURCE_LANGUAGE)
            for language in languages:
                if language == SOURCE_LANGUAGE or not _value(instance, field, language):
                    continue
                if field_status(instance, field, language) == OUTDATED and (
                    item_key(instance, field, language) not in confirmed
                ):
                    continue
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


def page_rows(disease, shared_groups, children_of=parts.loaded_children):
    """Every translated row a page shows, each once: its own rows, the shared groups and the references."""
    found = {}
    for _part, row in parts.rows(disease, shared_groups, children_of):
        if translated_fields(type(row)):
            found.setdefault((type(row)._meta.concrete_model, row.pk), row)
    return list(found.values())


def outdated_languages(rows):
    """The site languages in which any of `rows` has an outdated translation."""
    return {language for language in languages.translated_languages() if outdated_fields(rows, language)}


def outdated_fields(rows, language):
    """(row, field, English then, English now) for each outdated translation."""
    found = []
    for row in rows:
        for field in translated_fields(type(row)):
            if field_status(row, field, language) == OUTDATED:
                then = row.translation_sources[field][language]
                found.append((row, field, then, _value(row, field, SOURCE_LANGUAGE)))
    return found


def language_status(disease, language, rows):
    """One cell of the status table: missing or outdated texts, else where the page is in medical review."""
    statuses = {field_status(row, field, language) for row in rows for field in translated_fields(type(row))}
    if MISSING in statuses:
        return MISSING
    if OUTDATED in statuses:
        return OUTDATED
    if disease.status == disease.Status.APPROVED:
        # An approved page reads as its live publication: reviewed in the languages its reviewer checked.
        return REVIEWED if language in disease.live.languages else NOT_REVIEWED
    return {
        disease.Status.IN_REVIEW: IN_REVIEW,
        disease.Status.CHANGES_REQUESTED: CHANGES_REQUESTED,
    }.get(disease.status, DRAFT)


def status_table(language=None, status=None):
    """
    Pages by languages, each cell one of `STATUS_LABELS`, optionally only
    the rows where `language` (or any language) has `status`; and the number
    of pages per language and status.
    """
    site_languages = languages.site_languages()
    counts = {code: dict.fromkeys(STATUS_LABELS, 0) for code in site_languages}
    shared = documents.shared_groups()
    table = []
    diseases = documents.pages_with_content().not_deleted().select_related("live")
    for disease in sorted(diseases, key=lambda d: d.title.casefold()):
        rows = page_rows(disease, shared)
        cells = []
        for code in site_languages:
            cell_status = language_status(disease, code, rows)
            counts[code][cell_status] += 1
            cells.append({"language": code, "status": cell_status, "label": STATUS_LABELS[cell_status]})
        shown = [cell for cell in cells if not language or cell["language"] == language]
        if status and not any(cell["status"] == status for cell in shown):
            continue
        table.append({"disease": disease, "cells": cells})
    return table, counts
