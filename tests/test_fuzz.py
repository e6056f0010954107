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

import django_ratelimit.core
import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.test import Client
from django.utils.http import MAX_URL_LENGTH, url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diseases.forms import FeedbackDetailsForm
from diseases.models import PageFeedback, PatientAdvice, SearchGap

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
    settings.FEEDBACK_RATE_LIMIT = "1000000/h"
    settings.FEEDBACK_INVALID_RATE_LIMIT = "1000000/h"
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
    st.sampled_from(
        ["cno-crmo", "aosd", "en", "es", "fr", "de", "zh-hans", "EN", "en-us", "", ".", "..", "%2e%2e", "symptoms"]
    ),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=60),
    st.just(MARKUP),
)
tails = st.sampled_from(
    [
        "",
        "/",
        "advice/",
        "advice/new/",
        "advice/thanks/",
        "feedback/",
        "feedback/details/",
        "feedback/thanks/",
        "preview/",
        "diseases/",
        "search/",
        "symptoms/",
    ]
)


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
        f"/{language}/diseases/{quote(slug, safe='')}/feedback/thanks/",
    ):
        check(client.get(path, {"page": page}), path)
    check(client.get(f"/{language}/diseases/cno-crmo/advice/", {"page": page}), page)
    check(client.get(f"/{language}/diseases/", {"page": page, "letter": page}), page)


@fuzz
@given(slug=segments, language=languages, letter=st.one_of(page_numbers, st.text(max_size=5)))
def test_symptom_pages_take_any_slug_and_letter(client, site, slug, language, letter):
    path = f"/{language}/symptoms/{quote(slug, safe='')}/"
    check(client.get(path), path)
    check(client.get(f"/{language}/symptoms/", {"letter": letter}), letter)


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


def details_token(answer_id, shown_at=0):
    """A second-step token as the site signs it: for an answer that may or may not exist, shown at any time."""
    return signing.dumps({"answer": answer_id, "at": shown_at}, salt=FeedbackDetailsForm.TOKEN_SALT)


feedback_fields = st.dictionaries(
    st.sampled_from(["helpful", "website", "kind", "text", "token", "extra", "csrfmiddlewaretoken"]),
    st.one_of(
        field_values,
        st.sampled_from(["yes", "no", "wrong", "unclear", "missing", "other", "YES", "1"]),
        st.integers(-5, 50).map(details_token),
    ),
    max_size=7,
)


@fuzz
@given(language=languages, answer=st.sampled_from(["yes", "no"]), changes=feedback_fields)
def test_the_feedback_forms_take_any_field_of_any_size(client, site, language, answer, changes):
    base = f"/{language}/diseases/cno-crmo/feedback/"
    step = check(client.post(base, {"helpful": answer, **changes}), changes)
    assert step.status_code in (200, 302, 400), step.status_code
    data = form_data(step.content, "feedback-details-form") if step.status_code == 200 else {}
    data.update({"kind": "wrong", "text": "The dose is out of date."})
    data.update(changes)

    response = check(client.post(base + "details/", data), changes)

    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        check(client.get(response["Location"]))


# Where feedback posts come from: a few clients, from this site, from none, from elsewhere.
FEEDBACK_ADDRESSES = ["192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2", "198.51.100.9"]
FEEDBACK_LIMIT = 20
# Lighter values than `feedback_fields`: ten thousand posts must be quick to make.
light_values = st.one_of(
    st.sampled_from(["yes", "no", "", "wrong", "unclear", "missing", "other", "x@example.org", MARKUP, "x" * 1001]),
    st.text(max_size=20),
    st.integers(-2, 120).map(details_token),
)
feedback_post = st.fixed_dictionaries(
    {
        "path": st.sampled_from(["", "", "details/", "details/", "thanks/"]),
        "language": st.sampled_from(["en", "es", "fr", "de"]),
        "slug": st.sampled_from(["cno-crmo", "cno-crmo", "aosd", "missing", MARKUP]),
        "address": st.sampled_from(FEEDBACK_ADDRESSES),
        "origin": st.sampled_from([None, None, "http://testserver", "https://evil.example", "null"]),
        "referer": st.one_of(st.none(), st.sampled_from(["http://testserver/en/", "http://[x/"]), st.text(max_size=20)),
        "data": st.dictionaries(st.sampled_from(["helpful", "website", "kind", "text", "token"]), light_values),
    }
)


class FixedClock:
    """Stands in for the rate limiter's clock: the whole run falls in one window of the limit."""

    @staticmethod
    def time():
        return 1_900_000_000


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(posts=st.lists(feedback_post, min_size=100, max_size=100))
def test_ten_thousand_feedback_posts_store_no_more_than_the_rate_limit_allows(demo, settings, monkeypatch, posts):
    """100 examples of 100 posts: never a server error, never more answers than the clients may give."""
    settings.FEEDBACK_RATE_LIMIT = f"{FEEDBACK_LIMIT}/h"
    monkeypatch.setattr(django_ratelimit.core, "time", FixedClock)
    client = visitor()
    for post in posts:
        headers = {"REMOTE_ADDR": post["address"]}
        if post["origin"]:
            headers["HTTP_ORIGIN"] = post["origin"]
        if post["referer"] is not None:
            headers["HTTP_REFERER"] = post["referer"]
        url = f"/{post['language']}/diseases/{quote(post['slug'], safe='')}/feedback/{post['path']}"
        response = check(client.post(url, post["data"], **headers), post)
        assert response.status_code in (200, 302, 400, 403, 404, 405, 429), response.status_code
    assert PageFeedback.objects.count() <= FEEDBACK_LIMIT * len(FEEDBACK_ADDRESSES)
    assert not PageFeedback.objects.filter(text__contains="@example.org").exists()
