"""System checks for what only production reveals (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

from . import languages

# Caches whose increments are atomic and which every app server shares.
SHARED_ATOMIC_CACHES = {
    "django_redis.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}
NOT_SHARED = {"django.core.cache.backends.locmem.LocMemCache"}


@checks.register(checks.Tags.caches, deploy=True)
def check_page_cache(app_configs, **kwargs):
    """The page cache is exact only when every app process reads one shared generation."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or not settings.PUBLIC_PAGE_CACHE or backend not in NOT_SHARED:
        return []
    return [
        checks.Error(
            f"The page cache ({backend}) is private to each app process: after an approval or a correction, "
            "the other processes go on serving the page it replaced.",
            hint="Set CACHE_URL to a Redis database shared by every app server, e.g. redis://host:6379/1 "
            "(or leave it unset for the database's cache table).",
            id="diseases.E001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs):
    """The advice rate limit is exact only with a shared cache whose increments are atomic."""
    backend = settings.CACHES.get(settings.RATELIMIT_USE_CACHE, {}).get("BACKEND", "")
    if settings.DEBUG or backend in SHARED_ATOMIC_CACHES:
        return []
    if backend in NOT_SHARED:
        problem = "is private to each app process: every process counts on its own"
    else:
        problem = "does not increment atomically: submissions at the same moment can pass the limit together"
    return [
        checks.Warning(
            f"The rate-limit cache ({backend}) {problem}.",
            hint="Set RATELIMIT_CACHE_URL to a Redis database shared by every app server, e.g. redis://host:6379/2.",
            id="diseases.W001",
        )
    ]


@checks.register()
def check_language_tables(app_configs, **kwargs):
    """Each site language has its row in every per-language table (`languages`)."""
    found = []
    for table, rows in languages.language_tables().items():
        for code in languages.site_languages():
            if code not in rows:
                found.append(
                    checks.Warning(
                        f"The site language “{code}” is missing from {table}.",
                        hint=f"Add “{code}” to it; meanwhile the language gets the table's default.",
                        obj=table,
                        id="diseases.W002",
                    )
                )
    return found
