"""
A model of the page cache, checked with Hypothesis's stateful testing:
random sequences of visitor requests and of changes to what the public
reads, spread over two app servers that share one cache (each with its own
middleware and with it its own copies of pages, as two processes have).

The model is simple: after every step, whatever either server answers is
what a fresh render of the same request answers with the page cache off
(same status, headers and bytes), every ETag is the hash of the bytes it
stands for, and a 304 comes only for a public page whose current ETag
(or `*`) the visitor sent. A HEAD has the GET's headers and no body.

It runs on the test cache (in-process) and on Redis, under a key prefix of
its own. CACHE_MODEL_EXAMPLES (default 15) and CACHE_MODEL_STEPS (default
30) set how many sequences run and how long each is; `CACHE_MODEL_EXAMPLES=500`
is a thorough run.
"""

import os
import uuid
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils.http import parse_etags
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from diseases import moderation, versioning, workflow
from diseases.models import Disease, PatientAdvice, RelatedCondition, SharedSymptomGroup, SymptomGroup
from diseases.page_cache import etag_for

from .factories import approved_by, make_disease, make_reference, make_shared_group

pytestmark = pytest.mark.django_db

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
LANGUAGES = ("en", "es", "fr")
# The pages each example starts with: one published awaiting review, one medically approved.
PAGES = ("sjia", "aosd")
SLUGS = (*PAGES, "sjia-renamed", "aosd-renamed")
# Addresses visitors ask for, in the visitor's language where the site has one.
ADDRESSES = {
    "home": "/{language}/",
    "a-z": "/{language}/diseases/",
    "search": "/{language}/search/",
    "search for fever": "/{language}/search/?q=fever",
    "page": "/{language}/diseases/{slug}/",
    "page advice": "/{language}/diseases/{slug}/advice/",
    "advice thanks": "/{language}/diseases/{slug}/advice/thanks/",
    "missing page": "/{language}/diseases/no-such-page/",
    "symptoms": "/{language}/symptoms/",
    # A page's own symptom once an edit wrote it (see `edit_page`) and it was published.
    "a symptom": "/{language}/symptoms/symptom-one-{language}/",
    "page without language": "/diseases/{slug}/",
    "root": "/",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
}
COOKIES = {
    "none": {},
    "language": {"django_language": "fr"},
    "visitor": {"csrftoken": "a" * 32, "django_language": "es", "_ga": "GA1.2.3", "consent": "yes"},
    # Not a signed-in session, but a session cookie: such a visitor is never served from the cache.
    "session": {"sessionid": "not-a-session"},
}
# Headers that only the page cache adds.
CACHE_HEADERS = {"ETag", "X-Page-Cache"}
# Headers a 304 repeats from the page it stands for.
NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Content-Language", "Vary")
WORKFLOW_REFUSALS = (workflow.TransitionNotAllowed, workflow.StaleCandidate, PermissionDenied, ValidationError)

# What the runs did, reported at the end of the session (tests/conftest.py).
counts = {"examples": 0, "steps": 0, "requests": 0, "hits": 0, "not_modified": 0, "changes": 0, "refused": 0}


def cache_model_settings():
    return settings(
        max_examples=int(os.environ.get("CACHE_MODEL_EXAMPLES", "15")),
        stateful_step_count=int(os.environ.get("CACHE_MODEL_STEPS", "30")),
        deadline=None,
        database=None,
        # One database and cache per test, emptied by each example.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def empty_cache():
    """Every key of the shared cache: only this test's own on Redis (its key prefix), never a flush."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


def request_headers(accept_language, if_none_match):
    headers = {}
    if accept_language:
        headers["HTTP_ACCEPT_LANGUAGE"] = accept_language
    if if_none_match is not None:
        headers["HTTP_IF_NONE_MATCH"] = if_none_match
    return headers


def send(client, method, url, cookies, headers):
    """A request with exactly these cookies (a test client otherwise keeps what earlier responses set)."""
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client.generic(method, url, **headers)


def comparable_headers(response):
    return {name: value for name, value in response.items() if name not in CACHE_HEADERS}


def cookies_set(response):
    return sorted((name, morsel["max-age"]) for name, morsel in response.cookies.items())


def matches(if_none_match, etag):
    """Whether `If-None-Match` names `etag`, weakly compared as RFC 9110 asks for GET and HEAD, or is `*`."""
    if if_none_match.strip() == "*":
        return True
    return etag in [tag.removeprefix("W/") for tag in parse_etags(if_none_match)]


@dataclass(frozen=True)
class Visit:
    """One request to one of the two servers."""

    server: int
    address: str
    language: str
    slug: str
    cookies: str
    accept_language: str
    condition: str  # what If-None-Match holds
    seen: int  # which ETag seen earlier it names (counted back from the latest)
    method: str


VISITS = st.builds(
    Visit,
    server=st.sampled_from((0, 1)),
    address=st.sampled_from(sorted(ADDRESSES)),
    language=st.sampled_from(LANGUAGES),
    slug=st.sampled_from(SLUGS),
    cookies=st.sampled_from(sorted(COOKIES)),
    accept_language=st.sampled_from(("", *LANGUAGES)),
    condition=st.sampled_from(("none", "*", "seen", "weak seen", "list")),
    seen=st.integers(min_value=0, max_value=20),
    method=st.sampled_from(("GET", "GET", "HEAD")),
)
# Each change is followed by requests: a step's outcome is seen at once, on either server.
THEN = st.lists(VISITS, min_size=1, max_size=3)


class PageCacheModel(RuleBasedStateMachine):
    def __init__(self, users):
        super().__init__()
        self.editor, self.reviewer = users
        # Each example starts from the same content and an empty cache, and leaves nothing behind.
        self.example = transaction.atomic()
        self.example.__enter__()
        empty_cache()
        with committed():
            self.reference = make_reference(self.editor)
            self.group = make_shared_group(self.editor, reference=self.reference)
            awaiting = make_disease(self.editor, slug="sjia")
            workflow.publish_provisionally(awaiting, self.editor)
            approved = make_disease(self.editor, slug="aosd", name="Adult-Onset Still's Disease", abbreviation="AOSD")
            approved_by(approved, self.editor, self.reviewer)
        self.page_ids = {"sjia": awaiting.pk, "aosd": approved.pk}
        # Two app servers: each test client builds its own middleware, and with it its own copies of pages.
        self.servers = (Client(), Client())
        self.fresh = Client()
        self.seen_etags = ['"not-a-tag-of-this-site"']
        counts["examples"] += 1

    def teardown(self):
        transaction.set_rollback(True)
        self.example.__exit__(None, None, None)

    # Visitors

    @rule(visits=st.lists(VISITS, min_size=1, max_size=6))
    def visit(self, visits):
        self.serve(visits)

    def serve(self, visits):
        for visit in visits:
            self.serve_one(visit)

    def serve_one(self, visit):
        url = ADDRESSES[visit.address].format(language=visit.language, slug=visit.slug)
        tag = self.seen_etags[-1 - visit.seen % len(self.seen_etags)]
        if_none_match = {
            "none": None,
            "*": "*",
            "seen": tag,
            "weak seen": f"W/{tag}",
            "list": f'"other", {tag}',
        }[visit.condition]
        cookies = COOKIES[visit.cookies]
        headers = request_headers(visit.accept_language, if_none_match)
        served = send(self.servers[visit.server], visit.method, url, cookies, headers)
        with override_settings(PUBLIC_PAGE_CACHE=False):
            # The page as the public should read it now, always as a GET: a HEAD is the GET without its body.
            fresh = send(self.fresh, "GET", url, cookies, request_headers(visit.accept_language, None))
        self.check(served, fresh, visit.method, url, cookies, if_none_match)
        if "ETag" in served:
            self.seen_etags.append(served["ETag"])
        counts["requests"] += 1
        counts["hits"] += served.get("X-Page-Cache") == "hit"

    def check(self, served, fresh, method, url, cookies, if_none_match):
        context = f"{method} {url} cookies={sorted(cookies)} If-None-Match={if_none_match!r}"
        public = (
            fresh.status_code == 200
            and "public" in fresh.get("Cache-Control", "")
            and "?" not in url
            and "sessionid" not in cookies
        )
        etag = etag_for(fresh.content)
        if public and if_none_match is not None and matches(if_none_match, etag):
            counts["not_modified"] += 1
            assert served.status_code == 304, context
            assert served.content == b"", context
            for name in NOT_MODIFIED_HEADERS:
                expected = etag if name == "ETag" else fresh.get(name)
                assert served.get(name) == expected, (context, name)
            return
        assert served.status_code == fresh.status_code, context
        assert served.content == (b"" if method == "HEAD" else fresh.content), context
        assert comparable_headers(served) == comparable_headers(fresh), context
        assert cookies_set(served) == cookies_set(fresh), context
        if public:
            assert served["ETag"] == etag, context
        elif "ETag" in served:
            assert served["ETag"] == etag_for(served.content), context

    # Editors, reviewers and moderators

    def page(self, name):
        return Disease.objects.get(pk=self.page_ids[name])

    @rule(
        name=st.sampled_from(PAGES),
        language=st.sampled_from(LANGUAGES),
        text=st.sampled_from(("one", "two")),
        then=THEN,
    )
    def edit_page(self, name, language, text, then):
        page = self.page(name)
        with committed(), workflow.editing(self.editor):
            setattr(page, f"definition_{language}", f"{name} defined, version {text} ({language}).")
            page.save()
            symptom = SymptomGroup.objects.filter(disease=page).get().symptoms.get()
            setattr(symptom, f"text_{language}", f"Symptom {text} ({language})")
            symptom.save()
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), linked=st.booleans(), then=THEN)
    def link_related_condition(self, name, linked, then):
        """The page links to the other one as a related condition, or stops linking to it."""
        page = self.page(name)
        other = self.page(next(other for other in PAGES if other != name))
        with committed(), workflow.editing(self.editor):
            existing = RelatedCondition.objects.filter(disease=page, target=other)
            if linked and not existing.exists():
                RelatedCondition.objects.create(disease=page, target=other)
            elif not linked:
                for link in existing:
                    link.delete()
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), renamed=st.booleans(), then=THEN)
    def change_address(self, name, renamed, then):
        page = self.page(name)
        with committed(), workflow.editing(self.editor):
            page.slug = f"{name}-renamed" if renamed else name
            page.save()
        self.serve(then)

    @rule(language=st.sampled_from(LANGUAGES), text=st.sampled_from(("one", "two")), then=THEN)
    def edit_shared_content(self, language, text, then):
        with committed(), workflow.editing(self.editor):
            group = SymptomGroup.objects.shared().filter(pk=self.group.pk).first()
            if group is not None:
                setattr(group, f"title_{language}", f"Common symptoms {text} ({language})")
                group.save()
            reference = self.reference
            reference.refresh_from_db()
            setattr(reference, f"title_{language}", f"A study, edition {text} ({language})")
            reference.save()
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def submit(self, name, then):
        self.transition(workflow.submit_for_review, name, self.editor)
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), languages=st.sampled_from((None, ["en"], ["en", "es"])), then=THEN)
    def approve(self, name, languages, then):
        self.transition(workflow.approve, name, self.reviewer, languages=languages)
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def request_changes(self, name, then):
        self.transition(workflow.request_changes, name, self.reviewer, comment="Check the dosage.")
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def publish_provisionally(self, name, then):
        self.transition(workflow.publish_provisionally, name, self.editor)
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def delete_page(self, name, then):
        self.transition(workflow.delete, name, self.editor)
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def recover_page(self, name, then):
        self.transition(workflow.recover, name, self.editor)
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), then=THEN)
    def revert_page(self, name, then):
        page = self.page(name)
        first = versioning.versions(page).order_by("pk").first()
        self.attempt(lambda: workflow.revert(page, first, self.editor, workflow.last_edit(page)))
        self.serve(then)

    @rule(then=THEN)
    def delete_shared_group(self, then):
        group = SymptomGroup.objects.shared().filter(pk=self.group.pk).first()
        if group is not None:
            with committed(), workflow.editing(self.editor):
                group.delete()
        self.serve(then)

    @rule(then=THEN)
    def recover_shared_group(self, then):
        version = versioning.deleted_versions(SharedSymptomGroup).filter(object_id=str(self.group.pk)).first()
        if version is not None:
            self.attempt(lambda: workflow.recover_deleted(SharedSymptomGroup, version, self.editor))
        self.serve(then)

    @rule(name=st.sampled_from(PAGES), language=st.sampled_from(LANGUAGES), consent=st.booleans(), then=THEN)
    def advice_sent(self, name, language, consent, then):
        with committed():
            PatientAdvice.objects.create(
                disease_id=self.page_ids[name],
                text=f"Advice number {PatientAdvice.objects.count() + 1}, in {language}.",
                display_name="Sam",
                email="sam@example.org",
                role="patient",
                language=language,
                consent=consent,
            )
        self.serve(then)

    @rule(decision=st.sampled_from(("approve", "reject", "erase", "delete")), which=st.integers(0, 5), then=THEN)
    def moderate(self, decision, which, then):
        advice = list(PatientAdvice.objects.order_by("pk"))
        if advice:
            item = advice[which % len(advice)]
            actions = {
                "approve": lambda: item.approve(self.editor),
                "reject": lambda: item.reject(self.editor, PatientAdvice.RejectionReason.OFF_TOPIC),
                "erase": lambda: moderation.erase_personal_data(item, self.editor),
                "delete": item.delete,
            }
            self.attempt(actions[decision])
        self.serve(then)

    def transition(self, action, name, user, **kwargs):
        self.attempt(lambda: action(self.page(name), user, **kwargs))

    def attempt(self, change):
        """Make a change as the admin would; one the workflow refuses changes nothing."""
        try:
            with committed():
                change()
        except WORKFLOW_REFUSALS:
            counts["refused"] += 1
        else:
            counts["changes"] += 1

    @invariant()
    def count_step(self):
        counts["steps"] += 1


def committed():
    """
    A change that commits: the on-commit work (the page cache's new
    generation) runs at the end of the block, as after a real commit; the
    example's own savepoint is rolled back later.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture(params=["in-process", "redis"])
def shared_cache(request, settings):
    """The cache both servers share: the test cache, or Redis under a key prefix of this test's own."""
    settings.PUBLIC_PAGE_CACHE = True
    if request.param == "in-process":
        yield request.param
        return
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": f"test-cache-model-{uuid.uuid4().hex}",
        },
    }
    yield request.param
    cache.delete_pattern("*")


def test_both_servers_always_serve_what_a_fresh_render_serves(shared_cache, editor, reviewer):
    run_state_machine_as_test(lambda: PageCacheModel((editor, reviewer)), settings=cache_model_settings())
