import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from diseases.models import Disease

PATHS = [
    "/{lang}/diseases/{slug}/",
    "/{lang}/diseases/",
    "/{lang}/",
    "/{lang}/search/?q=bone+pain",
]


class Command(BaseCommand):
    help = "Time the public pages in-process (no network): milliseconds per request and SQL queries per request."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Requests per page (default 200).")
        parser.add_argument("--language", default="en")

    def handle(self, *args, requests, language, **options):
        disease = Disease.objects.public().first()
        if disease is None:
            raise CommandError("No public disease page: run load_demo_content first.")
        client = Client()
        self.stdout.write(f"{'page':<40} {'mean ms':>8} {'p95 ms':>8} {'req/s':>8} {'queries':>8}")
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for template in PATHS:
                path = template.format(lang=language, slug=disease.slug)
                # Each request empties the query log when DEBUG is on: start from empty.
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                timings = []
                for _ in range(requests):
                    start = time.perf_counter()
                    client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                mean = statistics.fmean(timings)
                p95 = timings[int(len(timings) * 0.95) - 1]
                self.stdout.write(f"{path:<40} {mean:>8.2f} {p95:>8.2f} {1000 / mean:>8.0f} {len(queries):>8}")
