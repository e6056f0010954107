"""
Patients' personal data by role, and really deleted: only those who
moderate advice see e-mail addresses (the advice's page, the list, the
history, exports); deleted advice leaves nothing of itself in the revision
history or the admin log; retention and erasure reach the history too.
"""

import contextlib
import csv
import datetime
import io

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db.models import ProtectedError
from django.db.models.signals import post_delete
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from diseases import signals
from diseases.models import PatientAdvice

from .forms import form_data

pytestmark = pytest.mark.django_db

EMAIL = "maria.lopez@example.org"
NAME = "Maria Lopez"


def submitted(disease, text="Ask for an MRI early.", **extra):
    """Advice as the public form saves it: with its first stored version."""
    with reversion.create_revision():
        reversion.set_comment("Submitted through the public form")
        return PatientAdvice.objects.create(
            disease=disease,
            text=text,
            role="patient",
            language="en",
            consent=True,
            display_name=NAME,
            email=EMAIL,
            **extra,
        )


def change_url(advice):
    return reverse("admin:diseases_patientadvice_change", args=[advice.pk])


def edit_in_admin(client, advice, **changes):
    """Save the advice's admin form with `changes`: a new version and an admin log entry."""
    data = form_data(client.get(change_url(advice)).content, "patientadvice_form")
    data.update(changes)
    assert client.post(change_url(advice), data).status_code == 302


def page_of(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def everything_stored_about(advice_pk):
    """All the text the history and the admin log keep about one advice."""
    versions = Version.objects.get_for_model(PatientAdvice).filter(object_id=str(advice_pk))
    entries = LogEntry.objects.filter(object_id=str(advice_pk), content_type__model="patientadvice")
    return " ".join(
        [*versions.values_list("serialized_data", flat=True), *versions.values_list("object_repr", flat=True)]
        + [f"{entry.object_repr} {entry.change_message}" for entry in entries]
    )


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


# Who sees e-mail addresses


def test_moderators_see_the_email_address_on_the_advices_page(editor_client, demo):
    advice = submitted(demo)

    assert EMAIL in page_of(editor_client, change_url(advice))


def test_reviewers_do_not_see_the_email_address_on_the_advices_page(reviewer_client, demo):
    advice = submitted(demo)

    page = page_of(reviewer_client, change_url(advice))

    assert "Ask for an MRI early." in page
    assert EMAIL not in page


def test_reviewers_do_not_see_the_email_address_in_the_history(reviewer_client, editor_client, demo):
    advice = submitted(demo)
    edit_in_admin(editor_client, advice, text="Ask for an MRI early, and keep a diary.")
    versions = Version.objects.get_for_object(advice)
    assert versions.count() == 2
    history_url = reverse("admin:diseases_patientadvice_history", args=[advice.pk])

    assert EMAIL not in page_of(reviewer_client, history_url)
    for version in versions:
        revision_url = reverse("admin:diseases_patientadvice_revision", args=[advice.pk, version.pk])
        assert EMAIL not in page_of(reviewer_client, revision_url)
        assert EMAIL in page_of(editor_client, revision_url)


def test_only_moderators_find_advice_by_email_address(reviewer_client, editor_client, demo):
    submitted(demo)
    search = reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending&q=maria.lopez@"

    assert editor_client.get(search).context["cl"].result_count == 1
    assert reviewer_client.get(search).context["cl"].result_count == 0


def export(client, *advice):
    response = client.post(
        reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending",
        {"action": "export_csv", "_selected_action": [item.pk for item in advice]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_exports_hold_email_addresses_only_for_moderators(reviewer_client, editor_client, demo):
    advice = submitted(demo)

    for_editor = export(editor_client, advice)
    for_reviewer = export(reviewer_client, advice)

    assert "E-mail" in for_editor[0] and EMAIL in for_editor[1]
    assert "E-mail" not in for_reviewer[0]
    assert EMAIL not in str(for_reviewer)
    assert "Ask for an MRI early." in for_reviewer[1]


def test_exported_text_never_runs_as_a_spreadsheet_formula(editor_client, demo):
    advice = submitted(demo, text='=HYPERLINK("http://evil.example","Click")')

    row = export(editor_client, advice)[1]

    assert '\'=HYPERLINK("http://evil.example","Click")' in row


# Deleted advice leaves nothing behind


def test_deleting_advice_in_the_admin_removes_it_from_the_history_and_the_admin_log(editor_client, demo):
    advice = submitted(demo)
    edit_in_admin(editor_client, advice, text="Ask for an MRI early, said Maria Lopez.")
    assert NAME in everything_stored_about(advice.pk) and EMAIL in everything_stored_about(advice.pk)

    delete_url = reverse("admin:diseases_patientadvice_delete", args=[advice.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302

    stored = everything_stored_about(advice.pk)
    assert NAME not in stored and EMAIL not in stored and "MRI" not in stored
    assert not Version.objects.get_for_model(PatientAdvice).filter(object_id=str(advice.pk)).exists()
    # The log still says that advice was changed and deleted, by whom and when.
    actions = LogEntry.objects.filter(object_id=str(advice.pk)).values_list("action_flag", "object_repr")
    assert sorted(actions) == [(2, f"Deleted patient advice {advice.pk}"), (3, f"Deleted patient advice {advice.pk}")]


def test_deleting_selected_advice_or_from_the_shell_forgets_its_history_too(editor_client, demo):
    in_bulk, from_shell, kept = submitted(demo), submitted(demo), submitted(demo, text="Kept")

    editor_client.post(
        reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending",
        {"action": "delete_selected", "_selected_action": [in_bulk.pk], "post": "yes"},
    )
    from_shell.delete()

    for gone in (in_bulk, from_shell):
        assert not PatientAdvice.objects.filter(pk=gone.pk).exists()
        assert EMAIL not in everything_stored_about(gone.pk)
    assert EMAIL in everything_stored_about(kept.pk)
    # The public form's revisions held one advice each: nothing empty is left behind.
    assert not Revision.objects.filter(version__isnull=True).exists()


def test_deleting_a_page_keeps_its_advice_which_cannot_be_deleted_with_it(editor_client, demo):
    advice = submitted(demo)

    assert (
        editor_client.post(reverse("admin:diseases_disease_delete", args=[demo.pk]), {"post": "yes"}).status_code == 302
    )

    assert PatientAdvice.objects.filter(pk=advice.pk, disease=demo).exists()
    assert EMAIL in everything_stored_about(advice.pk)
    with pytest.raises(ProtectedError):
        type(demo)._base_manager.filter(pk=demo.pk).delete()


# Retention and erasure


@contextlib.contextmanager
def deleted_as_before():
    """Advice deleted as it was before deleting forgot its history."""
    post_delete.disconnect(signals.forget_deleted_advice, sender=PatientAdvice)
    try:
        yield
    finally:
        post_delete.connect(signals.forget_deleted_advice, sender=PatientAdvice)


def test_retention_purges_the_history_and_old_admin_log_entries(editor_client, demo):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = submitted(demo, text="Old advice", submitted_at=long_ago)
    edit_in_admin(editor_client, old, text="Old advice, edited")
    LogEntry.objects.filter(object_id=str(old.pk)).update(action_time=long_ago)
    orphan = submitted(demo, text="Deleted long ago")
    with deleted_as_before():
        orphan.delete()
    recent = submitted(demo, text="Recent advice")
    edit_in_admin(editor_client, recent, text="Recent advice, edited")
    out = io.StringIO()

    call_command("purge_patient_advice", "--days", "365", stdout=out)

    old.refresh_from_db()
    assert old.email == ""
    assert EMAIL not in everything_stored_about(old.pk)
    assert not LogEntry.objects.filter(object_id=str(old.pk), content_type__model="patientadvice").exists()
    assert EMAIL not in everything_stored_about(orphan.pk)
    assert "Deleted long ago" not in everything_stored_about(orphan.pk)
    # What is within the retention period stays, history included.
    assert EMAIL in everything_stored_about(recent.pk)
    assert LogEntry.objects.filter(object_id=str(recent.pk), content_type__model="patientadvice").exists()
    assert "removed 1 e-mail address(es)" in out.getvalue()
    assert "removed 3 stored version(s) and 1 admin log entr(y/ies)" in out.getvalue()


def test_erasure_removes_the_display_name_from_the_admin_log(editor_client, demo):
    advice = submitted(demo)
    edit_in_admin(editor_client, advice, text="Keep a symptom diary.")
    assert NAME in LogEntry.objects.get(object_id=str(advice.pk)).object_repr

    editor_client.post(
        reverse("admin:diseases_patientadvice_changelist") + "?status__exact=pending",
        {"action": "erase_personal_data", "_selected_action": [advice.pk]},
    )

    stored = everything_stored_about(advice.pk)
    assert NAME not in stored and EMAIL not in stored
    assert "Anonymous: Keep a symptom diary." in LogEntry.objects.get(object_id=str(advice.pk)).object_repr
