"""The admin home shows each person the work waiting for them, each item a count and a link to its list."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from diseases import dashboard
from diseases.models import Disease, PatientAdvice, Publication

from .factories import approved_by, edit, make_disease

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def due_in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def set_due(disease, days_from_today):
    Publication.objects.filter(pk=disease.live_id).update(
        next_review_due=timezone.localdate() + datetime.timedelta(days=days_from_today)
    )


def item(page, element_id):
    """The text and the link of one dashboard item."""
    match = re.search(rf'<a href="([^"]*)" id="{element_id}">(.*?)</a>', page, re.S)
    assert match, element_id
    return " ".join(re.sub("<[^>]+>", "", match.group(2)).split()), html.unescape(match.group(1))


def listed(client, url):
    """The pages a changelist shows, by slug."""
    response = client.get(url)
    assert response.status_code == 200
    return sorted(obj.slug for obj in response.context["cl"].result_list)


def test_editor_sees_pages_sent_back_their_drafts_and_the_due_list(client, editor, other_editor, reviewer):
    sent_back = make_disease(editor, slug="sent-back")
    sent_back.submit_for_review(editor)
    sent_back.request_changes(reviewer, "Cite the study.")
    mine = make_disease(editor, slug="mine")
    make_disease(other_editor, slug="theirs")
    overdue = approved_by(make_disease(other_editor, slug="overdue"), other_editor, reviewer)
    set_due(overdue, -3)
    soon = approved_by(make_disease(other_editor, slug="soon"), other_editor, reviewer, next_review_due=due_in(20))
    approved_by(make_disease(other_editor, slug="later"), other_editor, reviewer)
    client.force_login(editor)

    page = client.get(INDEX).content.decode()

    text, url = item(page, "count-sent-back")
    assert text == "1 page sent back with changes requested"
    assert listed(client, url) == ["sent-back"]
    text, url = item(page, "count-my-drafts")
    assert text == "1 draft you worked on"
    assert listed(client, url) == [mine.slug]
    text, url = item(page, "count-overdue")
    assert text == "1 page overdue for medical review"
    assert [row.slug for row in client.get(url).context["cl"].result_list] == [overdue.slug]
    text, url = item(page, "count-due-soon")
    assert text == "1 page due for medical review within 30 days"
    assert [row.slug for row in client.get(url).context["cl"].result_list] == [soon.slug]


def test_the_counts_are_as_of_one_day_even_when_midnight_passes_meanwhile(editor, other_editor, reviewer, monkeypatch):
    day = datetime.date(2026, 6, 10)
    for slug, due in (("due-that-day", day), ("due-a-month-on", day + datetime.timedelta(days=31))):
        page = approved_by(make_disease(other_editor, slug=slug), other_editor, reviewer)
        Publication.objects.filter(pk=page.live_id).update(next_review_due=due)
    # The first reading of the clock is that day; any later one, the next.
    readings = iter([day])
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: next(readings, day + datetime.timedelta(days=1)))

    board = dashboard.for_user(editor)

    assert (board.counts["overdue"], board.counts["due_soon"]) == (0, 1)
    assert board.due_by_month[:2] == [(datetime.date(2026, 6, 1), 1), (datetime.date(2026, 7, 1), 1)]


def test_a_draft_counts_as_yours_until_it_is_reviewed_again(client, editor, other_editor, reviewer):
    page = approved_by(make_disease(editor), editor, reviewer)
    edit(page, other_editor, definition_en="A later change.")
    client.force_login(editor)

    text, _url = item(client.get(INDEX).content.decode(), "count-my-drafts")

    assert text == "0 drafts you worked on"
    assert Disease.objects.drafts().worked_on_by(other_editor).get() == page


def test_editor_sees_outdated_and_missing_translations_per_language(client, editor):
    page = make_disease(editor)
    edit(page, editor, definition_en="A new English definition.", definition_es="")
    client.force_login(editor)

    response = client.get(INDEX)
    text = html.unescape(response.content.decode())

    spanish = re.search(r'id="translations-es">(.*?)</li>', text, re.S).group(1)
    french = re.search(r'id="translations-fr">(.*?)</li>', text, re.S).group(1)
    assert "?language=es&status=missing" in spanish and "<strong>1</strong> page with missing" in spanish
    assert "?language=fr&status=outdated" in french and "<strong>1</strong> outdated translation" in french
    status_page = client.get(reverse("admin:diseases_disease_translations"), {"language": "fr", "status": "outdated"})
    assert [row["disease"] for row in status_page.context["rows"]] == [page]


def test_advice_awaiting_moderation_links_to_the_queue(client, editor, demo):
    PatientAdvice.objects.create(disease=demo, text="Rest.", role="patient", language="en", consent=True)
    client.force_login(editor)

    text, url = item(client.get(INDEX).content.decode(), "count-pending-advice")

    assert text == "1 patient advice awaits moderation."
    assert client.get(url).context["cl"].result_count == 1


def test_reviewer_sees_the_queue_with_submitter_waiting_time_and_comment(client, editor, reviewer):
    first = make_disease(editor, slug="first")
    first.submit_for_review(editor, comment="Please check the new symptoms.")
    make_disease(editor, slug="draft")
    client.force_login(reviewer)

    response = client.get(INDEX)
    page = html.unescape(response.content.decode())

    text, url = item(response.content.decode(), "count-awaiting-review")
    assert text == "1 page awaits medical review"
    assert url == reverse("admin:diseases_diseaseawaitingreview_changelist")
    queue = re.search(r'<table class="dashboard-queue">(.*?)</table>', page, re.S).group(1)
    assert reverse("admin:diseases_disease_review", args=[first.pk]) in queue
    assert "Review Systemic Juvenile Idiopathic Arthritis (SJIA)" in queue
    assert ">ed<" in queue and "0\xa0minutes" in queue and "Please check the new symptoms." in queue
    # Reviewers do not edit: no editor's items.
    assert 'id="count-sent-back"' not in page


def test_the_queue_shows_the_longest_waiting_first(client, editor, reviewer):
    written_first = make_disease(editor, slug="cno", name="Chronic Nonbacterial Osteomyelitis", abbreviation="CNO")
    written_later = make_disease(editor, slug="sjia")
    written_later.submit_for_review(editor)
    written_first.submit_for_review(editor)
    client.force_login(reviewer)

    page = client.get(INDEX).content.decode()

    queue = re.search(r'<table class="dashboard-queue">(.*?)</table>', page, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)">Review ', queue)
    assert links == [
        reverse("admin:diseases_disease_review", args=[disease.pk]) for disease in (written_later, written_first)
    ]


def test_an_empty_queue_says_so(client, reviewer):
    client.force_login(reviewer)

    assert "Nothing awaits your review." in client.get(INDEX).content.decode()


def test_charts_show_reviews_due_per_month_and_translation_coverage(client, editor, reviewer):
    today = timezone.localdate()
    for slug, days in (("a", 40), ("b", 45), ("c", 200)):
        approved_by(make_disease(editor, slug=slug), editor, reviewer, next_review_due=due_in(days))
    client.force_login(editor)

    page = client.get(INDEX).content.decode()

    months = Disease.objects.reviews_due_by_month(today=today)
    assert len(months) == 12 and sum(count for _month, count in months) == 3
    assert dict(months)[(today + datetime.timedelta(days=40)).replace(day=1)] >= 1
    due_chart = re.search(r'<figure class="chart" id="due-chart">(.*?)</figure>', page, re.S).group(1)
    assert "3 medical reviews due in the next twelve months" in due_chart
    assert due_chart.count('class="chart-bar"') == 12
    coverage = re.search(r'<figure class="chart" id="coverage-chart">(.*?)</figure>', page, re.S).group(1)
    assert (
        'aria-label="French: 3 reviewed, 0 left out of the last review, 0 in review, 0 changes requested, '
        '0 draft, 0 outdated, 0 missing"' in coverage
    )


def test_dashboard_queries_do_not_grow_with_the_number_of_pages(
    client, editor, reviewer, admin_user, django_assert_max_num_queries
):
    # Assigned to a reviewer, whom the queue names.
    for index in range(3):
        make_disease(editor, slug=f"page-{index}").submit_for_review(editor, assignee=reviewer)
    # Editor, reviewer, moderator and translator at once: every panel and both charts.
    client.force_login(admin_user)
    client.get(INDEX)
    with django_assert_max_num_queries(50) as few:
        client.get(INDEX)
    for index in range(3, 9):
        make_disease(editor, slug=f"page-{index}").submit_for_review(editor, assignee=reviewer)

    with django_assert_max_num_queries(len(few)):
        client.get(INDEX)


def test_translation_status_is_linked_from_the_diseases_list(editor_client):
    page = editor_client.get(reverse("admin:diseases_disease_changelist")).content.decode()

    assert f'href="{reverse("admin:diseases_disease_translations")}"' in page
