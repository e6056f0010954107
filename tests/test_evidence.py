"""The evidence pack: a page's and the site's review trail for accreditation, as a printable page and as CSV."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from diseases.models import Disease, PageFeedback, PatientAdvice, Publication, ReviewerProfile
from diseases.permissions import REVIEWERS_GROUP

from .conftest import make_user
from .factories import approved_by, edit, make_disease, make_reference, make_shared_group

pytestmark = pytest.mark.django_db

SITE_PACK = reverse("admin:diseases_evidence_pack")


def page_pack(disease):
    return reverse("admin:diseases_disease_evidence", args=[disease.pk])


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="evidence-pack-')
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def of(found, record, **match):
    return [row for row in found if row["Record"] == record and all(row[key] == value for key, value in match.items())]


@pytest.fixture
def nurse_reviewer(db, django_user_model):
    user = make_user(django_user_model, "nurse", REVIEWERS_GROUP)
    ReviewerProfile.objects.create(
        user=user,
        display_name="Sam Okafor",
        credentials_en="RN, paediatric rheumatology nurse specialist",
        credentials_es="enfermero especialista en reumatología pediátrica",
    )
    return user


@pytest.fixture
def reviewed_cno(full_demo, django_user_model, nurse_reviewer):
    """
    The demo's CNO/CRMO after a full review by the demo's reviewer, an edit
    sent back by a second reviewer, and its change approved by that reviewer.
    """
    editor = django_user_model.objects.get(username="editor")
    reviewer = django_user_model.objects.get(username="reviewer")
    page = approved_by(full_demo, editor, reviewer, comment="Checked against current guidelines.")
    edit(page, editor, definition_en=page.definition_en + " It is not an infection.")
    page.submit_for_review(editor)
    page.request_changes(nurse_reviewer, "Say that it is not contagious either.")
    edit(page, editor, definition_en=page.definition_en + " It is not contagious.")
    page.submit_for_review(editor)
    page.approve(nurse_reviewer, languages=["en", "es"])
    page.refresh_from_db()
    return page


@pytest.fixture
def demo_editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="editor"))
    return client


def test_the_cno_crmo_pack_shows_every_review_with_the_reviewers_credentials(reviewed_cno, demo_editor_client):
    found = rows(demo_editor_client.get(page_pack(reviewed_cno) + "?format=csv"))

    reviews = of(found, "Medical review")
    assert [(row["Kind"], row["Name"], row["Credentials or details"]) for row in reviews] == [
        ("Full review", "Dr Demo Reviewer", "MD, paediatric rheumatologist"),
        ("Changes requested", "Sam Okafor", "RN, paediatric rheumatology nurse specialist"),
        ("Change approval", "Sam Okafor", "RN, paediatric rheumatology nurse specialist"),
    ]
    assert [row["Language"] for row in reviews] == ["English, Spanish, French", "", "English, Spanish"]
    assert reviews[1]["Note"] == "Say that it is not contagious either."
    assert {row["Date"] for row in reviews} == {timezone.localdate().isoformat()}
    assert {row["Page"] for row in found} == {str(reviewed_cno)}
    # The change approval keeps the date of the full review before it.
    [last] = of(found, "Last full review")
    assert (last["Name"], last["Credentials or details"]) == ("Dr Demo Reviewer", "MD, paediatric rheumatologist")
    [due] = of(found, "Next review due")
    assert due["Date"] == reviewed_cno.live.next_review_due.isoformat() and due["Note"] == ""


def test_the_printable_pack_shows_the_same_reviews(reviewed_cno, demo_editor_client):
    response = demo_editor_client.get(page_pack(reviewed_cno))
    text = response.content.decode()

    assert response.status_code == 200
    assert text.count('class="review-full_review"') == 1
    assert text.count('class="review-change_approval"') == 1
    assert text.count('class="review-changes_requested"') == 1
    assert "Dr Demo Reviewer" in text and "MD, paediatric rheumatologist" in text
    assert "RN, paediatric rheumatology nurse specialist" in text
    assert formats.date_format(timezone.localdate()) in text
    assert "diseases/admin/evidence.css" in text
    assert 'href="?format=csv"' in text


def test_credentials_and_dates_are_in_the_staff_users_language(reviewed_cno, demo_editor_client):
    text = demo_editor_client.get(page_pack(reviewed_cno), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "médica, reumatóloga pediátrica" in text
    assert "enfermero especialista en reumatología pediátrica" in text
    with translation.override("es"):
        assert formats.date_format(timezone.localdate()) in text


def test_sources_readability_advice_and_feedback_per_language(reviewed_cno, demo_editor_client):
    PatientAdvice.objects.create(
        disease=reviewed_cno, text="Rest.", role="patient", language="fr", consent=True, status="rejected"
    )
    found = rows(demo_editor_client.get(page_pack(reviewed_cno) + "?format=csv"))

    sources = {row["Name"]: row for row in of(found, "Source")}
    study = sources["Early Symptoms of AiArthritis Study"]
    assert (study["Kind"], study["Address"]) == ("Reference", "https://www.aiarthritis.org/early-symptoms-study")
    assert study["Credentials or details"] == "AiArthritis, 2019"
    ease = {row["Language"]: row for row in of(found, "Reading ease")}
    assert set(ease) == {"English", "Spanish", "French"}
    assert all(row["Target"] == "60" and row["Figure"].isdigit() for row in ease.values())
    advice = {(row["Language"], row["Kind"]): row["Figure"] for row in of(found, "Patient advice")}
    # The demo's pending advice is in English.
    assert advice["English", "Submitted"] == "1" and advice["English", "Pending moderation"] == "1"
    assert advice["French", "Submitted"] == "1" and advice["French", "Rejected"] == "1"
    assert advice["Spanish", "Submitted"] == "0"
    # The demo's answers: two helpful in English, a French report of something out of date.
    assert [row["Figure"] for row in of(found, "Reader feedback", Language="English")] == ["2", "0", "100"]
    assert [row["Figure"] for row in of(found, "Reader feedback", Language="French")] == ["0", "1", "0"]
    # The English definition changed since the French was written; the change approval checked English.
    translations = {row["Language"]: row["Kind"] for row in of(found, "Translation")}
    assert translations["English"] == "Reviewed" and translations["French"] == "Outdated"


def test_reader_feedback_per_language_with_what_became_of_the_reports(reviewed_cno, demo_editor_client):
    PageFeedback.objects.all().delete()
    for helpful in (True, True, True):
        PageFeedback.objects.create(disease=reviewed_cno, language="fr", helpful=helpful)
    PageFeedback.objects.create(
        disease=reviewed_cno, language="fr", helpful=False, kind="wrong", text="Périmé.", status="actioned"
    )
    found = rows(demo_editor_client.get(page_pack(reviewed_cno) + "?format=csv"))
    text = demo_editor_client.get(page_pack(reviewed_cno)).content.decode()
    site = rows(demo_editor_client.get(reverse("admin:diseases_evidence_pack") + "?format=csv"))

    assert [row["Figure"] for row in of(found, "Reader feedback", Language="French")] == ["3", "1", "75"]
    assert [row["Note"] for row in of(found, "Reader feedback", Language="English")] == ["No answers yet"]
    assert of(found, "Action taken on feedback", Language="French")[0]["Kind"] == "Wrong or out of date: Actioned"
    assert "Wrong or out of date: Actioned: 1" in text
    assert "Périmé" not in text  # figures, never what a visitor wrote
    assert [row["Figure"] for row in of(site, "Reader feedback", Language="French", Page="")] == ["3", "1", "75"]


def test_the_site_pack_states_the_process_coverage_and_overdue_pages(reviewed_cno, demo_editor_client):
    aosd = Disease.objects.get(slug="aosd")
    Publication.objects.filter(pk=aosd.live_id).update(
        next_review_due=timezone.localdate() - datetime.timedelta(days=3)
    )
    found = rows(demo_editor_client.get(SITE_PACK + "?format=csv"))

    roles = {row["Name"]: row for row in of(found, "Role")}
    assert "Medically review pages" in roles["Medical reviewers"]["Credentials or details"]
    assert "Edit disease pages" not in roles["Medical reviewers"]["Credentials or details"]
    assert "Moderate patient advice" in roles["Content editors"]["Credentials or details"]
    assert roles["Medical reviewers"]["Figure"] == "2"
    assert "Translate pages into the languages they are granted" in roles["Translators"]["Credentials or details"]
    assert "Say what became of reader feedback" in roles["Medical reviewers"]["Credentials or details"]
    process = {row["Name"]: row for row in of(found, "Review process")}
    assert process["Review interval (years)"]["Figure"] == "3"
    assert process["Pages overdue for review"]["Figure"] == "1"
    assert "Nobody approves a page holding their own edits" in process["Four-eyes"]["Credentials or details"]
    reviewers = {row["Name"]: row["Credentials or details"] for row in of(found, "Medical reviewer")}
    assert reviewers == {
        "Dr Demo Reviewer": "MD, paediatric rheumatologist",
        "Sam Okafor": "RN, paediatric rheumatology nurse specialist",
    }
    coverage = {(row["Language"], row["Kind"]): row["Figure"] for row in of(found, "Translation coverage")}
    assert sum(int(coverage["French", label]) for label in ("Missing", "Outdated", "Left out of the last review")) == 2
    [overdue] = of(found, "Next review due", Note="Overdue")
    assert overdue["Slug"] == "aosd"
    assert {row["Slug"] for row in of(found, "Medical review")} == {"cno-crmo", "aosd"}

    text = demo_editor_client.get(SITE_PACK).content.decode()
    assert 'id="overdue-pages"' in text and 'href="#evidence-aosd"' in text
    assert text.count('class="evidence-page"') == 2
    assert "Sam Okafor" in text and "Four-eyes:" in text


def test_the_site_pack_credits_only_the_reviewers_still_active(reviewed_cno, demo_editor_client, django_user_model):
    django_user_model.objects.filter(reviewer_profile__display_name="Sam Okafor").update(is_active=False)

    found = rows(demo_editor_client.get(SITE_PACK + "?format=csv"))

    reviewers = {row["Name"]: row["Credentials or details"] for row in of(found, "Medical reviewer")}
    assert reviewers == {"Dr Demo Reviewer": "MD, paediatric rheumatologist"}


def test_a_user_without_editing_or_review_rights_is_refused(full_demo, client, every_kind_of_user):
    for role in ("moderator", "staff without permissions"):
        client.force_login(every_kind_of_user[role])
        for url in (SITE_PACK, SITE_PACK + "?format=csv", page_pack(full_demo), page_pack(full_demo) + "?format=csv"):
            assert client.get(url).status_code == 403, (role, url)
    for role in ("editor", "reviewer", "superuser"):
        client.force_login(every_kind_of_user[role])
        assert client.get(page_pack(full_demo)).status_code == 200
        assert client.get(SITE_PACK).status_code == 200


def test_a_post_changes_nothing_and_is_refused(full_demo, demo_editor_client):
    assert demo_editor_client.post(SITE_PACK).status_code == 405
    assert demo_editor_client.post(page_pack(full_demo)).status_code == 405


def test_links_lead_to_the_pack(full_demo, demo_editor_client, django_user_model, client):
    form = demo_editor_client.get(reverse("admin:diseases_disease_change", args=[full_demo.pk])).content.decode()
    home = demo_editor_client.get(reverse("admin:index")).content.decode()
    changelist = demo_editor_client.get(reverse("admin:diseases_disease_changelist")).content.decode()
    assert f'href="{page_pack(full_demo)}"' in form
    assert f'href="{SITE_PACK}"' in home and f'href="{SITE_PACK}"' in changelist

    client.force_login(django_user_model.objects.get(username="reviewer"))
    review = client.get(reverse("admin:diseases_disease_review", args=[full_demo.pk])).content.decode()
    assert f'href="{page_pack(full_demo)}"' in review
    assert f'href="{SITE_PACK}"' in client.get(reverse("admin:index")).content.decode()


def test_cells_a_spreadsheet_would_run_are_written_as_text(full_demo, demo_editor_client):
    reference = make_reference(title='=HYPERLINK("https://example.org")')
    group = full_demo.symptom_groups.first()
    group.reference = reference
    group.save()
    found = rows(demo_editor_client.get(page_pack(full_demo) + "?format=csv"))
    assert '\'=HYPERLINK("https://example.org")' in {row["Name"] for row in of(found, "Source")}


def add_reviewed_pages(editor, reviewer, count, start):
    for number in range(start, start + count):
        reference = make_reference(editor, title=f"Study {number}")
        make_shared_group(editor, title=f"Shared {number}", reference=reference, order=number)
        page = make_disease(editor, slug=f"page-{number}", abbreviation=f"P{number}", reference=reference)
        approved_by(page, editor, reviewer)
        edit(page, editor, definition_en="Edited again.")
        page.submit_for_review(editor)
        page.request_changes(reviewer, "Not yet.")
        PatientAdvice.objects.create(disease=page, text="Rest helps.", role="patient", language="es", consent=True)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_pack_costs_the_same_queries_for_one_page_and_for_twenty(editor, reviewer, client):
    client.force_login(editor)
    add_reviewed_pages(editor, reviewer, 1, start=0)
    page = Disease.objects.get(slug="page-0")
    urls = [SITE_PACK, SITE_PACK + "?format=csv", page_pack(page), page_pack(page) + "?format=csv"]
    one = {url: queries(client, url) for url in urls}

    add_reviewed_pages(editor, reviewer, 19, start=1)
    twenty = {url: queries(client, url) for url in urls}

    assert len(rows(client.get(SITE_PACK + "?format=csv"))) > 20 * 10
    assert twenty == one


def test_a_staff_member_with_only_the_review_permission_may_read_it(full_demo, client, django_user_model):
    user = make_user(django_user_model, "solo")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["review_disease", "view_disease"]))
    client.force_login(user)
    assert client.get(page_pack(full_demo)).status_code == 200


def test_a_page_never_published_is_measured_as_drafted_and_a_deleted_page_is_left_out(editor, client):
    client.force_login(editor)
    draft = make_disease(editor, slug="draft-page", name="Draft Disease", abbreviation="DD")
    gone = make_disease(editor, slug="gone", name="Gone Disease", abbreviation="GD")
    gone.publish_provisionally(editor)
    gone.refresh_from_db()
    assert client.post(reverse("admin:diseases_disease_delete", args=[gone.pk]), {"post": "yes"}).status_code == 302

    found = rows(client.get(SITE_PACK + "?format=csv"))

    assert {row["Slug"] for row in found} == {"", "draft-page"}
    [last] = of(found, "Last full review")
    assert last["Note"] == "Never medically reviewed" and last["Date"] == ""
    assert of(found, "Review status")[0]["Kind"] == "Draft"
    assert of(found, "Medical review") == []
    assert client.get(page_pack(gone)).status_code == 404
    text = client.get(page_pack(draft)).content.decode()
    assert "Never medically reviewed" in text and "No medical review yet." in text
