"""
Importing a translated file: each unit is checked on its own, and the units
that pass become edits by the importing user, one revision per page (or
shared group, or reference), recorded by the workflow as an edit in the
admin's form is: an approved page becomes a draft awaiting review, four-eyes
counts the importer, and each translation now matches the English it was
checked against. The whole file is one transaction: an unexpected error
saves nothing.
"""

from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .. import glossary, parts, permissions, workflow
from ..languages import SOURCE_LANGUAGE, language_name, site_languages
from ..models import Disease, GlossaryTerm
from . import checks, formats
from .units import CONTEXT_SEPARATOR, parse_id, text


@dataclass
class Outcome:
    """What became of one unit of the file."""

    id: str
    place: str = ""  # the page, part and field, when the unit names one
    reasons: list = field(default_factory=list)  # why it was not applied
    warnings: list = field(default_factory=list)  # applied, but worth a second look
    error: bool = False  # skipped because something is wrong, not merely left empty or unchanged


@dataclass
class Report:
    language: str = ""
    format: str = ""
    refusal: str = ""  # why nothing of the file could be read or applied
    applied: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # the pages, shared groups and references whose texts changed

    @property
    def failed(self):
        """Nothing applied because of what the file holds (not merely because every unit was empty or unchanged)."""
        return bool(self.refusal) or (not self.applied and any(outcome.error for outcome in self.skipped))


def max_size():
    return settings.TRANSLATION_FILE_MAX_SIZE


def too_large_message():
    return _("The file is larger than %(size)d MB.") % {"size": max(1, max_size() // (1024 * 1024))}


def file_language(code):
    """The site language a file's language code (“es”, “es-ES”, “es_ES”) stands for, or None."""
    code = (code or "").strip().replace("_", "-").lower()
    languages = site_languages()
    if code in languages:
        return code
    primary = code.split("-")[0]
    return primary if primary in languages else None


def import_file(data, user, expected_language=None):
    """Check and apply the translated file `data` (bytes) as an edit by `user`; a `Report` of what became of it."""
    if len(data) > max_size():
        return Report(refusal=str(too_large_message()))
    try:
        read = formats.read(data)
    except formats.FileRefused as refused:
        return Report(refusal=str(refused.message))
    report = Report(format=read.format)
    if not read.units:
        report.refusal = str(_("The file holds no translation units."))
        return report
    language = file_language(read.language)
    if language is None or language == SOURCE_LANGUAGE:
        report.refusal = str(
            _("The file does not name a language this site translates into (it says “%(language)s”).")
            % {"language": read.language}
        )
        return report
    report.language = language
    if expected_language and language != expected_language:
        report.refusal = str(
            _("This file is a translation into %(found)s, not into %(expected)s.")
            % {"found": language_name(language), "expected": language_name(expected_language)}
        )
        return report
    if not permissions.may_edit_language(user, language):
        report.refusal = str(_("You may not change the %(language)s texts.") % {"language": language_name(language)})
        return report
    with transaction.atomic():
        changes = _check(read.units, language, report)
        if changes:
            report.changed = _apply(changes, user, language)
    return report


def _rows(read_units):
    """{(model, pk): row} of the rows the units name, locked until the import ends."""
    wanted = {}
    for unit in read_units:
        named = parse_id(unit.id)
        if named is not None:
            wanted.setdefault(named[0], set()).add(named[1])
    found = {}
    for model, ids in wanted.items():
        for row in model._base_manager.select_for_update().filter(pk__in=ids).order_by("pk"):
            found[model, row.pk] = row
    return found


def _place(row, field_name):
    return CONTEXT_SEPARATOR.join(
        [f"{row._meta.verbose_name} “{row}”", str(row._meta.get_field(field_name).verbose_name)]
    )


def _check(read_units, language, report):
    """The (owner, row, field, text) to apply, having put every unit's outcome in `report`."""
    rows = _rows(read_units)
    terms = list(GlossaryTerm.objects.filter(language=language))
    seen = set()
    changes = []
    for unit in read_units:
        outcome = Outcome(id=unit.id)
        named = parse_id(unit.id)
        row = rows.get(named[:2]) if named else None
        owner = parts.owner_of(row) if row is not None else None
        if named is None:
            outcome.reasons.append(_("This id names no text of the pages."))
            outcome.error = True
        elif row is None or owner is None or (isinstance(owner, Disease) and owner.is_deleted):
            outcome.reasons.append(_("This text has been deleted since the file was exported."))
            outcome.error = True
        else:
            field_name = named[2]
            with translation.override(SOURCE_LANGUAGE):
                outcome.place = _place(row, field_name)
            _check_unit(unit, row, field_name, language, outcome, terms, seen)
            if not outcome.reasons:
                changes.append((owner, row, field_name, unit.target))
        (report.skipped if outcome.reasons else report.applied).append(outcome)
    return changes


def _check_unit(unit, row, field_name, language, outcome, terms, seen):
    """Fill in `outcome`: why the unit cannot be applied (an error, or merely nothing to do), or its warnings."""
    target = unit.target.replace("\r\n", "\n")
    english = text(row, field_name, SOURCE_LANGUAGE)
    nothing_to_do, errors = None, []
    if unit.id in seen:
        errors = [_("This id appears earlier in the file.")]
    elif not target.strip():
        nothing_to_do = _("Empty: there is no translation to apply.")
    elif unit.unfinished:
        nothing_to_do = _("Marked as fuzzy or as still needing work.")
    elif unit.source.replace("\r\n", "\n") != english:
        errors = [_("The English has changed since the file was exported: export it again.")]
    else:
        errors = checks.problems(english, target)
        if not errors and target == text(row, field_name, language):
            nothing_to_do = _("Unchanged: the translation is already this text.")
    seen.add(unit.id)
    if nothing_to_do:
        outcome.reasons.append(nothing_to_do)
    elif errors:
        outcome.reasons.extend(errors)
        outcome.error = True
    else:
        outcome.warnings = [
            _("“%(term)s” is translated “%(translation)s” in the glossary.")
            % {"term": term.term, "translation": term.translation}
            for term in glossary.missing_translations(english, target, language, terms)
        ]


def _apply(changes, user, language):
    """Save the translations, one revision per page, shared group or reference; those that changed."""
    by_owner = {}
    for owner, row, field_name, target in changes:
        key = (type(owner)._meta.concrete_model, owner.pk)
        by_owner.setdefault(key, (owner, {}))[1].setdefault((type(row), row.pk), (row, []))[1].append(
            (field_name, target)
        )
    with translation.override(SOURCE_LANGUAGE):
        comment = str(_("%(language)s translations imported from a file") % {"language": language_name(language)})
    with workflow.editing(user):
        for owner, rows in by_owner.values():
            with reversion.create_revision():
                reversion.set_user(user)
                reversion.set_comment(comment)
                for row, fields in rows.values():
                    for field_name, target in fields:
                        setattr(row, build_localized_fieldname(field_name, language), target.replace("\r\n", "\n"))
                    row.save()
                reversion.add_to_revision(owner)
    return [owner for owner, _rows in by_owner.values()]


def report_lines(report):
    """The report as lines of plain text (for the command line)."""
    if report.refusal:
        return [str(_("Nothing was imported: %(reason)s") % {"reason": report.refusal})]
    lines = [
        str(
            _("%(applied)d applied, %(skipped)d skipped (%(language)s, %(format)s).")
            % {
                "applied": len(report.applied),
                "skipped": len(report.skipped),
                "language": report.language,
                "format": report.format,
            }
        )
    ]
    for outcome in report.applied:
        lines.append(str(_("Applied: %(id)s") % {"id": outcome.id}))
        lines += [f"  {warning}" for warning in map(str, outcome.warnings)]
    for outcome in report.skipped:
        lines.append(str(_("Skipped: %(id)s") % {"id": outcome.id}))
        lines += [f"  {reason}" for reason in map(str, outcome.reasons)]
    for owner in report.changed:
        lines.append(str(_("Changed, to be reviewed: %(name)s") % {"name": owner}))
    return lines
