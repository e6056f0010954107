"""The history screens as editors and reviewers use them: an old version to revert to, and what was deleted."""

import datetime
import html
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from diseases.models import ContentEdit, Disease, Reference, ReviewEvent, SharedSymptomGroup
from diseases.workflow import history

from .conftest import make_user
from .factories import make_disease, make_reference, make_shared_group
from .forms import form_data

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 2, 3, 4, tzinfo=datetime.UTC)
DELETION = datetime.datetime(2026, 5, 3, 10, 4, tzinfo=datetime.UTC)


def text_of(fragment):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page, language):
    """The text of the part of the revert screen about `language`."""
    found = re.search(rf'<section data-language-section="{language}"[^>]*>(.*?)</section>', page, re.S)
    assert found, f"no section for {language}"
    return text_of(found.group(1))


def revision_url(obj, version):
    return reverse(f"admin:diseases_{obj._meta.model_name}_revision", args=[obj.pk, version.pk])


def saved_in_admin(client, obj, changes):
    url = reverse(f"admin:diseases_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url).content, f"{obj._meta.model_name}_form")
    data.update(changes)
    assert client.post(url, data).status_code == 302


def first_version(obj):
    version = Version.objects.get_for_object(obj).order_by("pk").first()
    Revision.objects.filter(pk=version.revision_id).update(date_created=DELETION)
    return version


def test_the_revert_screen_shows_per_language_what_reverting_to_a_page_version_would_change(client, editor):
    page = make_disease(editor)
    old = first_version(page)
    client.force_login(editor)
    saved_in_admin(client, page, {"definition_es": "Una definición nueva.", "facts-0-text_fr": "Un fait nouveau."})

    response = client.get(revision_url(page, old))
    shown = response.content.decode()

    title = "Revert “Systemic Juvenile Idiopathic Arthritis (SJIA)” to the version of 3 May 2026, 10:04"
    assert text_of(re.search(r"<h1>(.*?)</h1>", shown, re.S).group(1)) == title
    assert text_of(re.search(r'<div class="breadcrumbs">(.*?)</div>', shown, re.S).group(1)).endswith(
        "› History › 3 May 2026, 10:04"
    )
    assert "Saved by ed. Comment: —" in text_of(shown)
    assert "this version of the page" in text_of(shown)
    assert "object" not in text_of(shown)
    # Tabs like the edit form's: every language shown until the script makes them tabs.
    assert "data-language-tabs" in shown and "language_tabs.js" in shown
    assert 'data-source-language="en"' in shown
    spanish, french, english = section(shown, "es"), section(shown, "fr"), section(shown, "en")
    assert "removed: Una definición nueva." in spanish
    assert "added: Systemic Juvenile Idiopathic Arthritis is a disease. (es)" in spanish
    assert "Un fait nouveau" not in spanish
    assert "removed: Un fait nouveau. added: SJIA is rare. (fr)" in french
    assert "definición" not in french
    assert "No differences in this language." in english


def test_the_revert_screen_is_titled_in_the_admins_language(client, editor):
    page = make_disease(editor)
    old = first_version(page)
    client.force_login(editor)
    saved_in_admin(client, page, {"definition_en": "Changed."})

    shown = client.get(revision_url(page, old), headers={"accept-language": "es"}).content.decode()

    assert "Systemic Juvenile Idiopathic Arthritis (es) (SJIA (es))" in text_of(
        re.search(r"<h1>(.*?)</h1>", shown, re.S).group(1)
    )


@pytest.mark.parametrize(
    ("make", "model", "changes", "noun"),
    [
        (make_shared_group, SharedSymptomGroup, {"title_fr": "Un titre nouveau"}, "shared group"),
        (make_reference, Reference, {"link_text_fr": "Voir"}, "reference"),
    ],
)
def test_the_revert_screen_of_shared_content_speaks_of_what_it_reverts(client, editor, make, model, changes, noun):
    obj = model.objects.get(pk=make(editor).pk)
    old = first_version(obj)
    client.force_login(editor)
    saved_in_admin(client, obj, changes)

    shown = client.get(revision_url(obj, old)).content.decode()

    assert f"this version of the {noun}" in text_of(shown)
    assert "object" not in text_of(shown)
    assert "(fr)" in section(shown, "fr") and "No differences in this language." in section(shown, "es")


def row_of(response, table_id, text):
    """The text of the row of table `table_id` that mentions `text`."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', response.content.decode(), re.S).group(1)
    rows = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))) for row in table.split("<tr")]
    return next(row for row in rows if text in row)


def test_the_recover_list_says_when_and_by_whom_a_page_was_deleted(client, editor, other_editor):
    page = make_disease(editor)
    client.force_login(other_editor)
    assert client.post(reverse("admin:diseases_disease_delete", args=[page.pk]), {"post": "yes"}).status_code == 302
    # Last saved long before it was deleted.
    Disease.objects.filter(pk=page.pk).update(updated_at=LONG_AGO)
    ReviewEvent.objects.filter(disease=page, action=ReviewEvent.Action.DELETED).update(created_at=DELETION)
    client.force_login(editor)

    row = row_of(client.get(reverse("admin:diseases_disease_recoverlist")), "deleted-pages", "SJIA")

    assert "3 May 2026, 10:04" in row
    assert "ed2" in row
    assert "2020" not in row


def test_the_recover_list_of_references_says_when_and_by_whom_each_was_deleted(client, editor, other_editor):
    reference = make_reference(editor)
    # Written and last saved long before it was deleted.
    Revision.objects.update(date_created=LONG_AGO)
    ContentEdit.objects.update(created_at=LONG_AGO)
    client.force_login(other_editor)
    delete_url = reverse("admin:diseases_reference_delete", args=[reference.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Reference.objects.filter(pk=reference.pk).exists()
    ContentEdit.objects.filter(object_id=reference.pk, user=other_editor).update(created_at=DELETION)
    client.force_login(editor)

    row = row_of(client.get(reverse("admin:diseases_reference_recoverlist")), "deleted-items", "Early Symptoms Study")

    assert "3 May 2026, 10:04" in row
    assert "ed2" in row
    assert "2020" not in row


def test_only_someone_who_may_add_references_may_recover_a_deleted_one(django_user_model, editor):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    reference.delete()
    changer = make_user(django_user_model, "changer")
    changer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_reference", "view_reference"], content_type__app_label="diseases"
        )
    )

    with pytest.raises(PermissionDenied, match="^You cannot recover this.$"):
        history.recover_deleted(Reference, version, changer)
    assert not Reference.objects.filter(pk=version.object_id).exists()

    history.recover_deleted(Reference, version, editor)
    assert Reference.objects.get(pk=version.object_id).title == "Early Symptoms Study"


def test_reverting_in_the_admin_is_an_edit_by_the_editor_saying_which_version_it_went_back_to(client, editor):
    reference = make_reference(editor)
    old = first_version(reference)
    client.force_login(editor)
    saved_in_admin(client, reference, {"year": "2001"})
    url = revision_url(reference, old)

    response = client.post(url, form_data(client.get(url).content, "revert-form"))

    assert response.status_code == 302
    assert response.url == reverse("admin:diseases_reference_change", args=[reference.pk])
    assert Reference.objects.get(pk=reference.pk).year == 2019
    latest = Version.objects.get_for_object(reference).first().revision
    assert (latest.get_comment(), latest.user) == ("Reverted to the version of 3 May 2026, 10:04", editor)
    assert ContentEdit.objects.filter(object_id=reference.pk).first().user == editor
    assert LogEntry.objects.filter(object_id=str(reference.pk)).latest("pk").get_change_message() == (
        "Reverted to an earlier version."
    )
    shown = client.get(response.url)
    assert [str(message) for message in shown.context["messages"]] == [
        f"“{reference}” was reverted: it is a new draft."
    ]


def test_a_revert_after_someone_else_saved_is_refused_and_offered_again_over_their_edit(client, editor, other_editor):
    reference = make_reference(editor)
    old = first_version(reference)
    client.force_login(editor)
    url = revision_url(reference, old)
    opened = form_data(client.get(url).content, "revert-form")
    other = Client()
    other.force_login(other_editor)
    saved_in_admin(other, reference, {"year": "2001"})

    response = client.post(url, opened)

    assert response.status_code == 409
    assert [(message.level_tag, str(message)) for message in response.context["messages"]] == [
        ("error", "Someone else changed this page while you were editing it. Nothing was saved.")
    ]
    assert Reference.objects.get(pk=reference.pk).year == 2001
    assert client.post(url, form_data(response.content, "revert-form")).status_code == 302
    assert Reference.objects.get(pk=reference.pk).year == 2019


def test_a_version_that_links_to_a_deleted_reference_is_not_restored_and_the_editor_is_told_why(client, editor):
    reference = make_reference(editor)
    group = SharedSymptomGroup.objects.get(pk=make_shared_group(editor, reference=reference).pk)
    old = first_version(group)
    SharedSymptomGroup.objects.filter(pk=group.pk).update(reference=None)
    reference.delete()
    client.force_login(editor)
    url = revision_url(group, old)

    response = client.post(url, form_data(client.get(url).content, "revert-form"))

    assert response.status_code == 400
    assert [
        text_of(error) for error in re.findall(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)
    ] == [
        "This version cannot be restored: something it links to (a reference, say) no longer exists, "
        "or another page now uses its address. Nothing was changed."
    ]
    assert SharedSymptomGroup.objects.get(pk=group.pk).reference_id is None


def test_only_someone_who_may_change_references_may_revert_one(django_user_model, editor):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    viewer = make_user(django_user_model, "viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_reference"))

    with pytest.raises(PermissionDenied, match="^You cannot change this.$"):
        history.revert(reference, version, viewer, opened_edit=0)


def test_recovering_is_an_edit_by_whoever_recovers_and_is_refused_once_recovered(editor, other_editor):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    reference.delete()

    history.recover_deleted(Reference, version, other_editor)

    latest = Version.objects.get_for_object_reference(Reference, version.object_id).first().revision
    assert (latest.get_comment(), latest.user) == ("Recovered", other_editor)
    with pytest.raises(ValidationError) as refusal:
        history.recover_deleted(Reference, version, editor)
    assert (refusal.value.code, refusal.value.messages) == ("exists", ["This has been recovered already."])
    assert Version.objects.get_for_object_reference(Reference, version.object_id).first().revision == latest


def test_a_version_that_links_to_what_is_gone_is_refused_in_the_workflows_own_words(editor):
    reference = make_reference(editor)
    group = SharedSymptomGroup.objects.get(pk=make_shared_group(editor, reference=reference).pk)
    version = Version.objects.get_for_object(group).first()
    group.delete()
    reference.delete()

    with pytest.raises(ValidationError) as refusal:
        history.recover_deleted(SharedSymptomGroup, version, editor)

    assert (refusal.value.code, refusal.value.messages) == (
        "not_restorable",
        [
            "This version cannot be restored: something it links to (a reference, say) no longer exists, "
            "or another page now uses its address. Nothing was changed."
        ],
    )
    assert not SharedSymptomGroup.objects.filter(pk=group.pk).exists()


def test_an_editor_recovers_a_deleted_reference_in_the_admin_as_their_own_edit(client, editor, other_editor):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    reference.delete()
    client.force_login(other_editor)
    url = reverse("admin:diseases_reference_recover", args=[version.pk])
    assert "Early Symptoms Study" in client.get(url).content.decode()

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:diseases_reference_change", args=[version.object_id])
    assert [str(message) for message in response.context["messages"]] == ["“Early Symptoms Study, 2019” was recovered."]
    latest = Version.objects.get_for_object_reference(Reference, version.object_id).first().revision
    assert (latest.get_comment(), latest.user) == ("Recovered", other_editor)


def test_the_recover_screen_is_titled_by_what_it_recovers_and_the_recovery_is_in_the_admin_log(
    client, editor, other_editor
):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    reference.delete()
    client.force_login(other_editor)
    url = reverse("admin:diseases_reference_recover", args=[version.pk])

    page = client.get(url).content.decode()

    assert text_of(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)) == "Recover “Early Symptoms Study, 2019”"
    assert text_of(re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S).group(1)).endswith(
        "› Early Symptoms Study, 2019"
    )
    # What recovering brings back, and a form that can send it.
    brought_back = text_of(re.search(r'<div id="content-main">(.*?)<form', page, re.S).group(1))
    assert "Early Symptoms Study" in brought_back and "View the study" in brought_back
    assert 'name="csrfmiddlewaretoken"' in re.search(r'<form[^>]*id="recover-form"(.*?)</form>', page, re.S).group(1)
    client.post(url)
    entry = LogEntry.objects.get(object_id=str(version.object_id))
    assert (entry.user, entry.is_addition(), entry.get_change_message()) == (other_editor, True, "Recovered.")


def test_a_shared_group_whose_reference_is_gone_is_not_recovered_and_the_editor_is_told_why(client, editor):
    reference = make_reference(editor)
    group = SharedSymptomGroup.objects.get(pk=make_shared_group(editor, reference=reference).pk)
    version = Version.objects.get_for_object(group).first()
    group.delete()
    reference.delete()
    client.force_login(editor)

    response = client.post(reverse("admin:diseases_sharedsymptomgroup_recover", args=[version.pk]), follow=True)

    assert response.redirect_chain == [(reverse("admin:diseases_sharedsymptomgroup_recoverlist"), 302)]
    assert [
        text_of(error) for error in re.findall(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)
    ] == [
        "This version cannot be restored: something it links to (a reference, say) no longer exists, "
        "or another page now uses its address. Nothing was changed."
    ]
    assert not SharedSymptomGroup.objects.filter(pk=group.pk).exists()
    assert not LogEntry.objects.filter(object_id=str(group.pk)).exists()


@pytest.mark.parametrize("codenames", [["change_reference", "view_reference"], ["add_reference", "view_reference"]])
def test_who_may_not_both_add_and_change_references_sees_no_deleted_ones_to_recover(
    client, django_user_model, editor, codenames
):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    reference.delete()
    user = make_user(django_user_model, "partial")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames, content_type__app_label="diseases"))
    client.force_login(user)

    assert client.get(reverse("admin:diseases_reference_recoverlist")).status_code == 403
    assert client.get(reverse("admin:diseases_reference_recover", args=[version.pk])).status_code == 403
    assert client.post(reverse("admin:diseases_reference_recover", args=[version.pk])).status_code == 403
    assert not Reference.objects.filter(pk=version.object_id).exists()


def test_the_recover_list_is_titled_by_what_it_lists_and_names_who_deleted_each_item_not_who_edited_another(
    client, editor, other_editor
):
    first = make_reference(editor)
    second = make_reference(editor, title="Late Symptoms Study", url="https://example.org/late")
    client.force_login(other_editor)
    assert client.post(reverse("admin:diseases_reference_delete", args=[first.pk]), {"post": "yes"}).status_code == 302
    client.force_login(editor)
    assert client.post(reverse("admin:diseases_reference_delete", args=[second.pk]), {"post": "yes"}).status_code == 302
    # Since then, a page that happens to have the first reference's id was edited by someone else.
    third = make_user(get_user_model(), "ed3")
    ContentEdit.objects.create(content_type=ContentType.objects.get_for_model(Disease), object_id=first.pk, user=third)

    response = client.get(reverse("admin:diseases_reference_recoverlist"))

    assert text_of(re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)) == (
        "Recover deleted references"
    )
    assert row_of(response, "deleted-items", "Early Symptoms Study").split()[-1] == "ed2"
    assert row_of(response, "deleted-items", "Late Symptoms Study").split()[-1] == "ed"


def test_a_member_of_staff_who_may_not_view_references_sees_no_old_version_of_one(client, django_user_model, editor):
    reference = make_reference(editor)
    version = Version.objects.get_for_object(reference).first()
    client.force_login(make_user(django_user_model, "staff"))

    assert client.get(revision_url(reference, version)).status_code == 404


def test_what_reverting_changes_in_every_language_is_shown_apart_from_each_languages_texts(client, editor):
    reference = make_reference(editor)
    old = first_version(reference)
    client.force_login(editor)
    saved_in_admin(client, reference, {"year": "2001"})

    shown = client.get(revision_url(reference, old)).content.decode()

    every_language = re.search(r"<h3>In every language</h3>(.*?)<div class=\"language-sections\">", shown, re.S)
    assert every_language and "removed: 2001 added: 2019" in text_of(every_language.group(1))
    assert "2001" not in section(shown, "en")


def test_a_revert_form_sent_without_the_version_it_was_opened_at_is_refused_and_changes_nothing(client, editor):
    reference = make_reference(editor)
    old = first_version(reference)
    client.force_login(editor)
    saved_in_admin(client, reference, {"year": "2001"})

    response = client.post(revision_url(reference, old), {"opened_edit": "the latest"})

    assert response.status_code == 400
    assert Reference.objects.get(pk=reference.pk).year == 2001


def test_the_recover_list_of_shared_groups_lists_each_deleted_shared_group_and_no_pages_own_group(client, editor):
    shared = make_shared_group(editor, title="Bone pain")
    page = make_disease(editor)
    client.force_login(editor)
    delete_url = reverse("admin:diseases_sharedsymptomgroup_delete", args=[shared.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    # Deleted later, through the page's form: it comes back with the page's history, not from this list.
    saved_in_admin(client, page, {"symptom_groups-0-DELETE": "on"})
    assert not page.symptom_groups.exists()

    response = client.get(reverse("admin:diseases_sharedsymptomgroup_recoverlist"))

    table = re.search(r'<table id="deleted-items">(.*?)</table>', response.content.decode(), re.S).group(1)
    assert [text_of(name) for name in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)] == ["Bone pain"]
