"""
Purge on publish: whatever changes what the public reads purges exactly the
addresses showing it, in every language, from the frontend caches, after the
change commits; a cache that is down or slow never fails or delays the
editor, and what it could not purge is retried and shown on the dashboard.
"""

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from diseases import frontend_cache, workflow
from diseases.frontend_cache.backends import CloudflareBackend, HTTPPurgeBackend
from diseases.models import PatientAdvice, PendingPurge, SymptomGroup

from .factories import make_disease, make_shared_group

SITE = "https://aiarthritis.example.org"


def page_addresses(slug):
    return {
        f"{SITE}/{language}/diseases/{slug}/{page}"
        for language in ("en", "es", "fr")
        for page in ("", "advice/", "advice/thanks/")
    }


LISTS = {f"{SITE}/sitemap.xml"} | {
    f"{SITE}/{language}/{page}" for language in ("en", "es", "fr") for page in ("", "diseases/", "symptoms/")
}


def recorded_addresses():
    """Every address the recorded purges stand for."""
    return {url for purge in PendingPurge.objects.all() for url in frontend_cache.urls_of(purge)}


class FakeServer:
    """An HTTP server on loopback that records each request and answers as told (a proxy, or Cloudflare's API)."""

    def __init__(self, answer):
        self.requests = []
        self.answer = answer  # (request) -> (status, body bytes)
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one_request(self):
                super().handle_one_request()

            def respond(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = {
                    "method": self.command,
                    "path": self.path,
                    "host": self.headers["Host"],
                    "authorization": self.headers.get("Authorization"),
                    "body": self.rfile.read(length) if length else b"",
                }
                recorder.requests.append(request)
                status, body = recorder.answer(request)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_PURGE = do_BAN = do_POST = respond

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def purged(self):
        return {f"https://{request['host']}{request['path']}" for request in self.requests}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(settings):
    """A proxy that purges whatever it is asked to; the app purges it."""
    server = FakeServer(lambda request: (200, b"Purged"))
    settings.FRONTEND_CACHE = {
        "proxy": {"BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": server.url, "TIMEOUT": 2}
    }
    settings.FRONTEND_CACHE_MAX_AGE = 86400
    settings.SITE_URL = SITE
    yield server
    server.close()


@pytest.fixture
def purges_in_this_thread(monkeypatch):
    """Send purges in the test's own thread (and transaction), not the app process's background thread."""
    monkeypatch.setattr(frontend_cache, "send_soon", frontend_cache.send_pending)


@pytest.fixture
def published(editor, proxy, purges_in_this_thread, django_capture_on_commit_callbacks):
    disease = make_disease(editor)
    with django_capture_on_commit_callbacks(execute=True):
        disease.publish_provisionally(editor)
    proxy.requests.clear()
    return disease


@pytest.mark.django_db
def test_an_approval_purges_its_pages_in_every_language_and_the_lists_of_pages(
    published, proxy, editor, reviewer, django_capture_on_commit_callbacks
):
    workflow.submit_for_review(published, editor)
    assert proxy.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)

    assert proxy.purged() == page_addresses("sjia") | LISTS
    assert {request["method"] for request in proxy.requests} == {"PURGE"}
    assert len(proxy.requests) == len(page_addresses("sjia") | LISTS)  # each once
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_nothing_is_purged_before_the_commit_nor_after_a_rollback(published, proxy, editor, reviewer):
    from django.db import transaction

    workflow.submit_for_review(published, editor)
    with pytest.raises(RuntimeError), transaction.atomic():
        published.approve(reviewer)
        assert recorded_addresses() == page_addresses("sjia") | LISTS
        raise RuntimeError("the approval's transaction fails")

    assert proxy.requests == []
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_a_moderation_decision_purges_the_page_it_shows_on(
    published, proxy, editor, django_capture_on_commit_callbacks
):
    advice = PatientAdvice.objects.create(
        disease=published, text="Keep a symptom diary.", role="patient", language="es", consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        advice.approve(editor)

    assert page_addresses("sjia") <= proxy.purged()


@pytest.mark.django_db
def test_advice_sent_in_purges_nothing_until_it_is_published_and_again_when_withdrawn(
    published, proxy, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        advice = PatientAdvice.objects.create(
            disease=published, text="Keep a symptom diary.", role="patient", language="en", consent=True
        )
    assert proxy.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        advice.approve(editor)
    proxy.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        advice.reject(editor, PatientAdvice.RejectionReason.choices[0][0])

    assert page_addresses("sjia") <= proxy.purged()


@pytest.mark.django_db
def test_a_deleted_page_is_purged(published, proxy, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.delete(published, editor)

    assert proxy.purged() == page_addresses("sjia") | LISTS


@pytest.mark.django_db
def test_a_new_address_purges_the_old_one_too(published, proxy, editor, django_capture_on_commit_callbacks):
    """Visitors of the old address get what the app answers there now, not the page a proxy keeps for a day."""
    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        published.slug = "juvenile-arthritis"
        published.save()

    assert proxy.purged() == page_addresses("sjia") | page_addresses("juvenile-arthritis") | LISTS


@pytest.mark.django_db
def test_a_shared_group_change_purges_every_page_awaiting_review_that_shows_it_and_no_other(
    editor, reviewer, proxy, purges_in_this_thread, django_capture_on_commit_callbacks
):
    make_shared_group(editor)
    pages = [make_disease(editor, slug=slug, name=slug.upper(), abbreviation=slug.upper()) for slug in ("a", "b")]
    reviewed = make_disease(editor, slug="reviewed", name="Reviewed", abbreviation="R")
    with django_capture_on_commit_callbacks(execute=True):
        for page in pages:
            page.publish_provisionally(editor)
        reviewed.submit_for_review(editor)
        reviewed.approve(reviewer)
    proxy.requests.clear()
    group = pages[0].symptom_groups.model.objects.shared().get()

    with django_capture_on_commit_callbacks(execute=True), workflow.editing(editor):
        group.title_en = "Common to every disease"
        group.save()

    # The reviewed page shows its reviewed publication until the change is reviewed: it is not purged.
    assert proxy.purged() == page_addresses("a") | page_addresses("b") | LISTS
    assert len(proxy.requests) == len(proxy.purged())


def publish_pages(editor, count, django_capture_on_commit_callbacks):
    """`count` pages awaiting review with the shared group on them, published (and purged); their slugs."""
    make_shared_group(editor)
    slugs = [f"page-{number}" for number in range(count)]
    with django_capture_on_commit_callbacks(execute=True):
        for slug in slugs:
            make_disease(editor, slug=slug, name=slug.upper(), abbreviation=slug.upper()).publish_provisionally(editor)
    return slugs


def save_shared_group(editor):
    group = SymptomGroup.objects.shared().get()
    with workflow.editing(editor):
        group.title_en = "Common to every disease"
        group.save()


@pytest.mark.django_db
def test_a_shared_group_save_records_one_purge_for_all_its_pages_and_sends_every_address_of_each(
    editor, proxy, purges_in_this_thread, django_capture_on_commit_callbacks
):
    slugs = publish_pages(editor, 12, django_capture_on_commit_callbacks)
    proxy.requests.clear()

    with django_capture_on_commit_callbacks() as after_commit:
        save_shared_group(editor)

    # Committed: one row stands for the 12 pages’ 118 addresses, however many pages there are.
    assert PendingPurge.objects.count() == 1
    assert proxy.requests == []
    for callback in after_commit:
        callback()
    every_page = set().union(*(page_addresses(slug) for slug in slugs))
    assert proxy.purged() == every_page | LISTS
    assert len(proxy.requests) == len(every_page | LISTS)  # each once
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_a_purge_of_many_pages_left_by_a_crash_after_the_commit_is_finished_by_the_cron_job_address_by_address(
    editor, proxy, purges_in_this_thread, admin_client, django_capture_on_commit_callbacks
):
    slugs = publish_pages(editor, 4, django_capture_on_commit_callbacks)
    proxy.requests.clear()
    # The app process dies between the commit and the purge: nothing is sent.
    with django_capture_on_commit_callbacks(execute=False):
        save_shared_group(editor)
    recorded_at = PendingPurge.objects.get().recorded_at
    # The proxy refuses one page's addresses.
    proxy.answer = lambda request: (503, b"") if "/page-1/" in request["path"] else (200, b"Purged")

    with pytest.raises(CommandError, match="37 addresses purged, 9 still failing"):
        call_command("purge_frontend_cache")

    refused = page_addresses("page-1")
    assert proxy.purged() == set().union(*(page_addresses(slug) for slug in slugs)) | LISTS
    # What failed is kept address by address, since the save, and counted on the dashboard.
    assert set(PendingPurge.objects.values_list("url", "attempts", "recorded_at")) == {
        (url, 1, recorded_at) for url in refused
    }
    assert (
        "9 pages could not be purged from the proxy since" in admin_client.get(reverse("admin:index")).content.decode()
    )
    proxy.answer = lambda request: (200, b"Purged")
    proxy.requests.clear()
    call_command("purge_frontend_cache", stdout=io.StringIO())

    assert proxy.purged() == refused
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_purges_a_proxy_refuses_are_kept_shown_on_the_dashboard_and_retried(
    published, proxy, editor, reviewer, admin_client, django_capture_on_commit_callbacks, caplog
):
    proxy.answer = lambda request: (503, b"Down for maintenance")
    workflow.submit_for_review(published, editor)
    with django_capture_on_commit_callbacks(execute=True):
        published.approve(reviewer)

    failed = PendingPurge.objects.filter(url=f"{SITE}/en/diseases/sjia/").get()
    assert (failed.attempts, failed.last_error) == (1, "proxy: PURGE answered 503 Service Unavailable")
    assert "could not be purged from the frontend cache" in caplog.text
    count = len(page_addresses("sjia") | LISTS)
    board = admin_client.get(reverse("admin:index")).content.decode()
    assert f"{count} pages could not be purged from the proxy since" in board
    with pytest.raises(CommandError, match=f"0 addresses purged, {count} still failing"):
        call_command("purge_frontend_cache")
    assert PendingPurge.objects.get(pk=failed.pk).attempts == 2

    proxy.answer = lambda request: (200, b"Purged")
    proxy.requests.clear()
    call_command("purge_frontend_cache")

    assert proxy.purged() == page_addresses("sjia") | LISTS
    assert not PendingPurge.objects.exists()
    assert "could not be purged" not in admin_client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_the_next_publication_retries_what_failed_before(
    published, proxy, editor, reviewer, django_capture_on_commit_callbacks
):
    proxy.answer = lambda request: (503, b"")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.delete(published, editor)
    assert PendingPurge.objects.filter(attempts=1).exists()
    proxy.answer = lambda request: (200, b"Purged")
    proxy.requests.clear()
    other = make_disease(editor, slug="other", name="Other", abbreviation="O")

    with django_capture_on_commit_callbacks(execute=True):
        other.publish_provisionally(editor)

    assert proxy.purged() == page_addresses("sjia") | page_addresses("other") | LISTS
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_slow_proxy_delays_no_approval(editor, reviewer, settings):
    """The purge waits for the proxy in the app process's own thread, after the approval has answered."""
    slow = FakeServer(lambda request: (time.sleep(1.5), (200, b"Purged"))[1])
    settings.FRONTEND_CACHE = {
        "proxy": {"BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": slow.url, "TIMEOUT": 0.5}
    }
    page = make_disease(editor)
    page.publish_provisionally(editor)
    frontend_cache.sender.wait()
    page.submit_for_review(editor)

    started = time.monotonic()
    page.approve(reviewer)
    assert time.monotonic() - started < 1

    frontend_cache.sender.wait()
    slow.close()
    assert "timed out" in PendingPurge.objects.first().last_error


@pytest.mark.django_db
def test_pages_that_are_purged_tell_the_proxy_to_keep_them_a_day_and_search_results_do_not(published, client):
    page = client.get(reverse("diseases:detail", kwargs={"slug": "sjia"}))
    results = client.get(reverse("diseases:search"), {"q": "fever"})

    assert page["Surrogate-Control"] == "max-age=86400"
    assert "Surrogate-Control" not in results


def test_the_varnish_backend_sends_each_address_to_the_proxy_with_its_own_host():
    proxy = FakeServer(lambda request: (200, b"") if "sjia" in request["path"] else (404, b""))
    backend = HTTPPurgeBackend({"LOCATION": proxy.url, "METHOD": "BAN"})

    failures = backend.purge([f"{SITE}/en/diseases/sjia/", "https://other.example.org/en/?letter=C"])
    proxy.close()

    assert [(r["method"], r["host"], r["path"]) for r in proxy.requests] == [
        ("BAN", "aiarthritis.example.org", "/en/diseases/sjia/"),
        ("BAN", "other.example.org", "/en/?letter=C"),
    ]
    assert failures == {"https://other.example.org/en/?letter=C": "BAN answered 404 Not Found"}


def test_the_cloudflare_backend_purges_by_address_thirty_at_a_time():
    refused = f"{SITE}/fr/diseases/31/"

    def api(request):
        files = json.loads(request["body"])["files"]
        if refused in files:
            return 200, json.dumps({"success": False, "errors": [{"code": 1134, "message": "Not allowed"}]}).encode()
        return 200, json.dumps({"success": True, "errors": [], "result": {"id": "zone"}}).encode()

    cloudflare = FakeServer(api)
    backend = CloudflareBackend({"ZONEID": "zone-1", "BEARER_TOKEN": "token-1", "API_URL": cloudflare.url})
    urls = [f"{SITE}/fr/diseases/{number}/" for number in range(40)]

    failures = backend.purge(urls)
    cloudflare.close()

    assert [(r["method"], r["path"], r["authorization"]) for r in cloudflare.requests] == [
        ("POST", "/zones/zone-1/purge_cache", "Bearer token-1")
    ] * 2
    assert [json.loads(r["body"])["files"] for r in cloudflare.requests] == [urls[:30], urls[30:]]
    assert set(failures) == set(urls[30:])
    assert "Not allowed" in failures[refused]


def test_an_unreachable_cloudflare_api_is_a_failure_not_an_error():
    backend = CloudflareBackend({"ZONEID": "z", "BEARER_TOKEN": "t", "API_URL": "http://127.0.0.1:9", "TIMEOUT": 1})

    failures = backend.purge([f"{SITE}/en/"])

    assert failures[f"{SITE}/en/"].startswith("Cloudflare could not be reached")


@pytest.fixture
def cloudflare(settings):
    """Cloudflare's API, faked, as the only frontend cache; it refuses any file in `refused`."""
    refused = set()

    def api(request):
        if refused & set(json.loads(request["body"])["files"]):
            return 200, json.dumps({"success": False, "errors": [{"code": 1134, "message": "Not allowed"}]}).encode()
        return 200, json.dumps({"success": True, "errors": []}).encode()

    server = FakeServer(api)
    server.refused = refused
    settings.FRONTEND_CACHE = {
        "cloudflare": {
            "BACKEND": "diseases.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone-1",
            "BEARER_TOKEN": "token-1",
            "API_URL": server.url,
        }
    }
    settings.SITE_URL = SITE
    yield server
    server.close()


def files_sent(server):
    return {file for request in server.requests for file in json.loads(request["body"])["files"]}


@pytest.mark.django_db
def test_cloudflare_is_sent_each_letter_and_page_of_the_lists_the_site_links_to(
    cloudflare, editor, reviewer, purges_in_this_thread, django_capture_on_commit_callbacks
):
    disease = make_disease(editor)
    for number in range(21):
        PatientAdvice.objects.create(
            disease=disease, text=f"Tip {number}.", role="patient", language="en", consent=True, status="approved"
        )
    with django_capture_on_commit_callbacks(execute=True):
        disease.publish_provisionally(editor)

    sent = files_sent(cloudflare)

    assert page_addresses("sjia") | LISTS <= sent
    for language in ("en", "es", "fr"):
        # The A–Z list: its pages, each initial (the page's and every other from A to Z) and their pages.
        assert {f"{SITE}/{language}/diseases/?page=1", f"{SITE}/{language}/diseases/?page=2"} <= sent
        assert {f"{SITE}/{language}/diseases/?letter={initial}" for initial in "ABSZ"} <= sent
        assert f"{SITE}/{language}/diseases/?letter=S&page=2" in sent
        assert f"{SITE}/{language}/symptoms/?letter=D" in sent  # “Daily spiking fever”
        # 21 pieces of advice: a second page, and the first as its “Newer” link names it.
        assert {f"{SITE}/{language}/diseases/sjia/advice/?page={page}" for page in (1, 2)} <= sent
        assert f"{SITE}/{language}/diseases/sjia/advice/?page=3" not in sent
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_a_letter_cloudflare_refuses_keeps_its_list_to_purge_again(
    cloudflare, editor, purges_in_this_thread, django_capture_on_commit_callbacks
):
    cloudflare.refused.add(f"{SITE}/fr/diseases/?letter=S")
    disease = make_disease(editor)
    with django_capture_on_commit_callbacks(execute=True):
        disease.publish_provisionally(editor)

    assert set(PendingPurge.objects.values_list("url", flat=True)) >= {f"{SITE}/fr/diseases/"}
    cloudflare.refused.clear()
    cloudflare.requests.clear()

    call_command("purge_frontend_cache", stdout=io.StringIO())

    assert f"{SITE}/fr/diseases/?letter=S" in files_sent(cloudflare)
    assert not PendingPurge.objects.exists()
