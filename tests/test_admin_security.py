"""
The admin under tampered requests: row ids that are not the model's give a
form error or a message (never a server error, never someone else's row), and
“view on site” answers only for objects the user may view.
"""

import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from diseases.models import Disease, DiseaseName, PatientAdvice, Symptom

from .conftest import make_user
from .factories import make_disease
from .forms import form_data

pytestmark = pytest.mark.django_db

# Posted where a row id belongs: none of these can be one.
NOT_IDS = ["abc", "1.5", "0x10", "99999999999999999999999", " ", "\x00"]


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def text_of(response):
    return html.unescape(response.content.decode())


def view_on_site_url(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


# “View on site”


def test_view_on_site_takes_editors_to_the_page(editor_client, editor):
    draft = make_disease(editor, slug="sjia")

    response = editor_client.get(view_on_site_url(draft))

    assert response.status_code == 302
    assert response["Location"].endswith("/diseases/sjia/")


def test_view_on_site_tells_a_staff_account_without_permission_nothing(django_user_model, editor):
    draft = make_disease(editor, slug="unannounced-trial-page")
    client = Client()
    client.force_login(make_user(django_user_model, "staff-only"))

    response = client.get(view_on_site_url(draft))

    assert response.status_code == 404
    assert "unannounced-trial-page" not in response.content.decode()
    assert "unannounced-trial-page" not in response.get("Location", "")


@pytest.mark.parametrize(
    "path", ["/admin/r/999999/1/", "/admin/r/1/abc/", "/admin/r/1/99999999999999999999999/", "/admin/r/1/%00/"]
)
def test_view_on_site_of_nothing_is_not_found(editor_client, path):
    assert editor_client.get(path).status_code == 404


def test_view_on_site_of_a_model_outside_the_admin_is_not_found(editor_client, editor):
    content_type = ContentType.objects.get_for_model(ContentType)

    assert editor_client.get(f"/admin/r/{content_type.pk}/{content_type.pk}/").status_code == 404


def test_view_on_site_asks_visitors_to_sign_in(client, editor):
    draft = make_disease(editor)

    response = client.get(view_on_site_url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Row ids in inline forms


@pytest.mark.parametrize("field", ["names-0-id", "symptom_groups-0-id", "symptom_groups-0-symptoms-0-id", "facts-0-id"])
@pytest.mark.parametrize("value", [*NOT_IDS, "-1"])
def test_a_tampered_row_id_in_an_inline_is_a_form_error(editor_client, editor, field, value):
    disease = make_disease(editor)
    data = form_data(editor_client.get(change_url(disease)).content, "disease_form")
    data[field] = value
    data["definition_en"] = "Changed, but not saved."

    response = editor_client.post(change_url(disease), data)

    assert response.status_code == 200
    assert "Please correct the error" in text_of(response)
    disease.refresh_from_db()
    assert disease.definition_en != "Changed, but not saved."


def test_another_pages_row_cannot_be_taken_over_through_an_inline(editor_client, editor):
    mine = make_disease(editor, slug="mine", name="My disease", abbreviation="MD")
    theirs = make_disease(editor, slug="theirs", name="Their disease", abbreviation="TD")
    their_name = theirs.names.get()
    their_symptom = Symptom.objects.get(group__disease=theirs)
    data = form_data(editor_client.get(change_url(mine)).content, "disease_form")
    data["names-0-id"] = str(their_name.pk)
    data["names-0-name_en"] = "Renamed through another page"
    data["symptom_groups-0-symptoms-0-id"] = str(their_symptom.pk)

    response = editor_client.post(change_url(mine), data)

    assert response.status_code == 200
    their_name.refresh_from_db()
    assert (their_name.disease, their_name.name_en) == (theirs, "Their disease")
    assert Symptom.objects.get(pk=their_symptom.pk).group.disease == theirs
    assert list(DiseaseName.objects.filter(disease=mine).values_list("name_en", flat=True)) == ["My disease"]


# Row ids in lists


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_tampered_selection_for_an_action_is_a_message(editor_client, editor, value):
    disease = make_disease(editor)
    advice = PatientAdvice.objects.create(disease=disease, text="x", role="patient", language="en", consent=True)
    for changelist, action in [
        (reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending", "approve_advice"),
        (reverse("admin:diseases_disease_changelist"), "delete_selected"),
        (reverse("admin:diseases_reference_changelist"), "delete_selected"),
    ]:
        response = editor_client.post(
            changelist, {"action": action, "_selected_action": [str(advice.pk), value], "index": "0"}, follow=True
        )

        assert response.status_code == 200
        assert "Some of the rows sent were not recognised: nothing was changed." in text_of(response)
    advice.refresh_from_db()
    assert advice.status == "pending"
    assert Disease.objects.not_deleted().filter(pk=disease.pk).exists()


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_tampered_row_in_an_editable_list_is_a_message(editor_client, editor, value):
    from .factories import make_shared_group

    group = make_shared_group(editor)
    changelist = reverse("admin:diseases_sharedsymptomgroup_changelist")
    data = form_data(editor_client.get(changelist).content, "changelist-form")
    data.update({"form-0-id": value, "form-0-order": "7", "_save": "Save"})

    response = editor_client.post(changelist, data, follow=True)

    assert response.status_code == 200
    assert "Some of the rows sent were not recognised: nothing was changed." in text_of(response)
    group.refresh_from_db()
    assert group.order == 0


def test_searching_the_admin_for_a_nul_character_finds_nothing_quietly(editor_client, editor):
    make_disease(editor)

    for changelist in ("admin:diseases_disease_changelist", "admin:diseases_patientadvice_changelist"):
        assert editor_client.get(reverse(changelist), {"q": "fever\x00", "status__exact": "pending"}).status_code == 200


# Content-Security-Policy (enforced in the real browser: tests/browser/test_admin_csp.py)


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/diseases/disease/", "/admin/jsi18n/"])
def test_the_admin_sends_a_policy_of_its_own_scripts_only(editor_client, path):
    policy = editor_client.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert "http" not in policy


def test_the_public_site_keeps_its_no_script_policy(client, demo):
    policy = client.get("/en/diseases/cno-crmo/")["Content-Security-Policy"]

    assert "script-src 'none'" in policy
