"""
The honest floor of `manage.py benchmark_pages`: a project as Django's
`startproject` makes it (its default apps and middleware), with one view that
renders, from a template, the same bytes as a disease page. Its settings and URLs are
this one module:

    DJANGO_SETTINGS_MODULE=aiarthritis.plain_floor gunicorn 'django.core.wsgi:get_wsgi_application()'

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
