"""
A shared symptom group is on every page: saving it republishes every page
awaiting review and drafts every approved one, in a number of queries that
does not grow with the number of pages. When it republishes many pages,
their search entries are rebuilt right after the commit, in batches; what
fails stays recorded and the cron job finishes it.
"""

import datetime
import gc
import html
import io
import weakref

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diseases import documents, frontend_cache, parts, search, translation_status, workflow
from diseases.models import Disease, PendingPurge, PendingReindex, Publication, SharedSymptomGroup, SymptomGroup
from diseases.workflow import snapshots

from .factories import approved_by, make_disease, make_shared_group
from .forms import form_data

SITE = "https://aiarthritis.example.org"


@pytest.fixture
def purging(settings):
    """A proxy to purge (nothing is sent: the test's transaction never commits)."""
    settings.FRONTEND_CACHE = {
        "proxy": {"BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": "http://127.0.0.1:9"}
    }
    settings.SITE_URL = SITE


@pytest.fixture
def shared(editor):
    return SharedSymptomGroup.objects.get(pk=make_shared_group(editor, symptoms=("Severe fatigue",)).pk)


def add_pages(editor, reviewer, count, start=0):
    """`count` pages awaiting review, published provisionally, and one approved page."""
    for number in range(start, start + count):
        page = make_disease(editor, slug=f"page-{number}", name=f"Disease {number}", abbreviation=f"D{number}")
        page.publish_provisionally(editor)
    approved_by(
        make_disease(editor, slug=f"reviewed-{start}", name="Reviewed", abbreviation=f"R{start}"), editor, reviewer
    )


def save_shared_symptom(client, shared, text):
    """An editor changes the shared group's first symptom in the admin; the queries of that request."""
    url = reverse("admin:diseases_sharedsymptomgroup_change", args=[shared.pk])
    data = form_data(client.get(url).content, "sharedsymptomgroup_form")
    data["symptoms-0-text_en"] = text
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


def pages_found(client, query):
    """How many pages the public search finds for `query`, as its page says."""
    response = client.get("/en/search/", {"q": query})
    return search.search(query, "en").count, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("indexed_at_once", [True, False], ids=["indexed-in-the-save", "indexed-after-commit"])
def test_a_shared_group_save_takes_as_many_queries_for_fifty_pages_as_for_five(
    client, editor, reviewer, shared, purging, monkeypatch, django_capture_on_commit_callbacks, indexed_at_once
):
    monkeypatch.setattr(search, "INDEX_IN_TRANSACTION", 1000 if indexed_at_once else 0)
    client.force_login(editor)
    counts = []
    for start, count, word in ((0, 5, "alpha"), (5, 45, "omega")):
        add_pages(editor, reviewer, count, start)
        with CaptureQueriesContext(connection) as with_callbacks, django_capture_on_commit_callbacks(execute=True):
            in_request = save_shared_symptom(client, shared, f"Weariness {word}")
        counts.append((in_request, len(with_callbacks)))

    assert counts[0] == counts[1]
    provisional = Disease.objects.filter(slug__startswith="page-").select_related("live")
    assert len(provisional) == 50
    for page in provisional:
        assert page.live.published_by == editor
        assert not page.live.is_reviewed
        symptom = page.live.content["documents"][page.live.fingerprint]["shared_groups"][0]["symptoms"][0]
        assert symptom["text"]["en"] == "Weariness omega"
    assert set(Disease.objects.filter(slug__startswith="reviewed-").values_list("status", flat=True)) == {"draft"}
    # Four-eyes: the edit is the editor's, on the shared group every page shows.
    assert workflow.editors_since({(SymptomGroup, shared.pk)}) == {editor.pk}
    recorded = {url for purge in PendingPurge.objects.all() for url in frontend_cache.urls_of(purge)}
    assert {
        f"{SITE}/{language}/diseases/page-{number}/" for language in ("en", "es", "fr") for number in range(50)
    } <= recorded
    client.logout()
    count, page = pages_found(client, "omega")
    assert count == 50
    assert "50 pages found" in page
    # Only the page approved with the first text keeps it, until a reviewer approves the second.
    assert pages_found(client, "alpha")[0] == 1
    assert not PendingReindex.objects.exists()


@pytest.mark.django_db
def test_each_page_a_shared_save_republishes_holds_exactly_what_a_fresh_build_of_it_gives(
    client, editor, reviewer, shared, purging
):
    add_pages(editor, reviewer, 3)
    # One page's translations now lag behind its English; texts with accents, quotes and backslashes.
    with workflow.editing(editor):
        page = Disease.objects.get(slug="page-1")
        page.definition_en = 'A "recurrent" fever — reworded \\ in English'
        page.save()
    client.force_login(editor)

    save_shared_symptom(client, shared, "Fatigue « sévère » \\ “weariness”")

    for page in Disease.objects.filter(slug__startswith="page-"):
        live = Publication.objects.get(pk=page.live_id)  # as stored
        fresh = documents.candidate(page)
        outdated = translation_status.outdated_languages(translation_status.page_rows(*documents.load(page)))
        assert live.fingerprint == documents.fingerprint(fresh)
        assert live.content == snapshots.provisional(fresh, documents.fingerprint(fresh), outdated)
    content = Disease.objects.get(slug="page-1").live.content
    shown = content["documents"][content["languages"]["es"]["document"]]
    assert content["languages"]["es"]["outdated"]
    assert shown["shared_groups"][0]["symptoms"][0]["text"]["en"] == "Fatigue « sévère » \\ “weariness”"


@pytest.mark.django_db
def test_the_rows_read_to_republish_pages_are_freed_without_waiting_for_the_cycle_collector(editor, reviewer):
    # Republishing pauses the cycle collector and resumes it within the edit's
    # transaction: rows kept alive in a reference cycle would all be walked and
    # freed by it there (some 15,000 for a thousand pages).
    add_pages(editor, reviewer, 2)
    children_of = documents.rows_below(Disease.objects.filter(slug__startswith="page-"))
    page = Disease.objects.get(slug="page-0")
    names = children_of(page, next(part for part in parts.PAGE.children if part.key == "names"))
    assert [name.name for name in names] == ["Disease 0"]
    read = weakref.ref(names[0])
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del children_of, names
        assert read() is None
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.django_db
def test_many_pages_are_reindexed_after_the_commit_and_searched_with_the_new_text(
    client, editor, reviewer, shared, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(search, "INDEX_IN_TRANSACTION", 2)
    monkeypatch.setattr(search, "REINDEX_BATCH_SIZE", 2)
    add_pages(editor, reviewer, 3)
    client.force_login(editor)

    with django_capture_on_commit_callbacks() as callbacks:
        save_shared_symptom(client, shared, "Weariness omega")

    # Committed: the pages are republished, their search entries are still to be rebuilt.
    assert PendingReindex.objects.count() == 3
    assert search.search("omega", "en").count == 0
    for callback in callbacks:
        callback()
    assert not PendingReindex.objects.exists()
    assert search.search("omega", "en").count == 3
    # The approved page shows the approved text until a reviewer approves the change.
    assert search.search("fatigue", "en").count == 1


@pytest.mark.django_db
def test_as_many_pages_as_may_be_indexed_in_the_edit_are_searchable_at_once(
    client, editor, reviewer, shared, monkeypatch
):
    monkeypatch.setattr(search, "INDEX_IN_TRANSACTION", 3)
    add_pages(editor, reviewer, 3)
    client.force_login(editor)

    save_shared_symptom(client, shared, "Weariness omega")

    assert not PendingReindex.objects.exists()
    assert search.search("omega", "en").count == 3


@pytest.mark.django_db
def test_the_dashboard_counts_a_page_recorded_twice_for_reindexing_once(editor, reviewer):
    add_pages(editor, reviewer, 1)
    page = Disease.objects.get(slug="page-0")
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    for minutes in (0, 1):
        PendingReindex.objects.create(disease=page)
        PendingReindex.objects.filter(recorded_at__gt=long_ago).update(
            recorded_at=long_ago + datetime.timedelta(minutes=minutes)
        )

    assert search.pending_reindexing() == (1, long_ago)


@pytest.mark.django_db
def test_a_reindexing_that_fails_after_the_commit_is_kept_and_finished_by_the_cron_job(
    client, editor, reviewer, shared, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    monkeypatch.setattr(search, "INDEX_IN_TRANSACTION", 2)
    add_pages(editor, reviewer, 3)
    client.force_login(editor)
    index_pages = search.index_pages

    def database_gone(diseases):
        raise ConnectionError("The database went away")

    monkeypatch.setattr(search, "index_pages", database_gone)
    with django_capture_on_commit_callbacks(execute=True):
        save_shared_symptom(client, shared, "Weariness omega")

    # The editor's save stands; the pages wait for their reindexing.
    assert "The database went away" in caplog.text
    assert Disease.objects.get(slug="page-0").live.content["documents"]
    assert PendingReindex.objects.count() == 3
    # Within the minute, when a pass after the commit may still be at work, the dashboard says nothing.
    notice = "Search has not caught up with 3 pages since"
    assert notice not in html.unescape(client.get(reverse("admin:index")).content.decode())
    # A minute on, the dashboard says so.
    PendingReindex.objects.update(recorded_at=timezone.now() - datetime.timedelta(minutes=2))
    assert notice in html.unescape(client.get(reverse("admin:index")).content.decode())
    monkeypatch.setattr(search, "index_pages", index_pages)
    monkeypatch.setattr(search, "REINDEX_BATCH_SIZE", 2)
    output = io.StringIO()
    call_command("reindex_search", stdout=output)
    assert output.getvalue().strip() == "3 pages reindexed."  # in two batches
    assert not PendingReindex.objects.exists()
    assert search.search("omega", "en").count == 3
    assert notice not in html.unescape(client.get(reverse("admin:index")).content.decode())
