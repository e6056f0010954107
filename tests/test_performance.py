"""The public disease page costs the same few queries however large it grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diseases import workflow
from diseases.models import Disease, PatientAdvice, SymptomGroup

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10


def queries_for_page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(disease, editor, rows):
    with workflow.editing(editor):
        add_rows(disease, rows)


def add_rows(disease, rows):
    group = SymptomGroup.objects.create(disease=disease, title_en="More symptoms")
    for index in range(rows):
        group.symptoms.create(text_en=f"Symptom {index}")
        disease.facts.create(text_en=f"Fact {index}")
        disease.sections.create(title_en=f"Section {index}", body_en=f"Body {index}")
        disease.resources.create(title_en=f"Resource {index}", url="https://example.org/")
        PatientAdvice.objects.create(
            disease=disease, text=f"Advice {index}", role="patient", language="en", consent=True, status="approved"
        )


def test_disease_page_query_count_is_constant_as_content_grows(client, demo, editor):
    url = reverse("diseases:detail", kwargs={"slug": demo.slug})
    small = queries_for_page(client, url)

    grow(demo, editor, rows=30)
    large = queries_for_page(client, url)

    assert large == small
    assert large <= QUERY_BUDGET


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/diseases/", "/en/diseases/?letter=C", "/en/search/?q=bone+pain", "/en/search/?q=osteomylitis"],
)
def test_lists_and_search_cost_the_same_as_diseases_are_added(client, demo, editor, url):
    before = queries_for_page(client, url)

    for slug in ("one", "two", "three"):
        with workflow.editing(editor):
            disease = Disease.objects.create(slug=slug, definition_en="Bone pain and more.")
            disease.names.create(name_en=f"Chronic {slug}")
        disease.publish_provisionally(editor)

    # No more (the suggestions' vocabulary, read once, may even spare a query).
    assert queries_for_page(client, url) <= before


def test_lists_are_bounded(client, demo, editor, monkeypatch):
    from diseases import views

    monkeypatch.setattr(views, "A_TO_Z_PER_PAGE", 1)
    monkeypatch.setattr(views, "ON_HOME", 1)

    home = client.get("/en/")
    index = client.get("/en/diseases/")

    assert len(home.context["entries"]) == 1 and home.context["more"]
    assert len(index.context["page_obj"].object_list) == 1
    assert 'href="?page=2"' in index.content.decode()


@pytest.mark.parametrize("url", ["/en/diseases/?page=1", "/en/diseases/?letter=C"])
def test_the_a_to_z_list_is_counted_with_its_letters(client, demo, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200 and demo.slug in response.content.decode()
    read = [query["sql"] for query in queries if "diseases_searchentry" in query["sql"]]
    # The letters with how many titles each starts, then the page's rows: no count of its own.
    assert len(read) == 2
    assert not any("COUNT(*)" in sql for sql in read)
