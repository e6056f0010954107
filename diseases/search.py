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
import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, Func, IntegerField, Max, Min, Q, Value, When, Window
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import languages, page_cache, parts
from .folding import WORD, fold
from .models import Disease, PendingReindex, SearchEntry, SearchSynonym, SearchTerm
from .pages import plain
from .publications import page_in_language

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RESULT_FIELDS = ("title", "names", "symptoms", "body", "disease__slug")
SNIPPET_RADIUS = 80
SUGGESTIONS = 5
# How alike (the share of trigrams in common) a word of a name, symptom or
# synonym must be to an unknown word of a query that found nothing to replace
# it in the corrected query, and to be suggested.
SIMILARITY = 0.45
SUGGESTED_SIMILARITY = 0.3
# Words shorter than this are never corrected: too few trigrams to tell.
CORRECTED_LENGTH = 4
# Synonyms of one language kept in each app process at most.
MAX_SYNONYMS = 10_000
# The synonyms' version in the shared cache, which each save or delete of one changes.
SYNONYMS_VERSION_PREFIX = "search-synonyms:version"
# The search entries' version in the shared cache, which each indexing changes.
ENTRIES_VERSION_PREFIX = "search-entries:version"
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
    _entries_changed()
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
                search_vector=_stripped(SearchVector("folded_names", "folded_symptoms", "folded_body", config=config)),
                names_vector=_stripped(SearchVector("folded_names", config=config)),
                symptoms_vector=_stripped(SearchVector("folded_symptoms", config=config)),
            )


def _stripped(vector):
    """
    The words of `vector` without their positions: enough to match them, and
    small, so that testing every matching page stays fast (a vector with its
    positions is large enough to be stored apart from its row).
    """
    return Func(vector, function="strip", output_field=SearchVectorField())


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


@dataclass(frozen=True)
class Atom:
    """A word or quoted phrase of a query, as folded words; `plain` when typed bare (neither quoted nor excluded)."""

    words: tuple
    start: int  # where it is in the query
    end: int
    plain: bool = False


@dataclass
class ParsedQuery:
    """
    What a query asks: every clause must match (any one of its
    alternatives: words joined by OR, or a synonym's meaning), no excluded
    atom may; and the synonyms applied, as (the words typed, what they mean).
    """

    required: list = field(default_factory=list)  # [[Atom, …], …]
    excluded: list = field(default_factory=list)  # [Atom, …]
    synonyms: list = field(default_factory=list)

    @property
    def words(self):
        """Every folded word a matching page may show, once each."""
        return list(dict.fromkeys(word for clause in self.required for atom in clause for word in atom.words))


# A quoted phrase (maybe “-” before it, maybe unclosed), or anything up to a space.
TOKEN = re.compile(r'(?P<minus>-?)"(?P<phrase>[^"]*)"?|(?P<word>\S+)')


def parse(query):
    """
    The clauses of a cleaned query, in web-search syntax as PostgreSQL reads
    it: words, “quoted phrases” (all their words), OR between two of them,
    and “-” before a word or phrase to exclude it. Phrases match as all
    their words on every database: the search vector keeps no positions.
    """
    parsed, join_next = ParsedQuery(), False
    for token in TOKEN.finditer(query):
        text = token["word"]
        if text is not None and text.casefold() == "or":
            join_next = bool(parsed.required)
            continue
        excluded = bool(token["minus"]) if text is None else text.startswith("-")
        if text is None:
            text = token["phrase"]
        bare = token["word"] is not None and not excluded
        atom = Atom(tuple(WORD.findall(fold(text))), token.start(), token.end(), plain=bare)
        if not atom.words:
            continue
        if excluded:
            parsed.excluded.append(atom)
        elif join_next:
            parsed.required[-1].append(atom)
        else:
            parsed.required.append([atom])
        join_next = False
    return parsed


def with_synonyms(query, parsed, language):
    """
    `parsed` (of `query`) with each run of bare words that is a synonym's
    term (the longest first) also matching what the term means, among the
    runs of up to `SearchSynonym.MAX_TERM_WORDS` words.
    """
    bare = {index for index, clause in enumerate(parsed.required) if len(clause) == 1 and clause[0].plain}
    runs = {}  # {(first clause, last clause): their words, folded, as a synonym's term is stored}
    for first in sorted(bare):
        words, last = (), first
        while last in bare:
            words += parsed.required[last][0].words
            if len(words) > SearchSynonym.MAX_TERM_WORDS:
                break
            runs[(first, last)] = " ".join(words)
            last += 1
    if not runs:
        return parsed
    synonyms = _synonyms(language).meanings
    meanings = {term: [means for means, _as_written in synonyms[term]] for term in runs.values() if term in synonyms}
    shown = {term: [as_written for _means, as_written in synonyms[term]] for term in meanings}
    expanded, taken = ParsedQuery(excluded=parsed.excluded), set()
    replaced = {}
    # Longest runs first, then leftmost: “bone inflammation” before “bone”.
    for (first, last), term in sorted(runs.items(), key=lambda run: (run[0][0] - run[0][1], run[0][0])):
        span = set(range(first, last + 1))
        if term not in meanings or span & taken:
            continue
        taken |= span
        atoms = [parsed.required[index][0] for index in sorted(span)]
        whole = Atom(tuple(term.split()), atoms[0].start, atoms[-1].end)
        replaced[first] = [whole, *(Atom(tuple(means.split()), whole.start, whole.end) for means in meanings[term])]
        typed = " ".join(query[atom.start : atom.end] for atom in atoms)
        expanded.synonyms += [(typed, means) for means in shown[term]]
    for index, clause in enumerate(parsed.required):
        if index in replaced:
            expanded.required.append(replaced[index])
        elif index not in taken:
            expanded.required.append(clause)
    return expanded


@dataclass
class Result:
    entry: SearchEntry
    snippet: str
    matched: list = field(default_factory=list)  # the names and symptoms that matched
    url: str = ""  # the page's address, which the view gives


@dataclass
class Results:
    query: str  # what was searched: the visitor's words, or their correction
    page: object  # a Paginator page of `Result`
    suggestions: list = field(default_factory=list)
    typed: str = ""  # what the visitor typed, when the results are of a correction
    synonyms: list = field(default_factory=list)  # [(the words typed, what they mean)] the search applied
    # False when the query held nothing to look for (only exclusions, only signs).
    asked: bool = True

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def found_nothing(self):
        """Whether something was looked for and nothing found: a search gap."""
        return self.asked and not self.count


def _no_results(query):
    return Results(query, Paginator([], RESULTS_PER_PAGE).get_page(1), asked=False)


def search(query, language, page_number=1, correct=True):
    """
    One page of ranked results for `query` among public pages in `language`,
    synonyms applied. When nothing matches: the results of the query with
    its unknown words corrected (unless `correct` is false), else
    suggestions for them.
    """
    query = clean_query(query)
    parsed = with_synonyms(query, parse(query), language)
    if not parsed.required:
        return _no_results(query)
    results = _search(query, parsed, language, page_number)
    if results.count:
        return results
    vocabularies = _vocabularies_for(parsed, language)
    misspelt = _misspellings(parsed, vocabularies)
    corrected = _corrected(query, misspelt) if correct else None
    reparsed = with_synonyms(corrected, parse(corrected), language) if corrected else ParsedQuery()
    # A correction may leave nothing to search (a word corrected into “or”).
    if reparsed.required:
        retried = _search(corrected, reparsed, language, page_number)
        if retried.count:
            retried.typed = query
            return retried
    results.suggestions = _suggestions(parsed, misspelt, vocabularies)
    return results


def _search(query, parsed, language, page_number):
    entries = SearchEntry.objects.filter(language=language)
    if connection.vendor == "postgresql":
        page = _counted_page(_postgres_matches(entries, parsed, language), page_number)
    elif not _may_match(parsed, language):
        # Without an index every match costs a scan: none for a word on no page (a typo, before its correction).
        page = Paginator([], RESULTS_PER_PAGE).get_page(page_number)
    else:
        # Rank on the entries' ids alone, then read the page's rows: a word on
        # every page (a shared symptom) would carry a thousand whole rows through the scan.
        matching = list(_plain_matches(entries, parsed).values_list("pk", flat=True))
        page = Paginator(matching, RESULTS_PER_PAGE).get_page(page_number)
        found = _shown(SearchEntry.objects.all()).in_bulk(page.object_list)
        page.object_list = [found[pk] for pk in page.object_list]
    pattern = word_pattern(parsed.words)
    page.object_list = [_result(entry, pattern) for entry in page.object_list]
    return Results(query, page, synonyms=parsed.synonyms)


def _shown(entries):
    """What a result shows: not the folded texts nor the vectors, nor the page's own fields."""
    return entries.select_related("disease").only(*RESULT_FIELDS)


def _counted_page(matches, page_number):
    """
    One page of `matches` and how many there are, in one query: the count
    comes with the page's ids (a window function), since counting alone
    costs as much as ranking every match, and the page's rows are joined to
    its ids only once they are ranked.
    """
    # As Django's `Paginator.get_page`, which other databases' results take:
    # what is not a whole number is the first page; a number before the first
    # page or past the last (past what the database's OFFSET takes, too) the last.
    try:
        number = int(page_number or 1)
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= MAX_PAGE_NUMBER:
        number = MAX_PAGE_NUMBER
    offset = (number - 1) * RESULTS_PER_PAGE
    ranked = matches.annotate(total=Window(Count("pk"))).values_list("pk", "total", "rank", "sort_key")
    rows = _ranked_rows(ranked[offset : offset + RESULTS_PER_PAGE])
    paginator = Paginator(matches.values_list("pk", flat=True), RESULTS_PER_PAGE)
    # Nothing on the first page means nothing at all; past the last page, count to find the last.
    paginator.count = rows[0][0] if rows else (matches.count() if number > 1 else 0)
    page = paginator.get_page(number)
    if page.number == number:
        page.object_list = [entry for _total, entry in rows]
    else:
        ids = list(page.object_list)
        found = _shown(SearchEntry.objects.all()).in_bulk(ids)
        page.object_list = [found[pk] for pk in ids]
    return page


# The entry's columns a result shows, in the model's order (as `Model.from_db` takes them).
SHOWN_COLUMNS = [
    field.attname
    for field in SearchEntry._meta.concrete_fields
    if field.attname in {"id", "disease_id", *RESULT_FIELDS}
]


def _ranked_rows(ranked):
    """
    [(how many match, entry)] of a page of ranked ids (`ranked`: pk, total,
    rank and sort key), each entry read with its page's slug in the same
    query: only the page's rows are joined, rather than every match's
    carried through the ranking.
    """
    inner, params = ranked.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(f"entry.{quote(name)}" for name in SHOWN_COLUMNS)
    # Names of our own tables and columns, quoted; the values are parameters.
    sql = (
        f"SELECT page.total, {columns}, disease.{quote('slug')} FROM ({inner}) AS page "  # noqa: S608
        f"JOIN {quote(SearchEntry._meta.db_table)} AS entry ON entry.{quote('id')} = page.pk "
        f"JOIN {quote(Disease._meta.db_table)} AS disease ON disease.{quote('id')} = entry.{quote('disease_id')} "
        "ORDER BY page.rank DESC, page.sort_key, page.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = []
    for total, *values, slug in found:
        entry = SearchEntry.from_db(connection.alias, SHOWN_COLUMNS, values)
        entry.disease = Disease.from_db(connection.alias, ["id", "slug"], [entry.disease_id, slug])
        rows.append((total, entry))
    return rows


def _postgres_matches(entries, parsed, language):
    config = languages.text_search_config(language)

    def plain_query(*words):
        # Plain: the words alone, whatever operators they held; stemmed, stop words left out.
        return SearchQuery(" ".join(words), search_type="plain", config=config)

    def atom_query(atom):
        return plain_query(*atom.words)

    search_query = functools.reduce(
        operator.and_,
        [
            *(functools.reduce(operator.or_, map(atom_query, clause)) for clause in parsed.required),
            *(~atom_query(atom) for atom in parsed.excluded),
        ],
    )
    rank = _rank(
        parsed.words,
        named=lambda word: Q(names_vector=plain_query(word)),
        listed=lambda word: Q(symptoms_vector=plain_query(word)),
    )
    return entries.filter(search_vector=search_query).annotate(rank=rank).order_by("-rank", "sort_key", "pk")


def _rank(keys, named, listed):
    """
    How well an entry matches, the same on every database: each word (by its
    key) counts 3 where the page is named by it, 2 where it lists it as a
    symptom, 1 where it is only in the rest of the page.
    """
    return sum(
        Case(
            When(named(key), then=Value(3)),
            When(listed(key), then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        for key in keys
    )


def _stem(word):
    """A rough stem for databases without stemming: “fevers” and “fever” share “feve”."""
    return word[: max(4, len(word) - 2)]


def _contains_all(words):
    """Entries holding every one of `words` (by their stems) in any of their texts."""
    return functools.reduce(
        operator.and_,
        (
            Q(folded_names__contains=stem) | Q(folded_symptoms__contains=stem) | Q(folded_body__contains=stem)
            for stem in map(_stem, words)
        ),
    )


_lexicons = {}


def _entries_version_key():
    return f"{ENTRIES_VERSION_PREFIX}:{page_cache.site_digest()}"


def _entries_changed():
    """
    Search entries are being written: every app server reads its lexicons
    again, at once and once the transaction commits (a lexicon holding
    words no page has any more only costs a scan).
    """
    page_cache.new_version(_entries_version_key())
    transaction.on_commit(lambda: page_cache.new_version(_entries_version_key()))


def _lexicon(language):
    """
    Every word of the entries of `language`, one a line, read once per
    process until entries are written anywhere: a stem that none of them
    holds is in no entry's folded texts.
    """
    version = page_cache.shared_version(_entries_version_key())
    key = (language, version)
    if key not in _lexicons:
        for stale in [known for known in _lexicons if known[1] != version]:
            del _lexicons[stale]
        words = set()
        texts = SearchEntry.objects.filter(language=language).values_list(
            "folded_names", "folded_symptoms", "folded_body"
        )
        for row in texts.iterator():
            for text in row:
                words.update(WORD.findall(text))
        _lexicons[key] = "\n".join(words)
    return _lexicons[key]


def _may_match(parsed, language):
    """Whether each clause of `parsed` has an atom whose stems are all in some entry, as `_plain_matches` asks."""
    lexicon = _lexicon(language)
    return all(any(all(_stem(word) in lexicon for word in atom.words) for atom in clause) for clause in parsed.required)


def _plain_matches(entries, parsed):
    found = entries
    for clause in parsed.required:
        found = found.filter(functools.reduce(operator.or_, (_contains_all(atom.words) for atom in clause)))
    for atom in parsed.excluded:
        found = found.exclude(_contains_all(atom.words))
    rank = _rank(
        dict.fromkeys(map(_stem, parsed.words)),
        named=lambda stem: Q(folded_names__contains=stem),
        listed=lambda stem: Q(folded_symptoms__contains=stem),
    )
    return found.annotate(rank=rank).order_by("-rank", "sort_key")


# Unicode's blocks of accented Latin letters: Latin-1 Supplement, Extended-A and -B, and Extended Additional.
LATIN_LETTER_BLOCKS = (range(0xC0, 0x250), range(0x1E00, 0x1F00))


def _accented_letters():
    """{letter: the accented letters that fold to it} for the Latin alphabets."""
    variants = {}
    for code in itertools.chain.from_iterable(LATIN_LETTER_BLOCKS):
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


def _misspellings(parsed, vocabularies):
    """
    (atom, word, [(similar word, similarity), …] best first) for each word
    typed bare that no name, symptom or synonym holds: the likely
    misspellings, each with the words it may have meant.
    """
    misspelt = []
    for clause in parsed.required:
        for atom in clause:
            for word in atom.words if atom.plain else ():
                known = any(word in vocabulary.terms_with for vocabulary in vocabularies)
                if not known and len(word) >= CORRECTED_LENGTH and not word.isdigit():
                    misspelt.append((atom, word, _closest_words(word, vocabularies)))
    return misspelt


def _corrected(query, misspelt):
    """
    `query` with each misspelt word replaced by the closest word of a name,
    symptom or synonym (at least `SIMILARITY` alike), or None when none is.
    """
    replacements = [
        (atom, word, similar[0][0]) for atom, word, similar in misspelt if similar and similar[0][1] >= SIMILARITY
    ]
    if not replacements:
        return None
    corrected, position = [], 0
    for atom, word, replacement in replacements:
        # The word where it was typed, whatever its case or accents.
        for typed in WORD.finditer(query, max(atom.start, position), atom.end):
            if fold(typed.group()) == word:
                corrected += [query[position : typed.start()], replacement]
                position = typed.end()
                break
    return "".join([*corrected, query[position:]])


def _suggestions(parsed, misspelt, vocabularies):
    """
    The names, symptoms and synonyms closest to the misspelt words of a
    query that found nothing; when every word is known, to its longest word.
    """
    similar_words = [similar for _atom, _word, similar in misspelt] or [
        _closest_words(max(parsed.words, key=len), vocabularies)
    ]
    suggestions = []
    for similar in similar_words:
        for word, _similarity in similar:
            for vocabulary in vocabularies:
                for text in sorted(vocabulary.terms_with.get(word, ())):
                    if text not in suggestions:
                        suggestions.append(text)
                    if len(suggestions) == SUGGESTIONS:
                        return suggestions
    return suggestions


def _trigrams(word):
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


_vocabularies = {}


@dataclass
class _Vocabulary:
    """The words of every distinct name and symptom (or synonym), indexed by their trigrams."""

    terms_with: dict  # {word: [the names and symptoms holding it]}
    trigrams_of: dict  # {word: its trigrams}
    words_with: dict  # {trigram: the words holding it}

    @classmethod
    def of(cls, terms):
        """The vocabulary of `terms`, (folded text, text) pairs."""
        terms_with, words_with = {}, {}
        for folded, text in terms:
            for word in set(WORD.findall(folded)):
                terms_with.setdefault(word, []).append(text)
        trigrams_of = {word: _trigrams(word) for word in terms_with}
        for word, grams in trigrams_of.items():
            for gram in grams:
                words_with.setdefault(gram, set()).add(word)
        return cls(terms_with, trigrams_of, words_with)


def _vocabulary(terms, language):
    """The vocabulary of `language`, worked out once per process until the public site changes."""
    generation = page_cache.current_generation()
    key = (language, generation)
    if key not in _vocabularies:
        for stale in [known for known in _vocabularies if known[1] != generation]:
            del _vocabularies[stale]
        _vocabularies[key] = _Vocabulary.of(terms.values_list("folded", "text"))
    return _vocabularies[key]


def _vocabularies_for(parsed, language):
    """The names and symptoms of `language`, and its synonyms' terms when a word typed bare is none of theirs."""
    known = _vocabulary(SearchTerm.objects.filter(language=language), language)
    bare = (word for clause in parsed.required for atom in clause if atom.plain for word in atom.words)
    if all(word in known.terms_with for word in bare):
        return (known,)
    return (known, _synonyms(language).vocabulary)


@dataclass
class _Synonyms:
    """The synonyms of one language, as each app process keeps them."""

    meanings: dict  # {folded term: [(folded meaning, meaning as written), …]}
    terms: list  # [(folded term, term as written), …]

    @functools.cached_property
    def vocabulary(self):
        """The words of the terms, for corrections and suggestions."""
        return _Vocabulary.of(dict.fromkeys(self.terms))


_synonyms_read = {}


def _synonyms_version_key():
    return f"{SYNONYMS_VERSION_PREFIX}:{page_cache.site_digest()}"


def _synonyms(language):
    """
    The synonyms of `language`, read once per process until one is saved or
    deleted anywhere: the shared cache holds their version, which every
    search reads (`synonyms_changed`).
    """
    version = page_cache.shared_version(_synonyms_version_key())
    key = (language, version)
    if key not in _synonyms_read:
        for stale in [known for known in _synonyms_read if known[1] != version]:
            del _synonyms_read[stale]
        meanings, terms = {}, []
        rows = SearchSynonym.objects.filter(language=language).values_list(
            "folded_term", "folded_means", "means", "term"
        )
        for term, means, as_written, term_as_written in rows[:MAX_SYNONYMS]:
            meanings.setdefault(term, []).append((means, as_written))
            terms.append((term, term_as_written))
        _synonyms_read[key] = _Synonyms(meanings, terms)
    return _synonyms_read[key]


def synonyms_changed():
    """
    A synonym was saved or deleted: every app server reads the synonyms
    again, at once (so that the rest of this transaction sees the change)
    and once the transaction commits (so that no server keeps what it read
    before the commit).
    """
    page_cache.new_version(_synonyms_version_key())
    transaction.on_commit(lambda: page_cache.new_version(_synonyms_version_key()))


def _closest_words(folded_word, vocabularies):
    """
    [(word, similarity), …] of the words spelled like `folded_word`, best
    first, by trigram similarity (the share of three-letter sequences in
    common, as PostgreSQL's pg_trgm measures it), at least
    `SUGGESTED_SIMILARITY` alike, worked out over the vocabularies in
    memory: the same answers on every database, and only the words sharing
    a trigram with the query are compared.
    """
    wanted = _trigrams(folded_word)
    scored = {}
    for vocabulary in vocabularies:
        candidates = set().union(*(vocabulary.words_with.get(gram, ()) for gram in wanted))
        for word in candidates - {folded_word}:
            grams = vocabulary.trigrams_of[word]
            similarity = len(wanted & grams) / len(wanted | grams)
            if similarity >= SUGGESTED_SIMILARITY:
                scored[word] = max(similarity, scored.get(word, 0))
    return sorted(scored.items(), key=lambda item: (-item[1], item[0]))
