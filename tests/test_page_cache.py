"""
Public pages are cached whole for everyone who is not signed in, cookies or
not, and every change the public should see shows on the very next request.
"""

import os
import pickle
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from diseases import page_cache, versioning, workflow
from diseases.models import PatientAdvice

from .factories import make_disease, make_shared_group

pytestmark = pytest.mark.django_db

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
VISITOR_COOKIES = {"csrftoken": "a" * 32, "django_language": "fr", "_ga": "GA1.2.3", "consent": "yes"}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()


@pytest.fixture
def published(editor, django_capture_on_commit_callbacks):
    make_shared_group(editor)
    disease = make_disease(editor)
    with django_capture_on_commit_callbacks(execute=True):
        disease.publish_provisionally(editor)
    return disease


def detail_url(disease, language="en"):
    with translation.override(language):
        return reverse("diseases:detail", kwargs={"slug": disease.slug})


def visitor(**cookies):
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def fetch(client, url, **headers):
    """The response, with how many queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.mark.parametrize("cookies", [{}, VISITOR_COOKIES], ids=["no cookies", "visitor cookies"])
def test_a_visitor_is_served_from_the_cache_without_database_or_template(published, cookies):
    url = detail_url(published)
    first, first_queries = fetch(visitor(), url)

    again, queries = fetch(visitor(**cookies), url)

    assert first.status_code == again.status_code == 200
    assert first_queries > 0
    assert queries == 0
    assert not getattr(again, "templates", [])
    assert again.content == first.content
    assert "Set-Cookie" not in again and "Cookie" not in again.get("Vary", "")


@pytest.mark.parametrize(
    "url_name",
    ["diseases:home", "diseases:index", "diseases:search", "sitemap", "robots"],
)
def test_home_index_sitemap_and_robots_are_cached_too(published, url_name):
    url = reverse(url_name)
    fetch(visitor(), url)

    response, queries = fetch(visitor(**VISITOR_COOKIES), url)

    assert response.status_code == 200
    assert queries == 0


def test_each_language_is_cached_apart(published):
    english = visitor().get(detail_url(published, "en"))
    french, queries = fetch(visitor(), detail_url(published, "fr"))

    assert queries > 0
    assert '<html lang="fr"' in french.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert visitor().get(detail_url(published, "en")).content == english.content


def test_a_signed_in_editor_always_gets_a_fresh_page(published, editor_client):
    fetch(visitor(), detail_url(published))

    response, queries = fetch(editor_client, detail_url(published))

    assert response.status_code == 200
    assert queries > 0


def test_the_preview_and_forms_are_never_cached(published, editor_client):
    preview = editor_client.get(reverse("diseases:preview", kwargs={"slug": published.slug}))
    form = visitor().get(reverse("diseases:advice_create", kwargs={"slug": published.slug}))

    for response in (preview, form):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert fetch(visitor(), reverse("diseases:advice_create", kwargs={"slug": published.slug}))[1] > 0


def test_a_page_not_marked_public_is_rendered_for_each_visitor_even_without_cookies(published):
    """The thanks for feedback sets no cookie, yet its view never said it was the same for everyone."""
    url = reverse("diseases:feedback_thanks", kwargs={"slug": published.slug})
    first = visitor().get(url)

    again, queries = fetch(visitor(), url)

    assert first.status_code == again.status_code == 200
    assert not first.cookies
    assert queries > 0
    assert "X-Page-Cache" not in again


def test_an_address_with_a_query_string_is_not_cached(published):
    url = detail_url(published) + "?utm_source=newsletter"
    visitor().get(url)

    assert fetch(visitor(), url)[1] > 0


def test_public_pages_tell_shared_caches_how_long_to_keep_them(published, settings):
    response = visitor().get(detail_url(published))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "s-maxage=300"}
    assert response["ETag"].startswith('"')


def test_an_unchanged_page_answers_a_conditional_request_with_304(published):
    etag = visitor().get(detail_url(published))["ETag"]

    response, queries = fetch(visitor(), detail_url(published), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert queries == 0


def test_a_page_unchanged_by_a_change_elsewhere_still_answers_304(published, django_capture_on_commit_callbacks):
    """A new generation renders the page again; a client holding that same page needs none of it."""
    etag = visitor().get(detail_url(published))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate()

    response = visitor().get(detail_url(published), HTTP_IF_NONE_MATCH=etag)

    assert response["X-Page-Cache"] == "miss"
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_the_shared_cache_keeps_a_page_for_other_app_processes_a_day(published, monkeypatch):
    """Each client is an app process: it finds what another rendered, until the shared cache reclaims it."""
    visitor().get(detail_url(published))
    now = time.time()

    monkeypatch.setattr(time, "time", lambda: now + 23 * 60 * 60)
    assert visitor().get(detail_url(published))["X-Page-Cache"] == "hit"
    monkeypatch.setattr(time, "time", lambda: now + 25 * 60 * 60)
    assert visitor().get(detail_url(published))["X-Page-Cache"] == "miss"


def test_an_approval_shows_on_the_very_next_request(published, editor, reviewer, django_capture_on_commit_callbacks):
    etag = visitor().get(detail_url(published))["ETag"]
    workflow.submit_for_review(published, editor)

    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)

    response = visitor().get(detail_url(published), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Medically reviewed by Dr Ada Lane" in response.content.decode()
    assert response["ETag"] != etag


def test_an_edit_of_a_page_awaiting_review_shows_at_once(published, editor, django_capture_on_commit_callbacks):
    visitor().get(detail_url(published))

    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        published.definition_en = "A newer definition."
        published.save()

    assert "A newer definition." in visitor().get(detail_url(published)).content.decode()


def test_a_shared_group_change_shows_on_every_page_awaiting_review(
    published, editor, django_capture_on_commit_callbacks
):
    visitor().get(detail_url(published))
    group = published.symptom_groups.model.objects.shared().get()

    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        group.title_en = "Common to every disease"
        group.save()

    assert "Common to every disease" in visitor().get(detail_url(published)).content.decode()


def test_a_moderation_decision_shows_on_the_very_next_request(published, editor, django_capture_on_commit_callbacks):
    advice = PatientAdvice.objects.create(
        disease=published, text="Keep a symptom diary.", role="patient", language="en", consent=True
    )
    assert "Keep a symptom diary." not in visitor().get(detail_url(published)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        advice.approve(editor)

    assert "Keep a symptom diary." in visitor().get(detail_url(published)).content.decode()


def test_a_deleted_page_is_gone_on_the_very_next_request(published, editor, django_capture_on_commit_callbacks):
    visitor().get(detail_url(published))

    with django_capture_on_commit_callbacks(execute=True):
        workflow.delete(published, editor)

    assert visitor().get(detail_url(published)).status_code == 404


def test_a_settings_change_shows_at_once(published, settings):
    visitor().get(detail_url(published))

    settings.PUBLIC_PAGE_MAX_AGE = 30

    response, queries = fetch(visitor(), detail_url(published))
    assert queries > 0
    assert "max-age=30" in response["Cache-Control"]


# Only the digest reads the overridden setting; no connection is made with it.
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_two_sites_on_one_database_server_and_one_shared_cache_never_share_pages(settings):
    """Only the database's name tells them apart: its engine, host and port are the same."""
    request = RequestFactory().get("/en/")
    keys = {page_cache.page_key(request): page_cache.current_generation()}
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"], "NAME": "another_site"}}

    keys[page_cache.page_key(request)] = page_cache.current_generation()

    assert len(keys) == 2 and len(set(keys.values())) == 2


def test_a_request_for_a_host_the_site_does_not_serve_is_refused_not_cached(published):
    response = Client(HTTP_HOST="attacker.example").get(detail_url(published))

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_a_head_request_is_served_from_the_cache(published):
    visitor().get(detail_url(published))

    with CaptureQueriesContext(connection) as queries:
        head = visitor().head(detail_url(published))

    assert head.status_code == 200
    assert head.content == b""
    assert len(queries) == 0


def test_a_worker_that_served_other_languages_serves_an_approval_at_once(
    published, editor, reviewer, django_capture_on_commit_callbacks
):
    """A worker's previous request leaves its language active: the next visitor's page must not depend on it."""
    worker = visitor()
    for language in ("es", "fr", "en", "fr"):
        worker.get(detail_url(published, language))
    english = detail_url(published, "en")
    assert "awaiting medical review" in worker.get(english).content.decode()
    workflow.submit_for_review(published, editor)

    translation.activate("en")  # the reviewer approves in English
    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)

    for language in ("fr", "es", "en"):
        worker.get(detail_url(published, language))  # leaves its language active, as a worker does
        assert "Medically reviewed by Dr Ada Lane" in worker.get(english).content.decode(), language


def test_the_first_visit_of_a_page_renders_it_once_whatever_the_worker_served_before(published, monkeypatch):
    from diseases import views

    rendered = []
    original = views._advice_section
    monkeypatch.setattr(
        views,
        "_advice_section",
        lambda *page_and_language: rendered.append(page_and_language[-1]) or original(*page_and_language),
    )
    worker = visitor()

    for language in ("es", "en", "fr", "en", "es", "fr", "fr", "en"):
        worker.get(detail_url(published, language))

    assert sorted(rendered) == ["en", "es", "fr"]


def test_if_none_match_star_answers_304_for_an_existing_page_and_a_weak_tag_matches(published):
    etag = visitor().get(detail_url(published))["ETag"]

    star = visitor().get(detail_url(published), HTTP_IF_NONE_MATCH="*")
    weak = visitor().get(detail_url(published), HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    missing = visitor().get("/en/diseases/no-such-page/", HTTP_IF_NONE_MATCH="*")

    assert star.status_code == weak.status_code == 304
    assert star["ETag"] == weak["ETag"] == etag
    assert missing.status_code == 404


def test_a_hit_reads_only_the_generation_from_the_shared_cache(published, monkeypatch):
    server = visitor()
    server.get(detail_url(published))
    read = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: read.append(key) or original(key, *args, **kwargs))

    response = server.get(detail_url(published))

    assert response["X-Page-Cache"] == "hit"
    assert len(read) == 1 and read[0].startswith("public-pages:generation:")


def test_a_page_missing_from_the_page_cache_costs_two_queries_and_no_shared_read_once_rendered(published, monkeypatch):
    """A new generation of the site, or an address with a query string: the page is put together again."""
    url = detail_url(published) + "?utm_source=newsletter"
    first = visitor().get(url)
    read = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: read.append(key) or original(key, *args, **kwargs))

    again, queries = fetch(visitor(), url)

    assert again.content == first.content
    # Which publication the address shows, and the patient advice; the rest is this process's copy of the pieces.
    assert queries == 2
    assert read == []


def test_another_app_process_takes_the_pieces_of_a_page_from_the_shared_cache(published):
    url = detail_url(published) + "?utm_source=newsletter"
    first = visitor().get(url)
    page_cache.local_pieces.clear()  # as in a process that never rendered the page
    assert page_cache.local_pieces.size == 0

    again, queries = fetch(visitor(), url)

    assert again.content == first.content
    # Which publication the address shows, and the patient advice: nothing rendered again.
    assert queries == 2


def test_the_shared_cache_keeps_the_pieces_of_a_page_a_week(published, monkeypatch):
    url = detail_url(published) + "?utm_source=newsletter"
    visitor().get(url)
    now = time.time()

    monkeypatch.setattr(time, "time", lambda: now + 6 * 24 * 60 * 60)
    page_cache.local_pieces.clear()  # as in a process that never rendered the page
    assert fetch(visitor(), url)[1] == 2
    monkeypatch.setattr(time, "time", lambda: now + 8 * 24 * 60 * 60)
    page_cache.local_pieces.clear()
    assert fetch(visitor(), url)[1] > 2


def test_an_app_process_keeps_only_the_pieces_of_pages_its_budget_holds(published, monkeypatch):
    """A piece larger than the whole budget (15,000 characters here) is read from the shared cache each time."""
    monkeypatch.setattr(page_cache.local_pieces, "max_size", 1000)
    url = detail_url(published) + "?utm_source=newsletter"
    first = visitor().get(url)
    read = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: read.append(key) or original(key, *args, **kwargs))

    again = visitor().get(url)

    assert again.content == first.content
    assert [key for key in read if key.startswith("page-piece:")]
    assert page_cache.local_pieces.size <= 1000


@pytest.fixture
def redis_cache(settings):
    """Redis as the shared cache, as in production, under a key prefix of this test's own: it removes its keys only."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    yield redis.Redis.from_url(TEST_REDIS_URL)
    cache.delete_pattern("*")


def test_on_redis_a_hit_asks_redis_nothing_once_it_knows_the_generation(published, redis_cache, redis_commands):
    server = visitor()
    # The first visit starts the generation, which tells every process that read it so.
    for _visit in range(2):
        server.get(detail_url(published))
    redis_commands.clear()

    response = server.get(detail_url(published))

    assert response["X-Page-Cache"] == "hit"
    assert redis_commands == []
    # Plain bytes that any Redis client reads, not a pickle the cache API must unwrap.
    [key] = redis_cache.keys(cache.make_key("public-pages:generation:*"))
    assert len(redis_cache.get(key).decode("ascii")) == 32


def test_on_redis_a_version_an_earlier_release_pickled_still_serves_and_changes(
    published, redis_cache, editor, reviewer, django_capture_on_commit_callbacks
):
    server = visitor()
    server.get(detail_url(published))
    [key] = redis_cache.keys(cache.make_key("public-pages:generation:*"))
    redis_cache.set(key, pickle.dumps(uuid.uuid4().hex))

    assert server.get(detail_url(published))["X-Page-Cache"] == "miss"
    assert server.get(detail_url(published))["X-Page-Cache"] == "hit"
    workflow.submit_for_review(published, editor)
    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)
    assert "Medically reviewed by Dr Ada Lane" in server.get(detail_url(published)).content.decode()
    # The new generation is plain bytes again.
    assert len(redis_cache.get(key).decode("ascii")) == 32


def test_every_app_process_drops_its_own_copy_when_an_approval_commits(
    published, editor, reviewer, django_capture_on_commit_callbacks
):
    """Two clients are two app processes: each builds its middleware, and with it its own copies of pages."""
    first, second = visitor(), visitor()
    for server in (first, second):
        server.get(detail_url(published))
        assert server.get(detail_url(published))["X-Page-Cache"] == "hit"
    workflow.submit_for_review(published, editor)

    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)

    for server in (first, second):
        response = server.get(detail_url(published))
        assert "Medically reviewed by Dr Ada Lane" in response.content.decode()
    assert second.get(detail_url(published))["X-Page-Cache"] == "hit"


def test_an_app_process_keeps_its_copies_within_its_budget(published, settings):
    sizes = {language: len(visitor().get(detail_url(published, language)).content) for language in ("es", "fr")}
    settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES = sizes["es"] + sizes["fr"]
    server = visitor()
    for language in ("en", "es", "fr"):
        server.get(detail_url(published, language))

    local = page_cache_middleware(server).local
    assert sorted(key.split("/")[3] for key in local.entries) == ["es", "fr"]  # the least recently served went first
    assert local.size == settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES


def test_a_page_exactly_the_size_of_the_budget_is_kept(published, settings):
    settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES = len(visitor().get(detail_url(published, "es")).content)
    server = visitor()
    server.get(detail_url(published, "es"))

    assert server.get(detail_url(published, "es"))["X-Page-Cache"] == "hit"
    assert page_cache_middleware(server).local.size == settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES


def test_a_page_served_again_in_a_new_generation_takes_its_old_copys_place_in_the_budget(
    published, settings, django_capture_on_commit_callbacks
):
    sizes = {language: len(visitor().get(detail_url(published, language)).content) for language in ("es", "fr")}
    settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES = sizes["es"] + sizes["fr"]
    server = visitor()
    for language in ("es", "fr"):
        server.get(detail_url(published, language))
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate()

    server.get(detail_url(published, "es"))

    local = page_cache_middleware(server).local
    assert sorted(key.split("/")[3] for key in local.entries) == ["es", "fr"]
    assert local.size == settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES


def page_cache_middleware(client):
    """The page cache middleware of a test client's handler (each client builds its own, as each process does)."""
    from diseases.page_cache import PublicPageCacheMiddleware

    layer = client.handler._middleware_chain
    while not isinstance(layer, PublicPageCacheMiddleware):
        layer = getattr(layer, "__wrapped__", None) or layer.get_response
    return layer


@pytest.mark.parametrize("url_name", ["sitemap", "robots"])
def test_a_page_in_no_language_is_the_same_whatever_language_its_first_visitor_asked_for(published, url_name):
    """The sitemap and robots.txt have no language in their address: a visitor's cookie must not label the copy."""
    url = reverse(url_name)
    first = visitor(django_language="fr").get(url, HTTP_ACCEPT_LANGUAGE="es")

    again = visitor().get(url)

    assert again["X-Page-Cache"] == "hit"
    assert first["Content-Language"] == again["Content-Language"] == "en"
    assert again.content == first.content


def test_a_new_address_of_an_approved_page_shows_at_once(
    published, editor, reviewer, django_capture_on_commit_callbacks
):
    """The address comes from the working page: renaming it changes what visitors reach before any review."""
    workflow.submit_for_review(published, editor)
    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)
    old_url = detail_url(published)
    for url in (old_url, reverse("sitemap"), reverse("diseases:index")):
        visitor().get(url)

    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        published.slug = "sjia-renamed"
        published.save()

    assert visitor().get(old_url).status_code == 404
    page = visitor().get(detail_url(published))
    assert page.status_code == 200
    # Its links to itself in other languages, rendered once per publication, are at its new address too.
    assert "/es/diseases/sjia-renamed/" in page.content.decode() and "/es/diseases/sjia/" not in page.content.decode()
    for url in (reverse("sitemap"), reverse("diseases:index")):
        content = visitor().get(url).content.decode()
        assert "/diseases/sjia-renamed/" in content and "/diseases/sjia/" not in content, url


def test_a_revert_to_an_earlier_address_shows_at_once(published, editor, reviewer, django_capture_on_commit_callbacks):
    first = versioning.versions(published).order_by("pk").first()
    workflow.submit_for_review(published, editor)
    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)
    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        published.slug = "sjia-renamed"
        published.save()
    visitor().get(reverse("diseases:index"))

    with django_capture_on_commit_callbacks(execute=True):
        workflow.revert(published, first, editor, workflow.last_edit(published))

    assert "/diseases/sjia/" in visitor().get(reverse("diseases:index")).content.decode()
    assert visitor().get("/en/diseases/sjia/").status_code == 200


def test_page_feedback_leaves_the_cached_page_as_it_was(published):
    url = detail_url(published)
    first, _queries = fetch(visitor(), url)
    assert 'action="/en/diseases/' in first.content.decode() and "csrfmiddlewaretoken" not in first.content.decode()
    feedback_url = reverse("diseases:feedback", kwargs={"slug": published.slug})

    answered = visitor(**VISITOR_COOKIES).post(feedback_url, {"helpful": "no"})
    again, queries = fetch(visitor(), url)

    assert answered.status_code == 200
    assert "no-store" in answered["Cache-Control"] and "Set-Cookie" not in answered
    assert queries == 0
    assert again.content == first.content


def public_response(tie):
    """A public page's response, tied to its visitor by `tie`."""
    if tie == "streamed":
        response = StreamingHttpResponse(["<p>Hello</p>"])
    else:
        response = HttpResponse("<p>Hello</p>", status=404 if tie == "not found" else 200)
    response.public_page = tie != "not marked public"
    patch_vary_headers(response, ["Accept-Language", "Cookie"] if tie == "varies on cookies" else ["Accept-Language"])
    if tie == "sets a cookie":
        response.set_cookie("sessionid", "abc")
    return response


@pytest.mark.parametrize("tie", ["varies on cookies", "sets a cookie", "not found", "streamed", "not marked public"])
def test_a_response_tied_to_its_visitor_is_never_shared(tie):
    assert page_cache.PublicPageCacheMiddleware.is_shareable(public_response(tie)) is False
    assert page_cache.PublicPageCacheMiddleware.is_shareable(public_response(None)) is True


def test_a_304_repeats_the_headers_a_shared_cache_refreshes_its_copy_with_and_no_others():
    """RFC 9110: a 304 carries the ETag, Cache-Control, Content-Language and Vary the page itself would have sent."""
    response = public_response(None)
    response["Cache-Control"] = "public, max-age=60"
    response["Content-Language"] = "es"
    page = page_cache.StoredPage.from_response("generation", response)

    not_modified = page.response(RequestFactory().get("/es/", HTTP_IF_NONE_MATCH=page.etag))

    assert not_modified.status_code == 304
    assert dict(not_modified.items()) == {
        "ETag": page.etag,
        "Cache-Control": "public, max-age=60",
        "Content-Language": "es",
        "Vary": "Accept-Language",
    }


@pytest.fixture(params=["default", "redis"])
def shared_cache(request):
    """Each kind of shared cache the page cache keeps its generation in."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


def test_two_app_servers_that_find_no_generation_at_the_same_instant_agree_on_one(shared_cache, monkeypatch):
    """The other server stored its generation between this one's read and its write: this one takes it."""
    page_cache.new_version(page_cache._generation_key())
    theirs = page_cache.current_generation()
    if shared_cache == "redis":
        unseen = type("Unseen", (), {"get": lambda self, key: None})()
        monkeypatch.setattr(page_cache, "tracked_versions", lambda redis: unseen)
    else:
        original = cache.get
        first_read = [True]

        def get(*args, **kwargs):
            if first_read:
                first_read.clear()
                return None  # read before the other server stored its generation
            return original(*args, **kwargs)

        monkeypatch.setattr(cache, "get", get)

    assert page_cache.current_generation() == theirs


def test_the_first_request_of_a_new_site_starts_the_generation_every_later_request_reads(shared_cache):
    first = page_cache.current_generation()

    assert isinstance(first, str) and len(first) == 32
    assert page_cache.current_generation() == first


def test_a_generation_lasts_until_what_the_public_reads_changes(shared_cache, monkeypatch):
    """However long the site goes unchanged, its pages stay cached: a generation never expires."""
    now = time.time()
    first = page_cache.current_generation()
    monkeypatch.setattr(time, "time", lambda: now + 365 * 24 * 60 * 60)
    assert page_cache.current_generation() == first

    page_cache.new_version(page_cache._generation_key())
    changed = page_cache.current_generation()
    monkeypatch.setattr(time, "time", lambda: now + 2 * 365 * 24 * 60 * 60)

    assert page_cache.current_generation() == changed != first
