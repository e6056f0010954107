"""
A disease page as plain data, in every language.

The public page is rendered from a frozen copy of this data (a
`Publication`), so that what visitors read only changes when the workflow
says so and serving it costs one query. Staff previews build the same data
from the working rows, so both go through the same template.
"""

import datetime

from django.conf import settings
from django.utils import translation

from .models import Disease, SymptomGroup


def _group(group):
    reference = group.reference
    return {
        "title": group.title,
        "introduction": group.introduction,
        "guidance": group.guidance,
        "symptoms": [symptom.text for symptom in group.symptoms.all()],
        "reference": reference
        and {
            "title": reference.title,
            "publisher": reference.publisher,
            "year": reference.year,
            "url": reference.url,
            "link_text": reference.link_text,
        },
    }


def build_page(disease, shared_groups):
    """The page in the active language, falling back to English field by field."""
    names = disease._ordered_names()
    return {
        "slug": disease.slug,
        "title": disease.title,
        "short_name": disease.short_name,
        "names": [{"name": name.name, "abbreviation": name.abbreviation} for name in names],
        "pronunciations": [{"term": p.term, "respelling": p.respelling} for p in disease.pronunciations.all()],
        "definition": disease.definition,
        "category": disease.category,
        "category_label": str(disease.get_category_display()) if disease.category else "",
        "cytokines": disease.cytokines,
        "body_areas": disease.body_areas,
        "mostly_affected": disease.mostly_affected,
        "typical_onset": disease.typical_onset,
        "codes": [{"system": code.system, "code": code.code} for code in disease.codes.all()],
        "shared_groups": [_group(group) for group in shared_groups],
        "groups": [_group(group) for group in disease.symptom_groups.all()],
        "sections": [{"title": section.title, "body": section.body} for section in disease.sections.all()],
        "facts": [fact.text for fact in disease.facts.all()],
        "resources": [
            {"title": r.title, "url": r.url, "description": r.description} for r in disease.resources.all()
        ],
        "last_updated": disease.last_updated.isoformat(),
    }


def load_working_copy(slug):
    """The disease with everything its page shows, read from the working rows."""
    disease = Disease.objects.with_page_content().select_related("live").get(slug=slug)
    return disease, list(SymptomGroup.objects.shared().with_symptoms())


def reviewer_name(user):
    """How a reviewer is credited on the page, in the active language."""
    profile = getattr(user, "reviewer_profile", None)
    return str(profile) if profile else user.get_full_name() or user.get_username()


def build_content(disease, shared_groups, reviewer=None):
    """The page in every site language, ready to freeze in a publication."""
    content = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            content[language] = build_page(disease, shared_groups)
            if reviewer is not None:
                content[language]["reviewed_by"] = reviewer_name(reviewer)
    return content


def page_in_language(content, language):
    """One language's page from frozen content, with dates as dates."""
    page = dict(content.get(language) or content[settings.LANGUAGE_CODE])
    page["last_updated"] = datetime.date.fromisoformat(page["last_updated"])
    return page
