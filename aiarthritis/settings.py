"""
Settings for the AiArthritis disease pages.

Everything defaults to the embedded setup (SQLite in the project folder, an
in-process cache, DEBUG on) so that a fresh checkout runs with no
configuration. Production sets the environment variables read below.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# A fixed development key keeps sessions valid across restarts; production
# must provide its own, so refuse to start without one when DEBUG is off.
SECRET_KEY = env("SECRET_KEY", default="" if not DEBUG else "insecure-development-key")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its translated
    # fields exist when the admin and django-reversion inspect the models.
    "modeltranslation",
    # After modeltranslation and before the admin: diseases registers its
    # models with django-reversion in ready(), which must see the translated
    # columns and must come before the admin's VersionAdmin auto-registration
    # (which would follow only one level of inlines).
    "diseases",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Full-text and trigram lookups on PostgreSQL; nothing on other databases.
    "django.contrib.postgres",
    "reversion",
    "nested_admin",
    # Replaces the admin's date_hierarchy tag; an admin opts out of its query (`DatesWithoutReadingEveryRow`).
    "django_admin_lightweight_date_hierarchy",
    "csp",
    # Login lockout: counts failed sign-ins per user name and client address.
    "aiarthritis.apps.SignInSecurityConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, like security, so that static files carry the header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Straight after security so that static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and languages: a cached public page needs none of them.
    "diseases.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it reads the language cookie) and before common (which
    # needs the language to resolve i18n URLs when appending slashes).
    "django.middleware.locale.LocaleMiddleware",
    # After the locale's: the admin in the language remembered for the member of staff signed in.
    "diseases.staff_language.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, with the admin's own policy (diseases/csp.py).
    "diseases.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "aiarthritis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Django's form templates, with inputs, text areas, selects and labels written
# without the template engine (the admin's disease form draws hundreds).
FORM_RENDERER = "diseases.rendering.FormRenderer"

WSGI_APPLICATION = "aiarthritis.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Keep database connections between requests (opening one costs more than
# most pages), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue for the lock (up to `timeout` seconds) from the start
        # of their transaction, instead of failing with "database is locked"
        # when several app processes write at once; WAL lets readers go on.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Reads through a memory map of the file (up to 256 MiB), shared by
        # every process: a search scans every page's texts, which SQLite's
        # own cache (2 MiB a connection) would read from the disk each time.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
    }
    # A file, not memory: tests of concurrent requests share it as app servers
    # would. (":memory:" for runs of many test processes at once, as mutation testing does.)
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_DATABASE", default=str(BASE_DIR / "test-db.sqlite3"))}
else:
    # A test database of this run's own: two test runs on one server (two
    # checkouts, CI beside a developer) never create, use or drop each other's.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_DATABASE_NAME", default=f"test_{DATABASES['default']['NAME']}_{secrets.token_hex(6)}")
    }
# PostgreSQL: the database is small enough to stay in memory, where reading a
# row through an index costs about what reading it in turn does. Planned with
# PostgreSQL's default (4, for spinning disks), a search for a word on every
# page read every entry and unpacked its search vector instead of using the
# indexes: twice as slow. Empty when a connection pooler refuses startup
# options (set it on the database then).
POSTGRES_OPTIONS = env("POSTGRES_OPTIONS", default="-c random_page_cost=1.1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and POSTGRES_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", POSTGRES_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # The page cache and its generation must be shared by every app process,
    # or the others go on serving a page an approval replaced: with DEBUG off
    # the default is the database's cache table (`createcachetable`), Redis in
    # production; an in-process cache is a `check --deploy` error (diseases/checks.py).
    "default": env.cache("CACHE_URL", default="locmemcache://aiarthritis" if DEBUG else "dbcache://aiarthritis_cache"),
    # Rate-limit counters need atomic increments shared by every app server:
    # Redis in production (RATELIMIT_CACHE_URL=redis://…). The in-process
    # default is exact for the embedded setup's single process; with DEBUG
    # off, `check --deploy` warns about any cache that is not both (diseases/checks.py).
    "ratelimit": env.cache("RATELIMIT_CACHE_URL", default="locmemcache://aiarthritis-ratelimit"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. English is the source language of all content.
# Adding a language: add it here, run makemigrations (modeltranslation adds
# its columns), and add locale/<code>/LC_MESSAGES/django.po.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
# Files browsers ask for at the site's root: the favicon and the web manifest.
WHITENOISE_ROOT = BASE_DIR / "root-files"
# Where collectstatic puts the files that WhiteNoise serves.
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files that can be cached for a year.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AiArthritis <noreply@aiarthritis.org>")

LOGIN_URL = "admin:login"

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Consent to the browsers' HSTS preload list (README, "HSTS preload"):
    # nothing is submitted automatically; off if any subdomain must stay on http.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_REFERRER_POLICY = "same-origin"

# The public site runs no script at all (its JSON-LD is data, not code), so
# nothing injected into a page can run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The admin runs its own scripts and styles, all served by this site: no
# inline script, nothing from third parties, no plugins, and no framing
# (diseases/csp.py; tested in the browser, tests/browser/test_admin_csp.py).
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/", "/_nested_admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the site uses, the admin included: refused to
# the pages and to anything they might embed (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Public pages (see diseases/page_cache.py): browsers keep them a minute,
# shared caches (a CDN, the reverse proxy) a few minutes; the app's own cache
# is invalidated exactly, whatever these say.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
PUBLIC_PAGE_SHARED_MAX_AGE = env.int("PUBLIC_PAGE_SHARED_MAX_AGE", default=300)
# Each app process keeps the pages it served lately, up to this many bytes:
# a hit then reads only the shared generation, not the page.
PUBLIC_PAGE_LOCAL_CACHE_BYTES = env.int("PUBLIC_PAGE_LOCAL_CACHE_BYTES", default=32 * 1024 * 1024)

# The reverse proxy or CDN in front of the app (docs/deployment.md): the
# addresses a publication changes are purged from each cache named here,
# shaped as Wagtail's WAGTAILFRONTENDCACHE, after the change commits.
FRONTEND_CACHE = {}
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    # Varnish with deploy/varnish.vcl (or nginx with a purge module).
    FRONTEND_CACHE["proxy"] = {
        "BACKEND": "diseases.frontend_cache.backends.HTTPPurgeBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        "METHOD": env("FRONTEND_CACHE_PURGE_METHOD", default="PURGE"),
        "TIMEOUT": env.float("FRONTEND_CACHE_TIMEOUT", default=5),
    }
if env("CLOUDFLARE_ZONE_ID", default=""):
    FRONTEND_CACHE["cloudflare"] = {
        "BACKEND": "diseases.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
        "TIMEOUT": env.float("FRONTEND_CACHE_TIMEOUT", default=5),
    }
# How long a purged cache may keep the pages it is told to purge (a day),
# sent as Surrogate-Control; 0 leaves them to PUBLIC_PAGE_SHARED_MAX_AGE.
FRONTEND_CACHE_MAX_AGE = env.int("FRONTEND_CACHE_MAX_AGE", default=60 * 60 * 24 if FRONTEND_CACHE else 0)

# Medical-review policy: a page is reviewed again at least this often.
MEDICAL_REVIEW_INTERVAL_YEARS = env.int("MEDICAL_REVIEW_INTERVAL_YEARS", default=3)
FORMAT_MODULE_PATH = ["aiarthritis.formats"]
FORMS_URLFIELD_ASSUME_HTTPS = True
# What the admin's form of a page with every part at its maximum of rows
# (`parts.Part.max_rows`) sends, about 5,100 fields, with room to spare; a
# request with more is refused (400) before any of it is read.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 6000
# Where e-mails link to; the site's public address in production.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Patient advice: spam defence without third-party services.
ADVICE_FORM_MIN_SECONDS = env.int("ADVICE_FORM_MIN_SECONDS", default=3)
ADVICE_FORM_MAX_AGE = env.int("ADVICE_FORM_MAX_AGE", default=60 * 60 * 24)
# Only accepted submissions count toward ADVICE_RATE_LIMIT; refused ones
# (invalid, too quick, the honeypot) have their own cap over a short window:
# it slows a bot down, but a patient who struggled with the form waits at
# most that window (five minutes) before their valid advice is taken.
ADVICE_RATE_LIMIT = env("ADVICE_RATE_LIMIT", default="5/h")
ADVICE_INVALID_RATE_LIMIT = env("ADVICE_INVALID_RATE_LIMIT", default="30/5m")
ADVICE_RETENTION_DAYS = env.int("ADVICE_RETENTION_DAYS", default=365)
RATELIMIT_USE_CACHE = "ratelimit"
# "Was this page helpful?" (diseases/feedback.py): each answer and each
# "what was missing or wrong" counts toward FEEDBACK_RATE_LIMIT per client;
# refused posts toward FEEDBACK_INVALID_RATE_LIMIT. The second step's form
# is refused when sent sooner than FEEDBACK_FORM_MIN_SECONDS after it was
# shown or later than FEEDBACK_FORM_MAX_AGE. What visitors wrote is erased
# after FEEDBACK_TEXT_RETENTION_MONTHS (purge_feedback_text); answers stay counted.
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", default="20/h")
FEEDBACK_INVALID_RATE_LIMIT = env("FEEDBACK_INVALID_RATE_LIMIT", default="30/5m")
FEEDBACK_FORM_MIN_SECONDS = env.int("FEEDBACK_FORM_MIN_SECONDS", default=2)
FEEDBACK_FORM_MAX_AGE = env.int("FEEDBACK_FORM_MAX_AGE", default=60 * 60 * 24)
FEEDBACK_TEXT_RETENTION_MONTHS = env.int("FEEDBACK_TEXT_RETENTION_MONTHS", default=12)

# Searches that found nothing: at most this many different ones are kept per
# week (a flood of made-up queries stops there; those kept go on counting).
SEARCH_GAPS_PER_WEEK = env.int("SEARCH_GAPS_PER_WEEK", default=1000)
# Plain language: the reading ease (0 very hard, 100 very easy; about 60 is plain) that
# each translated text should reach, shown to editors and reviewers next to the texts.
READING_EASE_TARGET = env.int("READING_EASE_TARGET", default=60)
# The largest translation file (PO or XLIFF) that may be imported, in bytes: every page
# of a large catalogue in one language fits in a few megabytes.
TRANSLATION_FILE_MAX_SIZE = env.int("TRANSLATION_FILE_MAX_SIZE", default=10 * 1024 * 1024)

# The number a visitor calls in an emergency, per site language, shown in
# "When to get help" (diseases/languages.py). A language is not a country:
# the charity's readers in English are mostly in the United States, in
# Spanish and French mostly in Europe, where 112 reaches emergency services.
EMERGENCY_NUMBERS = {"en": "911", "es": "112", "fr": "112"}

# The client's address (diseases/clients.py): the number of proxies in front
# of the app that append to X-Forwarded-For (a load balancer: 1). 0 means the
# app is reached directly and the socket's address is the client's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    # Only a proxy of ours may say the visitor's connection was https; a
    # client reaching the app directly could claim it too.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins for
# one user name from one client address, that pair is refused, even with the
# right password, until LOGIN_COOLOFF_MINUTES pass without another try. A
# successful sign-in starts the count again; administrators see and lift
# lockouts in the admin ("Sign-in security"). Trying many user names from one
# address (an IPv6 client's /64) pauses every sign-in from it after
# LOGIN_ADDRESS_FAILURE_LIMIT failures within the cool-off (diseases/sign_in.py).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "diseases.sign_in.AddressThrottlingHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "diseases.clients.client_address"
AXES_USERNAME_CALLABLE = "diseases.admin.logins.attempted_username"
# The lockout page and the lists of lockouts are the project's own, translated (diseases/admin/logins.py).
AXES_LOCKOUT_CALLABLE = "diseases.admin.logins.locked_out"
AXES_ENABLE_ADMIN = False
