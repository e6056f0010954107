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
import re

import pytest
import reversion
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import EmailField, ProtectedError
from django.db.models.signals import post_delete
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from diseases import signals
from diseases.models import PatientAdvice
from diseases.permissions import EDITORS_GROUP

from .conftest import make_user
from .factories import approved_by, make_disease, make_reference
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


# Nothing in the lists tells those who may not see addresses anything of them

ADVICE_LIST = reverse("admin:diseases_patientadvice_changelist")
OTHER_EMAIL = "zed.quinn@example.net"


@pytest.fixture
def editor_who_does_not_moderate(db, django_user_model):
    """Someone with all of an editor's permissions but the moderation of advice."""
    user = make_user(django_user_model, "ed-no-mod")
    user.user_permissions.add(
        *Group.objects.get(name=EDITORS_GROUP).permissions.exclude(codename="moderate_patientadvice")
    )
    return user


@pytest.fixture(params=["reviewer", "editor_who_does_not_moderate"])
def outsider(request):
    """A staff account that reads the advice without the moderation permission."""
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return client


def answer(client, url, **params):
    """What a list tells: its status and the rows it shows, in order."""
    response = client.get(url, params)
    if response.status_code != 200:
        return response.status_code, None
    return 200, [row.pk for row in response.context["cl"].result_list]


def swap_emails(first, second):
    first.email, second.email = second.email, first.email
    PatientAdvice.objects.bulk_update([first, second], ["email"])


@pytest.fixture
def two_advice(demo):
    return submitted(demo, text="First"), submitted(demo, text="Second")


EMAIL_LOOKUPS = [
    ("email", EMAIL),
    ("email__exact", EMAIL),
    ("email__iexact", EMAIL.upper()),
    ("email__startswith", "m"),
    ("email__istartswith", "maria.l"),
    ("email__contains", "lopez"),
    ("email__icontains", "LOPEZ"),
    ("email__endswith", ".org"),
    ("email__regex", "^m"),
    ("email__iregex", "^MARIA"),
    ("email__gt", "m"),
    ("email__lte", "n"),
    ("email__in", EMAIL),
    ("email__isnull", "False"),
    ("email__range", "m,n"),
    ("email__lower__startswith", "m"),
    ("email__length", str(len(EMAIL))),
]


@pytest.mark.parametrize("lookup, value", EMAIL_LOOKUPS)
def test_no_filter_on_the_email_address_answers_those_who_may_not_see_it(outsider, two_advice, lookup, value):
    first, second = two_advice
    params = {"status__exact": "pending", lookup: value}

    before = answer(outsider, ADVICE_LIST, **params)
    first.email = OTHER_EMAIL
    first.save()
    after = answer(outsider, ADVICE_LIST, **params)

    assert before == after == (400, None)


def test_moderators_still_filter_by_email_address(editor_client, two_advice):
    first, second = two_advice
    second.email = OTHER_EMAIL
    second.save()

    for lookup, value in EMAIL_LOOKUPS[:10]:
        assert answer(editor_client, ADVICE_LIST, status__exact="pending", **{lookup: value}) == (200, [first.pk])


@pytest.mark.parametrize("search", [EMAIL, "maria.lopez", "example.org", "@", "lopez@example"])
def test_searching_for_an_address_tells_those_who_may_not_see_it_nothing(outsider, editor_client, two_advice, search):
    first, second = two_advice
    second.email = OTHER_EMAIL
    second.save()

    assert answer(outsider, ADVICE_LIST, status__exact="pending", q=search) == (200, [])
    assert first.pk in answer(editor_client, ADVICE_LIST, status__exact="pending", q=search)[1]


def test_no_ordering_of_the_list_follows_the_email_address(outsider, two_advice):
    first, second = two_advice
    second.email = OTHER_EMAIL
    PatientAdvice.objects.filter(pk__in=[first.pk, second.pk]).update(submitted_at=timezone.now())
    # Each column (and one past the last), each way.
    columns = len(admin.site.get_model_admin(PatientAdvice).list_display) + 1
    orderings = [f"{sign}{index}" for index in range(columns) for sign in ("", "-")]

    before = {o: answer(outsider, ADVICE_LIST, status__exact="pending", o=o) for o in orderings}
    swap_emails(first, second)
    after = {o: answer(outsider, ADVICE_LIST, status__exact="pending", o=o) for o in orderings}

    assert before == after


def test_the_list_shows_no_column_or_filter_of_addresses_to_those_who_may_not_see_them(outsider, two_advice):
    changelist = outsider.get(ADVICE_LIST, {"status__exact": "pending"}).context["cl"]

    shown = [*changelist.list_display, *changelist.sortable_by, *changelist.search_fields]
    shown += [spec.title for spec in changelist.filter_specs]
    assert not [name for name in shown if "email" in str(name).lower()]
    assert EMAIL not in outsider.get(ADVICE_LIST, {"status__exact": "pending"}).content.decode()


def email_lookups(model, depth=2, prefix=""):
    """Every lookup from `model` that ends at an e-mail field, through up to `depth` relations either way."""
    found = []
    for field in model._meta.get_fields():
        path = f"{prefix}{field.name}"
        if isinstance(field, EmailField):
            found.append(path)
        elif field.is_relation and field.related_model is not None and depth:
            found += email_lookups(field.related_model, depth - 1, f"{path}__")
    return found


def test_no_list_of_the_admin_filters_by_an_address_through_a_relation(outsider, editor, reviewer, demo):
    """Every list the admin has, every way from its rows to an e-mail address: refused, or ignored."""
    approved_by(make_disease(editor, slug="approved"), editor, reviewer)
    advice = submitted(demo)
    advice.approve(editor)
    tried = 0
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for lookup in email_lookups(model):
            # Addresses of the advice, the editor and the reviewer start with "m", "e" and "r"; none with "q".
            answers = [answer(outsider, changelist, **{f"{lookup}__startswith": first}) for first in "merq"]
            assert answers[0][0] in (400, 403) and answers.count(answers[0]) == 4, (model, lookup, answers)
            tried += 1
    assert tried > 20


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


def test_deleting_advice_renames_only_its_own_admin_log_entries(editor_client, demo):
    deleted, kept = submitted(demo), submitted(demo, text="Rest when tired.")
    edit_in_admin(editor_client, kept, text="Rest when you are tired.")
    kept_entries = list(LogEntry.objects.filter(object_id=str(kept.pk)).values_list("object_repr", flat=True))

    editor_client.post(reverse("admin:diseases_patientadvice_delete", args=[deleted.pk]), {"post": "yes"})

    assert list(LogEntry.objects.filter(object_id=str(kept.pk)).values_list("object_repr", flat=True)) == kept_entries
    assert kept_entries == [f"{NAME}: Rest when you are tired."]


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


def test_deleting_advice_keeps_the_history_of_whatever_was_saved_with_it(editor_client, demo):
    # A script that saved advice and a reference in one revision.
    with reversion.create_revision():
        advice = submitted(demo)
        reference = make_reference(title="Saved with the advice")
    reference_history = Version.objects.get_for_object(reference)
    assert reference_history.get().revision.version_set.count() == 2

    editor_client.post(reverse("admin:diseases_patientadvice_delete", args=[advice.pk]), {"post": "yes"})

    assert EMAIL not in everything_stored_about(advice.pk)
    assert reference_history.get().field_dict["title_en"] == "Saved with the advice"


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
    # A number no admin log entry has as its own id.
    orphan = submitted(demo, text="Deleted long ago", pk=9001)
    edit_in_admin(editor_client, orphan, text="Deleted long ago, edited")
    orphan_pk = orphan.pk
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
    assert EMAIL not in everything_stored_about(orphan_pk)
    assert "Deleted long ago" not in everything_stored_about(orphan_pk)
    # The log still says the deleted advice was edited, naming it by number only.
    orphan_entries = LogEntry.objects.filter(object_id=str(orphan_pk)).values_list("object_repr", flat=True)
    assert list(orphan_entries) == [f"Deleted patient advice {orphan_pk}"]
    # What is within the retention period stays, history included.
    assert EMAIL in everything_stored_about(recent.pk)
    recent_entries = LogEntry.objects.filter(object_id=str(recent.pk), content_type__model="patientadvice")
    assert list(recent_entries.values_list("object_repr", flat=True)) == [f"{NAME}: Recent advice, edited"]
    assert "removed 1 e-mail address(es)" in out.getvalue()
    assert "removed 4 stored version(s) and 1 admin log entr(y/ies)" in out.getvalue()


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


def version_rows(page):
    """The revert screen's table: (field, in this version, now) for each field shown."""
    body = re.search(r'<table id="version-fields">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_reverting_advice_puts_back_what_a_moderator_edited_and_keeps_its_moderation(
    editor_client, reviewer_client, editor, demo
):
    advice = submitted(demo)
    edit_in_admin(editor_client, advice, text="Ask for an MRI early, and keep a diary.", display_name="M.")
    advice.refresh_from_db()
    advice.approve(editor)
    original = Version.objects.get_for_object(advice).order_by("pk").first()
    Revision.objects.filter(pk=original.revision_id).update(
        date_created=datetime.datetime(2026, 5, 3, 10, 4, tzinfo=datetime.UTC)
    )
    url = reverse("admin:diseases_patientadvice_revision", args=[advice.pk, original.pk])

    page = page_of(editor_client, url)
    assert "<h1>Version of 3 May 2026, 10:04</h1>" in page
    assert re.search(r'<div class="breadcrumbs">.*› 3 May 2026, 10:04</div>', page)
    rows = version_rows(page)
    assert ("Advice", "Ask for an MRI early.", "Ask for an MRI early, and keep a diary.") in rows
    assert ("Display name", NAME, "M.") in rows
    assert "Revert to this version" in page
    assert "Revert to this version" not in page_of(reviewer_client, url)
    assert reviewer_client.post(url).status_code == 403

    response = editor_client.post(url)

    assert response.status_code == 302 and response.url == change_url(advice)
    advice.refresh_from_db()
    assert (advice.text, advice.display_name, advice.email) == ("Ask for an MRI early.", NAME, EMAIL)
    assert advice.status == PatientAdvice.Status.APPROVED and advice.moderated_by == editor
    assert Version.objects.get_for_object(advice).count() == 3
    assert LogEntry.objects.filter(object_id=str(advice.pk)).latest("pk").get_change_message() == (
        "Reverted to an earlier version."
    )
    shown = editor_client.get(change_url(advice))
    assert [str(message) for message in shown.context["messages"]] == [f"“{advice}” was reverted."]
