"""
What a reviewer is shown: the candidate (what approving would publish now,
in every language, shared groups and references included), its fingerprint,
and how it differs from what the public reads.
"""

from dataclasses import dataclass, field

from django.conf import settings

from . import diff, documents, languages, parts, translation_status, versioning
from .publications import Published
from .workflow.edits import pages_showing


@dataclass
class OutdatedItem:
    key: str  # translation_status.item_key
    language: str
    row: object
    field_label: str
    english_then: str
    english_now: str
    pages: int  # how many pages show it: confirming it holds for all of them


@dataclass
class Candidate:
    disease: object
    document: dict
    fingerprint: str
    changes: list
    compared_with_review: bool  # False: the page has never been approved, everything is shown
    outdated: dict = field(default_factory=dict)  # {language: [(row, field, English then, English now)]}
    pages_counted: dict = field(default_factory=dict)  # {(model, id): pages that show it}

    def count_pages_showing(self, owner):
        """How many pages (not deleted) show this (model, id) page, shared group or reference."""
        if owner not in self.pages_counted:
            self.pages_counted[owner] = pages_showing({owner}).count()
        return self.pages_counted[owner]

    @property
    def outdated_items(self):
        """
        [OutdatedItem] of every outdated translation on the page, in the order
        shown: what a reviewer may confirm as current when approving.
        """
        items = []
        for language, found in self.outdated.items():
            for row, field_name, then, now in found:
                owner = parts.owner_of(row)
                key = (type(owner)._meta.concrete_model, owner.pk)
                items.append(
                    OutdatedItem(
                        translation_status.item_key(row, field_name, language),
                        language,
                        row,
                        row._meta.get_field(field_name).verbose_name,
                        then,
                        now,
                        self.count_pages_showing(key),
                    )
                )
        return items

    @property
    def suggested_languages(self):
        """The languages to tick by default: every language whose translations are up to date."""
        return [code for code in languages.site_languages() if code not in self.outdated]


def for_review(disease):
    """The candidate of `disease`, compared with its live approved version."""
    page, shared = documents.load(disease)
    document = documents.build(page, shared)
    rows = translation_status.page_rows(page, shared)
    outdated = {
        language: found
        for language in languages.translated_languages()
        if (found := translation_status.outdated_fields(rows, language))
    }
    live = page.live if page.live is not None and page.live.is_reviewed else None
    candidate = Candidate(
        disease=page,
        document=document,
        fingerprint=documents.fingerprint(document),
        changes=changes_since(live, document),
        compared_with_review=live is not None,
        outdated=outdated,
    )
    # A change to shared content reaches every page that shows it: say how many.
    for change in candidate.changes:
        if change.owner != (parts.PAGE.model, page.pk):
            change.pages = candidate.count_pages_showing(change.owner)
    return candidate


def changes_since(publication, document):
    """The changes from what `publication` shows (in each language) to `document`."""
    site_languages = languages.site_languages()
    published = Published(publication.content) if publication is not None else None
    if published is None or not published.has_documents:
        # Nothing approved to compare with (or frozen before documents existed): show everything.
        return diff.compare(None, document, site_languages)
    by_document = {}
    for language in site_languages:
        by_document.setdefault(published.document_key(language), []).append(language)
    changes = []
    for key, shown_in in by_document.items():
        before = published.documents.get(key)
        changes += diff.compare(before, document, shown_in, plain_fields=settings.LANGUAGE_CODE in shown_in)
    return changes


@dataclass
class SinceChangeRequest:
    request: object  # the review log's request for changes
    changes: list


def since_change_request(page):
    """
    What changed in the page's own content since a reviewer last requested
    changes, against the revision they saw (for a request logged before the
    log kept it, the page's latest revision then); None when no request was
    made since the page's last approval.
    """
    request = page.review_events.change_request_since_approval()
    if request is None:
        return None
    revision = request.revision or versioning.revision_at(page, request.created_at)
    before = documents.from_revision(revision, page) if revision is not None else None
    if before is None:
        return None
    return SinceChangeRequest(request, diff.compare(before, documents.current(page), languages.site_languages()))
