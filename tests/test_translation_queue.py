"""
A translator's queue: what needs translating into one language, across the
pages and the shared groups, with the English changes sentence by sentence;
and one text translated in place, as an edit through the workflow.
"""

import html
import re

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from diseases import diff, translation_queue, translation_status, workflow
from diseases.models import ContentEdit, Disease, GlossaryTerm, Symptom

from .factories import approved_by, edit, make_disease, make_shared_group

pytestmark = pytest.mark.django_db

DEFINITION = "SJIA is a disease. It starts in childhood. Fevers come daily."


def queue_url(language="es", order=None):
    url = reverse("admin:diseases_translation_queue", args=[language])
    return f"{url}?o={order}" if order else url


def item_url(row, field, language="es"):
    return reverse(
        "admin:diseases_translation_item",
        kwargs={"language": language, "model": row._meta.model_name, "pk": row.pk, "field": field},
    )


def shown(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture
def disease(editor):
    """A page whose Spanish definition is outdated by one changed sentence, and whose Spanish fact is missing."""
    page = make_disease(editor)
    edit(page, editor, definition_en=DEFINITION, definition_es="La AIJS es una enfermedad.")
    edit(page, editor, definition_en=DEFINITION.replace("It starts in childhood.", "It starts before 16."))
    fact = page.facts.get()
    with workflow.editing(editor):
        fact.text_es = ""
        fact.save()
    return page


def queued(language="es", order=translation_queue.BY_PAGE):
    return [(item.row, item.field, item.status) for item in translation_queue.needing_translation(language, order)]


def test_the_queue_lists_missing_and_outdated_texts_of_pages_and_shared_groups_each_once(editor, disease):
    other = make_disease(editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")
    group = make_shared_group(editor)
    symptom = group.symptoms.get()
    with workflow.editing(editor):
        symptom.text_en = "Severe, lasting fatigue"
        symptom.save()

    items = queued()

    assert (disease, "definition", translation_status.OUTDATED) in items
    assert (disease.facts.get(), "text", translation_status.MISSING) in items
    # The shared symptom is on both pages, and listed once.
    assert items.count((symptom, "text", translation_status.OUTDATED)) == 1
    assert not [item for item in items if item[0] == other]
    # French was made outdated by the same English changes, never listed in the Spanish queue.
    assert len(queued("fr")) == 2 and all(status == translation_status.OUTDATED for _r, _f, status in queued("fr"))


def test_deleted_pages_are_not_in_the_queue(editor, disease):
    workflow.delete(disease, editor)

    assert queued() == []


def test_the_queue_shows_only_the_changed_english_sentence(translator_client, disease):
    response = translator_client.get(queue_url())

    page = shown(response)
    assert response.status_code == 200
    assert '<del><span class="visually-hidden">removed sentence: </span>It starts in childhood.</del>' in page
    assert '<ins><span class="visually-hidden">added sentence: </span>It starts before 16.</ins>' in page
    assert '<span class="sentence-same">SJIA is a disease.</span>' in page
    assert "1 text to translate, 1 outdated translation to update." in page


def test_changed_sentences_are_marked_and_the_others_kept():
    runs = diff.sentence_diff("One. Two is here. Three!", "One. Two is there. Three!\nFour.")

    assert runs == [
        ("same", "One."),
        ("removed", "Two is here."),
        ("added", "Two is there."),
        ("same", "Three!"),
        ("added", "Four."),
    ]


sentence = st.text(alphabet="abc XYZ", min_size=1, max_size=12).map(lambda words: words.strip() + ".")


@given(old=st.lists(sentence, max_size=6), new=st.lists(sentence, max_size=6))
def test_a_sentence_diff_keeps_every_sentence_of_both_texts(old, new):
    runs = diff.sentence_diff(" ".join(old), " ".join(new))

    assert [text for kind, text in runs if kind != "added"] == diff.sentences(" ".join(old))
    assert [text for kind, text in runs if kind != "removed"] == diff.sentences(" ".join(new))


def test_the_queue_sorts_by_page_or_the_longest_waiting_first(editor):
    later = make_disease(editor, slug="aaa", name="AAA disease", abbreviation="AAA")
    earlier = make_disease(editor, slug="zzz", name="ZZZ disease", abbreviation="ZZZ")
    for page in (earlier, later):
        edit(page, editor, definition_es="")
    ContentEdit.objects.filter(object_id=earlier.pk).update(created_at="2020-01-01T00:00Z")

    by_page = [row for row, _field, _status in queued()]
    by_age = [row for row, _field, _status in queued(order=translation_queue.BY_AGE)]

    assert by_page == [later, earlier]
    assert by_age == [earlier, later]


def test_only_those_who_may_translate_a_language_see_its_queue(client, translator, reviewer, editor, disease):
    client.force_login(translator)
    assert client.get(queue_url("fr")).status_code == 403
    assert client.get(item_url(disease, "definition", "fr")).status_code == 403
    assert client.get(queue_url("en")).status_code == 404
    assert client.get(queue_url("xx")).status_code == 404
    client.force_login(reviewer)
    assert client.get(queue_url("es")).status_code == 403
    client.force_login(editor)
    assert client.get(queue_url("fr")).status_code == 200


def test_the_queue_takes_as_many_queries_for_four_pages_as_for_one(translator_client, editor, disease):
    with CaptureQueriesContext(connection) as one_page:
        translator_client.get(queue_url())
    for slug in ("a", "b", "c"):
        edit(make_disease(editor, slug=slug, name=f"Disease {slug}", abbreviation=slug), editor, definition_es="")

    with CaptureQueriesContext(connection) as four_pages:
        response = translator_client.get(queue_url())

    assert shown(response).count('<li class="queue-item ') == 5
    assert len(four_pages) == len(one_page)


def translate(client, row, field, text, language="es"):
    url = item_url(row, field, language)
    opened = html.unescape(client.get(url).content.decode())
    opened_edit = opened.split('name="opened_edit" value="', 1)[1].split('"', 1)[0]
    return client.post(url, {"text": text, "opened_edit": opened_edit})


def test_translating_in_place_records_an_edit_that_makes_the_text_current_and_the_page_a_draft(
    translator_client, translator, editor, reviewer, disease
):
    approved_by(disease, editor, reviewer, languages=["en"])
    shown_item = shown(translator_client.get(item_url(disease, "definition")))
    assert "It starts before 16." in shown_item and "Reading ease:" in shown_item

    response = translate(
        translator_client, disease, "definition", "La AIJS es una enfermedad. Empieza antes de los 16."
    )

    assert response.status_code == 302 and response["Location"] == queue_url()
    disease.refresh_from_db()
    assert disease.definition_es == "La AIJS es una enfermedad. Empieza antes de los 16."
    assert translation_status.field_status(disease, "definition", "es") == translation_status.COMPLETE
    assert disease.status == Disease.Status.DRAFT
    assert ContentEdit.objects.filter(user=translator, object_id=disease.pk).exists()
    revision = reversion.models.Version.objects.get_for_object(disease).first().revision
    assert revision.user == translator
    assert (disease, "definition", translation_status.OUTDATED) not in queued()
    # The public still reads the approved version; the translator's edit goes to review.
    workflow.submit_for_review(disease, translator)
    assert workflow.four_eyes_obstacle(disease, reviewer) is None


def test_a_shared_symptom_translated_in_place_is_an_edit_of_the_shared_group(translator_client, translator, editor):
    group = make_shared_group(editor, symptoms=("Severe fatigue",))
    symptom = group.symptoms.get()
    with workflow.editing(editor):
        symptom.text_es = ""
        symptom.save()

    translate(translator_client, symptom, "text", "Fatiga intensa")

    assert Symptom.objects.get(pk=symptom.pk).text_es == "Fatiga intensa"
    assert ContentEdit.objects.filter(user=translator, object_id=group.pk, content_type__model="symptomgroup").exists()


def test_saving_an_outdated_translation_unchanged_leaves_it_outdated(translator_client, translator, disease):
    response = translate(translator_client, disease, "definition", "La AIJS es una enfermedad.")

    disease.refresh_from_db()
    assert translation_status.field_status(disease, "definition", "es") == translation_status.OUTDATED
    assert not ContentEdit.objects.filter(user=translator).exists()
    assert "Nothing changed" in shown(translator_client.get(response["Location"]))


def test_a_translation_opened_before_someone_elses_edit_is_refused(translator_client, translator, editor, disease):
    url = item_url(disease, "definition")
    opened = workflow.last_edit(disease)
    edit(disease, editor, definition_fr="Une maladie.")

    response = translator_client.post(url, {"text": "Otra traducción.", "opened_edit": opened})

    assert response.status_code == 400
    assert "Someone else changed this page" in shown(response)
    disease.refresh_from_db()
    assert disease.definition_es == "La AIJS es una enfermedad."


def test_an_empty_translation_is_refused(translator_client, disease):
    response = translator_client.post(
        item_url(disease, "definition"), {"text": "", "opened_edit": workflow.last_edit(disease)}
    )

    assert response.status_code == 400
    assert "Write the translation" in shown(response)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"model": "disease", "field": "slug"},
        {"model": "medicalcode", "field": "code"},
        {"model": "user", "field": "username"},
        {"model": "disease", "pk": 987654},
    ],
)
def test_texts_that_are_not_translated_content_are_not_found(translator_client, disease, kwargs):
    url_kwargs = {"language": "es", "model": "disease", "pk": disease.pk, "field": "definition", **kwargs}

    assert translator_client.get(reverse("admin:diseases_translation_item", kwargs=url_kwargs)).status_code == 404


def test_a_deleted_pages_texts_are_not_found(translator_client, editor, disease):
    workflow.delete(disease, editor)

    assert translator_client.get(item_url(disease, "definition")).status_code == 404


def test_the_dashboard_counts_the_texts_to_translate_in_the_translators_languages(translator_client, disease):
    board = shown(translator_client.get(reverse("admin:index")))

    spanish = board.split('id="translation-queue-es">', 1)[1].split("</a>", 1)[0]
    assert " ".join(re.sub("<[^>]+>", "", spanish).split()) == ("Spanish: 1 text to translate, 1 outdated translation")
    assert f'href="{queue_url()}"' in spanish
    assert 'id="translation-queue-fr"' not in board
    # Nothing of an editor's work: the translator has none of it.
    assert 'id="editor-work"' not in board and 'id="reviewer-work"' not in board


def test_the_text_translated_in_place_shows_the_glossary_terms_its_english_uses(translator_client, disease):
    GlossaryTerm.objects.create(language="es", term="fever", translation="fiebre", note="Never “calentura”.")
    GlossaryTerm.objects.create(language="fr", term="fever", translation="fièvre")
    GlossaryTerm.objects.create(language="es", term="rash", translation="erupción")

    page = shown(translator_client.get(item_url(disease, "definition")))

    assert "fiebre" in page and "Never “calentura”." in page
    assert "fièvre" not in page and "erupción" not in page


def test_translators_may_read_the_glossary(translator_client):
    GlossaryTerm.objects.create(language="es", term="fever", translation="fiebre")

    response = translator_client.get(reverse("admin:diseases_glossaryterm_changelist"))

    assert response.status_code == 200 and "fiebre" in shown(response)
    assert translator_client.get(reverse("admin:diseases_glossaryterm_add")).status_code == 403
