"""
Finding a disease by any of its names, abbreviations or symptoms, in the
visitor's language, among what the public can read.

PostgreSQL ranks with its full-text search (stemming per language); other
databases get a plain word match ranked names first.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry
from .pages import page_in_language, plain

MAX_QUERY_LENGTH = 200
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
SNIPPET_RADIUS = 80


@dataclass
class Result:
    entry: SearchEntry
    snippet: str


def entry_texts(page):
    """What a page's search entry holds: its names, and what else a visitor may search for."""
    names = " ".join(plain(part) for name in page["names"] for part in (name["name"], name["abbreviation"]) if part)
    # Shared groups are on every page: they would match every disease alike.
    symptoms = [plain(symptom["text"]) for group in page["groups"] for symptom in group["symptoms"]]
    body = " ".join([plain(page["definition"]), *symptoms, *(plain(p["term"]) for p in page["pronunciations"])])
    return names, body


def index(disease):
    """Rebuild the disease's search entries from what the public reads now."""
    SearchEntry.objects.filter(disease=disease).delete()
    if disease.live is None:
        return
    entries = []
    for language, _name in settings.LANGUAGES:
        page = page_in_language(disease.live.content, language)
        names, body = entry_texts(page)
        entries.append(SearchEntry(disease=disease, language=language, title=page["title"], names=names, body=body))
    SearchEntry.objects.bulk_create(entries)


def clean_query(query):
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def search(query, language):
    """Ranked results for `query` among public pages in `language`."""
    query = clean_query(query)
    if not query:
        return []
    entries = SearchEntry.objects.filter(language=language, disease__live__isnull=False).select_related("disease")
    if connection.vendor == "postgresql":
        return _postgres_search(entries, query, language)
    return _plain_search(entries, query)


def _postgres_search(entries, query, language):
    config = TEXT_SEARCH_CONFIGS.get(language, "simple")
    vector = SearchVector("names", weight="A", config=config) + SearchVector("body", weight="B", config=config)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    simple_query = SearchQuery(query, search_type="websearch", config="simple")
    names_vector = SearchVector("names", config="simple")
    rows = (
        entries.annotate(document=vector, plain_names=names_vector)
        # Match first: ts_rank gives a tiny positive rank even to rows that do not match.
        .filter(Q(document=search_query) | Q(plain_names=simple_query) | Q(names__icontains=query))
        .annotate(
            rank=SearchRank(vector, search_query) + SearchRank(names_vector, simple_query),
            snippet=SearchHeadline(
                "body",
                search_query,
                config=config,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=10,
            ),
        )
        .order_by("-rank", "title")
    )
    # SearchHeadline returns the stored text with only <mark> added: escape
    # everything else before it is shown.
    return [Result(row, _safe_headline(row.snippet)) for row in rows]


def _safe_headline(text):
    parts = re.split(r"(</?mark>)", text or "")
    return mark_safe("".join(part if part in ("<mark>", "</mark>") else escape(part) for part in parts))  # noqa: S308 - every part but <mark> is escaped


def _plain_search(entries, query):
    words = [word for word in re.split(r"\W+", query.casefold()) if word]
    if not words:
        return []
    results = []
    for entry in entries:
        names, body = entry.names.casefold(), entry.body.casefold()
        if not all(word in names or word in body for word in words):
            continue
        rank = sum(2 if word in names else 1 for word in words)
        results.append((rank, entry))
    results.sort(key=lambda item: (-item[0], item[1].title.casefold()))
    return [Result(entry, _plain_snippet(entry.body, words)) for _rank, entry in results]


def _plain_snippet(text, words):
    lowered = text.casefold()
    position = min((lowered.find(word) for word in words if word in lowered), default=0)
    start = max(0, position - SNIPPET_RADIUS)
    excerpt = text[start : position + SNIPPET_RADIUS * 2]
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    highlighted = pattern.sub(lambda match: f"\0{match.group(0)}\1", excerpt)
    html = escape(highlighted).replace("\0", "<mark>").replace("\1", "</mark>")
    return mark_safe(("…" if start else "") + html + ("…" if len(text) > start + len(excerpt) else ""))  # noqa: S308 - escaped above
