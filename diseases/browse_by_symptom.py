"""
Browse by symptom: every symptom the public pages list in one language (the
shared groups' and each page's own), the same symptom once whatever its
case, accents, spacing or punctuation, each with the pages that list it.
Read from the search entries, which hold what the public reads now (never
the working rows), in one query however many pages there are.
"""

import functools
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from .folding import fold
from .models import SearchEntry

# Longer slugs are cut, with a digest of the whole to keep them apart.
MAX_SLUG_LENGTH = 80
DIGEST_LENGTH = 8
LEADING_PUNCTUATION = re.compile(r"^[\W_]+")


@functools.lru_cache(maxsize=4096)
def symptom_slug(text):
    """
    The address of a symptom: its text without accents or case, slugified in
    any script. Texts that differ only in case, accents, spacing or
    punctuation share it, and are one symptom; a text without a letter or
    digit, or a long one, is told apart by a digest.
    """
    folded = " ".join(fold(text).split())
    slug = slugify(folded, allow_unicode=True)
    if slug and len(slug) <= MAX_SLUG_LENGTH:
        return slug
    digest = hashlib.sha256((slug or folded).encode()).hexdigest()[:DIGEST_LENGTH]
    kept = slug[: MAX_SLUG_LENGTH - DIGEST_LENGTH - 1].rstrip("-")
    return f"{kept}-{digest}" if kept else digest


def _sort_key(text):
    return LEADING_PUNCTUATION.sub("", fold(text))


@dataclass
class Symptom:
    slug: str
    text: str  # as the first page listing it (A–Z) writes it
    sort_key: str
    pages: list = field(default_factory=list)  # [(title, slug)] of the pages listing it, A–Z

    @property
    def letter(self):
        first = self.sort_key[:1].upper()
        return first if first.isalpha() else "#"


def symptoms(language):
    """Every symptom the public pages list in `language`, A–Z, each with its pages A–Z."""
    entries = (
        SearchEntry.objects.filter(language=language)
        .order_by("sort_key", "disease")
        .values_list("title", "disease__slug", "symptoms")
    )
    found = {}
    for title, page_slug, texts in entries:
        for text in dict.fromkeys(line.strip() for line in texts.splitlines()):
            if not text:
                continue
            slug = symptom_slug(text)
            symptom = found.get(slug)
            if symptom is None:
                symptom = found[slug] = Symptom(slug, text, _sort_key(text))
            if not symptom.pages or symptom.pages[-1][1] != page_slug:
                symptom.pages.append((title, page_slug))
    return sorted(found.values(), key=lambda symptom: (symptom.sort_key, symptom.slug))


def find(language, slug):
    """The symptom at `slug` in `language`, or None."""
    return next((symptom for symptom in symptoms(language) if symptom.slug == slug), None)
