"""
Run by tests/test_fourth_language.py in its own process with
tests.fourth_language.settings: modeltranslation adds the German columns
when Django starts, and the test database is built from the models.
"""

import html
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from diseases.models import Disease

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=io.StringIO())


def test_german_page_falls_back_to_english_marked_as_such(client, demo):
    text = html.unescape(client.get("/de/diseases/cno-crmo/").content.decode())

    assert '<html lang="de"' in text
    assert '<link rel="alternate" hreflang="de" href="http://testserver/de/diseases/cno-crmo/">' in text
    assert '<div lang="en"><p>Chronic Nonbacterial Osteomyelitis (CNO)' in text


def test_editors_get_german_fields_and_a_german_column(client, demo, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)

    disease = Disease.objects.get(slug="cno-crmo")
    form = client.get(reverse("admin:diseases_disease_change", args=[disease.pk])).content.decode()
    table = client.get(reverse("admin:diseases_disease_translations"))

    assert 'name="definition_de"' in form
    cells = {
        (row["disease"].slug, cell["language"]): cell["status"]
        for row in table.context["rows"]
        for cell in row["cells"]
    }
    assert cells[("cno-crmo", "de")] == "missing"
