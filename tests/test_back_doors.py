"""
Doors beside the review workflow, each found by trying the product as an
ordinary staff account (or an attacker holding one) would: history screens
that revert another model's object, viewing old revisions that write and lock,
and a shared group saved while a reviewer approves a page that shows it.
"""

import html
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from diseases import workflow
from diseases.models import ContentEdit, Disease, PatientAdvice, SymptomGroup

from .conftest import make_user
from .factories import approved_by, make_disease, make_reference, make_shared_group
from .test_concurrency import run


def text(response):
    return html.unescape(response.content.decode())


def revision_url(model_name, object_id, version):
    return reverse(f"admin:diseases_{model_name}_revision", args=[object_id, version.pk])


@pytest.fixture
def moderator(db, django_user_model):
    """Someone who moderates patient advice and may do nothing else."""
    user = make_user(django_user_model, "mod")
    codenames = ["view_patientadvice", "change_patientadvice", "moderate_patientadvice"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def edited_page(db, editor, reviewer):
    """An approved page with two revisions: as first written, and edited since (a draft now)."""
    make_shared_group(editor)
    disease = approved_by(make_disease(editor), editor, reviewer)
    workflow_edit(disease, editor, definition_en="Edited after approval.")
    return disease


def workflow_edit(disease, user, **fields):
    import reversion

    with workflow.editing(user), reversion.create_revision():
        reversion.set_user(user)
        for name, value in fields.items():
            setattr(disease, name, value)
        disease.save()
    disease.refresh_from_db()


def advice_on(disease):
    import reversion

    with reversion.create_revision():
        return PatientAdvice.objects.create(
            disease=disease, text="Rest on bad days.", role="patient", language="en", consent=True
        )


def state(disease):
    """What a revert would change, and what the workflow would record."""
    disease = Disease.objects.get(pk=disease.pk)
    return (disease.definition_en, disease.status, disease.live_id, ContentEdit.objects.count())


# 1. A history screen of one model never reverts another.


@pytest.mark.parametrize("who", ["moderator", "editor_and_reviewer"])
def test_a_disease_version_posted_to_the_advice_history_reverts_nothing(edited_page, who, request):
    page = edited_page
    user = request.getfixturevalue(who)
    advice = advice_on(page)
    first = Version.objects.get_for_object(page).order_by("pk").first()
    before = state(page)
    client = Client()
    client.force_login(user)

    for object_id in (page.pk, advice.pk):
        url = revision_url("patientadvice", object_id, first)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "x", "role": "patient", "display_name": ""}).status_code == 404

    assert state(page) == before
    assert Disease.objects.get(pk=page.pk).definition_en == "Edited after approval."


def test_a_version_of_another_model_is_not_found_on_any_history_screen(edited_page, editor, reviewer):
    page = edited_page
    shared = SymptomGroup.objects.shared().get()
    reference = make_reference(editor)
    versions = {
        "disease": (page.pk, Version.objects.get_for_object(page).order_by("pk").first()),
        "sharedsymptomgroup": (shared.pk, Version.objects.get_for_object(shared).first()),
        "reference": (reference.pk, Version.objects.get_for_object(reference).first()),
    }
    before = state(page)
    client = Client()
    client.force_login(editor)

    for screen in versions:
        for model_name, (object_id, version) in versions.items():
            if model_name == screen:
                continue
            for pk in (object_id, version.object_id):
                url = revision_url(screen, pk, version)
                assert client.get(url).status_code == 404, (screen, model_name)
                assert client.post(url, {"revert": "1"}).status_code == 404, (screen, model_name)
            recover = reverse(f"admin:diseases_{screen}_recover", args=[version.pk])
            assert client.post(recover, {"recover": "1"}).status_code in (403, 404), (screen, model_name)

    assert state(page) == before


def test_a_per_page_symptom_group_is_not_recovered_as_a_shared_one(edited_page, editor):
    page = edited_page
    group = page.symptom_groups.get()
    version = Version.objects.get_for_object(group).first()  # saved with its page
    client = Client()
    client.force_login(editor)
    with workflow.editing(editor):
        group.delete()

    response = client.post(reverse("admin:diseases_sharedsymptomgroup_recover", args=[version.pk]), {"recover": "1"})

    assert response.status_code == 404
    assert not SymptomGroup.objects.filter(pk=group.pk).exists()


# 2. Viewing an old revision reads; it never writes or locks.


WRITES = ("INSERT ", "UPDATE ", "DELETE ", "FOR UPDATE")


def test_viewing_an_old_revision_writes_and_locks_nothing(edited_page, editor):
    page = edited_page
    first = Version.objects.get_for_object(page).order_by("pk").first()
    client = Client()
    client.force_login(editor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(revision_url("disease", page.pk, first))

    assert response.status_code == 200
    assert "Systemic Juvenile Idiopathic Arthritis is a disease." in text(response)
    assert [query["sql"] for query in queries if any(word in query["sql"].upper() for word in WRITES)] == []


@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_views_of_old_revisions_all_succeed(transactional_db, editor, reviewer):
    make_shared_group(editor)
    disease = approved_by(make_disease(editor), editor, reviewer)
    for number in range(3):
        workflow_edit(disease, editor, definition_en=f"Edit {number}.")
    urls = [revision_url("disease", disease.pk, version) for version in Version.objects.get_for_object(disease)]
    outcomes = {}
    start = threading.Barrier(4)

    def view(worker):
        client = Client()
        client.force_login(editor)
        start.wait(timeout=30)
        return [client.get(urls[(worker + turn) % len(urls)]).status_code for turn in range(25)]

    threads = [run(f"viewer-{worker}", lambda worker=worker: view(worker), outcomes) for worker in range(4)]
    for thread in threads:
        thread.join()

    statuses = [status for outcome in outcomes.values() for status in outcome]
    assert statuses == [200] * 100, outcomes
