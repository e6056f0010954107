"""Visitors find a disease by any name, abbreviation or symptom, in their language."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from diseases import workflow

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    with translation.override(language):
        url = reverse("diseases:search")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response


def found_slugs(response):
    return [result.entry.disease.slug for result in response.context["results"]]


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
    assert "Chronic" not in "".join(r.entry.title for r in response.context["results"])


def test_unpublished_pages_are_not_found(client, demo, editor):
    workflow.delete(demo, editor)

    assert found_slugs(search(client, "CRMO")) == []


def test_home_page_has_search_a_to_z_and_who_reviews(client, demo):
    response = client.get("/es/")

    text = html.unescape(response.content.decode())
    assert 'role="search"' in text
    assert "Osteomielitis crónica no bacteriana (CNO)" in text
    assert "revisad" in text
