"""Editors moderate patient advice in the admin; privacy is kept."""

import datetime
import html
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from diseases.models import PatientAdvice

from .forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:diseases_patientadvice_changelist"


def advice(disease, text="Keep moving.", **extra):
    return PatientAdvice.objects.create(
        disease=disease, text=text, role="patient", language="en", consent=True, **extra
    )


def act(client, action, items):
    return client.post(
        reverse(CHANGELIST) + "?status__exact=pending",
        {"action": action, "_selected_action": [item.pk for item in items]},
    )


def test_queue_shows_pending_advice_and_a_count_on_the_admin_index(editor_client, demo):
    advice(demo, "One")
    advice(demo, "Two")
    advice(demo, "Done", status="approved")

    queue = editor_client.get(reverse(CHANGELIST), follow=True)
    index = editor_client.get(reverse("admin:index"))

    assert queue.context["cl"].result_count == 2
    assert "2 pieces of patient advice await moderation." in html.unescape(index.content.decode())


def test_bulk_approve_and_reject_with_a_reason(editor_client, demo, editor):
    approve_me, reject_me = advice(demo, "Good"), advice(demo, "Buy pills at example.com")

    act(editor_client, "approve_advice", [approve_me])
    act(editor_client, "reject_unsafe", [reject_me])

    approve_me.refresh_from_db()
    reject_me.refresh_from_db()
    assert (approve_me.status, approve_me.moderated_by) == ("approved", editor)
    assert (reject_me.status, reject_me.rejection_reason) == ("rejected", "unsafe")
    assert reject_me.get_rejection_reason_display() == "Unsafe or misleading medical claim"


def test_reviewers_cannot_moderate(client, demo, reviewer):
    pending = advice(demo)
    client.force_login(reviewer)

    act(client, "approve_advice", [pending])

    pending.refresh_from_db()
    assert pending.status == "pending"
    with pytest.raises(PermissionDenied):
        pending.approve(reviewer)


def test_advice_without_consent_is_never_approved(demo, editor):
    no_consent = PatientAdvice.objects.create(disease=demo, text="x", role="other", language="en", consent=False)

    with pytest.raises(ValidationError):
        no_consent.approve(editor)
    assert PatientAdvice.objects.published().count() == 0


def test_moderator_edits_out_personal_data_and_the_original_stays_in_history(editor_client, demo):
    item = advice(demo, "Call Dr Smith on 555-0100, he is great.")
    change_url = reverse("admin:diseases_patientadvice_change", args=[item.pk])
    import reversion

    with reversion.create_revision():
        item.save()
    data = form_data(editor_client.get(change_url).content, "patientadvice_form")
    data["text"] = "Find a doctor who listens, it makes a difference."

    assert editor_client.post(change_url, data).status_code == 302

    item.refresh_from_db()
    assert item.text == "Find a doctor who listens, it makes a difference."
    texts = [v.field_dict["text"] for v in Version.objects.get_for_object(item)]
    assert "Call Dr Smith on 555-0100, he is great." in texts


def test_erase_personal_data_removes_name_email_and_their_stored_copies(editor_client, demo):
    import reversion

    with reversion.create_revision():
        item = advice(demo, display_name="Maria Lopez", email="maria@example.org")

    act(editor_client, "erase_personal_data", [item])

    item.refresh_from_db()
    assert (item.display_name, item.email) == ("", "")
    stored = [version.serialized_data for version in Version.objects.get_for_object(item)]
    assert not any("maria" in data.lower() for data in stored)


def test_retention_deletes_old_rejected_advice_and_old_email_addresses(demo, editor):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_rejected = advice(demo, "Spam", submitted_at=long_ago)
    old_rejected.reject(editor, "spam")
    old_approved = advice(demo, "Useful", submitted_at=long_ago, email="old@example.org")
    old_approved.approve(editor)
    recent = advice(demo, "Recent", email="new@example.org")
    recent.reject(editor, "off_topic")
    out = io.StringIO()

    call_command("purge_patient_advice", "--days", "365", stdout=out)

    assert not PatientAdvice.objects.filter(pk=old_rejected.pk).exists()
    old_approved.refresh_from_db()
    assert (old_approved.email, old_approved.status) == ("", "approved")
    recent.refresh_from_db()
    assert recent.email == "new@example.org"
    assert "Deleted 1 rejected submission(s); removed 1 e-mail address(es)" in out.getvalue()


# Moderation from the advice's own page.


def moderate(client, item, **data):
    url = reverse("admin:diseases_patientadvice_moderate", args=[item.pk])
    decision = data.pop("decision", "")
    return client.post(url, {"decision": decision, **{f"moderation-{key}": value for key, value in data.items()}})


def test_the_advice_page_offers_approve_and_reject_with_the_reasons(editor_client, demo):
    item = advice(demo, "Keep a diary of flares.")

    page = html.unescape(
        editor_client.get(reverse("admin:diseases_patientadvice_change", args=[item.pk])).content.decode()
    )

    assert 'id="moderation-form"' in page
    assert "Approve and publish" in page and ">Reject<" in page
    reasons = [label for _value, label in PatientAdvice.RejectionReason.choices]
    assert reasons == [
        "Unsafe or misleading medical claim",
        "Contains personal data",
        "Spam",
        "Off topic",
        "Other",
    ]
    positions = [page.index(str(reason)) for reason in reasons]
    assert positions == sorted(positions)


def test_approve_from_the_advice_page_publishes_it_and_returns_to_the_queue(editor_client, demo, editor):
    item = advice(demo, "Keep a diary of flares.")

    response = moderate(editor_client, item, decision="approve")

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST) + "?status__exact=pending"
    item.refresh_from_db()
    assert (item.status, item.moderated_by) == ("approved", editor)


def test_reject_from_the_advice_page_with_a_reason(editor_client, demo):
    item = advice(demo, "Stop your medicine, diet cures it.")

    moderate(editor_client, item, decision="reject", reason="unsafe")

    item.refresh_from_db()
    assert (item.status, item.rejection_reason, item.rejection_note) == ("rejected", "unsafe", "")


def test_reason_other_needs_a_note(editor_client, demo):
    item = advice(demo, "Hello from my holiday.")

    refused = moderate(editor_client, item, decision="reject", reason="other", note="  ")
    item.refresh_from_db()
    assert refused.status_code == 400
    assert "Say why in a note: the reason is “Other”." in html.unescape(refused.content.decode())
    assert item.status == "pending"

    moderate(editor_client, item, decision="reject", reason="other", note="A holiday greeting, not advice.")
    item.refresh_from_db()
    assert (item.status, item.rejection_reason, item.rejection_note) == (
        "rejected",
        "other",
        "A holiday greeting, not advice.",
    )


def test_rejecting_needs_a_reason(editor_client, demo):
    item = advice(demo)

    refused = moderate(editor_client, item, decision="reject")

    assert refused.status_code == 400
    assert "Choose a reason for the rejection." in html.unescape(refused.content.decode())
    item.refresh_from_db()
    assert item.status == "pending"


def test_only_moderators_moderate_from_the_advice_page(client, demo, reviewer):
    item = advice(demo)
    client.force_login(reviewer)

    assert moderate(client, item, decision="approve").status_code == 403
    assert (
        'id="moderation-form"'
        not in client.get(reverse("admin:diseases_patientadvice_change", args=[item.pk])).content.decode()
    )
    item.refresh_from_db()
    assert item.status == "pending"


def test_bulk_actions_keep_every_reason_but_other_which_needs_a_note(editor_client, demo):
    response = editor_client.get(reverse(CHANGELIST) + "?status__exact=pending")
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices if name]

    assert actions == [
        "delete_selected",
        "approve_advice",
        "reject_unsafe",
        "reject_personal_data",
        "reject_spam",
        "reject_off_topic",
        "erase_personal_data",
        "export_csv",
    ]
