"""
Approvals and edits at the same moment, with real concurrent transactions
(threads with their own database connections, on SQLite and PostgreSQL):
neither is ever lost, and nothing unseen is published.
"""

import contextlib
import html
import threading
import time

import pytest
import reversion
from django.db import connection
from django.forms.models import BaseModelForm
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from diseases import workflow
from diseases.models import Disease, PatientAdvice, Publication, ReviewEvent

from .factories import make_disease
from .forms import form_data

pytestmark = pytest.mark.django_db(transaction=True)

APPROVER, EDITOR = "approver", "editor"


@contextlib.contextmanager
def held_in(module, name, thread_name):
    """Hold the thread called `thread_name` just after it ran `module.name`, until released."""
    original = getattr(module, name)
    reached, release = threading.Event(), threading.Event()

    def holding(*args, **kwargs):
        result = original(*args, **kwargs)
        if threading.current_thread().name == thread_name:
            reached.set()
            release.wait(timeout=20)
        return result

    setattr(module, name, holding)
    try:
        yield reached, release
    finally:
        setattr(module, name, original)


def run(name, target, outcomes):
    def body():
        try:
            outcomes[name] = target()
        except Exception as error:  # noqa: BLE001 - the test reports what happened in the thread
            outcomes[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=body, name=name)
    thread.start()
    return thread


def waited_for_the_held(name, target, outcomes, reached, release):
    """
    Run `target` in a thread called `name` once the held thread has reached its point, release that
    thread after a second, and wait for both; whether `target` was still waiting for it then.
    """
    assert reached.wait(timeout=20)
    thread = run(name, target, outcomes)
    thread.join(timeout=1)
    waited = thread.is_alive()
    release.set()
    thread.join()
    return waited


@pytest.fixture
def in_review(transactional_db, editor, reviewer):
    disease = make_disease(editor)
    disease.submit_for_review(editor)
    return disease


def change_url(disease):
    return reverse("admin:diseases_disease_change", args=[disease.pk])


def open_form(user, disease):
    client = Client()
    client.force_login(user)
    return client, form_data(client.get(change_url(disease)).content, "disease_form")


def approve(disease, reviewer, fingerprint):
    return lambda: workflow.approve(Disease.objects.get(pk=disease.pk), reviewer, fingerprint=fingerprint)


def shown_fingerprint(disease):
    from diseases import candidates

    return candidates.for_review(disease).fingerprint


def public_text(disease):
    return html.unescape(Client().get(f"/en/diseases/{disease.slug}/").content.decode())


def test_an_edit_saved_while_an_approval_runs_becomes_the_next_draft(in_review, editor, reviewer):
    fingerprint = shown_fingerprint(in_review)
    client, form = open_form(editor, in_review)
    outcomes = {}
    from diseases.workflow import snapshots

    with held_in(snapshots, "reviewed", APPROVER) as (reached, release):
        approver = run(APPROVER, approve(in_review, reviewer, fingerprint), outcomes)
        assert reached.wait(timeout=20)
        saving = run(EDITOR, lambda: client.post(change_url(in_review), {**form, "definition_en": "Edited."}), outcomes)
        time.sleep(0.5)  # the save now waits for the approval's lock
        release.set()
        approver.join()
        saving.join()

    assert isinstance(outcomes[APPROVER], ReviewEvent), outcomes[APPROVER]
    assert outcomes[EDITOR].status_code == 302
    disease = Disease.objects.get(pk=in_review.pk)
    assert disease.live.reviewed_by == reviewer  # the approval stays
    assert disease.live.fingerprint == fingerprint
    assert disease.status == Disease.Status.DRAFT  # the edit is the next draft
    assert disease.definition_en == "Edited."
    assert "Edited." not in public_text(disease)
    assert list(disease.review_events.order_by("pk").values_list("action", flat=True))[-2:] == ["approved", "edited"]


def test_an_approval_arriving_during_an_edit_publishes_nothing_unseen(in_review, editor, reviewer):
    fingerprint = shown_fingerprint(in_review)
    client, form = open_form(editor, in_review)
    outcomes = {}
    from diseases.workflow import edits

    with held_in(edits, "record_edits", EDITOR) as (reached, release):
        saving = run(EDITOR, lambda: client.post(change_url(in_review), {**form, "definition_en": "Edited."}), outcomes)
        assert reached.wait(timeout=20)
        approver = run(APPROVER, approve(in_review, reviewer, fingerprint), outcomes)
        time.sleep(0.5)  # the approval now waits for the edit's lock
        release.set()
        saving.join()
        approver.join()

    assert outcomes[EDITOR].status_code == 302
    assert isinstance(outcomes[APPROVER], workflow.StaleCandidate), outcomes[APPROVER]
    disease = Disease.objects.get(pk=in_review.pk)
    assert disease.live is None
    assert disease.status == Disease.Status.IN_REVIEW
    assert not Publication.objects.filter(disease=disease).exists()


@pytest.mark.parametrize("trial", range(6))
def test_approval_and_edit_started_together_keep_both(in_review, editor, reviewer, trial):
    """No pause: whichever wins the lock, the approval is either refused or published exactly as seen."""
    fingerprint = shown_fingerprint(in_review)
    client, form = open_form(editor, in_review)
    outcomes = {}
    start = threading.Barrier(2)

    def save():
        start.wait()
        return client.post(change_url(in_review), {**form, "definition_en": f"Edit {trial}."})

    def approval():
        start.wait()
        return approve(in_review, reviewer, fingerprint)()

    threads = [run(EDITOR, save, outcomes), run(APPROVER, approval, outcomes)]
    for thread in threads:
        thread.join()

    assert outcomes[EDITOR].status_code == 302
    disease = Disease.objects.get(pk=in_review.pk)
    assert disease.definition_en == f"Edit {trial}."
    if isinstance(outcomes[APPROVER], ReviewEvent):
        assert disease.live.fingerprint == fingerprint
        assert disease.status == Disease.Status.DRAFT
        assert f"Edit {trial}." not in public_text(disease)
    else:
        assert isinstance(outcomes[APPROVER], workflow.StaleCandidate), outcomes[APPROVER]
        assert disease.live is None


@pytest.mark.parametrize("trial", range(4))
def test_two_editors_saving_stale_forms_together_one_is_refused(in_review, editor, other_editor, trial):
    first_client, first_form = open_form(editor, in_review)
    second_client, second_form = open_form(other_editor, in_review)
    outcomes = {}
    start = threading.Barrier(2)

    def save(client, form, text):
        start.wait()
        return client.post(change_url(in_review), {**form, "definition_en": text})

    threads = [
        run("first", lambda: save(first_client, first_form, "First."), outcomes),
        run("second", lambda: save(second_client, second_form, "Second."), outcomes),
    ]
    for thread in threads:
        thread.join()

    codes = sorted(response.status_code for response in outcomes.values())
    assert codes == [200, 302]
    refused = next(response for response in outcomes.values() if response.status_code == 200)
    assert "changed this page while you were editing" in html.unescape(refused.content.decode())
    saved = next(name for name, response in outcomes.items() if response.status_code == 302)
    assert Disease.objects.get(pk=in_review.pk).definition_en == {"first": "First.", "second": "Second."}[saved]


def test_reverting_advice_while_a_moderator_approves_it_keeps_the_approval(editor, other_editor):
    """
    A moderator approves advice while an editor's revert of its text is under way: the approval waits
    for the revert, and both stand; the revert's stored version is the advice as it was reverted.
    """
    disease = make_disease(editor)
    with reversion.create_revision():
        advice = PatientAdvice.objects.create(
            disease=disease, text="Ask for an MRI early.", role="patient", language="en", consent=True
        )
    with reversion.create_revision():
        advice.text = "Ask for an MRI early, and keep a diary."
        advice.save()
    first = Version.objects.get_for_object(advice).order_by("pk").first()
    client = Client()
    client.force_login(editor)
    url = reverse("admin:diseases_patientadvice_revision", args=[advice.pk, first.pk])
    outcomes = {}
    from diseases import versioning

    def approval():
        return PatientAdvice.objects.get(pk=advice.pk).approve(other_editor)

    with held_in(versioning, "find_version", EDITOR) as (reached, release):
        reverting = run(EDITOR, lambda: client.post(url), outcomes)
        assert waited_for_the_held(APPROVER, approval, outcomes, reached, release)
        reverting.join()

    assert outcomes[EDITOR].status_code == 302, outcomes[EDITOR]
    assert not isinstance(outcomes[APPROVER], Exception), outcomes[APPROVER]
    advice.refresh_from_db()
    assert advice.text == "Ask for an MRI early."
    assert (advice.status, advice.moderated_by) == (PatientAdvice.Status.APPROVED, other_editor)
    reverted = Version.objects.get_for_object(advice).filter(revision__user=editor).get()
    assert (reverted.field_dict["text"], reverted.field_dict["status"]) == ("Ask for an MRI early.", "pending")


def test_a_moderator_saving_advice_while_another_rejects_it_keeps_the_rejection(editor, other_editor):
    """
    One moderator saves a typo fix to approved advice while another rejects it as unsafe: the advice
    stays off the site, with the fix. The save read the advice as approved before the rejection committed.
    """
    advice = PatientAdvice.objects.create(
        disease=make_disease(editor),
        text="Stop the medicine when it hurts.",
        role="patient",
        language="en",
        consent=True,
    )
    advice.approve(editor)
    url = reverse("admin:diseases_patientadvice_change", args=[advice.pk])
    client = Client()
    client.force_login(editor)
    form = form_data(client.get(url).content, "patientadvice_form")
    outcomes = {}

    def reject():
        return PatientAdvice.objects.get(pk=advice.pk).reject(other_editor, PatientAdvice.RejectionReason.UNSAFE)

    with held_in(BaseModelForm, "_post_clean", EDITOR) as (reached, release):
        saving = run(EDITOR, lambda: client.post(url, {**form, "text": "Stop the medicine when it hurts!"}), outcomes)
        assert waited_for_the_held(APPROVER, reject, outcomes, reached, release)
        saving.join()

    assert outcomes[EDITOR].status_code == 302, outcomes[EDITOR]
    assert not isinstance(outcomes[APPROVER], Exception), outcomes[APPROVER]
    advice.refresh_from_db()
    assert advice.text == "Stop the medicine when it hurts!"
    assert (advice.status, advice.rejection_reason) == (PatientAdvice.Status.REJECTED, "unsafe")
    assert "Stop the medicine" not in public_text(advice.disease)
