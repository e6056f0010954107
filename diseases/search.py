"""
Finding a disease by whatever a visitor types: any name or abbreviation, any
symptom (the shared groups' included), any word on the page, in the
visitor's language, without caring for accents or case.

Each public page has one `SearchEntry` per language, rebuilt whenever what
the public reads changes. PostgreSQL keeps a weighted search vector per entry
(GIN index) and ranks with language-aware stemming; other databases match
words in the folded text. Both return one page of results, show which names
or symptoms matched, and suggest close names and symptoms when nothing
matches (trigram similarity on PostgreSQL, a plain comparison elsewhere).
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Disease, SearchEntry, SearchTerm
from .pages import page_in_language, plain

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
SNIPPET_RADIUS = 80
SUGGESTIONS = 5
# How alike a name or symptom must be to a query that found nothing to be suggested.
SIMILARITY = 0.3  # trigram word similarity (PostgreSQL)
PLAIN_SIMILARITY = 0.75  # share of matching characters (elsewhere)
WORD = re.compile(r"\w+")
# Characters that no column can hold (NUL) or that mean nothing in a query.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text):
    """`text` without accents or case: “Ostéomyélite” and “osteomyelite” fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _texts(values):
    return [text for text in (plain(value) for value in values) if text]


def entry_texts(page):
    """(names, symptoms, everything else) a visitor reads on `page`, one text per item."""
    names = _texts(part for name in page["names"] for part in (name["name"], name["abbreviation"]))
    groups = [*page["shared_groups"], *page["groups"]]
    symptoms = _texts(symptom["text"] for group in groups for symptom in group["symptoms"])
    body = _texts(
        [
            page["definition"],
            page["cytokines"],
            page["body_areas"],
            page["mostly_affected"],
            page["typical_onset"],
            *(part for item in page["pronunciations"] for part in (item["term"], item["respelling"])),
            *(part for group in groups for part in (group["title"], group["introduction"], group["guidance"])),
            *(part for section in page["sections"] for part in (section["title"], section["body"])),
            *(fact["text"] for fact in page["facts"]),
            *(part for resource in page["resources"] for part in (resource["title"], resource["description"])),
        ]
    )
    return names, symptoms, body


def _sort_key(title):
    return fold(title).strip()


def _letter(sort_key):
    first = sort_key[:1].upper()
    return first if first.isalpha() else "#"


def index(disease):
    """Rebuild the disease's search entries and terms from what the public reads now."""
    SearchEntry.objects.filter(disease=disease).delete()
    SearchTerm.objects.filter(disease=disease).delete()
    if disease.live is None:
        return
    entries, terms = [], []
    for language, _name in settings.LANGUAGES:
        page = page_in_language(disease.live.content, language)
        names, symptoms, body = entry_texts(page)
        sort_key = _sort_key(page["title"])
        entries.append(
            SearchEntry(
                disease=disease,
                language=language,
                title=page["title"],
                sort_key=sort_key,
                letter=_letter(sort_key),
                names="\n".join(names),
                symptoms="\n".join(symptoms),
                body="\n".join(body),
                folded_names=fold("\n".join(names)),
                folded_symptoms=fold("\n".join(symptoms)),
                folded_body=fold("\n".join(body)),
            )
        )
        terms += [
            SearchTerm(disease=disease, language=language, text=text[:500], folded=fold(text)[:500])
            for text in dict.fromkeys([*names, *symptoms])
        ]
    SearchEntry.objects.bulk_create(entries)
    SearchTerm.objects.bulk_create(terms)
    if connection.vendor == "postgresql":
        for language, _name in settings.LANGUAGES:
            config = TEXT_SEARCH_CONFIGS.get(language, "simple")
            SearchEntry.objects.filter(disease=disease, language=language).update(
                search_vector=SearchVector("folded_names", weight="A", config=config)
                + SearchVector("folded_symptoms", weight="B", config=config)
                + SearchVector("folded_body", weight="C", config=config)
            )


def reindex_missing(**kwargs):
    """Index the public pages missing an entry in some site language (after `migrate`, or a new language)."""
    languages = [code for code, _name in settings.LANGUAGES]
    complete = (
        SearchEntry.objects.filter(language__in=languages)
        .values("disease")
        .annotate(languages=Count("language"))
        .filter(languages=len(languages))
        .values("disease")
    )
    for disease in Disease.objects.public().select_related("live").exclude(pk__in=complete):
        index(disease)


def clean_query(query):
    """What can be searched of what was typed: printable, on one line, of a reasonable length."""
    return " ".join(UNSTORABLE.sub(" ", query).split())[:MAX_QUERY_LENGTH]


@dataclass
class Result:
    entry: SearchEntry
    snippet: str
    matched: list = field(default_factory=list)  # the names and symptoms that matched


@dataclass
class Results:
    query: str
    page: object  # a Paginator page of `Result`
    suggestions: list = field(default_factory=list)

    @property
    def count(self):
        return self.page.paginator.count


def search(query, language, page_number=1):
    """One page of ranked results for `query` among public pages in `language`, or suggestions."""
    query = clean_query(query)
    words = [fold(word) for word in WORD.findall(query)]
    if not words:
        return Results(query, Paginator([], RESULTS_PER_PAGE).get_page(1))
    entries = SearchEntry.objects.filter(language=language)
    if connection.vendor == "postgresql":
        found = _postgres_matches(entries, query, language)
    else:
        found = _plain_matches(entries, words)
    page = Paginator(found.select_related("disease"), RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = [_result(entry, words) for entry in page.object_list]
    suggestions = [] if page.paginator.count else suggest(query, language)
    return Results(query, page, suggestions)


def _postgres_matches(entries, query, language):
    config = TEXT_SEARCH_CONFIGS.get(language, "simple")
    # Web-search syntax: quotes, OR and - mean what visitors expect, anything else is words.
    search_query = SearchQuery(fold(query), search_type="websearch", config=config)
    return (
        entries.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "sort_key")
    )


def _stem(word):
    """A rough stem for databases without stemming: “fevers” and “fever” share “feve”."""
    return word[: max(4, len(word) - 2)]


def _plain_matches(entries, words):
    words = [_stem(word) for word in words]
    found = entries
    for word in words:
        found = found.filter(
            Q(folded_names__contains=word) | Q(folded_symptoms__contains=word) | Q(folded_body__contains=word)
        )
    rank = sum(
        Case(
            When(folded_names__contains=word, then=Value(3)),
            When(folded_symptoms__contains=word, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        for word in words
    )
    return found.annotate(rank=rank).order_by("-rank", "sort_key")


def _matches(folded_word, words):
    """Whether a word of the page answers one of the query's words (a shared stem is enough)."""
    return any(folded_word.startswith(_stem(word)) for word in words)


def _matching_items(text, words):
    return [item for item in text.splitlines() if any(_matches(w, words) for w in WORD.findall(fold(item)))]


def _result(entry, words):
    matched = [*_matching_items(entry.names, words), *_matching_items(entry.symptoms, words)]
    return Result(entry, _snippet(entry.body, words), matched[:5])


def _snippet(text, words):
    """An excerpt of `text` around the first match, matches marked; everything else escaped."""
    spans = [m.span() for m in WORD.finditer(text) if _matches(fold(m.group()), words)]
    if not spans:
        return ""
    start = max(0, spans[0][0] - SNIPPET_RADIUS)
    end = min(len(text), spans[0][0] + SNIPPET_RADIUS * 2)
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts += [escape(text[position:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        position = span_end
    parts.append(escape(text[position:end]))
    excerpt = ("…" if start else "") + "".join(parts).replace("\n", " ") + ("…" if end < len(text) else "")
    return mark_safe(excerpt)  # noqa: S308 - the text is escaped, only <mark> is added


def suggest(query, language):
    """The names and symptoms closest to a query that found nothing."""
    folded = fold(query)
    terms = SearchTerm.objects.filter(language=language)
    if connection.vendor == "postgresql":
        close = (
            terms.annotate(similarity=TrigramWordSimilarity(folded, "folded"))
            .filter(similarity__gte=SIMILARITY)
            .order_by("-similarity", "folded")
            .values_list("text", flat=True)
        )
        return list(dict.fromkeys(close[: SUGGESTIONS * 4]))[:SUGGESTIONS]
    return _closest_plainly(folded, dict(terms.values_list("folded", "text")))


def _closest_plainly(folded_query, texts):
    """Terms holding a word (or run of words) spelled closest to the query, best first."""
    width = len(WORD.findall(folded_query)) or 1
    scored = []
    for folded, text in texts.items():
        words = WORD.findall(folded)
        runs = [" ".join(words[i : i + width]) for i in range(max(1, len(words) - width + 1))]
        score = max(difflib.SequenceMatcher(None, folded_query, run).ratio() for run in runs)
        if score >= PLAIN_SIMILARITY:
            scored.append((-score, folded, text))
    return [text for _score, _folded, text in sorted(scored)[:SUGGESTIONS]]
