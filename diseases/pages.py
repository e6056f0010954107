"""
One language's disease page, ready for the template, from a page document.

A publication holds documents in every language (see `documents` and
`publications`); a visitor reads one language of it. Fields without a translation show the English text,
marked as such so that the page can say so and screen readers switch voice.
Staff previews render the candidate document through the same code.
"""

import datetime

from django.utils import translation

from . import parts
from .languages import SOURCE_LANGUAGE
from .models import Disease, names_short, names_title


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


def with_dates(page):
    """The page with its dates as dates rather than ISO strings."""
    for key in ("last_updated", "reviewed_on", "change_approved_on"):
        if page.get(key):
            page[key] = datetime.date.fromisoformat(page[key])
    return page
