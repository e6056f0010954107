"""
Finding a disease by whatever a visitor types: any name or abbreviation, any
symptom (the shared groups' included), any word on the page, in the
visitor's language, without caring for accents or case.

Each public page has one `SearchEntry` per language, rebuilt whenever what
the public reads changes. PostgreSQL matches a search vector per entry (GIN
index) with language-aware stemming and ranks pages named by the query first;
other databases match words in the folded text. Both return one page of results, show which names
or symptoms matched, and suggest close names and symptoms when nothing
matches (trigram similarity, as PostgreSQL's pg_trgm measures it).
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Max, Min, Q, Value, When, Window
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import languages, page_cache, parts
from .models import Disease, PendingReindex, SearchEntry, SearchTerm
from .pages import plain
from .publications import page_in_language

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RESULT_FIELDS = ("title", "names", "symptoms", "body", "disease__slug")
SNIPPET_RADIUS = 80
SUGGESTIONS = 5
# How alike a name or symptom must be to a query that found nothing to be suggested.
SIMILARITY = 0.45  # share of trigrams in common
WORD = re.compile(r"\w+")
# Characters that no column can hold (NUL) or that mean nothing in a query.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A minus that is not before a letter, a digit or a quote; and how many are kept.
STRAY_MINUS = re.compile(r'-(?![^\W_]|")')
MAX_MINUSES = 10
MAX_QUERY_WORDS = 32
MAX_PAGE_NUMBER = 100_000
# Rows written in one statement when many pages are indexed at once.
INSERT_BATCH_SIZE = 1000
# Pages republished by one edit that are indexed in its transaction; more are indexed after it commits.
INDEX_IN_TRANSACTION = 20
# Pages reindexed in one transaction after such an edit.
REINDEX_BATCH_SIZE = 200
# How long a recorded reindexing may wait before the dashboard shows it as late.
REINDEX_GRACE = datetime.timedelta(minutes=1)
# What reindexing a page writes over in its entries (PostgreSQL's vectors follow from them).
ENTRY_TEXT_FIELDS = (
    "title",
    "sort_key",
    "letter",
    "names",
    "symptoms",
    "body",
    "folded_names",
    "folded_symptoms",
    "folded_body",
)


def fold(text):
    """`text` without accents or case: “Ostéomyélite” and “osteomyelite” fold alike."""
    return "\n".join(_fold_line(line) for line in text.split("\n"))


@functools.lru_cache(maxsize=2048)
def _fold_line(line):
    # Kept per line: the shared groups' texts are on every page, folded once for all of them.
    decomposed = unicodedata.normalize("NFKD", line.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _texts(values):
    return [text for text in (plain(value) for value in values) if text]


def entry_texts(page):
    """(names, symptoms, everything else) a visitor reads on `page`, one text per item, as `parts` declares them."""
    found = {parts.SEARCH_NAMES: [], parts.SEARCH_SYMPTOMS: [], parts.SEARCH_BODY: []}
    for part, row in parts.page_rows(page):
        for name, where in part.searched_fields():
            found[where].append(row.get(name))
    return _texts(found[parts.SEARCH_NAMES]), _texts(found[parts.SEARCH_SYMPTOMS]), _texts(found[parts.SEARCH_BODY])


def _sort_key(title):
    return fold(title).strip()


def _letter(sort_key):
    first = sort_key[:1].upper()
    return first if first.isalpha() else "#"


def index(disease):
    """Rebuild the disease's search entries and terms from what the public reads now."""
    index_pages([disease])


def index_pages(diseases):
    """
    Rebuild the search entries and terms of `diseases` (with their `live`
    publications) from what the public reads now, in a number of queries that
    does not grow with the number of pages: a shared group's save reindexes
    every page that shows it.
    """
    site_languages = languages.site_languages()
    published = [disease.pk for disease in diseases if disease.live is not None]
    unpublished = [disease.pk for disease in diseases if disease.live is None]
    # Entries in a language the site no longer has go too; the others are written over.
    SearchEntry.objects.filter(
        Q(disease__in=unpublished) | (Q(disease__in=published) & ~Q(language__in=site_languages))
    ).delete()
    if not published:
        return
    entries, terms = [], {}
    for disease in diseases:
        if disease.live is None:
            continue
        for language in site_languages:
            page = page_in_language(disease.live.content, language)
            entry, names_and_symptoms = _entry(disease, language, page)
            entries.append(entry)
            for text in names_and_symptoms:
                term = SearchTerm(language=language, text=text[:500], folded=fold(text)[:500])
                terms.setdefault((language, term.folded), term)
    SearchEntry.objects.bulk_create(
        entries,
        batch_size=INSERT_BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["disease", "language"],
        update_fields=ENTRY_TEXT_FIELDS,
    )
    # Names and symptoms stay suggestions after a page stops showing them: a
    # suggestion that finds nothing costs little, and most are on many pages.
    SearchTerm.objects.bulk_create(terms.values(), batch_size=INSERT_BATCH_SIZE, ignore_conflicts=True)
    if connection.vendor == "postgresql":
        for language in site_languages:
            config = languages.text_search_config(language)
            SearchEntry.objects.filter(disease__in=published, language=language).update(
                search_vector=Func(
                    SearchVector("folded_names", "folded_symptoms", "folded_body", config=config),
                    function="strip",
                    output_field=SearchVectorField(),
                ),
                names_vector=SearchVector("folded_names", weight="A", config=config),
            )


def index_republished(diseases):
    """
    Index `diseases`, just republished in this transaction: at once when
    they are few; when a shared group or reference republished many, right
    after the commit instead (`reindex_pending`), so that the edit's
    transaction, and the locks it holds, stay short.
    """
    if len(diseases) <= INDEX_IN_TRANSACTION:
        index_pages(diseases)
        return
    PendingReindex.objects.bulk_create(PendingReindex(disease=disease) for disease in diseases)
    transaction.on_commit(reindex_pending, robust=True)


def reindex_pending():
    """
    Rebuild the entries of the pages recorded for reindexing, a batch per
    transaction, as their publications are now; a batch that fails stays
    recorded for the next pass (after the next such edit, or the cron job).
    Returns how many pages were reindexed.
    """
    last = PendingReindex.objects.aggregate(last=Max("pk"))["last"]
    reindexed = 0
    while last is not None:
        with transaction.atomic():
            pending = list(
                PendingReindex.objects.filter(pk__lte=last)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", "disease", named=True)[:REINDEX_BATCH_SIZE]
            )
            if not pending:
                break
            # Locked as edits lock them: a publication committing meanwhile is read once it has.
            diseases = list(
                Disease._base_manager.filter(pk__in={row.disease for row in pending})
                .select_related("live")
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            index_pages(diseases)
            PendingReindex.objects.filter(pk__in=[row.pk for row in pending]).delete()
        reindexed += len(diseases)
    if reindexed:
        # Suggestions are worked out once per generation of the public site.
        page_cache.invalidate()
    return reindexed


def pending_reindexing():
    """
    How many pages search still finds by older text than they show, and
    since when: (count, first recorded) or (0, None). Recorded a minute ago
    or more, which the pass right after the commit should have cleared.
    """
    lagging = PendingReindex.objects.filter(recorded_at__lte=timezone.now() - REINDEX_GRACE)
    found = lagging.aggregate(count=Count("disease", distinct=True), since=Min("recorded_at"))
    return found["count"], found["since"]


def _entry(disease, language, page):
    """The search entry of `disease` in `language` from its public `page`, and the names and symptoms it shows."""
    names, symptoms, body = entry_texts(page)
    sort_key = _sort_key(page["title"])
    entry = SearchEntry(
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
    return entry, dict.fromkeys([*names, *symptoms])


def reindex_missing(**kwargs):
    """Index the public pages missing an entry in some site language (after `migrate`, or a new language)."""
    site_languages = languages.site_languages()
    complete = (
        SearchEntry.objects.filter(language__in=site_languages)
        .values("disease")
        .annotate(languages=Count("language"))
        .filter(languages=len(site_languages))
        .values("disease")
    )
    index_pages(list(Disease.objects.public().select_related("live").exclude(pk__in=complete)))


def clean_query(query):
    """What can be searched of what was typed: printable, on one line, of a reasonable length, safe to parse."""
    query = " ".join(UNSTORABLE.sub(" ", unicodedata.normalize("NFKC", query)).split())[:MAX_QUERY_LENGTH]
    # In web-search syntax “-” means “not” before a word or a quoted phrase;
    # elsewhere it means nothing, and PostgreSQL refuses a run of negations.
    query = STRAY_MINUS.sub(" ", query)
    parts = query.split("-")
    query = "-".join(parts[: MAX_MINUSES + 1]) + " ".join(["", *parts[MAX_MINUSES + 1 :]])
    # Each word is a condition: SQLite's parser refuses a query with too many.
    words = list(WORD.finditer(query))
    if len(words) > MAX_QUERY_WORDS:
        query = query[: words[MAX_QUERY_WORDS - 1].end()]
    return " ".join(query.split())


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
    # Rank and count on the entries' ids alone, then read the page's rows: a
    # word on every page (a shared symptom) carried a thousand whole rows
    # through the ranking.
    if connection.vendor == "postgresql":
        page, ids = _counted_page(_postgres_matches(entries, query, language), page_number)
    else:
        # Without an index every match costs a scan: scan once for the ids in order.
        matching = list(_plain_matches(entries, words).values_list("pk", flat=True))
        page = Paginator(matching, RESULTS_PER_PAGE).get_page(page_number)
        ids = page.object_list
    # What a result shows: not the folded texts nor the vectors, nor the page's own fields.
    found = SearchEntry.objects.select_related("disease").only(*RESULT_FIELDS).in_bulk(ids)
    shown = [found[pk] for pk in ids]
    pattern = word_pattern(words)
    page.object_list = [_result(entry, pattern) for entry in shown]
    suggestions = [] if page.paginator.count else suggest(query, language)
    return Results(query, page, suggestions)


def _counted_page(matches, page_number):
    """
    One page of the ids of `matches` and how many there are, in one query:
    the count comes with the page's ids (a window function), since counting
    alone costs as much as ranking every match.
    """
    try:
        # Past the last page is the last page; a page number that overflows the database's OFFSET is too.
        number = min(max(1, int(page_number or 1)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * RESULTS_PER_PAGE
    rows = list(
        matches.annotate(total=Window(Count("pk"))).values_list("pk", "total")[offset : offset + RESULTS_PER_PAGE]
    )
    paginator = Paginator(matches.values_list("pk", flat=True), RESULTS_PER_PAGE)
    # Nothing on the first page means nothing at all; past the last page, count to find the last.
    paginator.count = rows[0][1] if rows else (matches.count() if number > 1 else 0)
    page = paginator.get_page(number)
    return page, [pk for pk, _total in rows] if page.number == number else list(page.object_list)


def _postgres_matches(entries, query, language):
    config = languages.text_search_config(language)
    # Web-search syntax: quotes, OR and - mean what visitors expect, anything else is words.
    search_query = SearchQuery(fold(query), search_type="websearch", config=config)
    # Quoted phrases match as all their words: the matching vector keeps no positions.
    return (
        entries.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("names_vector"), search_query))
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


def _accented_letters():
    """{letter: the accented letters that fold to it} for the Latin alphabets."""
    variants = {}
    for code in range(0xC0, 0x250):
        character = chr(code)
        base = fold(character)
        if len(base) == 1 and base.isalpha() and base != character.casefold():
            variants.setdefault(base, []).append(character)
    return variants


ACCENTED = _accented_letters()


def _letter_pattern(letter):
    alternatives = ACCENTED.get(letter)
    return f"[{re.escape(letter)}{''.join(alternatives)}]" if alternatives else re.escape(letter)


def word_pattern(words):
    """A regular expression finding, in unfolded text, the words that start with a query word's stem."""
    stems = ("".join(_letter_pattern(letter) for letter in _stem(word)) for word in words)
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def _result(entry, pattern):
    lines = [*entry.names.splitlines(), *entry.symptoms.splitlines()]
    matched = [line for line in lines if pattern.search(line)]
    return Result(entry, _snippet(entry.body, pattern), matched[:5])


def _snippet(text, pattern):
    """An excerpt of `text` around the first match, matches marked; everything else escaped."""
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - SNIPPET_RADIUS)
    end = min(len(text), first.start() + SNIPPET_RADIUS * 2)
    parts, position = [], start
    for match in pattern.finditer(text, first.start(), end):
        parts += [escape(text[position : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        position = match.end()
    parts.append(escape(text[position:end]))
    excerpt = ("…" if start else "") + "".join(parts).replace("\n", " ") + ("…" if end < len(text) else "")
    return mark_safe(excerpt)  # noqa: S308 - the text is escaped, only <mark> is added


def suggest(query, language):
    """
    The names and symptoms closest to a query that found nothing, by its
    longest word: the one most likely misspelt, and the most telling.
    """
    words = WORD.findall(fold(query))
    if not words:
        return []
    folded = max(words, key=len)
    return _closest(folded, _vocabulary(SearchTerm.objects.filter(language=language), language))


def _trigrams(word):
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


_vocabularies = {}


@dataclass
class _Vocabulary:
    """The words of every distinct name and symptom, indexed by their trigrams."""

    terms_with: dict  # {word: [the names and symptoms holding it]}
    trigrams_of: dict  # {word: its trigrams}
    words_with: dict  # {trigram: the words holding it}


def _vocabulary(terms, language):
    """The vocabulary of `language`, worked out once per process until the public site changes."""
    generation = page_cache.current_generation()
    key = (language, generation)
    if key not in _vocabularies:
        for stale in [known for known in _vocabularies if known[1] != generation]:
            del _vocabularies[stale]
        terms_with, words_with = {}, {}
        for folded, text in terms.values_list("folded", "text"):
            for word in set(WORD.findall(folded)):
                terms_with.setdefault(word, []).append(text)
        trigrams_of = {word: _trigrams(word) for word in terms_with}
        for word, grams in trigrams_of.items():
            for gram in grams:
                words_with.setdefault(gram, set()).add(word)
        _vocabularies[key] = _Vocabulary(terms_with, trigrams_of, words_with)
    return _vocabularies[key]


def _closest(folded_word, vocabulary):
    """
    The names and symptoms holding a word spelled like `folded_word`, best
    first, by trigram similarity (the share of three-letter sequences in
    common, as PostgreSQL's pg_trgm measures it), worked out over the
    vocabulary this process keeps: the same answers on every database, and
    only the words sharing a trigram with the query are compared.
    """
    wanted = _trigrams(folded_word)
    candidates = set().union(*(vocabulary.words_with.get(gram, ()) for gram in wanted))
    scored = []
    for word in candidates:
        grams = vocabulary.trigrams_of[word]
        score = len(wanted & grams) / len(wanted | grams)
        if score >= SIMILARITY:
            scored.append((-score, word))
    suggestions = []
    for _score, word in sorted(scored):
        suggestions += [text for text in sorted(vocabulary.terms_with[word]) if text not in suggestions]
    return suggestions[:SUGGESTIONS]
