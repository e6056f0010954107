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
next request. A change of the settings that shape pages changes the keys.
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

GENERATION_PREFIX = "public-pages:generation"
PIECE_TIMEOUT = 60 * 60 * 24 * 7
# Settings whose change alters every page (its language links, its addresses,
# its policy), and the database it is read from: two sites sharing one Redis
# never serve each other's pages.
SHAPING_SETTINGS = ("LANGUAGES", "LANGUAGE_CODE", "STATIC_URL", "CONTENT_SECURITY_POLICY", "PUBLIC_PAGE_MAX_AGE")


def _settings_digest():
    database = settings.DATABASES["default"]
    shaping = repr(
        [getattr(settings, name, None) for name in SHAPING_SETTINGS]
        + [database["ENGINE"], database.get("HOST"), database.get("PORT"), str(database["NAME"])]
    )
    return hashlib.sha256(shaping.encode()).hexdigest()[:12]


def _generation_key():
    return f"{GENERATION_PREFIX}:{_settings_digest()}"


def public(view):
    """Mark a view's successful responses as the same for every visitor: cached here and by shared caches."""

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
        return response

    return wrapped


def remembered(key, render):
    """
    `render()`, kept in the shared cache under `key` (a tuple): for pieces of
    pages that never change once made, such as a publication rendered in one
    language. The settings that shape pages are part of the key; pieces of
    replaced publications simply expire.
    """
    full_key = "page-piece:" + hashlib.sha256(repr((_settings_digest(), *key)).encode()).hexdigest()
    value = cache.get(full_key)
    if value is None:
        value = render()
        cache.set(full_key, value, PIECE_TIMEOUT)
    return value


def current_generation():
    generation = cache.get(_generation_key())
    if generation is None:
        cache.add(_generation_key(), uuid.uuid4().hex, None)
        generation = cache.get(_generation_key())
    return generation


def invalidate():
    """What the public reads changes when the current transaction commits: start a new generation then."""
    transaction.on_commit(lambda: cache.set(_generation_key(), uuid.uuid4().hex, None))


def _key(request, host):
    return f"public-page:{_settings_digest()}:{request.scheme}://{host}{request.path}"


def may_serve(request):
    """Only anonymous, plain GETs of a page: a signed-in user (a session cookie) always gets it fresh."""
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _not_modified(request, etag):
    return etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))


class PublicPageCacheMiddleware:
    """Serve public pages from the shared cache; keep what public views render for the next visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        try:
            key = _key(request, request.get_host())
        except DisallowedHost:
            return self.get_response(request)
        generation_key = _generation_key()
        found = cache.get_many([generation_key, key])
        generation = found.get(generation_key) or current_generation()
        stored = found.get(key)
        if stored is not None and stored["generation"] == generation:
            return self.replay(request, stored)
        response = self.get_response(request)
        if self.is_shareable(response):
            response["ETag"] = _etag(response.content)
            cache.set(
                key,
                {
                    "generation": generation,
                    "content": response.content,
                    "headers": list(response.items()),
                },
                None,
            )
            if _not_modified(request, response["ETag"]):
                return self.not_modified(dict(response.items()))
        return response

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

    def replay(self, request, stored):
        headers = dict(stored["headers"])
        if _not_modified(request, headers["ETag"]):
            return self.not_modified(headers)
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"]:
            response[name] = value
        return response

    @staticmethod
    def not_modified(headers):
        response = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Content-Language", "Vary"):
            if name in headers:
                response[name] = headers[name]
        return response
