"""
The content of a publication: the page document, and for each language how
it is shown (which document, whether a reviewer checked it, by whom, whether
the English has moved on since its translation).
"""

import json

from django.db import models
from django.db.models import Value
from django.utils import timezone, translation

from .. import documents, translation_status
from ..languages import SOURCE_LANGUAGE, site_languages
from ..publications import Published


def _is_outdated(rows, language):
    return language != SOURCE_LANGUAGE and bool(translation_status.outdated_fields(rows, language))


def _content(key, document, entries, earlier_documents=None):
    return {
        "schema": documents.SCHEMA,
        "documents": {key: document, **(earlier_documents or {})},
        "languages": entries,
    }


def provisional(document, key, outdated):
    """
    A page published before any medical review: every language as it is now,
    none checked. `key` is the document's fingerprint; `outdated`, the
    languages whose translations lag behind the English (`translation_status.outdated_languages`).
    """
    entries = {
        language: {"document": key, "reviewed": False, "outdated": language in outdated}
        for language in site_languages()
    }
    return _content(key, document, entries)


def encoded(content, encoded_documents):
    """
    The `documents.canonical` JSON of a publication's `content`, reusing the
    JSON of its documents, written already (`encoded_documents`: {fingerprint: canonical JSON}).
    """
    held = content["documents"]
    return documents.joined(
        {
            key: documents.joined(encoded_documents) if value is held else documents.canonical(value)
            for key, value in content.items()
        }
    )


class _Written:
    """A JSON text, which `_AsWritten` writes as it is."""

    def __init__(self, text):
        self.text = text


class _AsWritten(json.JSONEncoder):
    def encode(self, o):
        return o.text if isinstance(o, _Written) else super().encode(o)


def stored_as_written(text):
    """
    An expression storing a publication's content from its JSON `text` as
    it is, rather than from the content, which the field would write again;
    and, on PostgreSQL, as one quoted value: psycopg would escape it
    character by character in Python within the array of values that a bulk
    insert otherwise sends.
    """
    return Value(_Written(text), output_field=models.JSONField(encoder=_AsWritten))


def reviewer_credit(reviewer, language):
    """“Dr Ada Lane, MD, paediatric rheumatologist” with the credentials in `language`."""
    with translation.override(language):
        return str(reviewer.reviewer_profile)


def reviewed(document, rows, reviewer, languages, previous=None, full_review=True):
    """
    What a reviewer approves: the languages they checked as they are now; any
    other language keeps the text approved before, or, never having been
    approved, is shown as not yet medically reviewed.

    A full review credits the reviewer with the page's review on today's date.
    The approval of a change keeps, for each language reviewed before, the
    credit and date of its last full review, and notes when the change was
    approved; a language reviewed for the first time is reviewed in full.
    """
    key = documents.fingerprint(document)
    today = timezone.localdate().isoformat()
    earlier = {}
    entries = {}
    for language in site_languages():
        if language in languages:
            entries[language] = {
                "document": key,
                "reviewed": True,
                "reviewed_by": reviewer_credit(reviewer, language),
                "reviewed_on": today,
                "outdated": _is_outdated(rows, language),
            }
            last_full_review = None if full_review else _last_full_review(previous, language)
            if last_full_review is not None:
                entries[language].update(last_full_review, change_approved_on=today)
        elif previous is not None and Published(previous.content).is_reviewed_in(language):
            entries[language], carried = Published(previous.content).kept(language)
            earlier.update(carried)
        else:
            entries[language] = {"document": key, "reviewed": False, "outdated": _is_outdated(rows, language)}
    return _content(key, document, entries, earlier)


def _last_full_review(previous, language):
    """Who reviewed `language` of the page in full, and when, as the previous publication says; None if nobody."""
    if previous is None:
        return None
    review = Published(previous.content).last_full_review(language)
    if review is None:
        return None
    return {**review, "reviewed_on": review["reviewed_on"].isoformat()}
