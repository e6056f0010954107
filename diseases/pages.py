"""
A disease page as plain data, in every language.

The public page is rendered from a frozen copy of this data (a
`Publication`), so that what visitors read only changes when the workflow
says so and serving it costs one query. Staff previews build the same data
from the working rows, so both go through the same template.
"""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from . import translation_status
from .models import Disease, SymptomGroup, names_short, names_title


def localized(obj, field, language):
    """
    The field in `language`; when it has no translation, the English text
    marked as such ({"text": …, "lang": "en"}) so the page can say so.
    """
    text = getattr(obj, build_localized_fieldname(field, language)) or ""
    if text or language == settings.LANGUAGE_CODE:
        return text
    source = getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE)) or ""
    return {"text": source, "lang": settings.LANGUAGE_CODE} if source else ""


def plain(value):
    """The text of a page value, whatever its language."""
    return value["text"] if isinstance(value, dict) else value


def _group(group, language):
    reference = group.reference
    return {
        "id": group.pk,
        "title": localized(group, "title", language),
        "introduction": localized(group, "introduction", language),
        "guidance": localized(group, "guidance", language),
        "symptoms": [localized(symptom, "text", language) for symptom in group.symptoms.all()],
        "reference": reference
        and {
            "title": localized(reference, "title", language),
            "publisher": localized(reference, "publisher", language),
            "year": reference.year,
            "url": reference.url,
            "link_text": localized(reference, "link_text", language),
        },
    }


def _has_fallback(value):
    if isinstance(value, dict):
        if set(value) == {"text", "lang"}:
            return True
        return any(_has_fallback(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_fallback(item) for item in value)
    return False


def build_page(disease, shared_groups, language=None):
    """The page in `language` (default: the active one), falling back to English field by field."""
    language = language or translation.get_language()
    names = [
        {
            "name": plain(localized(name, "name", language)),
            "abbreviation": plain(localized(name, "abbreviation", language)),
        }
        for name in disease._ordered_names()
    ]
    pairs = [(name["name"], name["abbreviation"]) for name in names]
    page = {
        "slug": disease.slug,
        "title": names_title(pairs),
        "short_name": names_short(pairs, disease.slug),
        "names": names,
        "pronunciations": [
            {"term": localized(p, "term", language), "respelling": localized(p, "respelling", language)}
            for p in disease.pronunciations.all()
        ],
        "definition": localized(disease, "definition", language),
        "category": disease.category,
        "cytokines": localized(disease, "cytokines", language),
        "body_areas": localized(disease, "body_areas", language),
        "mostly_affected": localized(disease, "mostly_affected", language),
        "typical_onset": localized(disease, "typical_onset", language),
        "codes": [{"system": code.system, "code": code.code} for code in disease.codes.all()],
        "shared_groups": [_group(group, language) for group in shared_groups],
        "groups": [_group(group, language) for group in disease.symptom_groups.all()],
        "sections": [
            {"title": localized(section, "title", language), "body": localized(section, "body", language)}
            for section in disease.sections.all()
        ],
        "facts": [localized(fact, "text", language) for fact in disease.facts.all()],
        "resources": [
            {
                "title": localized(r, "title", language),
                "url": r.url,
                "description": localized(r, "description", language),
            }
            for r in disease.resources.all()
        ],
        "last_updated": disease.last_updated.isoformat(),
    }
    page["has_fallback"] = _has_fallback(page)
    page["outdated"] = language != settings.LANGUAGE_CODE and bool(
        translation_status.outdated_fields(translation_status.page_rows(disease), language)
    )
    with translation.override(language):
        page["category_label"] = str(disease.get_category_display()) if disease.category else ""
    return page


def load_working_copy(slug):
    """The disease with everything its page shows, read from the working rows."""
    disease = Disease.objects.with_page_content().select_related("live").get(slug=slug)
    return disease, list(SymptomGroup.objects.shared().with_symptoms())


def reviewer_name(user):
    """How a reviewer is credited on the page, in the active language."""
    profile = getattr(user, "reviewer_profile", None)
    return str(profile) if profile else user.get_full_name() or user.get_username()


def build_content(disease, shared_groups):
    """The page in every site language, ready to freeze in a publication."""
    return {language: build_page(disease, shared_groups, language) for language, _name in settings.LANGUAGES}


def reviewed_content(disease, shared_groups, reviewer, languages, previous=None):
    """
    The content a reviewer approves: the languages they checked as they are
    now; any other language keeps the text approved before, or, never having
    been approved, is shown marked as not yet medically reviewed.
    """
    today = timezone.localdate().isoformat()
    content = {}
    for language, page in build_content(disease, shared_groups).items():
        if language in languages:
            with translation.override(language):
                page.update(translation_reviewed=True, reviewed_by=reviewer_name(reviewer), reviewed_on=today)
        elif previous and previous.content.get(language, {}).get("translation_reviewed"):
            page = previous.content[language]
        else:
            page["translation_reviewed"] = False
        content[language] = page
    return content


def page_in_language(content, language):
    """One language's page from frozen content, with dates as dates."""
    page = dict(content.get(language) or content[settings.LANGUAGE_CODE])
    for key in ("last_updated", "reviewed_on"):
        if page.get(key):
            page[key] = datetime.date.fromisoformat(page[key])
    return page
