"""
The "Done when" of the search-in-their-words and reader-feedback issues,
tried end to end on the demo content as `make run` loads it: through the
public pages and the admin a person uses, one step leading to the next.
Hostile input on the same paths (odd, long, repeated, NUL) never gets a
server error. The clicked parts run in a browser in
tests/browser/test_scenarios.py.
"""

import csv
import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from diseases import workflow
from diseases.models import Disease, EmailLanguage, PageFeedback, SearchGap

from .factories import approved_by
from .forms import form_data

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def result_links(response):
    """The disease pages a search's results link to, in their order."""
    return re.findall(r'<a href="(/\w\w/diseases/[^/"]+/)"', text_of(response).split("<main", 1)[1])


def search(client, query, language="en", **parameters):
    return client.get(f"/{language}/search/", {"q": query, **parameters})


def user(username):
    return get_user_model().objects.get(username=username)


def signed_in(username):
    client = Client()
    client.force_login(user(username))
    return client


def report_out_of_date(client, language, text, capture):
    """Answer “No” on CNO/CRMO in `language`, then “Wrong or out of date” with `text`, as the forms are shown."""
    page = client.get(f"/{language}/diseases/cno-crmo/")
    answer = form_data(page.content, "feedback-answer-form")
    step = client.post(f"/{language}/diseases/cno-crmo/feedback/", {**answer, "helpful": "no"})
    assert step.status_code == 200
    details = {**form_data(step.content, "feedback-details-form"), "kind": "wrong", "text": text}
    with capture(execute=True):
        done = client.post(f"/{language}/diseases/cno-crmo/feedback/details/", details)
    assert done.status_code == 302
    return client.get(done.url)


# Issue 21: a visitor finds CNO/CRMO in their own words.

# The searches that found nothing which the demo content comes with.
DEMO_GAPS = ["uveitis", "flare diet", "fiebre mediterranea familiar"]


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("en", "tiredness", "Chronic Nonbacterial Osteomyelitis (CNO)"),
        ("en", "bone inflammation", "Chronic Nonbacterial Osteomyelitis (CNO)"),
        ("es", "cansancio", "Osteomielitis crónica no bacteriana (CNO)"),
        ("en", "osteomielitis crmo", "Chronic Nonbacterial Osteomyelitis (CNO)"),
        ("es", "osteomielitis crmo", "Osteomielitis crónica no bacteriana (CNO)"),
        ("fr", "ostéomyélite crmo", "Ostéomyélite chronique non bactérienne (CNO)"),
    ],
)
def test_a_visitor_finds_cno_crmo_in_their_own_words_in_their_language(client, full_demo, language, query, title):
    response = search(client, query, language)

    assert f"/{language}/diseases/cno-crmo/" in result_links(response)
    assert title in text_of(response)
    assert not SearchGap.objects.filter(language=language).exclude(query__in=DEMO_GAPS).exists()


def test_a_misspelt_word_is_corrected_and_said_so(client, full_demo):
    text = text_of(search(client, "osteomielitis crmo"))

    assert "Showing results for osteomyelitis crmo. Search instead for osteomielitis crmo." in re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", text)
    )


def test_a_word_of_another_language_is_not_translated_it_is_counted_as_a_gap(client, full_demo):
    response = search(client, "tiredness", "es")

    assert result_links(response) == []
    assert SearchGap.objects.filter(language="es", query="tiredness").exists()


def test_fatigue_without_bone_leaves_out_the_page_about_bones(client, full_demo):
    assert result_links(search(client, "fatigue")) == ["/en/diseases/aosd/", "/en/diseases/cno-crmo/"]
    assert result_links(search(client, "fatigue -bone")) == ["/en/diseases/aosd/"]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_what_to_do_in_a_flare_is_at_the_top_of_the_page(client, full_demo, language):
    text = text_of(client.get(f"/{language}/diseases/cno-crmo/"))
    main = text.split("<main", 1)[1]
    headings = re.findall(r'<h2 id="([\w-]+)"', main)

    # The first part of the page after its contents and how to say its name.
    assert headings[:3] == ["contents-heading", "pronounce-heading", "help-heading"]
    contents = re.search(r'<nav class="contents".*?</nav>', main, re.S).group()
    assert re.findall(r'href="#([\w-]+)"', contents)[0] == "help-heading"
    help_section = re.search(r'<section class="help".*?</section>', main, re.S).group()
    assert help_section.count("<li>") == 4
    assert 'href="tel:' in help_section


BRAIN_FOG = {
    "en": "“Brain fog” - or periods of time where thinking gets clouded and it becomes difficult to concentrate.",
    "es": "«Niebla mental», o periodos en los que el pensamiento se nubla y resulta difícil concentrarse.",
    "fr": "«\u00a0Brouillard cérébral\u00a0», ou périodes pendant lesquelles la pensée devient confuse et où il "
    "devient difficile de se concentrer.",
}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_from_brain_fog_to_every_disease_that_lists_it(client, full_demo, language):
    """The demo's brain fog is a shared symptom: both demo pages list it, each reached from the symptom's page."""
    page = text_of(client.get(f"/{language}/diseases/cno-crmo/"))
    symptom_url = re.search(rf'<a href="(/{language}/symptoms/[^"]+/)">{re.escape(BRAIN_FOG[language])}</a>', page)
    assert symptom_url, "the symptom links to its page"

    symptom_page = text_of(client.get(symptom_url.group(1)))
    listing = symptom_page.split("<main", 1)[1]

    listed = set(re.findall(rf'href="/{language}/diseases/([^/"]+)/"', listing))
    public = {disease.slug for disease in Disease.objects.public()}
    assert listed == public == {"cno-crmo", "aosd"}
    assert symptom_url.group(1) in text_of(client.get(f"/{language}/symptoms/"))


def test_from_brain_fog_only_to_the_pages_the_public_reads(client, full_demo, editor):
    workflow.delete(Disease.objects.get(slug="aosd"), editor)
    page = text_of(client.get("/en/diseases/cno-crmo/"))
    symptom_url = re.search(rf'<a href="([^"]+)">{re.escape(BRAIN_FOG["en"])}</a>', page).group(1)

    listing = text_of(client.get(symptom_url)).split("<main", 1)[1]

    assert set(re.findall(r'href="/en/diseases/([^/"]+)/"', listing)) == {"cno-crmo"}


# Issue 23: a French report reaches the reviewers, the dashboard and the evidence pack.


def test_a_french_out_of_date_report_reaches_the_reviewers_the_dashboard_and_the_evidence_pack(
    client, full_demo, django_capture_on_commit_callbacks
):
    reviewer = user("reviewer")
    EmailLanguage.objects.update_or_create(user=reviewer, defaults={"language": "fr"})
    PageFeedback.objects.all().delete()
    SearchGap.objects.all().delete()

    thanks = report_out_of_date(
        client, "fr", "Le traitement par biothérapie n’est pas mentionné.", django_capture_on_commit_callbacks
    )
    assert '<html lang="fr"' in text_of(thanks)

    # The reviewers are told, in the language they read the admin in.
    (message,) = mail.outbox
    assert message.to == [reviewer.email]
    assert "Ostéomyélite chronique non bactérienne" in message.subject
    assert "Le traitement par biothérapie n’est pas mentionné." in message.body
    # Language names are capitalised on their own, not inside a French sentence (“en français”).
    assert "Français" in message.body
    assert not re.search(r"\ben (Français|Anglais|Espagnol)\b", message.body)
    report = PageFeedback.objects.get()
    assert reverse("admin:diseases_pagefeedback_change", args=[report.pk]) in message.body

    # A visitor searches for something the site does not have.
    assert result_links(search(Client(), "uvéite", "fr")) == []

    # The editor's admin home: the report beside the week's searches that found nothing.
    home = text_of(signed_in("editor").get(reverse("admin:index")))
    said = home.index("What visitors say about the pages")
    looked_for = home.index("What visitors look for and don’t find")
    assert "Le traitement par biothérapie n’est pas mentionné." in home[said:looked_for]
    assert "1 search for “uveite” (fr)" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", home[looked_for:]))

    # A reviewer says what was done about it, then reviews the page.
    reviewing = signed_in("reviewer")
    change_url = reverse("admin:diseases_pagefeedback_change", args=[report.pk])
    data = form_data(reviewing.get(change_url).content, "pagefeedback_form")
    saved = reviewing.post(change_url, {**data, "status": "actioned", "note": "Biothérapies ajoutées."})
    assert saved.status_code == 302
    approved_by(full_demo, user("editor"), reviewer, comment="Vérifié.")

    # The charity downloads CNO/CRMO's evidence pack.
    pack = signed_in("editor").get(reverse("admin:diseases_disease_evidence", args=[full_demo.pk]) + "?format=csv")
    assert pack.status_code == 200
    rows = list(csv.DictReader(io.StringIO(pack.content.decode())))
    reviews = [row for row in rows if row["Record"] == "Medical review"]
    assert [(row["Kind"], row["Name"], row["Credentials or details"]) for row in reviews] == [
        ("Full review", "Dr Demo Reviewer", "MD, paediatric rheumatologist")
    ]
    french = {row["Kind"]: row["Figure"] for row in rows if row["Language"] == "French"}
    assert french["Not helpful"] == str(PageFeedback.objects.filter(language="fr", helpful=False).count()) == "1"
    assert french["Wrong or out of date: Actioned"] == "1"
    printable = text_of(signed_in("editor").get(reverse("admin:diseases_disease_evidence", args=[full_demo.pk])))
    assert "MD, paediatric rheumatologist" in printable
    assert "Wrong or out of date: Actioned: 1" in printable
    assert "biothérapie" not in printable


# Tried as an attacker would: never a server error, nothing stored that should not be.


def never_fails(response):
    assert response.status_code < 500, response.status_code
    return response


ODD_SEARCHES = [
    "q=tiredness&q=cansancio&q=%00",
    "q=" + "fatigue+" * 1000,
    "q=%F0%9F%98%80%E2%80%AE+tiredness",
    "q=tiredness%00-bone&exact=%00&page=%00",
    "q[]=x&q=&page=2&page=-1",
    "q=-tiredness+-cansancio+-",
    "q=%22bone+inflammation%22+-%22bone%22",
    "q=%ED%A0%80",
    "q=" + "a%CC%81" * 400,
    "exact=1&q=osteomielitis+crmo&exact=0",
]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_odd_searches_never_fail(client, demo, language):
    for query_string in ODD_SEARCHES:
        response = never_fails(client.get(f"/{language}/search/?{query_string}"))
        assert "\x00" not in response.content.decode(errors="replace")
    assert not [query for query in SearchGap.objects.values_list("query", flat=True) if "\x00" in query]


@pytest.mark.parametrize(
    "slug",
    ["%00", "a" * 5000, "%E2%80%9Cbrain", "-48646582", "..%2F..%2Fadmin", "%F0%9F%98%80", "brain-fog%00", "%ED%A0%80"],
)
def test_odd_symptom_addresses_are_not_found(client, demo, slug):
    assert client.get(f"/en/symptoms/{slug}/").status_code == 404


@pytest.mark.parametrize("letter", ["%00", "ab&letter=c", "%F0%9F%98%80", "Ñ", "-1"])
def test_odd_letters_of_the_symptom_index_never_fail(client, demo, letter):
    never_fails(client.get(f"/fr/symptoms/?letter={letter}"))


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({"helpful": ["yes", "no"], "website": ""}, {}),
        ({"helpful": "no\x00", "website": ""}, {}),
        ({"helpful": "no"}, {"HTTP_ORIGIN": "null"}),
        ({"helpful": "no"}, {"HTTP_ORIGIN": "http://testserver:99999"}),
        ({"helpful": "no"}, {"HTTP_ORIGIN": "http://tést\x00"}),
        ({"helpful": "no"}, {"HTTP_REFERER": "http://[::1"}),
        ({"helpful": "no", "website": "x" * 100_000}, {}),
    ],
)
def test_odd_answers_never_fail_and_store_at_most_one_answer(client, demo, data, headers):
    before = PageFeedback.objects.count()
    never_fails(client.post("/fr/diseases/cno-crmo/feedback/", data, **headers))
    assert PageFeedback.objects.count() - before <= 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"helpful=%FF%FE", "application/x-www-form-urlencoded"),
        ("\xff\xfe", "application/x-www-form-urlencoded; charset=utf-16"),
        ("{}", "application/json"),
        (b"--x\r\n", "multipart/form-data; boundary="),
    ],
)
def test_answers_that_are_no_form_are_refused(client, demo, body, content_type):
    before = PageFeedback.objects.count()
    response = client.post("/en/diseases/cno-crmo/feedback/", body, content_type=content_type)
    assert response.status_code == 400
    assert PageFeedback.objects.count() == before


@pytest.mark.parametrize(
    "details",
    [
        {"kind": "wrong", "text": "x\x00y"},
        {"kind": "\x00"},
        {"kind": "wrong", "text": "𝔘" * 1001},
        {"kind": "wrong", "token": ["a", "b"]},
        {"kind": "wrong", "token": "x" * 10_000},
    ],
)
def test_odd_details_are_refused_and_change_nothing(client, demo, details):
    page = client.get("/en/diseases/cno-crmo/")
    step = client.post(
        "/en/diseases/cno-crmo/feedback/", {**form_data(page.content, "feedback-answer-form"), "helpful": "no"}
    )
    answer = PageFeedback.objects.latest("pk")

    response = never_fails(
        client.post(
            "/en/diseases/cno-crmo/feedback/details/", {**form_data(step.content, "feedback-details-form"), **details}
        )
    )

    assert response.status_code == 400
    answer.refresh_from_db()
    assert (answer.kind, answer.text) == ("", "")


def test_visitors_words_that_look_like_markup_stay_words_in_the_admin(
    client, demo, editor, django_capture_on_commit_callbacks
):
    report_out_of_date(client, "en", "<img src=x onerror=alert(1)>\u202e", django_capture_on_commit_callbacks)

    editing = Client()
    editing.force_login(editor)
    home = editing.get(reverse("admin:index")).content.decode()
    assert "<img src=x" not in home
    assert "&lt;img src=x onerror=alert(1)&gt;" in home


def test_a_related_condition_to_a_deleted_page_leaves_the_page_whole(client, demo, editor, reviewer):
    aosd = Disease.objects.get(slug="aosd")
    with workflow.editing(editor):
        demo.related_conditions.create(target=aosd, order=0)
    approved_by(demo, editor, reviewer)
    with translation.override("fr"):
        assert (
            'href="/fr/diseases/aosd/"' in text_of(client.get("/fr/diseases/cno-crmo/")).split('id="more-heading"')[1]
        )

    workflow.delete(aosd, editor)

    page = text_of(client.get("/fr/diseases/cno-crmo/"))
    assert "/fr/diseases/aosd/" not in page
    assert 'id="help-heading"' in page
    assert never_fails(client.get("/fr/search/", {"q": "Still"})).status_code == 200
