"""Visitors find a disease by any name, abbreviation or symptom, in their language."""

import contextlib
import html
import itertools
import re
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from diseases import search as search_module
from diseases import workflow
from diseases.folding import fold
from diseases.models import Disease, PendingReindex, SearchEntry, SearchSynonym, SearchTerm

from .factories import make_disease

pytestmark = pytest.mark.django_db


def search(client, query, language="en", **params):
    with translation.override(language):
        url = reverse("diseases:search")
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response


def visible_text(response):
    """The page's text as read, without its tags, its spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def found_slugs(response):
    page = response.context["page_obj"]
    return [result.entry.disease.slug for result in page] if page else []


@pytest.mark.parametrize(
    ("query", "language"),
    [("CRMO", "en"), ("crmo", "en"), ("bone pain", "en"), ("osteomielitis", "es"), ("ostéomyélite", "fr")],
)
def test_finds_the_cno_crmo_page(client, demo, query, language):
    response = search(client, query, language)

    assert found_slugs(response)[:1] == ["cno-crmo"]
    assert "<mark>" in response.content.decode()


def test_names_rank_above_other_text(client, demo):
    assert found_slugs(search(client, "AOSD"))[0] == "aosd"


@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 5000, "' OR 1=1; DROP TABLE diseases_disease; --", "<script>alert(1)</script>", "%_\\"],
)
def test_any_query_gets_a_normal_page(client, demo, query):
    response = search(client, query)

    assert "<script>alert(1)" not in response.content.decode()
    assert "cno-crmo" not in found_slugs(response)


def test_unpublished_pages_are_not_found(client, demo, editor):
    workflow.delete(demo, editor)

    assert found_slugs(search(client, "CRMO")) == []


@pytest.mark.parametrize("url", ["/fr/", "/fr/diseases/", "/fr/diseases/?letter=O", "/fr/search/?q=CRMO"])
def test_lists_and_results_link_each_page_in_the_visitors_language(client, demo, url):
    text = client.get(url).content.decode()

    assert '<a href="/fr/diseases/cno-crmo/">' in text


def test_home_page_has_search_a_to_z_and_who_reviews(client, demo):
    response = client.get("/es/")

    text = html.unescape(response.content.decode())
    assert 'role="search"' in text
    assert "Osteomielitis crónica no bacteriana (CNO)" in text
    assert "revisad" in text


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("fatigue", "en"),
        ("brain fog", "en"),
        ("fatiga", "es"),
        ("osteomyelite", "fr"),
        ("OSTÉOMYÉLITE", "fr"),
        ("osteomielitis", "es"),
        ("fevers", "en"),
    ],
)
def test_finds_what_visitors_type_whatever_the_accents_case_or_word_form(client, demo, query, language):
    assert "cno-crmo" in found_slugs(search(client, query, language))


@pytest.mark.parametrize(
    ("query", "language", "status"),
    [
        ("brain fog", "en", "2 pages found for “brain fog”."),
        ("osteomyelitis", "en", "1 page found for “osteomyelitis”."),
        ("fatiga", "es", "2 páginas encontradas para “fatiga”."),
    ],
)
def test_the_results_say_how_many_pages_were_found_for_what_was_searched(client, demo, query, language, status):
    assert status in visible_text(search(client, query, language))


def test_results_say_which_name_or_symptom_matched(client, demo):
    results = search(client, "brain fog").context["page_obj"]

    matched = next(result.matched for result in results if result.entry.disease.slug == "cno-crmo")
    assert any("Brain fog" in item for item in matched)


def test_a_result_names_the_name_that_matched_as_written_and_shows_the_text_around_a_word(client, editor):
    make_disease(editor, slug="alpha", name="Zeta Quartan", abbreviation="ZQ", symptoms=["Weariness"])
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    result = search(client, "quartan").context["page_obj"][0]

    assert result.matched == ["Zeta Quartan"]
    assert "XX" not in result.snippet and "Zeta Quartan is a disease." in html.unescape(
        re.sub(r"<[^>]+>", "", result.snippet)
    )


def test_a_result_names_at_most_five_of_the_names_and_symptoms_that_matched(client, editor):
    symptoms = [f"Fever of kind {number}" for number in range(7)]
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL", symptoms=symptoms)
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    (result,) = search(client, "fever").context["page_obj"]

    assert len(result.matched) == 5
    assert all("Fever of kind" in item for item in result.matched)


def test_a_result_shows_the_words_around_what_matched_with_the_matches_marked_and_the_rest_escaped():
    text = "CNO <b>is</b> rare. Bone pain, then more pain, in the long bones; " + "and so on. " * 20

    snippet = search_module._snippet(text, search_module.word_pattern(["pain"]))

    # From 80 characters before the first match to 160 after its start, cut where a longer text goes on.
    assert snippet == (
        "CNO &lt;b&gt;is&lt;/b&gt; rare. Bone <mark>pain</mark>, then more <mark>pain</mark>, in the long bones; "
        + ("and so on. " * 20)[: 160 - len("pain, then more pain, in the long bones; ")]
        + "…"
    )


def test_a_match_further_on_is_shown_on_one_line_after_an_ellipsis_and_none_is_shown_without_one():
    text = "Intro line.\n" * 12 + "Bone pain\nat night. " + "Rest. " * 30 + "More pain."
    pain = text.index("pain")

    snippet = search_module._snippet(text, search_module.word_pattern(["pain"]))

    # The second “pain” is past the excerpt's end: neither shown nor marked.
    before, after = text[pain - 80 : pain], text[pain + 4 : pain + 160]
    assert snippet == "…" + before.replace("\n", " ") + "<mark>pain</mark>" + after.replace("\n", " ") + "…"
    assert search_module._snippet("Nothing to see.", search_module.word_pattern(["pain"])) == ""


def test_a_result_marks_a_word_whatever_accented_latin_letters_it_is_written_with():
    """Every accented Latin letter (Latin-1 to Vietnamese) is marked where its plain letter is searched."""
    for code in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        letter = chr(code)
        plain = fold(letter)
        if len(plain) != 1 or not plain.isalpha() or plain == letter.casefold():
            continue
        written = f"Said {letter * 4}, plainly."
        assert search_module._snippet(written, search_module.word_pattern([plain * 4])) == (
            f"Said <mark>{letter * 4}</mark>, plainly."
        ), f"U+{code:04X}"


def test_the_words_like_a_misspelling_come_most_alike_first_then_in_alphabetical_order():
    vocabulary = search_module._Vocabulary.of(
        [(word, word) for word in ("swelling", "swollen", "smelling", "dwelling")]
    )

    closest = search_module._closest_words("swellings", [vocabulary])

    assert [word for word, _similarity in closest] == ["swelling", "dwelling", "smelling"]
    assert closest[0][1] == pytest.approx(8 / 11) and closest[1][1] == closest[2][1] == pytest.approx(5 / 14)


def test_a_word_exactly_as_alike_as_the_least_suggested_likeness_is_suggested():
    """
    Of the 9 three-letter sequences “fevre” and “fever” hold between them,
    they share 3 (1/3 alike); “fevre” and “fevers”, 3 of 10: exactly the least.
    """
    vocabulary = search_module._Vocabulary.of([(word, word) for word in ("fever", "fevers", "lever")])

    closest = search_module._closest_words("fevre", [vocabulary])

    assert closest == [("fever", pytest.approx(1 / 3)), ("fevers", pytest.approx(search_module.SUGGESTED_SIMILARITY))]


def test_a_misspelling_exactly_as_alike_as_the_least_corrected_likeness_is_corrected():
    query = "fevre pain"
    atom = search_module.parse(query).required[0][0]

    def corrected(similarity):
        return search_module._corrected(query, [(atom, "fevre", [("fever", similarity)])])

    assert corrected(search_module.SIMILARITY) == "fever pain"
    assert corrected(search_module.SIMILARITY - 0.01) is None


@pytest.mark.parametrize(
    ("query", "corrected", "found"),
    [("tirednes", "tiredness", {"cno-crmo", "aosd"}), ("crmo tirednes", "crmo tiredness", {"cno-crmo"})],
)
def test_a_misspelt_synonym_is_corrected_alone_or_beside_a_word_the_pages_hold(client, demo, query, corrected, found):
    """The synonyms' words are looked at only when a word typed bare is not a name's or a symptom's."""
    response = search(client, query)

    assert f"Showing results for {corrected}." in visible_text(response)
    assert set(found_slugs(response)) == found


def test_a_corrected_search_comes_a_page_at_a_time_too(client, demo, monkeypatch):
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 1)

    pages = [search(client, "fstigue", page=number) for number in (1, 2)]

    assert all("Showing results for fatigue." in visible_text(page) for page in pages)
    assert sorted(found_slugs(pages[0]) + found_slugs(pages[1])) == ["aosd", "cno-crmo"]


def test_searching_from_code_gives_the_first_page_corrected_unless_asked_otherwise(demo, monkeypatch):
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 1)  # two pages of results

    results = search_module.search("fstigue", "en")

    assert (results.query, results.typed, results.page.number) == ("fatigue", "fstigue", 1)
    assert search_module.search("fstigue", "en", correct=False).count == 0


def test_a_page_of_results_costs_the_same_queries_however_many_pages_it_lists(client, editor):
    def queries_of_a_search():
        with CaptureQueriesContext(connection) as queries:
            search(client, "weariness")
        return len(queries)

    counts = []
    for slugs in (["alpha"], ["mu", "zeta"]):
        for slug in slugs:
            make_disease(editor, slug=slug, name=f"{slug.title()} Disease", abbreviation="XD", symptoms=["Weariness"])
            Disease.objects.get(slug=slug).publish_provisionally(editor)
        search(client, "weariness")  # what each app process reads once
        counts.append(queries_of_a_search())

    assert counts[0] == counts[1]


def test_a_synonym_read_before_one_changed_is_not_kept(client, demo):
    for language in ("en", "es"):
        search(client, "tirednes", language)
    SearchSynonym.objects.create(language="en", term="weariness", means="exhaustion")

    search(client, "tirednes")

    assert [language for language, _version in search_module._synonyms_read] == ["en"]


def test_an_app_process_keeps_the_words_it_suggests_from_only_for_what_the_public_reads_now(
    client, demo, editor, django_capture_on_commit_callbacks
):
    for language in ("en", "es", "fr"):
        search(client, "ostelgia", language, exact="1")
    with django_capture_on_commit_callbacks(execute=True):
        make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL")
        Disease.objects.get(slug="alpha").publish_provisionally(editor)

    search(client, "ostelgia", "es", exact="1")

    assert [language for language, _generation in search_module._vocabularies] == ["es"]


def test_only_words_of_at_least_the_corrected_length_count_as_misspelt():
    vocabulary = search_module._Vocabulary.of([("fever", "Fever")])

    def misspelt(query):
        return [word for _atom, word, _similar in search_module._misspellings(search_module.parse(query), [vocabulary])]

    assert misspelt("feve fev") == ["feve"]
    assert len("feve") == search_module.CORRECTED_LENGTH


def test_a_misspelling_searched_exactly_finds_nothing_but_suggests_the_closest_names(client, demo):
    response = search(client, "osteomylitis", exact="1")

    assert found_slugs(response) == []
    suggestions = response.context["results"].suggestions
    assert any("Osteomyelitis" in suggestion for suggestion in suggestions)
    assert "Did you mean:" in html.unescape(response.content.decode())


def test_a_search_of_nothing_but_an_exclusion_finds_nothing_and_says_what_was_searched(client, demo):
    response = search(client, "-bone")

    assert found_slugs(response) == []
    assert "0 pages found for “-bone”." in visible_text(response)


def test_a_search_of_known_words_no_page_holds_together_suggests_words_like_its_longest(client, editor):
    """“multifocal” is the longer word, “onset” the later in the alphabet: words like the longer are suggested."""
    for slug, name in [("alpha", "Multifocal Alpha"), ("mu", "Multifocus Mu"), ("zeta", "Zeta Onset")]:
        make_disease(editor, slug=slug, name=name, abbreviation=slug.upper())
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    results = search(client, "onset multifocal").context["results"]

    assert results.count == 0
    assert results.suggestions == ["Multifocus Mu"]


@pytest.mark.parametrize("query", ['"osteomielitis crmo"', "crmo -osteomielitis"])
def test_a_word_in_quotes_or_excluded_is_never_corrected(client, demo, query):
    """Quotes ask for the words exactly as typed; an excluded word need not be found."""
    response = search(client, query)

    assert response.context["results"].typed == ""
    assert "Showing results for" not in response.content.decode()


def test_a_name_a_page_brings_is_suggested_as_soon_as_the_page_is_public(
    client, editor, django_capture_on_commit_callbacks
):
    """Each app process keeps the words it suggests from, until the public site changes."""
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL")
    with django_capture_on_commit_callbacks(execute=True):
        Disease.objects.get(slug="alpha").publish_provisionally(editor)
    assert search(client, "ostelgia", exact="1").context["results"].suggestions == []

    make_disease(editor, slug="mu", name="Ostealgia", abbreviation="OA")
    with django_capture_on_commit_callbacks(execute=True):
        Disease.objects.get(slug="mu").publish_provisionally(editor)

    assert any("Ostealgia" in word for word in search(client, "ostelgia", exact="1").context["results"].suggestions)


def test_a_word_spelled_right_is_neither_corrected_nor_suggested_for_when_another_finds_nothing(client, demo):
    """“bone” is on the pages, “bones” is alike; only the word no page holds is misspelt, and nothing is like it."""
    results = search(client, "bone qqqqzzzz").context["results"]

    assert (results.count, results.typed, results.suggestions) == (0, "", [])


@pytest.mark.parametrize(
    ("query", "corrected"),
    [
        ("osteomielitis crmo", "osteomyelitis crmo"),
        ("CRMO ostemyelitis", "CRMO osteomyelitis"),
        ("Chronik osteomielitis", "chronic osteomyelitis"),  # both words
    ],
)
def test_a_misspelt_word_is_corrected_and_the_visitor_may_search_their_own_words(client, demo, query, corrected):
    response = search(client, query)

    assert found_slugs(response) == ["cno-crmo"]
    assert f"Showing results for {corrected}. Search instead for {query}." in visible_text(response)
    exact_link = f'href="/en/search/?q={query.replace(" ", "%20")}&amp;exact=1"'
    assert exact_link in response.content.decode()
    as_typed = search(client, query, exact="1")
    assert found_slugs(as_typed) == []
    assert "Showing results for" not in as_typed.content.decode()


def test_a_query_that_finds_something_is_never_corrected(client, demo):
    response = search(client, "fatigue")

    assert response.context["results"].typed == ""
    assert "Showing results for" not in response.content.decode()


def test_an_unknown_word_gets_the_closest_names_and_symptoms(client, demo):
    # The longest word is known; the unknown one is shorter, and too far from any word to correct.
    response = search(client, "osteomyelitis feaver", exact="1")

    assert found_slugs(response) == []
    assert any("Fever" in suggestion for suggestion in response.context["results"].suggestions)


def test_results_come_a_page_at_a_time(client, demo, settings, monkeypatch):
    from diseases import search as search_module

    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 1)
    first = search(client, "fatigue")

    assert first.context["results"].count == 2
    assert len(found_slugs(first)) == 1
    assert 'href="?q=fatigue&amp;page=2"' in first.content.decode()
    second = search(client, "fatigue", page=2)
    assert len(found_slugs(second)) == 1
    assert set(found_slugs(first) + found_slugs(second)) == {"cno-crmo", "aosd"}
    # Past the last page is the last page.
    assert found_slugs(search(client, "fatigue", page=9)) == found_slugs(second)


@pytest.mark.postgresql
def test_postgresql_plans_searches_for_a_database_held_in_memory():
    # With the default cost of a random read (4), a word on every page read
    # every entry and unpacked its vector instead of using the indexes.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


# Folded as search folds them: lower case, accents removed.
FOLDED_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
FOLDED_WORD = st.text(alphabet=FOLDED_LETTERS, min_size=1, max_size=14)


@st.composite
def typed_and_known_words(draw):
    """A typed word, and a known word: another word, or the typed one cut short and ended otherwise."""
    typed = draw(FOLDED_WORD)
    cut = draw(st.integers(0, len(typed)))
    known = draw(FOLDED_WORD | st.text(alphabet=FOLDED_LETTERS, max_size=3).map(lambda end: typed[:cut] + end))
    return typed, known


@pytest.mark.postgresql
@settings(max_examples=150, deadline=None)
@given(words=typed_and_known_words())
def test_words_suggested_for_a_misspelling_are_alike_exactly_as_postgresql_trigrams_measure_it(words):
    """The suggestions are worked out in memory on every database, the same as pg_trgm would."""
    typed, known = words
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT show_trgm(%s), similarity(%s, %s)", [typed, typed, known])
        trigrams, similarity = cursor.fetchone()

    closest = search_module._closest_words(typed, [search_module._Vocabulary.of([(known, known)])])

    assert search_module._trigrams(typed) == frozenset(trigrams)
    if known != typed and similarity >= search_module.SUGGESTED_SIMILARITY:
        [(word, alike)] = closest
        assert word == known and alike == pytest.approx(similarity, abs=1e-6)
    else:
        assert closest == []


@st.composite
def typed_queries(draw):
    """Queries of short words, some excluded with “-”, some run together by control characters."""
    words = draw(st.lists(st.from_regex(r"-?[a-z]{1,3}", fullmatch=True), max_size=36))
    separators = draw(
        st.lists(st.sampled_from([" ", "  ", "\x00", "\t", "\x1f"]), min_size=len(words), max_size=len(words))
    )
    return words, "".join(f"{separator}{word}" for separator, word in zip(separators, words, strict=True))


@settings(max_examples=200, deadline=None)
@given(typed=typed_queries())
@example(typed=([f"-w{number}" for number in range(12)], " ".join(f"-w{number}" for number in range(12))))
@example(typed=([f"w{number}" for number in range(33)], " ".join(f"w{number}" for number in range(33))))
@example(typed=([f"w{number}" for number in range(32)], " ".join(f"w{number}" for number in range(32))))
def test_a_query_keeps_its_first_words_and_exclusions_up_to_their_limits_each_word_apart(typed):
    words, query = typed
    kept = [
        word if excluded <= search_module.MAX_MINUSES else word.lstrip("-")
        for excluded, word in zip(itertools.accumulate(word.startswith("-") for word in words), words, strict=True)
    ]

    assert search_module.clean_query(query) == " ".join(kept[: search_module.MAX_QUERY_WORDS])


def test_a_word_is_marked_whatever_its_accents_but_no_other_letter_stands_for_one_of_its_letters():
    pattern = search_module.word_pattern(["fever"])

    assert pattern.search("Fèvér")
    assert not pattern.search("fXvXr")


def test_a_search_skips_what_holds_no_letter_and_reads_on(client, demo):
    assert found_slugs(search(client, "fatigue & osteomyelitis")) == ["cno-crmo"]


def test_a_word_ending_in_a_plural_finds_its_singular(client, editor):
    make_disease(editor, slug="alpha", name="Alpha Disease", abbreviation="AD", symptoms=["Itchy rash"])
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    assert found_slugs(search(client, "rashes", exact="1")) == ["alpha"]


def test_a_word_only_a_pages_name_holds_finds_it(client, editor):
    make_disease(editor, slug="alpha", name="Zorblat Alpha", abbreviation="AD")
    Disease.objects.filter(slug="alpha").update(
        definition_en="A rare disease.", definition_es="Una enfermedad rara.", definition_fr="Une maladie rare."
    )
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    assert found_slugs(search(client, "zorblat", exact="1")) == ["alpha"]


@pytest.mark.sqlite  # PostgreSQL looks words up in its index
def test_an_app_process_keeps_the_words_of_the_entries_only_as_they_are_now(client, demo, editor):
    for language in ("en", "es"):
        search(client, "fatigue", language)
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL")
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    search(client, "fatigue", "es")

    assert [language for language, _version in search_module._lexicons] == ["es"]


def test_after_migrate_only_the_pages_missing_an_entry_in_some_language_are_indexed(
    demo, monkeypatch, django_assert_num_queries
):
    SearchEntry.objects.filter(disease=demo, language="fr").delete()
    published = demo.live.content
    indexed = []
    monkeypatch.setattr(search_module, "index_pages", lambda diseases: indexed.extend(diseases))

    search_module.reindex_missing()

    assert indexed == [demo]
    with django_assert_num_queries(0):  # read with its publication
        assert indexed[0].live.content == published


def test_indexing_pages_of_which_one_is_no_longer_public_indexes_the_others(editor):
    for slug in ("alpha", "mu"):
        make_disease(editor, slug=slug, name=slug.title(), abbreviation=slug.upper())
    Disease.objects.get(slug="mu").publish_provisionally(editor)
    SearchEntry.objects.all().delete()

    search_module.index_pages(list(Disease.objects.select_related("live").order_by("slug")))

    assert set(SearchEntry.objects.values_list("disease__slug", "language")) == {
        ("mu", "en"),
        ("mu", "es"),
        ("mu", "fr"),
    }


def test_the_a_to_z_files_a_page_under_its_first_letter_accents_folded_and_a_digit_under_a_sign(client, editor):
    for slug, name in [("emile", "émile Disease"), ("q22", "22q11 Disease"), ("zeta", "Zeta Disease")]:
        make_disease(editor, slug=slug, name=name, abbreviation="XD")
        Disease.objects.get(slug=slug).publish_provisionally(editor)
    with translation.override("en"):
        url = reverse("diseases:index")

    assert sorted(client.get(url).context["letters"]) == ["#", "E", "Z"]
    listed = client.get(url, {"letter": "#"}).context["page_obj"]
    assert [row.title for row in listed] == ["22q11 Disease (XD)"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("fatigue -bone", ["aosd"]), ('fatigue -"bone pain"', ["aosd"]), ("-bone fatigue", ["aosd"])],
)
def test_a_minus_excludes_the_pages_with_that_word(client, demo, query, expected):
    assert found_slugs(search(client, "fatigue")) != expected  # both pages have fatigue
    assert found_slugs(search(client, query)) == expected


@pytest.mark.parametrize(
    ("query", "language"),
    [("tiredness", "en"), ("Tiredness", "en"), ("cansancio", "es"), ("bone inflammation", "en"), ("lassitude", "fr")],
)
def test_a_synonym_finds_the_pages_that_say_what_it_means(client, demo, query, language):
    response = search(client, query, language)

    assert "cno-crmo" in found_slugs(response)
    assert "Also searched for:" in html.unescape(response.content.decode()) or language != "en"


def test_synonyms_apply_from_their_save_without_reindexing(client, demo):
    assert found_slugs(search(client, "weariness", exact="1")) == []

    SearchSynonym.objects.create(language="en", term="Weariness", means="exhaustion")

    assert set(found_slugs(search(client, "weariness"))) == {"cno-crmo", "aosd"}
    assert found_slugs(search(client, "weariness", "es", exact="1")) == []  # one language only


def synonym_queries(client, query):
    """The SQL a search of `query` ran that read the synonyms."""
    with CaptureQueriesContext(connection) as queries:
        search(client, query)
    return [sql for sql in (query["sql"] for query in queries) if "searchsynonym" in sql]


def test_an_app_process_reads_the_synonyms_once_until_one_changes(client, demo):
    assert synonym_queries(client, "tiredness")
    assert synonym_queries(client, "tiredness") == []
    assert synonym_queries(client, "tirednes") == []  # corrected against them too

    SearchSynonym.objects.create(language="en", term="weariness", means="exhaustion")

    assert synonym_queries(client, "tiredness")


def as_another_app_server(change):
    """
    Make `change` as another app server would: this process keeps the
    synonyms it read before, and learns of the change only from the shared cache.
    """
    kept = dict(search_module._synonyms_read)
    change()
    search_module._synonyms_read.clear()
    search_module._synonyms_read.update(kept)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_synonym_saved_or_deleted_on_another_server_applies_to_the_next_search(
    client, demo, editor, django_capture_on_commit_callbacks, language
):
    assert found_slugs(search(client, "weariness", language, exact="1")) == []
    admin = client.__class__()
    admin.force_login(editor)

    def add():
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(
                reverse("admin:diseases_searchsynonym_add"),
                {"language": language, "term": "Weariness", "means": "CRMO"},
            )
        assert response.status_code == 302

    as_another_app_server(add)
    assert "cno-crmo" in found_slugs(search(client, "weariness", language, exact="1"))

    synonym = SearchSynonym.objects.get(term="Weariness")

    def delete():
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(reverse("admin:diseases_searchsynonym_delete", args=[synonym.pk]), {"post": "yes"})
        assert response.status_code == 302

    as_another_app_server(delete)
    assert found_slugs(search(client, "weariness", language, exact="1")) == []


def entry_scans(client, query):
    """The SQL a search of `query` ran that matched the entries' folded texts."""
    with CaptureQueriesContext(connection) as queries:
        search(client, query)
    return [sql for sql in (query["sql"] for query in queries) if "folded_body" in sql]


@pytest.mark.sqlite  # PostgreSQL matches through its index
def test_a_word_on_no_page_is_not_scanned_for_and_a_new_page_is_found_at_once(client, demo, editor):
    assert entry_scans(client, "fatigue")
    assert entry_scans(client, "zanzibarite fatigue") == []
    assert found_slugs(search(client, "zanzibarite", exact="1")) == []

    make_disease(
        editor, slug="zanzibar", name="Zanzibar Disease", abbreviation="ZD", symptoms=["Zanzibarite"]
    ).publish_provisionally(editor)

    assert found_slugs(search(client, "zanzibarite", exact="1")) == ["zanzibar"]


def test_a_synonym_works_one_way(client, demo, editor):
    SearchSynonym.objects.create(language="en", term="puffiness", means="swelling")
    make_disease(
        editor, slug="puffy", name="Puffy Disease", abbreviation="PD", symptoms=["Puffiness"]
    ).publish_provisionally(editor)

    assert set(found_slugs(search(client, "puffiness"))) == {"puffy", "cno-crmo", "aosd"}
    # What the pages say does not find the visitors' word: "swelling" is not "puffiness".
    swelling = search(client, "swelling")
    assert "puffy" not in found_slugs(swelling)
    assert swelling.context["results"].synonyms == []


def test_a_synonym_of_several_words_needs_them_all_and_in_order(client, demo):
    assert search(client, "bone inflammation").context["results"].synonyms
    assert search(client, "inflammation bone").context["results"].synonyms == []
    assert search(client, '"bone inflammation"').context["results"].synonyms == []


@pytest.fixture
def overlapping_synonyms(db):
    for term, means in [
        ("tender joints", "arthralgia"),
        ("joints ache", "joint pain"),
        ("night sweats", "hyperhidrosis"),
        ("bone pain", "ostealgia"),
        ("bone pain at night", "nocturnal bone pain"),  # as long as a term may be
    ]:
        SearchSynonym.objects.create(language="en", term=term, means=means)


def expanded(query):
    parsed = search_module.with_synonyms(query, search_module.parse(query), "en")
    return [[atom.words for atom in clause] for clause in parsed.required], parsed.synonyms


def test_of_overlapping_synonyms_the_leftmost_applies_and_each_word_serves_one(overlapping_synonyms):
    """“joints” belongs to “tender joints”, the leftmost; “night sweats”, further on, applies too."""
    clauses, shown = expanded("Tender  JOINTS ache night sweats")

    assert clauses == [
        [("tender", "joints"), ("arthralgia",)],
        [("ache",)],
        [("night", "sweats"), ("hyperhidrosis",)],
    ]
    assert shown == [("Tender JOINTS", "arthralgia"), ("night sweats", "hyperhidrosis")]  # the words as typed


def test_of_overlapping_synonyms_the_longest_applies_up_to_the_longest_a_term_may_be(overlapping_synonyms):
    assert expanded("bone pain at night") == (
        [[("bone", "pain", "at", "night"), ("nocturnal", "bone", "pain")]],
        [("bone pain at night", "nocturnal bone pain")],
    )


def test_an_excluded_word_is_excluded_whatever_its_synonyms(client, demo):
    assert found_slugs(search(client, "tiredness -bone")) == ["aosd"]


def test_or_finds_either_word(client, demo):
    assert set(found_slugs(search(client, "osteomyelitis OR rash"))) == {"cno-crmo", "aosd"}
    assert found_slugs(search(client, "osteomyelitis rash", exact="1")) == []


def test_pages_that_match_equally_well_are_listed_by_name(client, editor, monkeypatch):
    """Three pages alike but for their names, made in neither their names' order nor its reverse."""
    for slug, name in [("zeta", "Zeta Disease"), ("alpha", "Alpha Disease"), ("mu", "Mu Disease")]:
        make_disease(editor, slug=slug, name=name, abbreviation="XD", symptoms=["Recurring weariness"])
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    assert found_slugs(search(client, "weariness")) == ["alpha", "mu", "zeta"]
    # And a page at a time: each page holds the next by name.
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 1)
    pages = [found_slugs(search(client, "weariness", page=number)) for number in (1, 2, 3)]
    assert pages == [["alpha"], ["mu"], ["zeta"]]


def test_pages_that_match_equally_well_are_listed_by_name_whatever_its_accents(client, editor):
    """By their letters, “Émile” before “Eve”; by their characters' codes, “É” would come after “E”."""
    for slug, name in [("eve", "Eve Disease"), ("emile", "Émile Disease")]:
        make_disease(editor, slug=slug, name=name, abbreviation="XD", symptoms=["Recurring weariness"])
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    assert found_slugs(search(client, "weariness")) == ["emile", "eve"]


def test_a_page_named_by_a_word_ranks_above_one_listing_it_as_a_symptom_when_the_other_words_are_in_the_text(
    client, editor
):
    """Both pages say “disease” only in their text; one is named “Quartan”, the other lists a quartan fever."""
    make_disease(editor, slug="zeta", name="Zeta Quartan", abbreviation="ZQ", symptoms=["Daily spiking fever"])
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL", symptoms=["Quartan fever"])
    for slug in ("zeta", "alpha"):
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    assert found_slugs(search(client, "quartan disease")) == ["zeta", "alpha"]


@pytest.fixture
def three_ranked_pages(editor):
    """
    Three pages that say “quartan”, best first: Zeta by its name, Mu in a
    symptom, Alpha in its text. Made in alphabetical order, the reverse of their rank.
    """
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL")
    alpha = Disease.objects.get(slug="alpha")
    with workflow.editing(editor):
        alpha.definition_en = "Alpha is a disease with a quartan rhythm."
        alpha.save()
    make_disease(editor, slug="mu", name="Mu", abbreviation="MU", symptoms=["Quartan fever"])
    make_disease(editor, slug="zeta", name="Zeta Quartan", abbreviation="ZQ")
    for slug in ("alpha", "mu", "zeta"):
        Disease.objects.get(slug=slug).publish_provisionally(editor)


def test_a_name_ranks_above_a_symptom_and_a_symptom_above_the_text(client, three_ranked_pages):
    assert found_slugs(search(client, "quartan")) == ["zeta", "mu", "alpha"]


@pytest.mark.parametrize(
    ("per_page", "pages"),
    [(1, [["zeta"], ["mu"], ["alpha"]]), (2, [["zeta", "mu"], ["alpha"], ["alpha"]])],
)
def test_the_ranking_holds_from_page_to_page_and_past_the_last_page_is_the_last(
    client, three_ranked_pages, monkeypatch, per_page, pages
):
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", per_page)

    assert [found_slugs(search(client, "quartan", page=number)) for number in (1, 2, 3)] == pages


@pytest.mark.parametrize("number", ["", "abc", "-1", "0", "1.5", "99999999999999999999999"])
def test_a_page_number_that_is_no_page_gives_the_first_or_the_last(client, three_ranked_pages, monkeypatch, number):
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 2)

    first, last = ["zeta", "mu"], ["alpha"]
    # As Django's paginator has it: what is not a whole number is the first
    # page, any other number that is no page's the last.
    assert found_slugs(search(client, "quartan", page=number)) == (last if number.lstrip("-").isdigit() else first)


def test_a_search_that_finds_nothing_is_not_counted_again(client, demo):
    with CaptureQueriesContext(connection) as queries:
        results = search(client, "qqqqzzzz", exact="1").context["results"]

    assert results.count == 0
    assert not [query["sql"] for query in queries if '"__count"' in query["sql"]]  # as QuerySet.count() asks


@pytest.mark.parametrize(("language", "word"), [("es", "inflamaciones"), ("fr", "osseuses")])
def test_a_name_ranks_first_in_every_language_where_each_stems_its_words_its_own_way(client, editor, language, word):
    """The names are indexed as the visitor's language stems them (Spanish “inflam”, English “inflamacion”)."""
    for slug, name, symptom in [("zeta", f"{word.title()} Zeta", "Daily spiking fever"), ("alpha", "Alpha", word)]:
        make_disease(editor, slug=slug, name=name, abbreviation=slug.upper(), symptoms=[symptom])
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    assert found_slugs(search(client, word, language)) == ["zeta", "alpha"]


@pytest.mark.parametrize(("language", "word"), [("es", "inflamaciones"), ("fr", "osseuses")])
def test_a_symptom_ranks_above_the_text_in_every_language_where_each_stems_its_words_its_own_way(
    client, editor, language, word
):
    for slug, symptom in [("zeta", word), ("alpha", "Daily spiking fever")]:
        make_disease(editor, slug=slug, name=slug.title(), abbreviation=slug.upper(), symptoms=[symptom])
    Disease.objects.filter(slug="alpha").update(**{f"definition_{language}": f"Alpha: {word}."})
    for slug in ("zeta", "alpha"):
        Disease.objects.get(slug=slug).publish_provisionally(editor)

    assert found_slugs(search(client, word, language)) == ["zeta", "alpha"]


def test_a_name_or_symptom_longer_than_a_suggestion_is_indexed_and_suggested_cut_short(client, editor):
    long_symptom = "Weariness " + "that lasts " * 60
    make_disease(editor, slug="alpha", name="Alpha", abbreviation="AL", symptoms=[long_symptom])
    Disease.objects.get(slug="alpha").publish_provisionally(editor)

    assert found_slugs(search(client, "weariness")) == ["alpha"]
    assert SearchTerm.objects.filter(language="en", text=long_symptom[:500]).exists()


@contextlib.contextmanager
def uncommitted_in_another_transaction(change):
    """
    Inside: `change` made in another thread's transaction, not yet
    committed (its row locks held); it commits on the way out.
    """
    made, commit = threading.Event(), threading.Event()

    def make():
        try:
            with transaction.atomic():
                change()
                made.set()
                commit.wait(timeout=20)
        finally:
            connection.close()

    other = threading.Thread(target=make)
    other.start()
    try:
        assert made.wait(timeout=20)
        yield
    finally:
        commit.set()
        other.join()


@pytest.mark.sqlite  # the words each process keeps are SQLite's
@pytest.mark.django_db(transaction=True)
def test_a_search_made_while_a_page_is_being_indexed_finds_it_once_the_page_is_committed(client, demo, editor):
    """The search reads the entries as they were before the commit; the commit makes every server read them again."""
    make_disease(editor, slug="alpha", name="Zorblat Alpha", abbreviation="ZA")

    with uncommitted_in_another_transaction(lambda: Disease.objects.get(slug="alpha").publish_provisionally(editor)):
        during = search(client, "fatigue")  # a search that finds something: it records no search gap, which would wait

    assert set(found_slugs(during)) == {"cno-crmo", "aosd"}
    assert found_slugs(search(client, "zorblat", exact="1")) == ["alpha"]


@pytest.mark.django_db(transaction=True)
def test_a_search_made_while_a_synonym_is_being_saved_applies_it_once_the_save_commits(client, demo):
    """The search reads the synonyms as they were before the commit; the commit makes every server read them again."""
    with uncommitted_in_another_transaction(
        lambda: SearchSynonym.objects.create(language="en", term="fatigue", means="bone pain")
    ):
        during = search(client, "fatigue")

    assert during.context["results"].synonyms == []
    assert search(client, "fatigue").context["results"].synonyms == [("fatigue", "bone pain")]


@pytest.mark.postgresql  # SQLite writes one transaction at a time: no pass runs beside another
@pytest.mark.django_db(transaction=True)
def test_a_reindexing_pass_takes_the_pages_another_pass_holds_not_and_does_not_wait_for_them(editor):
    for slug in ("alpha", "mu"):
        make_disease(editor, slug=slug, name=slug.title(), abbreviation=slug.upper())
        Disease.objects.get(slug=slug).publish_provisionally(editor)
    held = PendingReindex.objects.create(disease=Disease.objects.get(slug="alpha"))
    PendingReindex.objects.create(disease=Disease.objects.get(slug="mu"))

    with uncommitted_in_another_transaction(
        lambda: list(PendingReindex.objects.filter(pk=held.pk).select_for_update())
    ):
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
        reindexed = search_module.reindex_pending()

    assert reindexed == 1
    assert list(PendingReindex.objects.values_list("disease__slug", flat=True)) == ["alpha"]
