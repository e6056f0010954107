"""WSGI entry point; production serves it with gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiarthritis.settings")

application = get_wsgi_application()
