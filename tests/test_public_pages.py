"""What a visitor sees on the public pages, in every language."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from diseases import demo_data
from diseases.models import Disease

pytestmark = pytest.mark.django_db


def page_text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def texts_in(data, language):
    """Every translated text of a demo structure, in one language."""
    if isinstance(data, dict):
        if set(data) == {"en", "es", "fr"}:
            yield data[language]
            return
        for key, value in data.items():
            if key != "key":
                yield from texts_in(value, language)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from texts_in(value, language)


def detail_url(language, slug="cno-crmo"):
    with translation.override(language):
        return reverse("diseases:detail", kwargs={"slug": slug})


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_text_of_the_seed_page_is_shown_in_each_language(client, full_demo, language):
    text = page_text(client.get(detail_url(language)))

    missing = [
        snippet for snippet in texts_in([demo_data.CNO_CRMO, demo_data.SHARED_GROUPS], language) if snippet not in text
    ]
    assert missing == []
    assert f'<html lang="{language}"' in text
    for code in ("ORPHA 324964", "OMIM 259680"):
        assert code in text


def test_english_page_follows_the_seed_in_order_and_wording(client, full_demo):
    text = page_text(client.get(detail_url("en")))

    in_seed_order = [
        "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO)</h1>",
        "How to pronounce it:",
        'Osteomyelitis</span> - <span class="respelling">os-tee-oh-mEYE-uh-lai-tis',
        "AiArthritis defines CNO/CRMO as:",
        "Symptoms</h2>",
        "Symptoms of AiArthritis Diseases Regardless of Diagnosis",
        "Common in All AiArthritis Diseases",
        "“Auto” Symptoms",
        "Reference: Early Symptoms of AiArthritis Study, AiArthritis, 2019.",
        "View Early Symptoms Study",
        "Inflammatory Arthritis Symptoms",
        "please consult your physician about a referral to a rheumatologist.",
        "Symptoms Often Associated with CNO/CRMO:",
        "What fellow patients want you to know",
        "Do you have CNO/CRMO? Let us know what YOU would want those others or those who are not yet diagnosed "
        "to know!",
        "More About CNO/CRMO",
        "Diagnosing CNO/CRMO",
        "Interesting Facts about this Disease",
        "Other Resources",
        "this page is currently awaiting medical review. Some information is subject to change.",
        "Page Last Updated:",
        "1 September 2023",
        "Share by:",
    ]
    # The page aids repeat the section titles at the top (“On this page”).
    text = re.sub(r'<nav class="contents".*?</nav>', "", text, flags=re.S)
    positions = [text.find(snippet) for snippet in in_seed_order]
    assert -1 not in positions, [s for s, p in zip(in_seed_order, positions, strict=False) if p == -1]
    assert positions == sorted(positions)
    assert 'href="https://www.aiarthritis.org/early-symptoms-study"' in text


@pytest.mark.parametrize(
    ("language", "date", "banner"),
    [
        ("en", "1 September 2023", "currently awaiting medical review"),
        ("es", "1 de septiembre de 2023", "pendiente de revisión médica"),
        ("fr", "1 septembre 2023", "en attente de relecture médicale"),
    ],
)
def test_last_updated_date_and_review_banner_are_in_the_visitors_locale(client, full_demo, language, date, banner):
    text = page_text(client.get(detail_url(language)))

    assert f'<time datetime="2023-09-01">{date}</time>' in text
    assert banner in text


def test_shared_symptom_groups_appear_on_every_disease_page(client, demo):
    for slug in ("cno-crmo", "aosd"):
        text = page_text(client.get(detail_url("en", slug)))
        assert "Common in All AiArthritis Diseases" in text
        assert "Inflammatory Arthritis Symptoms" in text


def test_share_links_need_no_third_party_script(client, demo):
    text = page_text(client.get(detail_url("en")))

    # The only script element is the page's JSON-LD data, which runs nothing.
    assert re.findall(r"<script(?![^>]*application/ld\+json)", text) == []
    assert "mailto:?subject=" in text
    assert "https://wa.me/?text=" in text


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_index_lists_published_diseases_alphabetically(client, demo, language):
    with translation.override(language):
        url = reverse("diseases:index")
    Disease.objects.create(slug="unpublished-draft", definition="Not public yet")

    text = page_text(client.get(url))

    aosd = text.index(detail_url(language, "aosd"))
    cno = text.index(detail_url(language, "cno-crmo"))
    assert aosd < cno  # "Adult-Onset…" before "Chronic…"; "Enfermedad…" before "Osteomielitis…"
    assert "unpublished-draft" not in text


def test_unknown_and_unpublished_diseases_are_not_found(client, demo):
    Disease.objects.create(slug="draft-only", definition="Not public yet")

    assert client.get(detail_url("en", "no-such-disease")).status_code == 404
    assert client.get(detail_url("en", "draft-only")).status_code == 404


def test_language_switcher_keeps_the_visitor_on_the_same_page(client, demo):
    text = page_text(client.get(detail_url("en")))

    assert f'href="{detail_url("es")}" hreflang="es" lang="es">español</a>' in text
    assert f'href="{detail_url("fr")}" hreflang="fr" lang="fr">français</a>' in text


def test_root_sends_the_visitor_to_their_preferred_language(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response.url == "/fr/"

    assert "<h1>Informations sur les maladies AiArthritis</h1>" in page_text(client.get("/fr/"))


def test_section_markdown_is_rendered_and_sanitised(client, demo):
    section = demo.sections.get()
    section.body_en = (
        "Intro\n\n- one\n- [two](https://example.org)\n\n<script>alert(1)</script>[x](javascript:alert(2))"
    )
    section.save()

    text = client.get(detail_url("en")).content.decode()

    assert "<li>one</li>" in text
    assert '<a href="https://example.org" rel="noopener noreferrer">two</a>' in text
    assert "<script>alert(1)" not in text
    assert "javascript:" not in text


def test_unknown_address_without_a_language_is_a_normal_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
