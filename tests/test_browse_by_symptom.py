"""Browse by symptom: from a symptom to the published pages that list it, in the visitor's language."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from diseases import workflow
from diseases.browse_by_symptom import MAX_SLUG_LENGTH, symptom_slug

from .factories import approved_by, make_disease, make_shared_group

pytestmark = pytest.mark.django_db


def symptoms_url(language="en"):
    with translation.override(language):
        return reverse("diseases:symptoms")


def symptom_url(text, language="en"):
    with translation.override(language):
        return reverse("diseases:symptom", kwargs={"slug": symptom_slug(text)})


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def published(editor, reviewer):
    """Two approved pages sharing a symptom written differently, and a shared group on both."""
    make_shared_group(editor, symptoms=("Brain fog",))
    sjia = make_disease(editor, slug="sjia", symptoms=("Daily spiking fever", "Joint pain"))
    aosd = make_disease(
        editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD", symptoms=("JOINT  páin.",)
    )
    return approved_by(sjia, editor, reviewer), approved_by(aosd, editor, reviewer)


def test_the_index_lists_each_symptom_once_with_how_many_pages_list_it(client, published):
    text = text_of(client.get(symptoms_url()))

    # Written two ways, listed once, as the first page A–Z writes it.
    assert text.count(f'href="{symptom_url("Joint pain")}"') == 1
    assert '>JOINT  páin.</a> <span class="count">(2 diseases)' in text
    assert ">Joint pain</a>" not in text
    assert text.index('>Brain fog</a> <span class="count">(2 diseases)') < text.index(">Daily spiking fever</a>")
    assert '>Daily spiking fever</a> <span class="count">(1 disease)' in text
    assert 'id="letter-B"' in text and 'id="letter-J"' in text


def test_a_symptom_page_lists_the_pages_that_show_it_whatever_the_case_or_accents(client, published):
    text = text_of(client.get(symptom_url("joint pain")))

    assert "<h1>JOINT  páin.</h1>" in text
    assert "Adult-Onset Still's Disease (AOSD)" in text
    assert "Systemic Juvenile Idiopathic Arthritis (SJIA)" in text
    assert text.index("Adult-Onset") < text.index("Systemic Juvenile")


def test_each_language_has_its_own_symptoms_and_links_to_its_own_pages(client, published):
    spanish = text_of(client.get(symptom_url("Daily spiking fever (es)", "es")))

    assert '<html lang="es"' in spanish
    assert 'href="/es/diseases/sjia/"' in spanish
    assert client.get(symptom_url("Daily spiking fever", "es")).status_code == 404
    # Its text differs in each language: the language links lead to each language's index.
    assert 'href="/fr/symptoms/"' in spanish
    assert 'rel="alternate"' not in spanish


def test_only_what_the_public_reads_is_listed(client, editor, published):
    sjia, _aosd = published
    draft = make_disease(editor, slug="draft", name="Unpublished disease", symptoms=("Secret symptom",))
    with workflow.editing(editor):
        sjia.symptom_groups.get().symptoms.create(order=5, text_en="Night sweats")

    index = text_of(client.get(symptoms_url()))

    assert "Secret symptom" not in index and "Night sweats" not in index
    assert client.get(symptom_url("Night sweats")).status_code == 404
    assert draft.slug not in text_of(client.get(symptom_url("Brain fog")))


def test_an_approved_symptom_is_listed_on_the_next_request(
    client, settings, editor, reviewer, published, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()
    sjia, _aosd = published
    client.get(symptoms_url())
    assert client.get(symptoms_url())["X-Page-Cache"] == "hit"
    assert client.get(symptom_url("Night sweats")).status_code == 404

    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        sjia.symptom_groups.get().symptoms.create(order=5, text_en="Night sweats")
    assert "Night sweats" not in text_of(client.get(symptoms_url()))
    with django_capture_on_commit_callbacks(execute=True):
        approved_by(sjia, editor, reviewer)

    assert ">Night sweats</a>" in text_of(client.get(symptoms_url()))
    assert "Systemic Juvenile Idiopathic Arthritis" in text_of(client.get(symptom_url("Night sweats")))


def test_a_deleted_page_leaves_the_symptom_pages(client, editor, published):
    _sjia, aosd = published

    workflow.delete(aosd, editor)

    assert "Adult-Onset" not in text_of(client.get(symptom_url("Joint pain")))


def test_the_index_costs_the_same_queries_for_many_pages(client, editor, django_assert_max_num_queries):
    """The pages' symptoms are read in one query, whatever their number."""
    make_shared_group(editor, symptoms=("Brain fog",))

    def publish(count, start):
        for number in range(start, start + count):
            page = make_disease(editor, slug=f"page-{number}", name=f"Disease {number}", symptoms=(f"Sign {number}",))
            page.publish_provisionally(editor)

    publish(2, 0)
    with django_assert_max_num_queries(2) as few:
        text_of(client.get(symptoms_url()))
    publish(20, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = text_of(client.get(symptoms_url()))
    assert "(22 diseases)" in text
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Disease 21" in text_of(client.get(symptom_url("Brain fog")))


def test_home_and_disease_pages_link_to_the_symptoms(client, published):
    sjia, _aosd = published

    home = text_of(client.get(reverse("diseases:home")))
    page = text_of(client.get(sjia.get_absolute_url()))

    assert f'href="{symptoms_url()}"' in home
    assert f'<a href="{symptom_url("Daily spiking fever")}">Daily spiking fever</a>' in page
    assert f'<a href="{symptom_url("Brain fog")}">Brain fog</a>' in page


def test_the_sitemap_lists_the_index_and_each_symptom_in_its_language(client, published):
    text = text_of(client.get("/sitemap.xml"))

    assert "http://testserver/en/symptoms/</loc>" in text
    assert f"http://testserver{symptom_url('Joint pain')}</loc>" in text
    assert f"http://testserver{symptom_url('Joint pain (es)', 'es')}</loc>" in text


@pytest.mark.parametrize("slug", ["nothing-here", "%00", "a" * 300, "..", "ü"])
def test_an_unknown_symptom_is_not_found(client, published, slug):
    assert client.get(f"/en/symptoms/{slug}/").status_code == 404


def test_symptoms_in_any_script_have_addresses_that_work(client, editor, reviewer):
    texts = ("Ломота в суставах", "関節の痛み", "—", "…", "x" * 300)
    make_disease(editor, symptoms=texts).publish_provisionally(editor)

    for text in texts:
        response = client.get(symptom_url(text))
        assert "Systemic Juvenile Idiopathic Arthritis" in text_of(response), text
    assert symptom_slug("—") != symptom_slug("…")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_a_slug_is_never_empty_long_or_a_path(text):
    slug = symptom_slug(text)

    assert slug and len(slug) <= MAX_SLUG_LENGTH
    assert "/" not in slug and slug == slug.strip("-")
    assert symptom_slug(text.upper().strip() + " ") == symptom_slug(text.upper())
