"""
The public pages, cached whole for everyone who is not signed in.

A public page holds nothing per visitor (no form, no CSRF token; the
language is in the address), so one copy serves every visitor, whatever
cookies they send. `PublicPageCacheMiddleware` serves it before sessions,
CSRF and languages are looked at: no database query, no template.

Each copy records the generation of the public site it was rendered in. The
generation lives in the shared cache: whatever changes what the public reads
(a publication, a deleted page, a moderation decision) starts a new one once
its transaction commits, so every app server serves the change on the very
next request. Each app process also keeps the pages it served lately, with
their generation: a hit then costs one small read of the shared generation
(plain bytes; on Redis, read again only once Redis says it changed: see
tracked_versions), never the transfer of the page. Keys and generations depend on the request
and the settings only, never on what an earlier request left active in the
process (its language, its time zone).
"""

import functools
import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from . import languages
from .tracked_versions import changed, tracked_versions

GENERATION_PREFIX = "public-pages:generation"
# Pages of an old generation are never served again; this only lets the shared cache reclaim them.
PAGE_TIMEOUT = 60 * 60 * 24
PIECE_TIMEOUT = 60 * 60 * 24 * 7
# Settings whose change alters every page (its language links, its addresses,
# its policy, its headers); with the database it is read from, so that two
# sites sharing one Redis never serve each other's pages.
SHAPING_SETTINGS = (
    "LANGUAGES",
    "LANGUAGE_CODE",
    "STATIC_URL",
    "CONTENT_SECURITY_POLICY",
    "PUBLIC_PAGE_MAX_AGE",
    "PUBLIC_PAGE_SHARED_MAX_AGE",
    "FRONTEND_CACHE_MAX_AGE",
    "EMERGENCY_NUMBERS",
)
# Headers a 304 repeats from the page it stands for.
NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Content-Language", "Vary")


@functools.lru_cache(maxsize=4)
def _digest(database_name):
    database = settings.DATABASES["default"]
    shaping = {name: getattr(settings, name, None) for name in SHAPING_SETTINGS}
    # Language codes only: the languages' names are translated, and would
    # read differently in each language a request left active.
    shaping["LANGUAGES"] = languages.site_languages()
    shaping["database"] = [database["ENGINE"], database.get("HOST"), database.get("PORT"), str(database_name)]
    # JSON refuses lazy translations, which would make the digest depend on the active language.
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:12]


def site_digest():
    """What the settings that shape pages, and the database they are read from, are now."""
    return _digest(str(settings.DATABASES["default"]["NAME"]))


@receiver(setting_changed)
def _forget_digest(*, setting, **kwargs):
    if setting in (*SHAPING_SETTINGS, "DATABASES"):
        _digest.cache_clear()


def _generation_key():
    return f"{GENERATION_PREFIX}:{site_digest()}"


def public(view, *, purged):
    """
    Mark a view's successful responses as the same for every visitor: cached
    here and by shared caches. Pages `purged` on publication (see
    frontend_cache) tell the reverse proxy to keep them longer
    (`Surrogate-Control`, which the proxy removes), when one purges them.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.public_page = True
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_PAGE_MAX_AGE,
                s_maxage=settings.PUBLIC_PAGE_SHARED_MAX_AGE,
            )
            if purged and settings.FRONTEND_CACHE_MAX_AGE:
                response["Surrogate-Control"] = f"max-age={settings.FRONTEND_CACHE_MAX_AGE}"
        return response

    return wrapped


class LeastRecentlyUsed:
    """
    What one app process used lately, within `max_size` as `size_of`
    measures its values: the least recently used goes first.
    """

    def __init__(self, max_size, size_of):
        self.max_size = max_size
        self.size_of = size_of
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        if self.size_of(value) > self.max_size:
            return
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= self.size_of(previous)
            self.entries[key] = value
            self.size += self.size_of(value)
            while self.size > self.max_size:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= self.size_of(dropped)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


# Some thousand pages in one language or another (15,000 characters each), half the size of its copies of pages;
# a piece is text or a list, measured in characters or items. A piece never changes once made, so a copy is never stale.
local_pieces = LeastRecentlyUsed(16 * 1024 * 1024, len)


def remembered(key, render):
    """
    `render()`, kept in the shared cache under `key` (a tuple): for pieces of
    pages that never change once made, such as a publication rendered in one
    language. The settings that shape pages are part of the key; pieces of
    replaced publications simply expire. Each app process keeps a copy of
    the pieces it used lately: a page missing from the page cache (after any
    publication) then costs no transfer of them. Nothing is kept while the
    page cache is off.
    """
    if not settings.PUBLIC_PAGE_CACHE:
        return render()
    full_key = "page-piece:" + hashlib.sha256(repr((site_digest(), *key)).encode()).hexdigest()
    value = local_pieces.get(full_key)
    if value is not None:
        return value
    value = cache.get(full_key)
    if value is None:
        value = render()
        cache.set(full_key, value, PIECE_TIMEOUT)
    local_pieces.put(full_key, value)
    return value


def _redis(write):
    """
    The Redis client under the shared cache when it is django-redis, else
    None: a version, read on every cache hit, is kept there as plain bytes,
    neither pickled nor wrapped by the cache API.
    """
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=write) if get_client is not None else None


def shared_version(key):
    """
    The version, under `key` in the shared cache, of something each app
    process keeps its own copy of: a copy of another version is stale.
    """
    redis = _redis(write=False)
    if redis is None:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
        return version
    full_key = cache.make_key(key)
    version = tracked_versions(redis).get(full_key)
    if version is None:
        writer = _redis(write=True)
        writer.set(full_key, uuid.uuid4().hex, nx=True)
        version = writer.get(full_key)
    # One to one for any bytes, a version an earlier release stored pickled included.
    return version.decode("latin-1")


def new_version(key):
    """Make every copy of what `key` versions stale, on every app server."""
    redis = _redis(write=True)
    if redis is None:
        cache.set(key, uuid.uuid4().hex, None)
    else:
        changed(redis, cache.make_key(key), uuid.uuid4().hex)


def current_generation():
    return shared_version(_generation_key())


def invalidate():
    """What the public reads changes when the current transaction commits: start a new generation then."""
    transaction.on_commit(lambda: new_version(_generation_key()))


def page_key(request):
    """The page's address as every app server names it (raises DisallowedHost for a host not served)."""
    return f"public-page:{site_digest()}:{request.scheme}://{request.get_host()}{request.path}"


def may_serve(request):
    """Only anonymous, plain GETs of a page: a signed-in user (a session cookie) always gets it fresh."""
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def etag_for(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def is_not_modified(request, etag):
    """Whether the client's `If-None-Match` matches `etag` (weakly, as RFC 9110 asks for GET), or is `*`."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if header.strip() == "*":
        return True
    return etag in [tag.removeprefix("W/") for tag in parse_etags(header)]


@dataclass(frozen=True)
class StoredPage:
    """A public page as kept in the caches: the generation it belongs to, its headers and its bytes."""

    generation: str
    headers: tuple  # ((name, value), …), the ETag among them
    content: bytes

    @classmethod
    def from_response(cls, generation, response):
        response["ETag"] = etag_for(response.content)
        return cls(generation, tuple(response.items()), response.content)

    def encode(self):
        """As bytes: a line of JSON with the generation and headers, then the page."""
        return json.dumps([self.generation, self.headers]).encode() + b"\n" + self.content

    @classmethod
    def decode(cls, data):
        if not isinstance(data, bytes):
            return None
        head, _newline, content = data.partition(b"\n")
        generation, headers = json.loads(head)
        return cls(generation, tuple(tuple(header) for header in headers), content)

    @property
    def etag(self):
        return dict(self.headers)["ETag"]

    def response(self, request):
        """The page, or a 304 when the client holds it already."""
        if is_not_modified(request, self.etag):
            response = HttpResponseNotModified()
            for name, value in self.headers:
                if name in NOT_MODIFIED_HEADERS:
                    response[name] = value
            return response
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


def _marked(response, outcome):
    """Say whether the page came from the cache (for the benchmark and whoever debugs a proxy)."""
    response["X-Page-Cache"] = outcome
    return response


class PublicPageCacheMiddleware:
    """
    Serve public pages from this process's copies or the shared cache; keep
    what public views render for the next visitor. One instance per app
    process (Django builds the middleware once), and with it its copies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # The pages this process served lately; an entry serves only requests made in its generation.
        self.local = LeastRecentlyUsed(settings.PUBLIC_PAGE_LOCAL_CACHE_BYTES, lambda page: len(page.content))

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)
        generation = current_generation()
        page = self.local.get(key)
        if page is None or page.generation != generation:
            page = StoredPage.decode(cache.get(key))
            if page is None or page.generation != generation:
                return self.render(request, key, generation)
            self.local.put(key, page)
        return _marked(page.response(request), "hit")

    def render(self, request, key, generation):
        response = self.get_response(request)
        if not self.is_shareable(response):
            return response
        page = StoredPage.from_response(generation, response)
        cache.set(key, page.encode(), PAGE_TIMEOUT)
        self.local.put(key, page)
        if is_not_modified(request, page.etag):
            response = page.response(request)
        return _marked(response, "miss")

    @staticmethod
    def is_shareable(response):
        """A page for everyone: marked public by its view, and nothing in it tied to a visitor."""
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "Cookie" not in response.get("Vary", "")
        )
