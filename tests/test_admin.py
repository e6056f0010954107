"""Content editors at work in the real admin: editing, history, revert, recover."""

import html

import pytest
from django.urls import reverse
from reversion.models import Version

from diseases.models import Disease, Symptom, SymptomGroup

from .forms import add_inline_rows, form_data

pytestmark = pytest.mark.django_db


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def post_change_form(client, url, changes=None, **kwargs):
    """Submit the admin form at `url` as a browser would, with `changes` typed in."""
    data = form_data(client.get(url).content, "disease_form")
    data.update(changes or {})
    for prefix, rows in kwargs.get("new_rows", {}).items():
        add_inline_rows(data, prefix, rows)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context["adminform"].form]
    ] + [formset.errors for formset in response.context["inline_admin_formsets"]]
    return response


def test_editor_adds_a_disease_with_its_names_groups_and_symptoms(editor_client):
    data = {
        "slug": "sjia",
        "category": "autoinflammatory",
        "definition_en": "Systemic juvenile idiopathic arthritis is an autoinflammatory disease.",
        "definition_es": "La artritis idiopática juvenil sistémica es una enfermedad autoinflamatoria.",
        "names-0-name_en": "Systemic Juvenile Idiopathic Arthritis",
        "names-0-abbreviation_en": "SJIA",
        "names-0-name_es": "Artritis idiopática juvenil sistémica",
        "names-0-abbreviation_es": "AIJS",
        "names-0-order": "0",
    }
    url = reverse("admin:diseases_disease_add")
    post_change_form(
        editor_client,
        url,
        data,
        new_rows={
            "symptom_groups": [{"title_en": "Symptoms Often Associated with SJIA:", "order": "0"}],
            "symptom_groups-0-symptoms": [
                {"text_en": "Daily spiking fever", "text_es": "Fiebre diaria en picos", "order": "0"},
                {"text_en": "Salmon-coloured rash", "order": "1"},
            ],
            "facts": [{"text_en": "It often starts before age five.", "order": "0"}],
        },
    )

    disease = Disease.objects.get(slug="sjia")
    assert disease.title == "Systemic Juvenile Idiopathic Arthritis (SJIA)"
    group = disease.symptom_groups.get()
    assert [s.text_es for s in group.symptoms.all()] == ["Fiebre diaria en picos", ""]
    assert disease.facts.get().text_en == "It often starts before age five."
    version = Version.objects.get_for_object(disease).get()
    assert version.revision.user.username == "ed"
    # The revision holds every inline row, not only the disease.
    assert version.revision.version_set.count() == 1 + 1 + 1 + 2 + 1


def test_history_lists_each_save_with_user_and_comment(editor_client, demo):
    post_change_form(editor_client, change_url(demo), {"definition_es": "Definición corregida."})

    response = editor_client.get(reverse("admin:diseases_disease_history", args=[demo.pk]))

    text = html.unescape(response.content.decode())
    assert "Demo content loaded" in text
    assert "Changed Definition [es]" in text
    assert "ed" in text


def test_revert_restores_a_spanish_field_and_a_deleted_symptom(editor_client, demo):
    group = demo.symptom_groups.get()
    before = list(group.symptoms.values_list("text_en", flat=True))
    symptom = group.symptoms.get(text_en="Synovial thickening")
    original_es = demo.definition_es
    form = form_data(editor_client.get(change_url(demo)).content, "disease_form")
    delete_key = next(
        key.replace("-id", "-DELETE")
        for key, value in form.items()
        if key.startswith("symptom_groups-0-symptoms-") and key.endswith("-id") and value == str(symptom.pk)
    )
    post_change_form(editor_client, change_url(demo), {"definition_es": "Texto cambiado.", delete_key: "on"})
    demo.refresh_from_db()
    assert demo.definition_es == "Texto cambiado."
    assert not Symptom.objects.filter(pk=symptom.pk).exists()

    first = Version.objects.get_for_object(demo).order_by("pk").first()
    revert_url = reverse("admin:diseases_disease_revision", args=[demo.pk, first.pk])
    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url).content, "revert-form"))

    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.definition_es == original_es
    assert list(group.symptoms.values_list("text_en", flat=True)) == before


@pytest.mark.django_db(transaction=True)
def test_deleting_a_symptom_group_deletes_its_symptoms_too(client, demo, editor):
    # Without the admin's script, which also ticks each symptom, only the group's own box is ticked.
    client.force_login(editor)
    group = demo.symptom_groups.get()
    symptoms = list(group.symptoms.values_list("pk", flat=True))
    form = form_data(client.get(change_url(demo)).content, "disease_form")
    assert form["symptom_groups-0-id"] == str(group.pk)

    post_change_form(client, change_url(demo), {"symptom_groups-0-DELETE": "on"})

    assert not SymptomGroup.objects.filter(pk=group.pk).exists()
    assert not Symptom.objects.filter(pk__in=symptoms).exists()


def test_deleted_disease_can_be_recovered_with_its_rows(editor_client, demo):
    pk = demo.pk
    symptom_count = Symptom.objects.filter(group__disease=demo).count()
    response = editor_client.post(reverse("admin:diseases_disease_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    changelist = editor_client.get(reverse("admin:diseases_disease_changelist"))
    assert pk not in [disease.pk for disease in changelist.context["cl"].result_list]

    recover_url = reverse("admin:diseases_disease_recover", args=[pk])
    assert recover_url in editor_client.get(reverse("admin:diseases_disease_recoverlist")).content.decode()
    response = editor_client.post(recover_url, {"post": "yes"})

    assert response.status_code == 302
    recovered = Disease.objects.get(pk=pk)
    assert recovered.status == Disease.Status.DRAFT
    assert recovered.title.startswith("Chronic Nonbacterial Osteomyelitis (CNO)")
    assert Symptom.objects.filter(group__disease=recovered).count() == symptom_count
    assert recovered.definition_fr.startswith("L")


def test_editor_finds_a_disease_by_a_spanish_name_or_abbreviation(editor_client, demo):
    changelist = reverse("admin:diseases_disease_changelist")

    for term in ("CRMO", "osteomielitis", "cno-crmo"):
        response = editor_client.get(changelist, {"q": term})
        assert response.context["cl"].result_count == 1, term


def test_shared_symptom_groups_have_their_own_admin(editor_client, demo):
    response = editor_client.get(reverse("admin:diseases_sharedsymptomgroup_changelist"))

    titles = [group.title_en for group in response.context["cl"].result_list]
    assert titles == ["Common in All AiArthritis Diseases", "“Auto” Symptoms", "Inflammatory Arthritis Symptoms"]
    assert SymptomGroup.objects.shared().count() == 3


def test_editor_and_reviewer_groups_exist_after_migrate(db, django_user_model):
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Content editors")
    reviewers = Group.objects.get(name="Medical reviewers")
    assert editors.permissions.filter(codename="change_disease").exists()
    assert editors.permissions.filter(codename="publish_disease").exists()
    assert not editors.permissions.filter(codename="review_disease").exists()
    assert reviewers.permissions.filter(codename="review_disease").exists()
    assert not reviewers.permissions.filter(codename="change_disease").exists()
