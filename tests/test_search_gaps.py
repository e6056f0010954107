"""
Editors see what visitors searched for and did not find: counted per
normalised query, language and week, with nothing about who searched, in a
bounded table; they mark each as handled in the admin and on its home.
"""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diseases import search_gaps
from diseases.models import SearchGap, SearchSynonym

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:diseases_searchgap_changelist")


def searched(client, query, language="en", **headers):
    response = client.get(f"/{language}/search/", {"q": query}, **headers)
    assert response.status_code == 200
    return response


def counts():
    return {(gap.language, gap.query, gap.week): gap.count for gap in SearchGap.objects.all()}


def this_week():
    return search_gaps.week_of(timezone.localdate())


def test_searches_that_find_nothing_are_counted_by_query_language_and_week(client, demo):
    for query in ("Uveitis", "  uveitis ", "UVÉITIS"):
        searched(client, query)
    searched(client, "uveitis", "es")
    searched(client, "fatigue")  # found something: not a gap
    searched(client, "osteomielitis crmo")  # corrected, and found: not a gap either
    searched(client, "-fatigue")  # nothing looked for
    searched(client, '"" - ?')

    assert counts() == {("en", "uveitis", this_week()): 3, ("es", "uveitis", this_week()): 1}
    assert this_week().weekday() == 0


def test_a_new_week_counts_apart(demo):
    monday = datetime.date(2026, 11, 30)
    search_gaps.record("uveitis", "en", today=monday + datetime.timedelta(days=6))  # Sunday
    search_gaps.record("uveitis", "en", today=monday + datetime.timedelta(days=7))  # the next Monday

    assert counts() == {("en", "uveitis", monday): 1, ("en", "uveitis", monday + datetime.timedelta(days=7)): 1}


def test_nothing_about_the_visitor_is_kept(client, demo):
    client.cookies["tracker"] = "cookie-value-123"
    response = searched(
        client,
        "uveitis",
        HTTP_USER_AGENT="AgentSmith/1.0",
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    stored = " ".join(str(value) for row in SearchGap.objects.values_list() for value in row)
    for trace in ("cookie-value-123", "AgentSmith", "203.0.113.77", "198.51.100.9"):
        assert trace not in stored
    # And the page stays one for everyone: shared caches keep it, no cookie is set.
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_counting_costs_one_statement(client, demo):
    searched(client, "uveitis")
    with CaptureQueriesContext(connection) as queries:
        searched(client, "uveitis")

    assert len([query for query in queries if "diseases_searchgap" in query["sql"].lower()]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "x" * 101,
        "one two three four five six seven eight nine",
        "write to me at someone@example.org",
        "call 0612 345 678",
        "+44 20 7946 0958",
    ],
)
def test_over_long_or_personal_looking_searches_are_not_kept(client, demo, query):
    searched(client, query)

    assert SearchGap.objects.count() == 0


def test_a_week_keeps_at_most_so_many_different_searches(client, demo, settings):
    settings.SEARCH_GAPS_PER_WEEK = 3
    for word in ("alpha", "bravo", "charlie", "delta", "echo"):
        searched(client, f"zz{word}")
    searched(client, "zzalpha")

    assert sorted(SearchGap.objects.values_list("query", "count")) == [("zzalpha", 2), ("zzbravo", 1), ("zzcharlie", 1)]


def test_a_planned_page_stays_handled_next_week_a_synonym_that_did_not_help_does_not(demo, editor):
    last_week = this_week() - datetime.timedelta(days=7)
    search_gaps.record("uveitis", "en", today=last_week)
    search_gaps.record("still nothing", "en", today=last_week)
    search_gaps.mark(SearchGap.objects.filter(query="uveitis"), SearchGap.Status.PAGE_PLANNED, editor)
    search_gaps.mark(SearchGap.objects.filter(query="still nothing"), SearchGap.Status.SYNONYM_ADDED, editor)

    search_gaps.record("uveitis", "en")
    search_gaps.record("still nothing", "en")

    now = {gap.query: gap for gap in SearchGap.objects.in_week(this_week())}
    assert now["uveitis"].status == SearchGap.Status.PAGE_PLANNED
    assert now["uveitis"].handled_by == editor
    assert now["still nothing"].status == SearchGap.Status.OPEN
    assert list(search_gaps.top_of_week()) == [now["still nothing"]]


def rows(response):
    found = re.findall(r'<th class="field-query">(.*?)</th>', response.content.decode())
    return [html.unescape(re.sub(r"<[^>]+>", "", row)) for row in found]


def test_editors_list_filter_and_mark_searches_in_the_admin(client, demo, editor):
    last_week = this_week() - datetime.timedelta(days=7)
    for _time in range(3):
        search_gaps.record("uveitis", "en")
    search_gaps.record("uveitis", "en", today=last_week)
    search_gaps.record("fiebre", "es")
    client.force_login(editor)

    assert rows(client.get(CHANGELIST)) == ["uveitis", "fiebre", "uveitis"]
    assert rows(client.get(CHANGELIST, {"language": "es"})) == ["fiebre"]
    assert rows(client.get(CHANGELIST, {"week": last_week.isoformat()})) == ["uveitis"]
    assert rows(client.get(CHANGELIST, {"week": "nonsense"})) == []

    gap = SearchGap.objects.get(query="uveitis", week=this_week())
    response = client.post(
        CHANGELIST, {"action": "mark_page_planned", "_selected_action": [gap.pk], "index": "0"}, follow=True
    )

    assert "1 search marked." in html.unescape(response.content.decode())
    # The query is what was handled: last week's count of it too.
    assert set(SearchGap.objects.filter(query="uveitis").values_list("status", "handled_by")) == {
        (SearchGap.Status.PAGE_PLANNED, editor.pk)
    }
    assert SearchGap.objects.get(query="fiebre").status == SearchGap.Status.OPEN
    assert rows(client.get(CHANGELIST, {"status__exact": "open"})) == ["fiebre"]


def test_the_synonym_link_is_prefilled_and_saving_it_handles_the_search(client, demo, editor):
    search_gaps.record("weariness", "en")
    client.force_login(editor)

    listing = client.get(CHANGELIST).content.decode()
    link = html.unescape(re.search(r'href="([^"]*searchsynonym/add/\?[^"]*)"', listing).group(1))
    form = client.get(link).content.decode()
    assert 'value="weariness"' in form
    assert re.search(r'<option value="en" selected>', form)

    response = client.post(link, {"language": "en", "term": "weariness", "means": "fatigue"})

    assert response.status_code == 302
    assert SearchGap.objects.get().status == SearchGap.Status.SYNONYM_ADDED
    assert client.get("/en/search/", {"q": "weariness"}).context["results"].count == 2


def test_a_synonym_form_refuses_what_would_find_nothing_new(client, demo, editor):
    client.force_login(editor)
    add = reverse("admin:diseases_searchsynonym_add")

    for data, error in [
        ({"language": "en", "term": "Tiredness!", "means": "fatigue"}, "This synonym exists already."),
        ({"language": "en", "term": "fatigue", "means": "Fatigue"}, "A synonym must find something else."),
        ({"language": "en", "term": "- -", "means": "fatigue"}, "Write at least one word."),
        ({"language": "en", "term": "a b c d e", "means": "fatigue"}, "Write at most 4 words."),
        ({"language": "xx", "term": "weary", "means": "fatigue"}, "Select a valid choice."),
    ]:
        response = client.post(add, data)
        assert response.status_code == 200
        assert error in html.unescape(response.content.decode())
    assert SearchSynonym.objects.count() == 7  # the demo's


def test_only_those_allowed_see_or_mark_searches(client, demo, reviewer):
    search_gaps.record("uveitis", "en")
    gap = SearchGap.objects.get()
    client.force_login(reviewer)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:diseases_searchsynonym_changelist")).status_code == 403
    client.post(CHANGELIST, {"action": "mark_not_relevant", "_selected_action": [gap.pk], "index": "0"})
    assert SearchGap.objects.get().status == SearchGap.Status.OPEN
    assert 'id="search-gaps"' not in client.get(reverse("admin:index")).content.decode()


def test_the_workflow_refuses_to_mark_a_search_for_those_not_allowed(demo, reviewer):
    search_gaps.record("uveitis", "en")

    with pytest.raises(PermissionDenied) as refused:
        search_gaps.mark(SearchGap.objects.all(), SearchGap.Status.NOT_RELEVANT, reviewer)

    assert str(refused.value) == "Only content editors can mark what visitors searched for."
    assert SearchGap.objects.get().status == SearchGap.Status.OPEN


def test_an_editor_sees_the_weeks_top_unhandled_searches_on_the_admin_home(client, demo, editor):
    for query, times in (("uveitis", 3), ("flare diet", 5), ("handled", 9)):
        for _time in range(times):
            search_gaps.record(query, "en")
    search_gaps.record("last week", "en", today=this_week() - datetime.timedelta(days=1))
    search_gaps.mark(SearchGap.objects.filter(query="handled"), SearchGap.Status.NOT_RELEVANT, editor)
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()
    panel = " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", page.split('id="search-gaps"')[1].split("</section>")[0])).split()
    )

    assert "5 searches for “flare diet” (en)" in panel
    assert panel.index("flare diet") < panel.index("uveitis")
    assert "handled" not in panel.replace("not handled", "").replace("or was handled", "")
    assert "last week" not in panel
