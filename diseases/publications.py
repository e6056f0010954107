"""
What a publication holds, read the same way whichever layout stored it.

A publication's content has had two layouts (`documents.SCHEMA`):

1. one page per language, as the first version rendered it for the template;
2. page documents (`documents`) and, for each language, which document it
   shows, whether a reviewer checked it, by whom and when, and whether its
   translation lags behind the English. A language kept from a publication
   of the first layout holds that rendered page instead of a document.

Everything that reads a publication (the public page, search, the review
screen's differences, four-eyes, the next publication) reads it through
`Published`, and nothing else knows the layouts.
"""

import datetime

from . import pages, parts
from .languages import SOURCE_LANGUAGE

FIRST_LAYOUT = 1


class Published:
    """A publication's content, in either layout."""

    def __init__(self, content):
        self.content = content
        self.layout = content.get("schema", FIRST_LAYOUT)

    @property
    def has_documents(self):
        """Whether the publication holds page documents (false for the first layout, which holds rendered pages)."""
        return self.layout != FIRST_LAYOUT

    @property
    def documents(self):
        """{key: page document} of every document the publication holds."""
        return self.content["documents"] if self.has_documents else {}

    def entry(self, language):
        """
        How the publication shows `language`: {"document": key} or {"page": a
        page rendered by the first version}, "reviewed", "outdated" and the
        credit of the review.
        """
        if not self.has_documents:
            page = self.content.get(language) or self.content[SOURCE_LANGUAGE]
            return {
                "page": page,
                "reviewed": language in self.content and bool(page.get("translation_reviewed")),
                "reviewed_by": page.get("reviewed_by", ""),
                "reviewed_on": page.get("reviewed_on"),
                "outdated": False,
            }
        entries = self.content["languages"]
        if language in entries:
            return entries[language]
        # A language added to the site after this publication: the English
        # document, not medically reviewed in that language.
        return {**entries[SOURCE_LANGUAGE], "reviewed": False, "outdated": False}

    def document_key(self, language):
        """The key of the document shown in `language`, or None when it shows a page of the first layout."""
        return self.entry(language).get("document")

    def is_reviewed_in(self, language):
        """Whether a medical reviewer checked the publication in `language`."""
        return bool(self.entry(language)["reviewed"])

    def last_full_review(self, language):
        """{"reviewed_by": credit, "reviewed_on": date} of the last full review of `language`, or None."""
        if not self.is_reviewed_in(language):
            return None
        entry = self.entry(language)
        # A language kept from the first layout has its credit in its page.
        entry = entry.get("page", entry)
        if not entry.get("reviewed_on"):
            return None
        return {
            "reviewed_by": entry.get("reviewed_by", ""),
            "reviewed_on": datetime.date.fromisoformat(entry["reviewed_on"]),
        }

    def kept(self, language):
        """The entry of `language` and its document ({key: document}), to carry into a later publication."""
        entry = dict(self.entry(language))
        if not self.has_documents:
            return {"page": entry["page"], "reviewed": entry["reviewed"]}, {}
        if "page" in entry:
            return entry, {}
        return entry, {entry["document"]: self.content["documents"][entry["document"]]}

    def page(self, language):
        """One language's page, ready for the template, with dates as dates."""
        entry = self.entry(language)
        if "page" in entry:
            # Frozen by the first version: shown as it was rendered then.
            return pages.with_dates(_upgrade_first_layout(entry["page"]))
        page = pages.render(self.content["documents"][entry["document"]], language)
        page.update(
            translation_reviewed=entry["reviewed"],
            reviewed_by=entry.get("reviewed_by", ""),
            reviewed_on=entry.get("reviewed_on"),
            change_approved_on=entry.get("change_approved_on"),
            outdated=entry["outdated"],
        )
        return pages.with_dates(page)


def _upgrade_first_layout(page):
    """A page rendered by the first version, in today's shape: lists of rows rather than of texts."""
    page = dict(page)
    page["facts"] = [{"text": fact} for fact in page.get("facts", [])]
    for key in ("groups", "shared_groups"):
        page[key] = [{**group, "symptoms": [{"text": text} for text in group["symptoms"]]} for group in page[key]]
    # Parts added since show nothing.
    for part in parts.PAGE.children:
        page.setdefault(part.key, [] if part.many else None)
    page.setdefault("translation_reviewed", False)
    return page


def page_in_language(content, language):
    """One language's page from a publication's content."""
    return Published(content).page(language)
