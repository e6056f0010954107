"""
One language's disease page, ready for the template, from a page document.

A publication holds documents in every language (see `documents` and
`publications`); a visitor reads one language of it. Fields without a translation show the English text,
marked as such so that the page can say so and screen readers switch voice.
Staff previews render the candidate document through the same code.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

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


# Patient advice is not reviewed content, and no part: it is shown between
# the symptoms and the row part of this key.
ADVICE_BEFORE = "sections"
ADVICE = parts.Region(
    "diseases/parts/advice.html", parts.Contents("advice-heading", _("What fellow patients want you to know"))
)


@dataclass
class Block:
    """A section of the public page: its template, its entry in "On this page" and the (part, rows) it shows."""

    template: str
    contents: parts.Contents | None
    parts: list = field(default_factory=list)
    label: str = ""  # the entry's text in "On this page", and the section's heading

    @property
    def rows(self):
        return self.parts[0][1] if self.parts else None


def layout(page):
    """
    The sections of one language's page in the order the public page shows
    them: each part that has something to show by its template (parts of one
    region together, by the region's), the page's own fields and the patient
    advice where they go.
    """
    blocks = []
    for part in _public_order():
        if part is ADVICE:
            blocks.append(Block(ADVICE.template, ADVICE.contents))
            continue
        rows = page if part is parts.PAGE else page.get(part.key)
        if not part.template or not (part.always_shown or rows):
            continue
        if part.region is not None and blocks and blocks[-1].template == part.region.template:
            blocks[-1].parts.append((part, rows))
            continue
        shown = part.region or part
        blocks.append(Block(shown.template, shown.contents, [(part, rows)]))
    for block in blocks:
        if block.contents is not None:
            block.label = str(block.contents.label) % {"name": page["short_name"]}
    return blocks


def _public_order():
    for child in parts.PAGE.children:
        if child.key == parts.PAGE.shown_before:
            yield parts.PAGE
        if child.key == ADVICE_BEFORE:
            yield ADVICE
        yield child
