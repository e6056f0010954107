"""
Public pages are cached whole for everyone who is not signed in, cookies or
not, and every change the public should see shows on the very next request.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from diseases import workflow
from diseases.models import PatientAdvice

from .factories import make_disease, make_shared_group

pytestmark = pytest.mark.django_db

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


def test_a_head_request_is_served_from_the_cache(published):
    visitor().get(detail_url(published))

    with CaptureQueriesContext(connection) as queries:
        head = visitor().head(detail_url(published))

    assert head.status_code == 200
    assert head.content == b""
    assert len(queries) == 0
