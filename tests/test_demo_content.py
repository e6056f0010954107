"""`load_demo_content` gives a newcomer the real CNO/CRMO page and demo accounts."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from diseases import candidates, dashboard, demo_data, documents, translation_status
from diseases.models import Disease, PatientAdvice, Publication, Symptom, SymptomGroup

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "diseases": list(Disease.objects.values()),
        "groups": list(SymptomGroup.objects.values()),
        "symptoms": list(Symptom.objects.values()),
        "publications": list(Publication.objects.values("pk", "content")),
    }


def test_loads_the_seed_page_published_awaiting_review():
    output = load()

    disease = Disease.objects.get(slug="cno-crmo")
    assert disease.title == (
        "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)"
    )
    assert disease.is_public
    assert not disease.live.is_reviewed
    assert disease.status == Disease.Status.DRAFT
    assert str(disease.last_updated) == "2023-09-01"
    assert SymptomGroup.objects.shared().count() == 3
    assert disease.symptom_groups.get().symptoms.count() == 7
    assert Disease.objects.public().count() == 2
    assert ["translator", "password:", "translator-demo-password", "Translators", "(es)"] in [
        line.split() for line in output.splitlines()
    ]
    for username in ("editor", "reviewer", "translator", "admin"):
        assert f"{username}-demo-password" in output
        signed_in = Client().post(
            reverse("admin:login"), {"username": username, "password": f"{username}-demo-password", "next": "/admin/"}
        )
        assert signed_in.status_code == 302, username


def test_every_field_has_spanish_and_french_text():
    load()
    disease = Disease.objects.get(slug="cno-crmo")

    for row in [disease, *disease.names.all(), *Symptom.objects.all(), *disease.facts.all(), *disease.sections.all()]:
        for field in row._meta.get_fields():
            name = getattr(field, "name", "")
            if name.endswith("_en") and getattr(row, name):
                base = name[:-3]
                assert getattr(row, f"{base}_es"), (row, base)
                assert getattr(row, f"{base}_fr"), (row, base)


def test_running_twice_changes_nothing():
    load()
    first = snapshot()

    load()

    assert snapshot() == first


def test_the_demo_gives_each_role_a_task_to_find(client):
    """After `make run`: a page awaiting review with a word diff, one due soon, an outdated translation, advice."""
    load()
    aosd = Disease.objects.get(slug="aosd")
    users = {user.username: user for user in get_user_model().objects.all()}

    assert aosd.status == Disease.Status.IN_REVIEW and aosd.live.is_reviewed
    changes = candidates.for_review(aosd).changes
    words = [run for change in changes for field in change.fields if field.language == "en" for run in field.words]
    assert ("removed", "muscle aches") in words and ("same", " and swollen lymph nodes") in words
    assert list(Disease.objects.review_due(within_days=30)) == [aosd]
    outdated = translation_status.outdated_fields(translation_status.page_rows(*documents.load(aosd)), "fr")
    assert [(str(row), field) for row, field, _then, _now in outdated] == [
        (str(demo_data.REVISED_SYMPTOM["after"]["en"]), "text")
    ]
    assert translation_status.outdated_fields(translation_status.page_rows(*documents.load(aosd)), "es") == []
    assert PatientAdvice.objects.pending().count() == 1

    reviewer_board = dashboard.for_user(users["reviewer"])
    assert [page.slug for page in reviewer_board.queue] == ["aosd"]
    editor_board = dashboard.for_user(users["editor"])
    assert editor_board.counts["due_soon"] == 1 and editor_board.counts["pending_advice"] == 1
    assert {work.code: work.outdated for work in editor_board.languages} == {"es": 0, "fr": 1}

    # The seed page stays exactly as the charity publishes it.
    cno = Disease.objects.get(slug="cno-crmo")
    assert cno.status == Disease.Status.DRAFT and not cno.live.is_reviewed
    client.force_login(users["reviewer"])
    assert client.get(reverse("admin:diseases_disease_review", args=[aosd.pk])).status_code == 200


def test_the_demo_translator_reads_the_admin_in_spanish_and_has_the_spanish_queue_only():
    load()
    client = Client()

    home = client.post(
        reverse("admin:login"),
        {"username": "translator", "password": "translator-demo-password", "next": "/admin/"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    queue = client.get(reverse("admin:diseases_translation_queue", args=["es"]))

    assert '<html lang="es"' in home.content.decode()
    assert queue.status_code == 200
    assert client.get(reverse("admin:diseases_translation_queue", args=["fr"])).status_code == 403
