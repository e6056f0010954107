"""
One language's disease page, ready for the template, from a page document.

A publication holds documents in every language (see `documents`); a visitor
reads one language of it. Fields without a translation show the English text,
marked as such so that the page can say so and screen readers switch voice.
Staff previews render the candidate document through the same code.
"""

import datetime

from django.conf import settings
from django.utils import translation

from . import parts
from .models import Disease, names_short, names_title

SOURCE_LANGUAGE = settings.LANGUAGE_CODE


def in_language(texts, language):
    """
    A translated field in `language`; when it has no translation, the English
    text marked as such ({"text": …, "lang": "en"}), or "" when there is none.
    """
    text = texts.get(language) or ""
    if text or language == SOURCE_LANGUAGE:
        return text
    source = texts.get(SOURCE_LANGUAGE) or ""
    return {"text": source, "lang": SOURCE_LANGUAGE} if source else ""


def plain(value):
    """The text of a page value, whatever its language."""
    return value["text"] if isinstance(value, dict) else value


def _localize(row, part, language):
    localized = {"id": row["id"]}
    for name in part.plain:
        localized[name] = row.get(name)
    for name in part.translated:
        localized[name] = in_language(row.get(name) or {}, language)
    for child in part.children:
        items = [_localize(item, child, language) for item in child.items(row.get(child.key))]
        localized[child.key] = items if child.many else next(iter(items), None)
    return localized


def _has_fallback(value):
    if isinstance(value, dict):
        if set(value) == {"text", "lang"}:
            return True
        return any(_has_fallback(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_fallback(item) for item in value)
    return False


def render(document, language):
    """The page in `language`, falling back to English field by field."""
    page = _localize(document[parts.PAGE.key], parts.PAGE, language)
    page[parts.SHARED_GROUPS.key] = [
        _localize(group, parts.SHARED_GROUPS, language) for group in document[parts.SHARED_GROUPS.key]
    ]
    pairs = [(plain(name["name"]), plain(name["abbreviation"])) for name in page["names"]]
    page["title"] = names_title(pairs)
    page["short_name"] = names_short(pairs, page["slug"])
    page["has_fallback"] = _has_fallback(page)
    with translation.override(language):
        page["category_label"] = str(Disease.Category(page["category"]).label) if page["category"] else ""
    return page


def _upgrade_first_schema(page):
    """A page frozen by the first version, in today's shape: lists of rows rather than of texts."""
    page = dict(page)
    page["facts"] = [{"text": fact} for fact in page.get("facts", [])]
    for key in ("groups", "shared_groups"):
        page[key] = [{**group, "symptoms": [{"text": text} for text in group["symptoms"]]} for group in page[key]]
    page.setdefault("translation_reviewed", False)
    return page


def language_entry(content, language):
    """How a publication shows `language`: which document, and whether a reviewer checked it."""
    entries = content["languages"]
    if language in entries:
        return entries[language]
    # A language added to the site after this publication: the English
    # document, not medically reviewed in that language.
    return {**entries[SOURCE_LANGUAGE], "reviewed": False, "outdated": False}


def is_reviewed_in(content, language):
    """Whether a medical reviewer checked the publication in `language`."""
    if content.get("schema", 1) == 1:
        return bool(content.get(language, {}).get("translation_reviewed"))
    return bool(language_entry(content, language)["reviewed"])


def last_full_review(content, language):
    """
    {"reviewed_by": credit, "reviewed_on": date} of the last full medical
    review of `language` a publication's content records, or None.
    """
    if not is_reviewed_in(content, language):
        return None
    if content.get("schema", 1) == 1:
        entry = content[language]
    else:
        entry = language_entry(content, language)
        entry = entry.get("page", entry)
    if not entry.get("reviewed_on"):
        return None
    return {
        "reviewed_by": entry.get("reviewed_by", ""),
        "reviewed_on": datetime.date.fromisoformat(entry["reviewed_on"]),
    }


def page_in_language(content, language):
    """One language's page from a publication's content (either schema), with dates as dates."""
    if content.get("schema", 1) == 1:
        page = _upgrade_first_schema(content.get(language) or content[SOURCE_LANGUAGE])
    else:
        entry = language_entry(content, language)
        if "page" in entry:
            # Kept from a publication of the first schema, as it was rendered then.
            return with_dates(_upgrade_first_schema(entry["page"]))
        page = render(content["documents"][entry["document"]], language)
        page.update(
            translation_reviewed=entry["reviewed"],
            reviewed_by=entry.get("reviewed_by", ""),
            reviewed_on=entry.get("reviewed_on"),
            change_approved_on=entry.get("change_approved_on"),
            outdated=entry["outdated"],
        )
    return with_dates(page)


def with_dates(page):
    for key in ("last_updated", "reviewed_on", "change_approved_on"):
        if page.get(key):
            page[key] = datetime.date.fromisoformat(page[key])
    return page
