"""`load_demo_content` gives a newcomer the real CNO/CRMO page and demo accounts."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from diseases.models import Disease, Publication, Symptom, SymptomGroup

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
    for username in ("editor", "reviewer", "admin"):
        assert f"{username}-demo-password" in output
        assert authenticate(username=username, password=f"{username}-demo-password") is not None


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
