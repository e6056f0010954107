"""What search engines and sharing services read from the public pages."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def detail(client, language="en", slug="cno-crmo"):
    with translation.override(language):
        return client.get(reverse("diseases:detail", kwargs={"slug": slug}))


def test_disease_page_describes_itself_as_a_medical_web_page(client, demo):
    data = json_ld(detail(client, "es"))

    assert data["@type"] == "MedicalWebPage"
    assert data["inLanguage"] == "es"
    assert data["dateModified"] == "2023-09-01"
    assert data["medicalAudience"]["audienceType"] == "Patient"
    condition = data["about"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["name"] == "Osteomielitis crónica no bacteriana"
    assert {"CNO", "CRMO"} <= set(condition["alternateName"])
    assert {"codeValue": "259680", "codingSystem": "OMIM", "@type": "MedicalCode"} in condition["code"]
    assert len(condition["signOrSymptom"]) == 7
    assert "lastReviewed" not in data  # awaiting medical review


def test_reviewed_page_says_who_reviewed_it_and_when(client, demo, editor, reviewer):
    demo.submit_for_review(editor)
    demo.approve(reviewer)

    data = json_ld(detail(client))

    assert data["lastReviewed"] == demo.live.published_at.date().isoformat()
    assert data["reviewedBy"]["name"] == "Dr Ada Lane, MD, paediatric rheumatologist"


def test_json_ld_cannot_be_broken_out_of(client, demo):
    name = demo.names.first()
    name.name_en = "</script><script>alert(1)</script>"
    name.save()

    text = detail(client).content.decode()

    assert "</script><script>alert(1)" not in text
    assert json_ld(detail(client))["about"]["name"] == "</script><script>alert(1)</script>"


def test_every_page_lists_its_languages_and_a_default(client, demo):
    text = detail(client, "fr").content.decode()

    for language in ("en", "es", "fr"):
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver/{language}/diseases/cno-crmo/">'
            in text
        )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/diseases/cno-crmo/">' in text
    assert '<link rel="canonical" href="http://testserver/fr/diseases/cno-crmo/">' in text
    assert '<meta property="og:title" content="Ostéomyélite chronique non bactérienne (CNO)' in text
    assert client.get("/diseases/cno-crmo/", HTTP_ACCEPT_LANGUAGE="es").url == "/es/diseases/cno-crmo/"


def test_sitemap_lists_public_pages_with_alternates(client, demo):
    from diseases.models import Disease

    Disease.objects.create(slug="hidden-draft", definition_en="x")

    text = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/es/diseases/cno-crmo/</loc>" in text
    assert 'hreflang="fr" href="http://testserver/fr/diseases/cno-crmo/"' in text
    assert 'hreflang="x-default"' in text
    assert "hidden-draft" not in text


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_public_pages_forbid_scripts_but_the_admin_keeps_its_own(client, demo, editor_client):
    policy = detail(client)["Content-Security-Policy"]

    assert "script-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    # The admin's own policy lets its own scripts run, from this site only (tests/test_admin_security.py).
    assert "script-src 'self'" in editor_client.get(reverse("admin:index"))["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/favicon.ico", "/site.webmanifest"])
def test_favicon_and_web_manifest_are_served(client, path):
    response = client.get(path)

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content


def test_pages_point_to_their_icons(client, demo):
    page = client.get("/en/diseases/cno-crmo/").content.decode()

    assert '<link rel="icon" href="/favicon.ico"' in page
    assert '<link rel="manifest" href="/site.webmanifest">' in page
