"""
Hostile input, generated: every public input (search, the advice form,
language prefixes, slugs, pagination, the language switch, the sign-in page)
driven with property-based tests on the real database (SQLite and
PostgreSQL). Whatever is sent, the site never answers with a server error,
never echoes markup unescaped, and never redirects to another site.

FUZZ_EXAMPLES sets the number of examples per test (default 100, a few
seconds each); `FUZZ_EXAMPLES=1000` is a thorough run.
"""

import os
import re
import string
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils.http import MAX_URL_LENGTH, url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diseases.models import PatientAdvice, SearchGap

from .forms import form_data

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    database=None,
    # One database and client for all examples of a test: requests do not depend on each other.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Markup that must never come back as markup.
MARKUP = '"><x-fuzz onclick=alert(1)>'
MARKUP_TAG = "<x-fuzz"

# Requests sent and server errors seen, reported at the end of the run (tests/conftest.py).
counts = {"requests": 0, "server_errors": 0}

OPERATORS = ["-", "--", "- ", '"', "'", "or", "OR", "and", "(", ")", "!", "&", "|", ":*", "<->", "\\", "*", "%", "_"]
words = st.sampled_from(
    ["fever", "CRMO", "osteomyélite", "fatiga", "brain fog", "日本", "ж", "ǅ", "١٢٣", "\u00ad", "ß"]
)
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(lambda text: text + MARKUP),
    st.lists(st.one_of(st.sampled_from(OPERATORS), words, st.just(" ")), max_size=120).map("".join),
    # Runs of one thing (operators, NUL, words) around a word.
    st.builds(
        lambda part, times, word: part * times + word,
        st.sampled_from([*OPERATORS, "\x00", "é", "a ", "fever ", MARKUP]),
        st.integers(1, 400),
        words,
    ),
    st.just("x" * 10_000),
    st.just("\x00" * 100),
    st.text(min_size=1).map(lambda text: MARKUP + text),
)
# What a query string may hold, including bytes that are not UTF-8.
raw_bytes = st.binary(max_size=200).map(lambda data: quote(data, safe=""))
languages = st.sampled_from(["en", "es", "fr"])
page_numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.text(max_size=30),
    st.sampled_from(["", "last", "NaN", "inf", "1e9", "0"]),
)


def lands_on_the_site(location):
    """Whether a browser sent to `location` from a page of the site stays on it."""
    # Browsers drop tabs and line breaks, strip control characters and spaces around, read backslashes as slashes.
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    target = urlsplit(urljoin("http://testserver/en/search/", cleaned.replace("\\", "/")))
    return target.scheme == "http" and target.hostname == "testserver"


def check(response, sent=""):
    """The response is no server error, shows no markup that was sent, and never leaves the site."""
    counts["requests"] += 1
    if response.status_code >= 500:
        counts["server_errors"] += 1
    assert response.status_code < 500, (response.status_code, sent)
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}) or (
            # Django does not judge addresses longer than this: resolve them as a browser would.
            len(location) > MAX_URL_LENGTH and lands_on_the_site(location)
        ), location
    content_type = response.get("Content-Type", "")
    if "html" in content_type or "xml" in content_type:
        assert MARKUP_TAG not in response.content.decode(errors="replace"), sent
    return response


@pytest.fixture
def site(demo, settings):
    settings.ADVICE_RATE_LIMIT = "1000000/h"
    settings.ADVICE_INVALID_RATE_LIMIT = "1000000/h"
    # Small enough for a run of generated searches to reach it.
    settings.SEARCH_GAPS_PER_WEEK = 5
    return demo


@pytest.fixture
def client():
    """A visitor's browser; a server error is an answer (HTTP 500) to count, not an exception."""
    return visitor()


def visitor(**headers):
    browser = Client(**headers)
    browser.raise_request_exception = False
    return browser


@fuzz
@given(query=hostile_text, page=page_numbers, language=languages)
# What broke search before: NUL, runs of negations (PostgreSQL), many words (SQLite), sheer length.
@example(query="fever\x00pain", page="1", language="en")
@example(query="-" * 40 + "fever", page="1", language="en")
@example(query="- " * 40 + "fever", page="1", language="es")
@example(query="-(" * 40 + "fever", page="1", language="fr")
@example(query="a " * 100, page="1", language="en")
@example(query="a-" * 100, page="1", language="en")
@example(query="x" * 10_000, page="1", language="en")
@example(query="fever", page=str(10**20), language="en")
# A misspelling corrected into “or”, which leaves nothing to search.
@example(query="or" * 100, page="0", language="en")
def test_search_never_fails_whatever_is_typed(client, site, query, page, language):
    check(client.get(f"/{language}/search/", {"q": query, "page": page}), query)
    check(client.get(f"/{language}/search/", {"q": query, "page": page, "exact": "1"}), query)


@fuzz
@given(queries=st.lists(st.one_of(hostile_text, words), min_size=1, max_size=8), language=languages)
def test_searches_that_find_nothing_keep_at_most_a_weeks_cap(client, site, queries, language):
    """Whatever is searched (corrected or not), no server error, and no more different searches kept than the cap."""
    for query in queries:
        check(client.get(f"/{language}/search/", {"q": query}), query)
    assert SearchGap.objects.count() <= django_settings.SEARCH_GAPS_PER_WEEK
    assert all(
        len(query) <= SearchGap._meta.get_field("query").max_length
        for query in SearchGap.objects.values_list("query", flat=True)
    )


@fuzz
@given(raw=raw_bytes, language=languages)
def test_search_survives_query_strings_that_are_not_utf8(client, site, raw, language):
    check(client.get(f"/{language}/search/?q={raw}&page={raw}"), raw)


segments = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["cno-crmo", "aosd", "en", "es", "fr", "de", "zh-hans", "EN", "en-us", "", ".", "..", "%2e%2e"]),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=60),
    st.just(MARKUP),
)
tails = st.sampled_from(["", "/", "advice/", "advice/new/", "advice/thanks/", "preview/", "diseases/", "search/"])


@fuzz
@given(prefix=segments, middle=segments, slug=segments, tail=tails, page=page_numbers, letter=st.text(max_size=5))
def test_any_address_is_a_page_or_a_not_found(client, site, prefix, middle, slug, tail, page, letter):
    path = "/" + "/".join(quote(part, safe="") for part in (prefix, middle, slug)) + "/" + tail
    query = urlencode({"page": page, "letter": letter})
    check(client.get(f"{path}?{query}"), path)


@fuzz
@given(slug=segments, language=languages, page=page_numbers)
def test_disease_pages_and_advice_lists_take_any_slug_and_page(client, site, slug, language, page):
    for path in (
        f"/{language}/diseases/{quote(slug, safe='')}/",
        f"/{language}/diseases/{quote(slug, safe='')}/advice/",
    ):
        check(client.get(path, {"page": page}), path)
    check(client.get(f"/{language}/diseases/cno-crmo/advice/", {"page": page}), page)
    check(client.get(f"/{language}/diseases/", {"page": page, "letter": page}), page)


field_values = st.one_of(hostile_text, st.text(max_size=3000), st.sampled_from(["patient", "on", "", "x@example.org"]))


@fuzz
@given(
    language=languages,
    changes=st.dictionaries(
        st.sampled_from(["text", "display_name", "role", "email", "consent", "website", "token", "extra", "csrf"]),
        field_values,
        max_size=9,
    ),
)
def test_the_advice_form_takes_any_field_of_any_size(client, site, language, changes):
    url = f"/{language}/diseases/cno-crmo/advice/new/"
    data = form_data(client.get(url).content)
    data.update({"text": "Ask for an MRI early.", "role": "patient", "consent": "on"})
    data.update(changes)
    before = PatientAdvice.objects.count()

    response = check(client.post(url, data), changes)

    assert response.status_code in (302, 400, 429), response.status_code
    if response.status_code != 302:
        assert PatientAdvice.objects.count() == before


@fuzz
@given(
    next_url=st.one_of(
        hostile_text,
        st.sampled_from(
            [
                "//evil.example/",
                "https://evil.example/",
                "http:evil.example",
                "/\\evil.example",
                "\\\\evil.example",
                "/\t/evil.example",
                "javascript:alert(1)",
                "/%2F%2Fevil.example",
                "https:///evil.example",
                "/en/diseases/cno-crmo/",
            ]
        ),
    ),
    language=st.one_of(languages, st.text(max_size=20)),
    referer=st.one_of(st.none(), st.sampled_from(["https://evil.example/", "//evil.example", "/fr/"]), st.text()),
)
@example(next_url="<->" * 700 + "fever", language="en", referer=None)
@example(next_url="/\t/evil.example/" + "x" * 3000, language="en", referer=None)
def test_the_language_switch_stays_on_the_site(site, next_url, language, referer):
    client = visitor(**({"HTTP_REFERER": referer.replace("\n", " ").replace("\r", " ")} if referer else {}))
    check(client.post("/i18n/setlang/", {"next": next_url, "language": language}), next_url)
    check(client.get("/i18n/setlang/", {"next": next_url, "language": language}), next_url)


@fuzz
@given(username=hostile_text, password=hostile_text, next_url=hostile_text)
def test_the_sign_in_page_takes_anything(site, username, password, next_url):
    client = visitor()
    response = check(client.post("/admin/login/", {"username": username, "password": password, "next": next_url}))
    assert response.status_code in (200, 429)
    check(client.get("/admin/login/", {"next": next_url}), next_url)


@fuzz
@given(
    next_url=st.one_of(hostile_text, st.sampled_from(["//evil.example/", "https://evil.example/", "/\\evil.example"]))
)
def test_signing_in_never_sends_anyone_off_the_site(site, next_url):
    response = check(
        visitor().post("/admin/login/", {"username": "editor", "password": "editor-demo-password", "next": next_url}),
        next_url,
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"text": "x" * 3_000_000, "role": "patient", "consent": "on"},
        {f"field{n}": "x" for n in range(2000)},
    ],
    ids=["3 MB", "2,000 fields"],
)
def test_an_oversized_advice_form_is_refused_not_a_server_error(site, data):
    response = check(visitor().post("/en/diseases/cno-crmo/advice/new/", data))

    assert response.status_code == 400
    assert PatientAdvice.objects.count() == 0
