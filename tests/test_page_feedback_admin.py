"""
Page feedback in the admin: the comments queue (read-only answers, a status
and a note), erasing a comment, helpfulness over time as a chart, the admin
home's panel; who may see and do what; nothing a visitor typed is markup.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diseases import feedback
from diseases.models import Disease, PageFeedback
from diseases.permissions import EDITORS_GROUP, REVIEWERS_GROUP

from .conftest import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:diseases_pagefeedback_changelist")
CHART = reverse("admin:diseases_pagefeedback_chart")
MARKUP = '<img src=x onerror="alert(1)">'


def change_url(answer):
    return reverse("admin:diseases_pagefeedback_change", args=[answer.pk])


def give(disease, language="en", helpful=False, kind="", text="", days_ago=0, status="open"):
    return PageFeedback.objects.create(
        disease=disease,
        language=language,
        helpful=helpful,
        kind=kind,
        text=text,
        status=status,
        created_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_editors_and_reviewers_read_the_queue_others_may_not(signed_in, demo, editor, reviewer, django_user_model):
    give(demo, "fr", kind="wrong", text="Le traitement a changé.")
    for user in (editor, reviewer):
        assert "Le traitement a changé." in text_of(signed_in(user).get(CHANGELIST))
    stranger = make_user(django_user_model, "stranger")
    assert signed_in(stranger).get(CHANGELIST).status_code == 403
    assert signed_in(stranger).get(CHART).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind__exact=wrong", {"wrong fr"}),
        ("status__exact=dismissed", {"unclear en"}),
        ("language__exact=es", {"missing es"}),
        ("helpful__exact=1", {"missing es"}),
    ],
)
def test_the_queue_filters_by_kind_status_language_and_answer(signed_in, demo, editor, query, expected):
    give(demo, "fr", kind="wrong", text="wrong fr")
    give(demo, "en", kind="unclear", text="unclear en", status="dismissed")
    give(demo, "es", helpful=True, kind="missing", text="missing es")

    page = text_of(signed_in(editor).get(f"{CHANGELIST}?{query}"))

    assert {text for text in ("wrong fr", "unclear en", "missing es") if text in page} == expected


def test_the_queue_filters_by_page_and_date(signed_in, demo, editor):
    give(demo, text="today")
    give(demo, text="last year", days_ago=400)
    this_year = timezone.localdate().year

    page = text_of(signed_in(editor).get(f"{CHANGELIST}?disease__id__exact={demo.pk}&created_on__year={this_year}"))

    assert "today" in page and "last year" not in page


def test_a_reviewer_marks_a_report_actioned_with_a_note_and_the_answer_stays_as_sent(signed_in, demo, reviewer):
    answer = give(demo, "fr", kind="wrong", text="Le traitement a changé.")

    response = signed_in(reviewer).post(
        change_url(answer),
        {
            "status": "actioned",
            "note": "Treatment section updated.",
            "text": "forged",
            "helpful": "on",
            "kind": "other",
        },
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.note, answer.handled_by, answer.handled_at is not None) == (
        "actioned",
        "Treatment section updated.",
        reviewer,
        True,
    )
    assert (answer.text, answer.helpful, answer.kind) == ("Le traitement a changé.", False, "wrong")


def test_bulk_actions_mark_feedback_actioned_or_dismissed(signed_in, demo, editor):
    first, second = give(demo, kind="wrong"), give(demo, kind="other")

    signed_in(editor).post(CHANGELIST, {"action": "mark_dismissed", "_selected_action": [first.pk, second.pk]})

    assert set(PageFeedback.objects.values_list("status", flat=True)) == {"dismissed"}
    assert PageFeedback.objects.get(pk=first.pk).handled_by == editor


def test_erasing_a_comment_blanks_its_text_and_keeps_the_answer_counted(signed_in, demo, editor):
    answer = give(demo, kind="wrong", text="Call me on 0612345678")
    kept = give(demo, kind="wrong", text="Kept")

    response = signed_in(editor).post(CHANGELIST, {"action": "erase_text", "_selected_action": [answer.pk]})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.text, answer.kind, answer.text_erased_at is not None) == ("", "wrong", True)
    assert PageFeedback.objects.get(pk=kept.pk).text == "Kept"
    assert PageFeedback.objects.figures(demo).not_helpful == 2


def test_reviewers_may_not_erase_what_visitors_wrote(signed_in, demo, reviewer):
    answer = give(demo, kind="wrong", text="Kept")
    client = signed_in(reviewer)

    assert 'value="erase_text"' not in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "erase_text", "_selected_action": [answer.pk]})

    assert PageFeedback.objects.get(pk=answer.pk).text == "Kept"


def test_nobody_adds_feedback_in_the_admin(signed_in, editor):
    assert signed_in(editor).get(reverse("admin:diseases_pagefeedback_add")).status_code == 403


def test_the_chart_shows_helpful_share_and_counts_per_month_for_a_page_and_language(signed_in, demo, editor):
    for helpful in (True, True, True, False):
        give(demo, "fr", helpful=helpful)
    give(demo, "en", helpful=False)

    response = signed_in(editor).get(CHART, {"disease": demo.pk, "language": "fr", "period": "month"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "<rect" in page
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th><td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td></tr>", page)
    assert len(rows) == 12
    assert rows[-1][1:] == ("3", "1", "75%")
    assert all(row[1:] == ("0", "0", "–") for row in rows[:-1])


def test_the_chart_by_week_counts_all_pages_and_languages(signed_in, demo, editor):
    give(demo, "fr", helpful=True)
    give(demo, "en", helpful=False)
    give(demo, "en", helpful=False, days_ago=7)

    page = signed_in(editor).get(CHART, {"period": "week"}).content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">[^<]*</th><td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td></tr>", page)
    assert len(rows) == 26
    assert rows[-1] == ("1", "1", "50%")
    assert rows[-2] == ("0", "1", "0%")


@pytest.mark.parametrize("query", [{"disease": "abc"}, {"disease": "987654"}, {"language": "xx"}, {"period": "day"}])
def test_the_chart_takes_any_filter_without_failing(signed_in, demo, editor, query):
    assert signed_in(editor).get(CHART, query).status_code == 200


def test_the_dashboard_shows_open_reports_first_then_the_least_helpful_pages(signed_in, demo, editor, reviewer):
    give(demo, "fr", kind="wrong", text="Le traitement a changé.")
    give(demo, "fr", kind="wrong", text="Handled already", status="actioned")
    give(demo, "en", helpful=True)
    give(demo, "es", helpful=True)

    for user in (editor, reviewer):
        page = text_of(signed_in(user).get(reverse("admin:index")))
        panel = page[page.index('id="page-feedback"') :]
        assert "1 open report of wrong or out-of-date information" in panel
        assert "Le traitement a changé." in panel and "Handled already" not in panel
        assert panel.index("unread-reports") < panel.index("least-helpful")
        least = panel[panel.index('id="least-helpful"') :]
        # French: no helpful answer of two; English and Spanish: all helpful.
        assert least.index("French") < least.index("English")
        assert "0%" in least and "100%" in least


def test_the_dashboard_has_no_feedback_for_those_who_may_not_read_it(signed_in, demo, django_user_model):
    moderator_only = make_user(django_user_model, "mod")
    moderator_only.user_permissions.add(
        *Group.objects.get(name=EDITORS_GROUP).permissions.filter(codename="view_disease")
    )
    give(demo, kind="wrong", text="Le traitement a changé.")

    page = signed_in(moderator_only).get(reverse("admin:index")).content.decode()

    assert "page-feedback" not in page


def test_a_translators_dashboard_has_no_feedback_and_the_workflow_refuses_them_handling_it(signed_in, demo, translator):
    give(demo, kind="wrong", text="Le traitement a changé.")
    answer = PageFeedback.objects.get()

    page = signed_in(translator).get(reverse("admin:index")).content.decode()
    with pytest.raises(PermissionDenied) as refused:
        feedback.set_status(answer, PageFeedback.Status.DISMISSED, translator)

    assert 'id="translator-work"' in page and "page-feedback" not in page
    assert str(refused.value) == "Only content editors and medical reviewers can handle page feedback."


def test_what_visitors_wrote_is_never_markup_in_the_admin(signed_in, demo, editor):
    answer = give(demo, "en", kind="wrong", text=MARKUP)
    client = signed_in(editor)

    for url in (CHANGELIST, change_url(answer), reverse("admin:index"), CHART + f"?disease={demo.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKUP not in response.content.decode(), url


def test_the_groups_carry_what_their_jobs_need():
    editors = Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True)
    reviewers = Group.objects.get(name=REVIEWERS_GROUP).permissions.values_list("codename", flat=True)
    assert {"view_pagefeedback", "change_pagefeedback"} <= set(editors) & set(reviewers)
    assert "delete_pagefeedback" not in set(editors) | set(reviewers)


def test_the_demo_shows_an_editor_a_french_report_on_the_dashboard(signed_in, full_demo, editor):
    page = text_of(signed_in(editor).get(reverse("admin:index")))

    panel = page[page.index('id="unread-reports"') :]
    assert "La section sur les traitements ne parle pas des biothérapies récentes." in panel


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [reverse("admin:index"), CHANGELIST, CHART])
def test_more_feedback_costs_no_more_queries(signed_in, demo, editor, url):
    other = Disease.objects.get(slug="aosd")
    give(demo, "fr", kind="wrong", text="One")
    client = signed_in(editor)
    few = queries_for(client, url)
    for page in (demo, other):
        for language in ("en", "es", "fr"):
            give(page, language, kind="wrong", text="More")
            give(page, language, helpful=True)

    assert queries_for(client, url) == few
