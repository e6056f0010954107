"""
The honest floor of `manage.py benchmark_pages`: a project as Django's
`startproject` makes it (its default apps and middleware), with one view that
renders, from a template, the same bytes as a disease page. Its settings and URLs are
this one module:

    DJANGO_SETTINGS_MODULE=aiarthritis.plain_floor gunicorn 'django.core.wsgi:get_wsgi_application()'

and `python -m aiarthritis.plain_floor` prints the CPU milliseconds one
request takes in-process (the least disturbed of five batches).

BENCHMARK_FLOOR_DIR names the folder holding floor.html.
"""

import os

from django.shortcuts import render
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "benchmark-only-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.environ["BENCHMARK_FLOOR_DIR"]] if "BENCHMARK_FLOOR_DIR" in os.environ else [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
STATIC_URL = "static/"


def floor(request):
    return render(request, "floor.html")


urlpatterns = [path("floor/", floor)]


def cpu_per_request(rounds=100, batches=5):
    # Imported here, not above: this module is the settings that django.test reads.
    import time

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/floor/")
    timings = []
    for _batch in range(batches):
        start = time.process_time()
        for _round in range(rounds // batches):
            client.get("/floor/")
        timings.append((time.process_time() - start) / (rounds // batches) * 1000)
    return min(timings)


if __name__ == "__main__":
    import django

    django.setup()
    print(f"{cpu_per_request():.4f}")  # noqa: T201 - read by benchmark_pages
