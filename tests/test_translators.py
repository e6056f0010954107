"""
Translators: each is granted languages, and changes only those languages'
texts of pages, shared symptom groups and references, through the same
workflow as every edit. The admin shows them the rest read-only; the workflow
refuses whatever a crafted request tries beyond that.
"""

import html

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from diseases import permissions, workflow
from diseases.models import ContentEdit, Disease, EmailLanguage, Fact, Reference, ReviewEvent, TranslationGrant
from diseases.permissions import TRANSLATORS_GROUP

from .factories import approved_by, edit, make_disease, make_reference, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db

REFUSED = "You may change only the texts in Spanish"


def change_url(obj):
    return reverse(f"admin:diseases_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture
def disease(editor):
    return make_disease(editor)


def post_page(client, disease, **changes):
    data = form_data(client.get(change_url(disease)).content, "disease_form")
    data.update(changes)
    return client.post(change_url(disease), data)


def shown(response):
    return html.unescape(response.content.decode())


def test_the_translators_group_may_translate_and_change_nothing_else():
    group = Group.objects.get(name=TRANSLATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert "translate_disease" in codenames
    assert not {codename for codename in codenames if codename.startswith(("add_", "change_", "delete_"))}
    assert "review_disease" not in codenames


def test_languages_a_translator_may_edit_are_those_granted(translator, editor, reviewer):
    assert permissions.translation_languages(translator) == ["es"]
    assert permissions.may_edit_language(translator, "es")
    assert not permissions.may_edit_language(translator, "en")
    assert not permissions.may_edit_language(translator, "fr")
    # Content editors translate into every language; reviewers into none.
    assert permissions.translation_languages(editor) == ["es", "fr"]
    assert all(permissions.may_edit_language(editor, code) for code in ("en", "es", "fr"))
    assert permissions.translation_languages(reviewer) == []
    assert not permissions.may_edit_language(reviewer, "es")


def test_a_granted_language_does_nothing_without_the_translators_group(django_user_model):
    volunteer = django_user_model.objects.create_user("volunteer", is_staff=True)
    TranslationGrant.objects.create(user=volunteer, language="es")

    assert permissions.translation_languages(volunteer) == []
    assert not permissions.may_edit_language(volunteer, "es")


def test_a_translator_without_languages_only_reads_the_page(translator_client, translator, disease):
    assert 'name="_save"' in shown(translator_client.get(change_url(disease)))
    translator.translation_grants.all().delete()

    assert 'name="_save"' not in shown(translator_client.get(change_url(disease)))


def test_the_form_shows_english_and_other_languages_read_only(translator_client, disease):
    response = translator_client.get(change_url(disease))

    form = shown(response)
    assert response.status_code == 200
    for name in ("definition_en", "definition_fr", "slug", "names-0-name_en", "names-0-abbreviation_fr"):
        tag = form[form.index(f'name="{name}"') :].split(">", 1)[0]
        assert " disabled" in tag, name
    for name in ("definition_es", "names-0-name_es", "facts-0-text_es"):
        tag = form[form.index(f'name="{name}"') :].split(">", 1)[0]
        assert " disabled" not in tag, name


def test_a_translator_saves_a_spanish_text_as_an_edit_that_makes_the_page_a_draft(
    translator_client, translator, editor, reviewer, disease
):
    approved_by(disease, editor, reviewer)

    response = post_page(
        translator_client, disease, definition_es="Una enfermedad.", **{"names-0-name_es": "Artritis idiopática"}
    )

    assert response.status_code == 302
    disease.refresh_from_db()
    assert disease.definition_es == "Una enfermedad."
    assert disease.names.get().name_es == "Artritis idiopática"
    assert disease.status == Disease.Status.DRAFT
    assert ContentEdit.objects.filter(user=translator, object_id=disease.pk).exists()
    assert disease.review_events.first().action == ReviewEvent.Action.EDITED
    latest = reversion.models.Version.objects.get_for_object(disease).first()
    assert latest.revision.user == translator


@pytest.mark.parametrize(
    "crafted",
    [
        {"definition_en": "Changed English."},
        {"definition_fr": "Une maladie changée."},
        {"slug": "another-address"},
        {"category": "autoimmune"},
        {"names-0-name_en": "Another name"},
        {"facts-0-text_fr": "Un fait."},
        {"facts-0-order": "5"},
    ],
)
def test_a_crafted_post_beyond_the_translators_languages_changes_nothing(translator_client, disease, crafted):
    before = {
        "page": Disease.objects.values().get(pk=disease.pk),
        "names": list(disease.names.values()),
        "facts": list(disease.facts.values()),
    }

    response = post_page(translator_client, disease, definition_es="Una enfermedad.", **crafted)

    assert response.status_code == 200
    assert REFUSED in shown(response)
    assert Disease.objects.values().get(pk=disease.pk) == before["page"]
    assert list(disease.names.values()) == before["names"]
    assert list(disease.facts.values()) == before["facts"]
    assert not ContentEdit.objects.filter(object_id=disease.pk, user__username="tra").exists()


def test_a_translator_reading_the_admin_in_spanish_saves_a_spanish_text(translator_client, disease):
    # The column named like a translated field follows the language being read: it is not a change of its own.
    data = form_data(translator_client.get(change_url(disease), HTTP_ACCEPT_LANGUAGE="es").content, "disease_form")

    response = translator_client.post(
        change_url(disease), {**data, "definition_es": "Una enfermedad."}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 302
    disease.refresh_from_db()
    assert disease.definition_es == "Una enfermedad."


def test_a_crafted_post_cannot_add_or_remove_rows(translator_client, disease):
    added = {
        "facts-TOTAL_FORMS": "2",
        "facts-1-text_en": "A new fact.",
        "facts-1-text_es": "Un hecho nuevo.",
        "facts-1-order": "1",
        "facts-1-disease": str(disease.pk),
    }
    post_page(translator_client, disease, **added)
    post_page(translator_client, disease, **{"facts-0-DELETE": "on"})

    assert list(disease.facts.values_list("text_en", flat=True)) == ["SJIA is rare."]


def test_a_translator_translates_a_shared_group_and_a_reference_but_not_their_english(translator_client, editor):
    reference = make_reference(editor)
    group = make_shared_group(editor, reference=reference)

    group_url = reverse("admin:diseases_sharedsymptomgroup_change", args=[group.pk])
    data = form_data(translator_client.get(group_url).content, "sharedsymptomgroup_form")
    translator_client.post(group_url, {**data, "title_es": "Síntomas comunes", "symptoms-0-text_es": "Fatiga"})
    data = form_data(translator_client.get(change_url(reference)).content, "reference_form")
    refused = translator_client.post(change_url(reference), {**data, "url": "https://example.org/elsewhere"})

    group.refresh_from_db()
    assert (group.title_es, group.symptoms.get().text_es) == ("Síntomas comunes", "Fatiga")
    assert REFUSED in shown(refused)
    assert Reference.objects.get(pk=reference.pk).url == "https://example.org/study"


def test_the_workflow_refuses_a_translators_english_change_made_outside_the_admin(translator, disease):
    with pytest.raises(PermissionDenied) as changed, workflow.editing(translator):
        disease.definition_en = "Changed English."
        disease.save()
    with pytest.raises(PermissionDenied) as removed, workflow.editing(translator):
        disease.facts.get().delete()
    with pytest.raises(PermissionDenied) as added, workflow.editing(translator):
        Fact.objects.create(disease=disease, order=1, text_en="A fact.", text_es="Un hecho.")

    assert str(changed.value) == "You may change only the texts in Spanish. Nothing was saved."
    assert str(removed.value) == str(added.value) == "Translators cannot add or remove rows; a content editor can."
    disease.refresh_from_db()
    assert disease.definition_en == "Systemic Juvenile Idiopathic Arthritis is a disease."
    assert disease.facts.count() == 1


def test_a_translator_cannot_approve_delete_or_revert(translator_client, translator, editor, reviewer, disease):
    approved_by(disease, editor, reviewer)
    edit(disease, translator, definition_es="Una enfermedad.")
    disease.submit_for_review(translator)

    assert "approve" not in workflow.available(disease, translator)
    with pytest.raises(PermissionDenied):
        disease.approve(translator)
    assert (
        translator_client.post(reverse("admin:diseases_disease_delete", args=[disease.pk]), {"post": "yes"}).status_code
        == 403
    )
    disease.refresh_from_db()
    assert disease.status == Disease.Status.IN_REVIEW


def test_a_translator_submits_their_translation_for_review(translator_client, translator, editor, reviewer, disease):
    approved_by(disease, editor, reviewer)
    post_page(translator_client, disease, definition_es="Una enfermedad.")

    response = translator_client.post(
        reverse("admin:diseases_disease_submit", args=[disease.pk]), {"comment": "Revisado"}
    )

    assert response.status_code == 302
    disease.refresh_from_db()
    assert disease.status == Disease.Status.IN_REVIEW
    assert disease.review_events.first().actor == translator


def test_a_translator_cannot_submit_a_draft_that_changes_the_english(translator, editor, reviewer, disease):
    TranslationGrant.objects.create(user=translator, language="fr")
    approved_by(disease, editor, reviewer)
    edit(disease, editor, definition_en="A new English definition.")
    edit(disease, translator, definition_es="Una definición nueva.")

    with pytest.raises(PermissionDenied) as refusal:
        workflow.submit_for_review(disease, translator)

    assert str(refusal.value) == (
        "This draft changes more than the texts in Spanish and French: a content editor must submit it for review."
    )
    with translation.override("es"), pytest.raises(PermissionDenied) as in_spanish:
        workflow.submit_for_review(disease, translator)
    assert str(in_spanish.value) == (
        "Este borrador cambia más que los textos en Español y Francés: un editor de contenido debe enviarlo a revisión."
    )

    disease.refresh_from_db()
    assert disease.status == Disease.Status.DRAFT


def test_a_translator_cannot_ask_a_reviewer_by_name(translator, editor, reviewer, disease):
    approved_by(disease, editor, reviewer)
    edit(disease, translator, definition_es="Una definición nueva.")

    with pytest.raises(PermissionDenied) as refusal:
        workflow.submit_for_review(disease, translator, assignee=reviewer)

    assert str(refusal.value) == "Only content editors can ask a reviewer to review a page."
    disease.refresh_from_db()
    assert (disease.status, disease.review_assignee) == (Disease.Status.DRAFT, None)


def test_the_reviewer_approves_a_translators_edit_and_the_translator_counts_for_four_eyes(
    translator, editor_and_reviewer, reviewer, disease
):
    approved_by(disease, editor_and_reviewer, reviewer)
    edit(disease, translator, definition_es="Una enfermedad.")
    workflow.submit_for_review(disease, translator)

    # The translator's edit is not the reviewer's own: the reviewer may approve it, in Spanish.
    assert workflow.four_eyes_obstacle(disease, editor_and_reviewer) is None
    disease.approve(editor_and_reviewer, languages=["en", "es"])

    disease.refresh_from_db()
    assert disease.status == Disease.Status.APPROVED


def test_the_user_admin_grants_languages(admin_client, translator):
    url = reverse("admin:auth_user_change", args=[translator.pk])

    data = form_data(admin_client.get(url).content, "user_form")
    data.update({"translation_grants-TOTAL_FORMS": "2", "translation_grants-1-language": "fr"})
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert permissions.translation_languages(translator) == ["es", "fr"]


def sign_in(client, language_header="en"):
    return client.post(
        reverse("admin:login"),
        {"username": "tra", "password": "pw", "next": reverse("admin:index")},
        HTTP_ACCEPT_LANGUAGE=language_header,
        follow=True,
    )


def test_the_admin_follows_the_language_remembered_for_a_translator_whatever_their_browser_says(client, translator):
    EmailLanguage.objects.create(user=translator, language="es")

    home = sign_in(client, "en")

    assert home.status_code == 200
    assert '<html lang="es"' in home.content.decode()
    assert "Su trabajo" in shown(home)
    assert EmailLanguage.objects.get(user=translator).language == "es"


def test_a_language_chosen_with_the_switch_wins_and_is_remembered(client, translator):
    EmailLanguage.objects.create(user=translator, language="es")
    client.post(reverse("set_language"), {"language": "fr", "next": "/admin/"})

    home = sign_in(client, "en")

    assert '<html lang="fr"' in home.content.decode()
    assert EmailLanguage.objects.get(user=translator).language == "fr"
