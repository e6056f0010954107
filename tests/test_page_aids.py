"""What helps a visitor find their way on a page: header, breadcrumb, contents, review at a glance."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from diseases.models import PatientAdvice

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def detail(client, language="en", slug="cno-crmo"):
    with translation.override(language):
        return text(client.get(reverse("diseases:detail", kwargs={"slug": slug})))


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/es/diseases/",
        "/fr/search/?q=fatigue",
        "/en/diseases/cno-crmo/",
        "/en/diseases/cno-crmo/advice/",
        "/en/diseases/cno-crmo/advice/new/",
    ],
)
def test_every_public_page_has_the_site_name_a_search_box_and_the_a_to_z_link(client, demo, path):
    page = text(client.get(path))
    header = page[page.index('<header class="site-header">') : page.index("</header>")]

    assert 'class="site-name"' in header
    assert 'role="search"' in header and 'name="q"' in header
    language = path.split("/")[1]
    assert f'href="/{language}/diseases/"' in header


def test_a_disease_page_has_a_breadcrumb_and_a_contents_list(client, demo):
    page = detail(client)

    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group()
    assert re.findall(r'href="([^"]+)"', breadcrumb) == ["/en/", "/en/diseases/"]
    assert '<span aria-current="page">CNO/CRMO</span>' in breadcrumb
    contents = re.search(r'<nav class="contents".*?</nav>', page, re.S).group()
    targets = re.findall(r'href="#([^"]+)"', contents)
    assert targets == ["help-heading", "symptoms-heading", "advice-heading", "more-heading", "resources-heading"]
    for target in targets:
        assert f'id="{target}"' in page


def test_the_review_status_is_told_near_the_top(client, demo, editor, reviewer):
    page = detail(client)
    top = page[page.index("</h1>") : page.index('class="contents"')]
    assert "Awaiting medical review: some information is subject to change." in top
    assert 'href="#review-status"' in top

    demo.submit_for_review(editor)
    demo.approve(reviewer)
    top = detail(client)[: detail(client).index('class="contents"')]
    assert "Medically reviewed by Dr Ada Lane, MD, paediatric rheumatologist on" in top
    assert "Next review due" in top


@pytest.mark.parametrize(
    ("language", "written_out"),
    [("en", "1 September 2023"), ("es", "1 de septiembre de 2023"), ("fr", "1 septembre 2023")],
)
def test_dates_have_the_month_written_out(client, demo, language, written_out):
    assert f'<time datetime="2023-09-01">{written_out}</time>' in detail(client, language)


def test_advice_in_other_languages_shows_when_none_is_in_the_visitors(client, demo, editor):
    advice = PatientAdvice.objects.create(
        disease=demo, text="Keep a symptom diary.", role="patient", language="en", consent=True
    )
    advice.approve(editor)

    french = detail(client, "fr")
    assert '<blockquote lang="en"><p>Keep a symptom diary.</p></blockquote>' in french
    assert "Aucun conseil n’a encore été partagé dans cette langue." in french
    english = detail(client, "en")
    assert "<blockquote><p>Keep a symptom diary.</p></blockquote>" in english
    assert "No advice has been shared in this language yet." not in english


def test_advice_in_the_visitors_language_comes_alone(client, demo, editor):
    for language, words in (("en", "Rest well."), ("fr", "Reposez-vous.")):
        advice = PatientAdvice.objects.create(disease=demo, text=words, role="patient", language=language, consent=True)
        advice.approve(editor)

    french = detail(client, "fr")

    assert "Reposez-vous." in french and "Rest well." not in french


def test_each_form_error_sits_under_its_field_and_is_tied_to_it(client, demo):
    url = reverse("diseases:advice_create", kwargs={"slug": "cno-crmo"})
    from .forms import form_data

    data = form_data(client.get(url).content, None)
    data.update({"text": "", "role": "patient"})
    data.pop("consent", None)
    response = client.post(url, data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())

    consent = re.search(
        r'<div class="field has-error">\s*<div class="choice">(.*?)</div>\s*(<p class="error"[^>]*>)', page, re.S
    )
    assert consent and 'name="consent"' in consent.group(1)
    assert 'aria-describedby="id_consent_error"' in consent.group(1)
    assert 'id="id_consent_error"' in consent.group(2)
    textarea = re.search(r"<textarea[^>]*>", page).group()
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="id_text_helptext id_text_error"' in textarea
    assert page.index('id="id_text_error"') > page.index("<textarea")


def test_search_pages_may_be_crawled_to_read_their_noindex(client, demo):
    robots = client.get("/robots.txt").content.decode()

    assert "search" not in robots
    assert '<meta name="robots" content="noindex">' in text(client.get("/en/search/?q=fatigue"))
